"""Small-number suppression for published figures (``--publish``).

The NHS Digital rule for Hospital Episode Statistics from September 2018
(NHS Digital 2018 rule, methodology §7): a count of people from 1 to 7 is shown as ``*``, every
other count is rounded to the nearest 5, zero stays 0, and percentages and other
derived figures are worked out from the rounded figures. pbrkit adds **secondary
suppression**, so that no hidden count can be worked back from a total:

    A *line* is a set of counts that add up: the cells of a table's row with the
    row's total, the cells of a column with the column's total, the groups of a
    breakdown with the figure they break down. Whenever a line holds exactly one
    hidden count, or its total is shown and its hidden counts add up to 1-7, the
    smallest other non-zero count in that line (the total included, as a last
    resort) is hidden too. This repeats over every line until no line changes.

With at least two hidden counts in any line that has one, a total gives only the sum
of the hidden counts, never one of them; the rounding of everything else widens the
range further (a published 10 means 8 to 12). The sum itself must not be small:
hidden counts that add up to 4 are each at most 4, and if each is known to be at
least 2 (from other lines) they are given away. ``tests/test_publish.py`` tries to
work hidden counts back with interval arithmetic over rows, columns and totals.

Everything here is pure: functions take counts and return published values, and a
hidden value is the :data:`SUPPRESSED` sentinel, which the reports show as ``*``
(Excel and HTML) or ``null`` with a ``disclosure.suppressed`` list (summary.json).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, Generic, SupportsFloat, TypeVar

import numpy as np
import pandas as pd

from pbrkit.reports.suppression_audit import pinned, reader_bounds

if TYPE_CHECKING:  # values.py imports Suppressed from here
    from pbrkit.reports.values import JsonObject, JsonValue, Value

K = TypeVar("K", bound=Hashable)


class Suppressed:
    """The value of a hidden figure: shown as ``*``; behaves like NaN in arithmetic.

    There is one instance, :data:`SUPPRESSED`. Arithmetic with it gives it back (so a
    figure derived from a hidden count is hidden too), every ordering comparison is
    false (like NaN: a hidden surplus is neither a loss nor a gain), ``float()`` is
    NaN (charts leave a gap), and formatting gives the policy's symbol.
    """

    _instance: Suppressed | None = None
    __slots__ = ()

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return SYMBOL

    def __format__(self, spec: str) -> str:
        return SYMBOL

    def __float__(self) -> float:
        return math.nan

    def __hash__(self) -> int:
        return hash("pbrkit.SUPPRESSED")

    def __eq__(self, other: object) -> bool:
        return other is self

    def __ne__(self, other: object) -> bool:
        return other is not self

    def _false(self, other: object) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false

    def _same(self, *args: object) -> Suppressed:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _same
    __neg__ = __pos__ = __abs__ = __round__ = _same


#: The one hidden value.
SUPPRESSED: Final = Suppressed()
#: How a hidden figure is shown in Excel and HTML.
SYMBOL: Final = "*"

#: A published count: a whole number, or hidden.
Published = int | float | Suppressed


def is_suppressed(value: object) -> bool:
    """True for :data:`SUPPRESSED`."""
    return value is SUPPRESSED


@dataclass(frozen=True)
class DisclosurePolicy:
    """A small-number suppression rule.

    Attributes:
        name: the preset's name (``nhsd-hes-2018``).
        threshold: counts from 1 to this are hidden.
        symbol: how a hidden count is shown.
        rounding_base: every other count is rounded to the nearest multiple of this
            (halves up: 12.5 → 15).
        suppress_zero: hide zeros too (False: zero is shown as 0).
        secondary: hide a second count in any line with exactly one hidden.
        description: the rule's name in the reports.
        largest_rate: the largest price or unit cost the run applies (0: money is not
            rounded); set per run by :meth:`for_rates`.
        money_base: £ totals are rounded to the nearest multiple of this (0: to the
            pound); ``rounding_base`` × ``largest_rate``, rounded up to 1, 2 or 5 × a
            power of ten (:meth:`for_rates`).
        command: the command whose figures are published (set by
            ``publishing.publish``), so that :attr:`detail` names that command's
            floored figures (:data:`FLOORED_WORDS`).
    """

    name: str = "nhsd-hes-2018"
    threshold: int = 7
    symbol: str = SYMBOL
    rounding_base: int = 5
    suppress_zero: bool = False
    secondary: bool = True
    description: str = "NHS Digital 2018 rule"
    largest_rate: float = 0.0
    money_base: float = 0.0
    command: str = ""

    @property
    def statement(self) -> str:
        """The sentence every published report carries."""
        money = (
            f"; £ totals rounded to the nearest £{self.money_base:,.0f}" if self.money_base else ""
        )
        return f"Published with small-number suppression ({self.description}){money}"

    @property
    def detail(self) -> str:
        """The rule in one sentence, for the reports' method notes."""
        zero = "zero is hidden too" if self.suppress_zero else "zero stays 0"
        return (
            f"counts of people from 1 to {self.threshold} are shown as {self.symbol}, other "
            f"counts are rounded to the nearest {self.rounding_base} ({zero}); shares and "
            "per-person figures are worked out from the rounded counts, and figures for a "
            "hidden group are hidden; wherever a row, column or total holds exactly one "
            f"hidden count, or hidden counts adding up to {self.threshold} or fewer, the "
            "next-smallest count in it is hidden too, and more until no hidden count can be "
            "worked out from the totals; a day total is hidden where it ÷ 366 (the most "
            "days one person has in a year) could be more than the fewest people its "
            "published count stands for less one"
            + FLOORED_WORDS.get(self.command, "")
            + "; where a total, less the figures shown and their rounding, would give a "
            "hidden one back, the smallest figures shown beside it are hidden too, and "
            "the total only where they would not do; patient IDs are never written"
            + self._money_detail()
        )

    def _money_detail(self) -> str:
        if self.money_base <= 0:
            return ""
        return (
            f"; £ totals are rounded to the nearest £{self.money_base:,.0f} "
            f"({self.rounding_base} × the largest price or unit cost in the run, "
            f"£{self.largest_rate:,.2f}, rounded up), so that no £ figure divided by a "
            "price gives a count back, and per-person £ figures are worked out from the "
            "rounded totals and counts"
        )

    def for_rates(self, rates: Iterable[float]) -> DisclosurePolicy:
        """This policy for a run whose prices and unit costs are ``rates``.

        A £ total is a count times a price (income = episodes × price per episode),
        so an exact total divided by a public price gives the unrounded count back, and
        exact totals over all clusters can be solved for the hidden ones. Rounded to a
        multiple of ``rounding_base`` × the largest price, a total divided by any price
        in the run is a count known only to ± ``rounding_base`` / 2 or wider, as the
        counts themselves are (docs/methodology.md §7).
        """
        largest = max((abs(float(r)) for r in rates if _finite(r)), default=0.0)
        if largest <= 0:
            return self
        base = nice_ceiling(self.rounding_base * largest)
        return replace(self, largest_rate=largest, money_base=base)

    def round_money(self, value: float) -> float:
        """A £ total rounded to the nearest :attr:`money_base` (halves away from zero);
        unchanged when the run sets no base; NaN stays NaN."""
        if self.money_base <= 0 or not _finite(value):
            return value
        steps = math.floor(abs(float(value)) / self.money_base + 0.5)
        return math.copysign(steps * self.money_base, float(value)) + 0.0  # no −0

    def is_small(self, value: float) -> bool:
        """True when ``value`` must be hidden on its own (primary suppression).

        Medians over draws may be halves: anything above 0 and below
        ``threshold + 0.5`` counts as small.
        """
        if not _finite(value):
            return False
        if value == 0:
            return self.suppress_zero
        return 0 < value < self.threshold + 0.5

    def round(self, value: float) -> int | float:
        """``value`` rounded to the nearest ``rounding_base`` (halves up); NaN stays NaN."""
        if not _finite(value):
            return float(value)
        base = self.rounding_base
        return int(math.floor(float(value) / base + 0.5) * base)

    def publish(self, value: float) -> Published:
        """One count on its own: hidden if small, else rounded (no secondary step)."""
        if is_suppressed(value):
            return SUPPRESSED
        return SUPPRESSED if self.is_small(value) else self.round(value)

    def fewest_behind(self, published: float) -> int:
        """The fewest people a count published as ``published`` (a shown, non-zero
        count) can stand for: rounded halves up to ``rounding_base``, 10 is 7.5 to
        12.49…, so 8; never below ``threshold`` + 1, since 1 to ``threshold`` are hidden."""
        return max(math.ceil(published - self.rounding_base / 2), self.threshold + 1)

    def total_bounds_count(self, total: float, most_a_person: float, published: Published) -> bool:
        """Whether a total shown exactly beside a count published as ``published`` would
        narrow that count's range from below (docs/methodology.md §7).

        One person adds at most ``most_a_person`` to the total (366 days; for a rounded
        total, pass its published value less half its rounding), so the people
        are at least total ÷ ``most_a_person``. The total is safe to show while that
        floor is at most :meth:`fewest_behind` − 1: a reader then learns only people ≥
        fewest − 1, already known. Hidden, the total tells only that it is above
        ``most_a_person`` × (fewest − 1), that is people ≥ fewest: known too. Cluster
        11 of tests/test_known_days_bound_count.py: 12 people all year, 4,380 days,
        published 10 (8 to 12): 4,380 > 366 × (8 − 1) = 2,562, so the days are hidden;
        shown, 4,380 ÷ 366 = 11.97 would pin the count at 12. A hidden or zero count
        (shown exactly) has nothing to narrow.
        """
        if not isinstance(published, int | float) or not _finite(published) or published == 0:
            return False
        if not _finite(total) or most_a_person <= 0:
            return False
        return float(total) > most_a_person * (self.fewest_behind(float(published)) - 1)

    def to_dict(self) -> JsonObject:
        """The policy's settings, for summary.json."""
        return {
            "policy": self.name,
            "statement": self.statement,
            "threshold": self.threshold,
            "symbol": self.symbol,
            "rounding_base": self.rounding_base,
            "suppress_zero": self.suppress_zero,
            "secondary_suppression": self.secondary,
            "money_rounding_base": self.money_base or None,
            "largest_rate": self.largest_rate or None,
        }


#: What :attr:`DisclosurePolicy.detail` says of each command's other floored figures
#: (docs/methodology.md §7): a cost run's episodes and £, with the admitted days shown
#: beside them; a cluster audit's £, which no output shows admitted days beside; a
#: tender's £, a whole cluster's with its admitted days. summary.json's rule said "in a
#: costing" for every command (disc27).
FLOORED_WORDS: Final[Mapping[str, str]] = {
    "cost": (
        ", and so are episodes and £ totals, less their rounding, ÷ the most one person "
        "adds to them in a year at the run's prices and unit costs, or, less also the part "
        "the admitted days shown beside them give, ÷ the most one person adds to the rest"
    ),
    "cluster": (
        ", and so are the £ totals beside a count of patients (income under the clinicians' "
        "and the suggested clusters, the £ at stake, and the means that give a total back), "
        "less their rounding, ÷ the most one patient adds to them in a year at the run's "
        "prices"
    ),
    "tender": (
        ", and so are the £ totals beside a count of people, less their rounding, ÷ the "
        "most one person adds to them in a year at the run's prices and unit costs, or, "
        "for a whole cluster's, less also the part its admitted days give, ÷ the most one "
        "person adds to the rest"
    ),
}


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2 or 5 × a power of ten that is at least ``value`` (> 0),
    so a rounding base reads as a round sum (40,150 → 50,000; 357 → 500; 2 → 2)."""
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:  # never below: the base must be 5 × the price or more
            return step * power
    raise AssertionError("unreachable: 10 × the power of ten below value is above it")


#: NHS Digital's HES/ECDS rule from September 2018.
NHSD_HES_2018: Final = DisclosurePolicy()
#: Policies by name (``--publish`` uses this one).
PRESETS: Final[dict[str, DisclosurePolicy]] = {NHSD_HES_2018.name: NHSD_HES_2018}


@dataclass(frozen=True)
class Disclosed(Generic[K]):
    """Published counts: each key's rounded value or :data:`SUPPRESSED`.

    Attributes:
        values: key → published value.
        primary: keys hidden because their count is small.
        secondary: keys hidden so that a line's total cannot give a small count away.
    """

    values: dict[K, Published]
    primary: frozenset[K]
    secondary: frozenset[K]

    @property
    def hidden(self) -> frozenset[K]:
        """Every hidden key."""
        return self.primary | self.secondary

    def __getitem__(self, key: K) -> Published:
        return self.values[key]


def suppress_counts(
    counts: Mapping[K, float],
    lines: Iterable[Sequence[K]] = (),
    policy: DisclosurePolicy = NHSD_HES_2018,
) -> Disclosed[K]:
    """Publish counts of people: primary suppression, rounding, secondary suppression.

    Args:
        counts: every count to publish, by key (NaN: missing, published as NaN).
        lines: sets of keys whose counts add up (a total and its parts, in any
            order: the largest count is the total). A key in a line but not in
            ``counts`` is ignored.
        policy: the rule.

    Returns:
        The published values and which keys were hidden, and why. The choice of
        secondary cells is deterministic: smallest count first, ties to the key
        given first in ``counts``. After the line rule, the published values are
        audited (:mod:`pbrkit.reports.suppression_audit`): while a reader could
        pin a hidden count down, one more count in a line holding it is hidden.
    """
    order = {key: i for i, key in enumerate(counts)}
    primary = {key for key, value in counts.items() if policy.is_small(value)}
    hidden = set(primary)
    if policy.secondary:
        known = [tuple(dict.fromkeys(k for k in line if k in order)) for line in lines]
        known = [line for line in known if len(line) > 1]
        while True:
            _hide_exposed(known, hidden, counts, order, policy)
            extra = _next_for_audit(known, hidden, primary, counts, order, policy)
            if extra is None:
                break
            hidden.add(extra)
    values: dict[K, Published] = {
        key: SUPPRESSED if key in hidden else policy.round(value) for key, value in counts.items()
    }
    return Disclosed(values, frozenset(primary), frozenset(hidden - primary))


def _hide_exposed(
    lines: Sequence[tuple[K, ...]],
    hidden: set[K],
    counts: Mapping[K, float],
    order: Mapping[K, int],
    policy: DisclosurePolicy,
) -> None:
    """The line rule: hide the next-smallest count of an exposed line until none is."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _exposed(line, hidden, counts, policy):
                extra = _smallest_shown(line, hidden, counts, order)
                if extra is not None:
                    hidden.add(extra)
                    changed = True


def _smallest_shown(
    line: Sequence[K], hidden: set[K], counts: Mapping[K, float], order: Mapping[K, int]
) -> K | None:
    """The smallest non-zero shown count of ``line`` (ties: the first given), if any."""
    candidates = [k for k in line if k not in hidden and _finite(counts[k]) and counts[k] != 0]
    return min(candidates, key=lambda k: (counts[k], order[k])) if candidates else None


def _next_for_audit(
    lines: Sequence[tuple[K, ...]],
    hidden: set[K],
    primary: set[K],
    counts: Mapping[K, float],
    order: Mapping[K, int],
    policy: DisclosurePolicy,
) -> K | None:
    """The count to hide next because a reader could pin a hidden one; None if none."""
    whole = all(float(v).is_integer() for v in counts.values() if _finite(v))
    values = {k: policy.round(v) for k, v in counts.items()}
    totals = [(_total(line, counts), line) for line in lines]
    sums = [(t, [k for k in line if k != t]) for t, line in totals]
    bounds = reader_bounds(values, hidden, sums, policy, whole=whole)
    for key in pinned(sorted(hidden, key=order.__getitem__), primary, bounds, policy):
        options = [_smallest_shown(line, hidden, counts, order) for line in lines if key in line]
        shown = [k for k in options if k is not None]
        if shown:
            return min(shown, key=lambda k: (counts[k], order[k]))
    return None


def _total(line: Sequence[K], counts: Mapping[K, float]) -> K:
    """A line's total: its largest count (counts of people are never negative)."""
    return max(line, key=lambda k: _float_or_nan(counts[k]))


def _exposed(
    line: Sequence[K], hidden: set[K], counts: Mapping[K, float], policy: DisclosurePolicy
) -> bool:
    """True when the hidden counts of ``line`` can be worked back from the rest of it.

    Either exactly one count of the line is hidden (the total less the others gives
    it to within the rounding), or the total is shown and the hidden parts add up to
    a small number: then the parts are pinned too. On ``[[1, 1, 1], [1, 1, 7]]`` the
    columns 2, 2 and 8 are a line with the grand total 12; with 2 and 2 hidden and
    8 and 12 shown as 10 and 10, the two hidden columns add up to at most
    12 − 8 = 4, each is at least 2 (two hidden cells of at least 1), so both are 2
    and all four cells in them are 1. A line's total is its largest count (counts of
    people are never negative; a total is at least each of its parts).
    """
    inside = [k for k in line if k in hidden]
    if len(inside) == 1:
        return True
    if not inside or not line:
        return False
    if _total(line, counts) in hidden:
        return False
    return policy.is_small(sum(counts[k] for k in inside))


def _float_or_nan(value: float) -> float:
    number = float(value)
    return number if math.isfinite(number) else -math.inf


# ------------------------------------------------------------ derived figures


def ratio(numerator: Value, denominator: Value) -> float | Suppressed:
    """``numerator ÷ denominator`` of published figures: hidden if either is, NaN for ÷ 0."""
    if is_suppressed(numerator) or is_suppressed(denominator):
        return SUPPRESSED
    den = _float(denominator)
    if not _finite(den) or den == 0:
        return math.nan
    return _float(numerator) / den


def hide_where(
    frame: pd.DataFrame, hidden: Sequence[bool] | np.ndarray, columns: Iterable[str]
) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` set to :data:`SUPPRESSED` on the ``hidden`` rows."""
    mask = np.asarray(hidden, dtype=bool)
    out = frame.copy()
    if not mask.any():
        return out
    for name in columns:
        if name not in out.columns:
            continue
        column = out[name].astype(object)
        column[mask] = SUPPRESSED
        out[name] = column
    return out


# ------------------------------------------------------------------- summary.json


def published_summary(summary: JsonObject, policy: DisclosurePolicy) -> JsonObject:
    """``summary`` with every hidden figure ``null`` and a ``disclosure`` object.

    ``disclosure.suppressed`` lists where each hidden figure was, as a JSON Pointer
    (RFC 6901), e.g. ``/clusters/3/service_users``; a ``null`` not listed there is a
    figure that is missing for another reason (a ratio over zero, say).
    """
    pointers: list[str] = []
    plain = _unhide(summary, "", pointers)
    assert isinstance(plain, dict)
    plain["disclosure"] = {**policy.to_dict(), "rule": policy.detail, "suppressed": pointers}
    return plain


def hidden_listed(summary: JsonObject) -> JsonObject:
    """``summary`` (a comparison of published runs: their rule, no policy of its own)
    with every hidden figure ``null`` and listed under its ``disclosure.suppressed``,
    as :func:`published_summary` lists a run's."""
    pointers: list[str] = []
    plain = _unhide(summary, "", pointers)
    assert isinstance(plain, dict) and isinstance(plain["disclosure"], dict)
    plain["disclosure"] = {**plain["disclosure"], "suppressed": pointers}
    return plain


def _unhide(value: JsonValue, pointer: str, found: list[str]) -> JsonValue:
    if is_suppressed(value):
        found.append(pointer)
        return None
    if isinstance(value, Mapping):
        return {k: _unhide(v, f"{pointer}/{_escape(str(k))}", found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_unhide(v, f"{pointer}/{i}", found) for i, v in enumerate(value)]
    return value


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _float(value: Value) -> float:
    """``float(value)``: a blank has no number (a TypeError, as ``float(None)`` is)."""
    if value is None:
        raise TypeError("not a figure: None")
    return float(value)


def _finite(value: SupportsFloat | str | None) -> bool:
    if value is None:
        return False  # float(None) is a TypeError
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
