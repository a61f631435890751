"""What a reader can work out of hidden counts from the published ones.

The audit behind ``--publish``'s secondary suppression. A reader knows each published
count to within its rounding (a published 10 is 8 to 12, and at least 8, since 1-7
would be hidden), that a hidden count is at least 1 (0 is shown), and that the
counts of each *line* add up (a total and its parts). Narrowing every count's range
by interval arithmetic over all the lines, again and again until nothing changes, is
the attack of the statistical disclosure control literature on tables with margins
(the "feasibility interval": Hundepool et al., *Statistical Disclosure Control*,
Wiley 2012). A hidden count is *pinned* when what is left of its range
is too narrow:

- a count hidden because it is small (1-7) must keep at least two possible values
  from 1 to 7;
- a count hidden to protect another must keep at least two possible values.

:func:`~pbrkit.reports.suppression.suppress_counts` hides one more count while any
hidden one is pinned.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from pbrkit.reports.suppression import DisclosurePolicy, Published

K = TypeVar("K", bound=Hashable)

#: Passes over the lines before the reader stops narrowing (each pass can only narrow;
#: real tables settle in a handful).
MAX_PASSES: Final = 1000


def reader_bounds(
    values: Mapping[K, Published],
    hidden: set[K] | frozenset[K],
    lines: Sequence[tuple[K, Sequence[K]]],
    policy: DisclosurePolicy,
    *,
    whole: bool,
) -> dict[K, list[float]]:
    """Each count's range as a reader works it out from ``values`` and ``lines``.

    Args:
        values: published values by key (those of ``hidden`` keys are not read).
        hidden: the keys shown as hidden.
        lines: each line as ``(total, parts)``.
        policy: the rule the values were published by.
        whole: the counts are whole numbers (so ranges shrink to whole ends).
    """
    bounds = {key: _known(value, key in hidden, policy, whole) for key, value in values.items()}
    for _ in range(MAX_PASSES):
        changed = False
        for total, parts in lines:
            changed |= _narrow(bounds, total, parts, whole)
        if not changed:
            break
    return bounds


def pinned(
    hidden: Sequence[K],
    primary: frozenset[K] | set[K],
    bounds: Mapping[K, list[float]],
    policy: DisclosurePolicy,
) -> list[K]:
    """The hidden keys whose range is too narrow (see the module's docstring)."""
    out = []
    for key in hidden:
        low, high = bounds[key]
        if key in primary:
            narrow = min(high, policy.threshold) - max(low, 1.0) < 1
        else:
            narrow = high - low < 1
        if narrow:
            out.append(key)
    return out


def _known(value: Published, hidden: bool, policy: DisclosurePolicy, whole: bool) -> list[float]:
    if hidden:
        return [0.0 if policy.suppress_zero else 1.0, math.inf]
    number = float(value)
    if not math.isfinite(number):
        return [0.0, math.inf]  # missing: nothing known
    if number == 0 and not policy.suppress_zero:
        return [0.0, 0.0]
    half = policy.rounding_base / 2
    if whole:
        half = math.floor(half)
    smallest = policy.threshold + (1.0 if whole else 0.5)
    return [max(smallest, number - half), number + half]


def _narrow(bounds: dict[K, list[float]], total: K, parts: Sequence[K], whole: bool) -> bool:
    """One pass of ``total = Σ parts`` over the ranges; True if any range narrowed."""
    changed = False
    low_sum = sum(bounds[k][0] for k in parts)
    highs = [bounds[k][1] for k in parts]
    infinite = sum(1 for h in highs if h == math.inf)
    finite_high = sum(h for h in highs if h != math.inf)
    high_sum = math.inf if infinite else finite_high
    changed |= _set(bounds, total, max(bounds[total][0], low_sum), min(bounds[total][1], high_sum))
    t_low, t_high = bounds[total]
    for key in parts:
        low, high = bounds[key]
        others_low = low_sum - low
        if high == math.inf:
            others_high = math.inf if infinite > 1 else finite_high
        else:
            others_high = math.inf if infinite else finite_high - high
        new_low = max(low, t_low - others_high)
        new_high = min(high, t_high - others_low)
        if whole:
            new_low = float(math.ceil(new_low - 1e-9))
            new_high = float(math.floor(new_high + 1e-9)) if new_high != math.inf else math.inf
        changed |= _set(bounds, key, new_low, new_high)
    return changed


def _set(bounds: dict[K, list[float]], key: K, low: float, high: float) -> bool:
    """Narrow ``key`` to ``low``..``high``; lines that do not add up (medians) never empty it."""
    old = bounds[key]
    if low > high or (low <= old[0] and high >= old[1]):
        return False
    bounds[key] = [max(old[0], low), min(old[1], high)]
    return True
