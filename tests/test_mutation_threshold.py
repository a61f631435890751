"""Hand-worked tests written against the survivors of mutation testing
`pbrkit.uncertainty.threshold` (benchmarks/mutation-uncertainty.md).

The search tries GRID_POINTS = 9 values, bounds (0, 1) giving 0, 0.125, …, 1 (k/8,
exact in floats), and takes the first pair of neighbours on opposite sides of the
target (then Brent's method), or a grid point on the target that the figure passes
through. Most models here read a table of gaps at the grid points: `TABLE[round(8x)]`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.threshold import (
    SearchUnit,
    Threshold,
    ThresholdSearch,
    find_threshold,
    run_threshold,
    steps_past,
)


def table_model(table: Sequence[float]):  # type: ignore[no-untyped-def]
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"y": float(table[round(8 * values["x"])])}

    return model


def found(table: Sequence[float]) -> float | None:
    return find_threshold(ThresholdSearch(table_model(table), "x", "y", (0.0, 1.0)), UNIT)


UNIT = SearchUnit({}, 0)


@pytest.mark.parametrize(
    ("table", "value"),
    [
        # touches 0 at grid point 1 (not through: − before and after), then ends on 0
        # coming from below: the crossing is the upper bound 1, whatever gaps[1] is
        ([-1, 0, -1, -1, -1, -1, -1, -1, 0], 1.0),
        # ends on 0 with 0 two points before: only gaps[7] says whether it arrives
        ([-1, -1, -1, -1, -1, -1, 0, -1, 0], 1.0),
        # leaves 0 at the lower bound: gaps[1] = 1 says it moves off; gaps[2] is 0 again
        ([0, 1, 0, 1, 1, 1, 1, 1, 1], 0.0),
        # through 0 at grid point 0.375 after two more 0s: before is the nearest
        # non-zero, 1 (not the nearest that is not 1). The table's figure is on 0 from
        # just above 0.3125 (round(8x) = 3 once 8x > 2.5), so the break-even is that
        # edge, to the tolerance, not the grid point that landed on it (review 10)
        ([1, 1, 1, 0, 0, -1, -1, -1, -1], 0.3125),
        # through 0 at 0.375: after is the nearest non-zero, 1, then 0s
        ([-1, -1, -1, 0, 1, 0, 0, 0, 0], 0.3125),
        ([-1, -1, -1, 0, 1, 1, 1, 1, 1], 0.3125),
        # reaches 0 and stays: after is 0 (none), so it does not cross anywhere
        ([-1, -1, -1, 0, 0, 0, 0, 0, 0], None),
    ],
)
def test_grid_points_on_the_target(table: list[float], value: float | None) -> None:
    result = found(table)
    if value is None or value in (0.0, 1.0):
        assert result == value
    else:  # an edge between grid points: just above it, within the tolerance 1e-5
        assert result is not None
        assert value < result <= value + 1e-5


def test_a_crossing_in_the_last_interval_is_found() -> None:
    # y = x − 0.95: the grid's last pair (0.875, 1) brackets it.
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"y": values["x"] - 0.95}

    search = ThresholdSearch(model, "x", "y", (0.0, 1.0), tolerance=1e-9)
    assert find_threshold(search, UNIT) == pytest.approx(0.95, abs=1e-9)


def test_the_first_of_two_crossings_is_bracketed_by_neighbours() -> None:
    # y = −(x − 0.3)(x − 0.45): at 0.25 −(−0.05)(−0.2) = −0.01, at 0.375
    # −(0.075)(−0.075) = +0.005625, at 0.5 −(0.2)(0.05) = −0.01. The first pair
    # (0.25, 0.375) brackets 0.3; (0.25, 0.5) would hold two roots and no sign change.
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        x = values["x"]
        return {"y": -(x - 0.3) * (x - 0.45)}

    search = ThresholdSearch(model, "x", "y", (0.0, 1.0), tolerance=1e-9)
    assert find_threshold(search, UNIT) == pytest.approx(0.3, abs=1e-9)


def test_the_last_grid_point_is_the_bound_itself() -> None:
    # y = x − 0.5 on (0, 0.5): the grid ends on the target at 0.5, coming from below.
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"y": values["x"] - 0.5}

    assert find_threshold(ThresholdSearch(model, "x", "y", (0.0, 0.5)), UNIT) == 0.5


def counted(values: Mapping[str, float], seed: int) -> dict[str, float]:
    """A figure of a count of people, which the tender rounds before running (plus the
    seed, 0 here, so that every run must be given it)."""
    n = round(values["x"])
    return {"rounded": n - 4.0 + seed, "exact": values["x"] - 4.0 + seed, "step": n - 4.5 + seed}


@pytest.mark.parametrize(
    ("figure", "bounds", "value", "steps"),
    [
        # grid 0, 0.46875, …, 3.75: at 3.75 the count is 4, on the target: the answer
        # is the count, 4, not 3.75
        ("rounded", (0.0, 3.75), 4.0, False),
        # grid 0, 1.125, 2.25, 3.375, 4.5: crosses at 4.5 (round(4.5) = 4, on the
        # target); read as a count, 4
        ("rounded", (0.0, 9.0), 4.0, False),
        # y = x − 4 (not rounded) on (0, 9): Brent finds 4 between 3.375 and 4.5; 4 is on
        # the target, so it has crossed there: 4, not 5
        ("exact", (0.0, 9.0), 4.0, False),
        # y = round(x) − 4.5 on (0, 8): −0.5 at 4 and +0.5 at 5, so Brent finds the
        # step's edge just above 4.5, no count; at 4 it has not crossed, so 5, where it
        # jumps past the target (0.5 above it)
        ("step", (0.0, 8.0), 5.0, True),
    ],
)
def test_a_count_is_searched_in_whole_people(
    figure: str, bounds: tuple[float, float], value: float, steps: bool
) -> None:
    search = ThresholdSearch(counted, "x", figure, bounds, whole=True)
    threshold = run_threshold(search, base={}, seed=0)
    assert threshold.value == value
    assert threshold.steps is steps


def seeded(values: Mapping[str, float], seed: int) -> dict[str, float]:
    """y = x − seed/10 − b (b from the other parameters, 0 if not given)."""
    return {"y": values["x"] - seed / 10 - values.get("b", 0.0)}


def test_the_seed_and_the_other_parameters_reach_every_run() -> None:
    # Seed 3: y = x − 0.3 − b. At the base b = 0.2 the break-even is 0.5 (the base's
    # own x, 0.9, is dropped: the search sets x); at the samples' b = 0.1 and 0.4 it is
    # 0.4 and 0.7, with the same seed.
    search = ThresholdSearch(seeded, "x", "y", (0.0, 1.0), tolerance=1e-9)
    calls: list[int] = []
    threshold = run_threshold(
        search,
        base={"b": 0.2, "x": 0.9},
        seed=3,
        psa_samples=[{"b": 0.1, "x": 0.0}, {"b": 0.4}],
        progress=calls.append,
    )
    assert threshold.value == pytest.approx(0.5, abs=1e-9)
    assert threshold.psa_values == pytest.approx((0.4, 0.7), abs=1e-9)
    assert calls  # progress is reported
    assert threshold.steps is False


def step(size: float, slope: float = 0.0):  # type: ignore[no-untyped-def]
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        x = values["x"]
        if not 0.0 <= x <= 1.0:
            raise ValueError("outside the bounds")  # e.g. a share above 1
        jump = size if x > 1 / 3 else -size
        return {"y": jump + slope * (x - 1 / 3) + seed}

    return model


@pytest.mark.parametrize(
    ("model", "steps"),
    [
        # y = x − 1/3: across ±1e-5 it changes 2e-5, across ±2e-5 4e-5 (double): a line
        (lambda values, seed: {"y": values["x"] - 1 / 3 + seed}, False),
        # ±1 at 1/3: the change is 2 across ±1e-5 and across ±2e-5: a step
        (step(1.0), True),
        # ±0.25: a jump of 0.5 (under 1)
        (step(0.25), True),
        # ±0.25 on a slope of 1: 0.5 + 2e-5 across ±1e-5 and 0.5 + 4e-5 across ±2e-5,
        # under 1.5 times the first: a step (over the whole bounds it would be 1.5)
        (step(0.25, slope=1.0), True),
    ],
)
def test_a_step_is_told_from_a_line(model, steps: bool) -> None:  # type: ignore[no-untyped-def]
    search = ThresholdSearch(model, "x", "y", (0.0, 1.0))
    value = find_threshold(search, UNIT)
    assert value == pytest.approx(1 / 3, abs=1e-5)
    assert steps_past(search, UNIT, value) is steps


def _inside(x: float) -> float:
    if not 0.0 <= x <= 1.0:
        raise ValueError("outside the bounds")  # e.g. a share above 1
    return x


@pytest.mark.parametrize("root", [1 - 5e-6, 5e-6])
def test_the_step_check_stays_inside_the_bounds(root: float) -> None:
    # y = x − root, within a tolerance (1e-5) of a bound; the model refuses x outside
    # [0, 1], so the probes stop at the bound: a line, no step. (Checked just off the
    # root, where the gap is 1e-12, not 0.)
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"y": _inside(values["x"]) - root + seed}

    search = ThresholdSearch(model, "x", "y", (0.0, 1.0))
    assert steps_past(search, UNIT, root + 1e-12) is False


def test_no_crossing_does_not_step() -> None:
    search = ThresholdSearch(seeded, "x", "y", (0.0, 0.1))
    threshold = run_threshold(search, base={"b": 0.5}, seed=0)
    assert (threshold.value, threshold.steps) == (None, False)


def test_the_summary_word_for_word() -> None:
    # Five samples cross at 1 … 5 and one does not: percentiles of [1, 2, 3, 4, 5] by
    # linear interpolation at rank q/100·(5 − 1): p5 at 0.2 → 1.2, p50 at 2 → 3,
    # p95 at 3.8 → 4.8.
    search = ThresholdSearch(seeded, "x", "y", (0.0, 10.0), target=2.0, tolerance=1e-4)
    threshold = Threshold(search, 2.5, (None, 1.0, 2.0, 3.0, 4.0, 5.0), steps=True)
    assert threshold.summary() == {
        "parameter": "x",
        "figure": "y",
        "target": 2.0,
        "bounds": [0.0, 10.0],
        "tolerance": 1e-4,
        "method": "bracketing on a grid, then Brent's method, common random numbers",
        "value": 2.5,
        "steps": True,
        "psa": {"samples": 6, "no_crossing": 1, "p5": 1.2, "p50": 3.0, "p95": 4.8},
    }
    nowhere = Threshold(search, None, (None, None)).summary()
    assert nowhere["psa"] == {
        "samples": 2,
        "no_crossing": 2,
        "p5": None,
        "p50": None,
        "p95": None,
    }
    assert nowhere["steps"] is False


def test_a_search_nothing_can_answer_is_refused_in_words() -> None:
    search = ThresholdSearch(seeded, "x", "y", (-math.inf, math.inf), target=math.nan)
    with pytest.raises(InputError) as caught:
        run_threshold(search, base={}, seed=0)
    problems = caught.value.problems
    assert [p.message for p in problems] == [
        "the threshold's target must be a finite number",
        "the threshold's lower bound must be a finite number",
        "the threshold's upper bound must be a finite number",
    ]
    assert math.isnan(problems[0].value)  # type: ignore[arg-type]
    assert [p.value for p in problems[1:]] == [-math.inf, math.inf]
    flat = ThresholdSearch(seeded, "x", "y", (1.0, 1.0))
    with pytest.raises(InputError) as caught:
        run_threshold(flat, base={}, seed=0)
    assert [p.message for p in caught.value.problems] == [
        "threshold bounds must increase, not 1 to 1"
    ]
