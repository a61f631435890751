"""Break-even points: the parameter value at which a figure crosses a target.

The search evaluates the figure at :data:`GRID_POINTS` evenly spaced values across the
bounds, takes the first pair whose differences from the target change sign, and
narrows it with Brent's method (:func:`scipy.optimize.brentq`) to ``tolerance`` in the
parameter. Every evaluation uses the same noise seed (common random numbers), so the
figure is a deterministic function of the parameter and the root is well defined; when
the figure moves in steps (patients change hands at discrete points) the answer is
where the step crosses the target, to the tolerance; a figure that steps onto the
target and stays there over a range is found at the start of that range.

With a PSA, the search is repeated at every parameter sample (the other parameters at
their sampled values) and the spread of the break-even points is reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy import optimize

from pbrkit.errors import InputError, Problem
from pbrkit.uncertainty.executor import Executor, Progress
from pbrkit.uncertainty.model import Model
from pbrkit.uncertainty.summaries import ExactThreshold, ThresholdSpread

#: Points tried across the bounds before Brent's method narrows a crossing.
GRID_POINTS: Final = 9

#: Default tolerance in the parameter (a share is found to 0.00001, i.e. 0.001%).
DEFAULT_TOLERANCE: Final = 1e-5


@dataclass(frozen=True)
class ThresholdSearch:
    """What to search: ``figure`` − ``target`` = 0 as ``parameter`` runs over ``bounds``."""

    model: Model
    parameter: str
    figure: str
    bounds: tuple[float, float]
    target: float = 0.0
    tolerance: float = DEFAULT_TOLERANCE
    #: The parameter counts people (a capacity): the model rounds it to a whole number.
    whole: bool = False

    def gap(self, value: float, others: Mapping[str, float], seed: int) -> float:
        """figure − target with the parameter at ``value``."""
        return self.model({**others, self.parameter: value}, seed)[self.figure] - self.target


@dataclass(frozen=True)
class SearchUnit:
    """One search: the other parameters' values and the noise seed."""

    others: dict[str, float]
    seed: int


def find_threshold(search: ThresholdSearch, unit: SearchUnit) -> float | None:
    """The break-even value, or None when the figure does not cross the target."""
    lo, hi = search.bounds
    grid = np.linspace(lo, hi, GRID_POINTS)
    gaps = [search.gap(float(x), unit.others, unit.seed) for x in grid]
    whole = search.whole
    for k in range(GRID_POINTS - 1):
        if not (math.isfinite(gaps[k]) and math.isfinite(gaps[k + 1])):
            # No value there (a ratio over the people left when nobody is left): no
            # crossing to bracket, and Brent's method stops on NaN (review 10).
            continue
        if gaps[k] == 0 and _through(gaps, k):
            # a count of people is tried at the whole value nearest
            if whole or k == 0:
                return float(round(grid[k]) if whole else grid[k])
            return _first_on_target(search, unit, float(grid[k - 1]), float(grid[k]))
        if gaps[k] != 0 and gaps[k + 1] != 0 and np.sign(gaps[k]) != np.sign(gaps[k + 1]):
            root = _brent(search, unit, float(grid[k]), float(grid[k + 1]))
            if whole:
                return _whole(search, unit, float(root), gaps[k])
            return _first_on_target(search, unit, float(grid[k]), float(root))
    if gaps[-1] != 0 or not _through(gaps, GRID_POINTS - 1):
        return None
    return float(round(grid[-1]) if whole else grid[-1])


def _brent(search: ThresholdSearch, unit: SearchUnit, lo: float, hi: float) -> float:
    """Brent's method on a bracketing pair; a figure with no value between them (NaN)
    is an input error naming where, not an unexpected failure."""
    try:
        return float(
            optimize.brentq(
                search.gap,
                lo,
                hi,
                args=(unit.others, unit.seed),
                xtol=search.tolerance,
                rtol=4 * np.finfo(float).eps,
            )
        )
    except ValueError:
        raise InputError(
            Problem(
                f"{search.figure} has no value at some {search.parameter} between {lo:g} "
                f"and {hi:g} (a ratio over the people left, when nobody is left), so its "
                "crossing cannot be narrowed there"
            ),
            hint="give --bounds that keep someone with the NHS, or another --figure",
        ) from None


def _first_on_target(search: ThresholdSearch, unit: SearchUnit, before: float, at: float) -> float:
    """Where the figure reaches the target, from ``before`` (off it) to ``at`` (a value
    found on or across it). A figure that steps onto the target and stays there for a
    range (patients change hands at its ends) is on it at every point of that range, so
    the grid point or Brent iterate that landed there marks nothing; the edge, found by
    bisection to the tolerance, is where it first breaks even (review 10: 0.3750
    reported for a figure on the target from just above 1/3). A figure that only passes
    through the target is on it at ``at`` alone, which is returned unchanged."""
    if search.gap(at, unit.others, unit.seed) != 0:
        return at
    while at - before > search.tolerance:
        middle = (before + at) / 2
        if search.gap(middle, unit.others, unit.seed) == 0:
            at = middle
        else:
            before = middle
    return at


def at_target_throughout(search: ThresholdSearch, unit: SearchUnit) -> bool:
    """Whether the figure is on the target at every grid point: it crosses nowhere, yet
    "does not cross £0" would read as never reaching £0 (rev8: a commissioner's cost
    change of £0 at every fixed cost share)."""
    grid = np.linspace(*search.bounds, GRID_POINTS)
    return all(search.gap(float(x), unit.others, unit.seed) == 0 for x in grid)


def _through(gaps: Sequence[float], k: int) -> bool:
    """Whether the figure, at the target at grid point k, crosses it there: it is on
    opposite sides before and after (the nearest points off the target), or, at an
    end of the bounds, it moves off the target at the next point. A figure at the
    target throughout, or that only touches it, crosses nowhere."""
    if k in (0, len(gaps) - 1):
        return gaps[1 if k == 0 else k - 1] != 0
    before = next((g for g in reversed(gaps[:k]) if g != 0), 0.0)
    after = next((g for g in gaps[k + 1 :] if g != 0), 0.0)
    return before * after < 0


def _whole(search: ThresholdSearch, unit: SearchUnit, root: float, before: float) -> float:
    """For a count of people (rounded before the tender runs, so the figure steps at
    n + ½): the first whole value at which the figure has crossed, not the step's
    edge n + ½, which is no value the parameter can take."""
    below = math.floor(root)
    crossed = np.sign(search.gap(below, unit.others, unit.seed)) != np.sign(before)
    return float(below if crossed else below + 1)


def bound_met(search: ThresholdSearch, unit: SearchUnit, value: float | None) -> str | None:
    """ "lower" or "upper" when the break-even found is a bound of the search with the
    figure on the target there (:func:`find_threshold`), else None. A count of people
    is tried at the whole value nearest a bound, which may lie just outside it; and its
    first whole value past a crossing may be the upper bound, where it has crossed, not
    met the target (so the figure is checked at the value)."""
    lo, hi = search.bounds
    if value is None or lo < value < hi:
        return None
    if search.gap(value, unit.others, unit.seed) != 0:
        return None
    return "lower" if value <= lo else "upper"


def steps_past(search: ThresholdSearch, unit: SearchUnit, value: float | None) -> bool:
    """Whether the figure jumps past the target at ``value`` rather than passing through
    it: plugged back in, it does not break even (patients change hands there).

    A count of people moves in whole steps: it jumps unless the figure is on the target
    at the whole value found. Otherwise the figure's change across ±tolerance is compared
    with its change across ±2·tolerance: a line's doubles, a step's stays the jump.
    Review 10: a bidder's cost factor "crossed £1,000" where the figure went from £2,375
    to £0.
    """
    if value is None or search.gap(value, unit.others, unit.seed) == 0:
        return False
    if search.whole:
        return True
    lo, hi = search.bounds

    def change(delta: float) -> float:
        below, above = max(lo, value - delta), min(hi, value + delta)
        return abs(search.gap(above, unit.others, unit.seed)
                   - search.gap(below, unit.others, unit.seed))  # fmt: skip

    near = change(search.tolerance)
    return near > 0 and change(2 * search.tolerance) < 1.5 * near


@dataclass(frozen=True)
class Threshold:
    """A break-even point, and its spread over the PSA samples when there was one;
    ``steps``: the figure jumps past the target there (:func:`steps_past`);
    ``at_target``: it is on the target throughout (:func:`at_target_throughout`)."""

    search: ThresholdSearch
    value: float | None
    psa_values: tuple[float | None, ...] = ()
    steps: bool = False
    at_target: bool = False
    #: "lower" or "upper": the figure is on the target at that bound of the search and
    #: off it at the next value tried; the search does not look past the bound, so it
    #: meets the target there and is not known to cross it (:func:`bound_met`).
    at_bound: str | None = None

    def summary(self) -> ExactThreshold:
        """One entry of summary.json ``thresholds``."""
        s = self.search
        out: ExactThreshold = {
            "parameter": s.parameter,
            "figure": s.figure,
            "target": s.target,
            "bounds": list(s.bounds),
            "tolerance": s.tolerance,
            "method": "bracketing on a grid, then Brent's method, common random numbers",
            "value": self.value,
            "steps": self.steps,
        }
        if self.at_target:  # written only when true: runs that cross keep their shape
            out = {**out, "at_target": True}
        if self.at_bound:
            out = {**out, "at_bound": self.at_bound}
        return {**out, "psa": self._spread()} if self.psa_values else out

    def _spread(self) -> ThresholdSpread[float | None]:
        """Percentiles over the samples that cross; how many do not is reported."""
        found = np.array([v for v in self.psa_values if v is not None], dtype=np.float64)
        p5, p50, p95 = (
            float(np.percentile(found, q)) if found.size else None for q in (5.0, 50.0, 95.0)
        )
        samples = len(self.psa_values)
        return {"samples": samples, "no_crossing": samples - int(found.size),
                "p5": p5, "p50": p50, "p95": p95}  # fmt: skip


def _check_search(search: ThresholdSearch) -> None:
    """Refuse what no search can answer: nan passes no comparison (every gap would
    be nan) and an infinite target or bound leaves nothing to bracket."""
    lo, hi = search.bounds
    problems = [
        Problem(f"the threshold's {name} must be a finite number", value=value)
        for name, value in (("target", search.target), ("lower bound", lo), ("upper bound", hi))
        if not np.isfinite(value)
    ]
    if problems:
        raise InputError(problems)
    if not lo < hi:
        raise InputError(Problem(f"threshold bounds must increase, not {lo:g} to {hi:g}"))


def run_threshold(
    search: ThresholdSearch,
    *,
    base: Mapping[str, float],
    seed: int,
    psa_samples: Sequence[Mapping[str, float]] = (),
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Threshold:
    """The break-even at ``base`` values, and at each PSA sample if given.

    Raises:
        InputError: the target or a bound is not a finite number, or the bounds are
            not increasing.
    """
    _check_search(search)
    strip = {k: v for k, v in base.items() if k != search.parameter}
    units = [SearchUnit(strip, seed)] + [
        SearchUnit({k: v for k, v in s.items() if k != search.parameter}, seed) for s in psa_samples
    ]
    found = (executor or Executor(workers=1)).map(find_threshold, search, units, progress)
    flat = found[0] is None and at_target_throughout(search, units[0])
    return Threshold(search, found[0], tuple(found[1:]), steps_past(search, units[0], found[0]),
                     at_target=flat, at_bound=bound_met(search, units[0], found[0]))  # fmt: skip
