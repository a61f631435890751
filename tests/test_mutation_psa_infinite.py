"""Direct, hand-worked tests of ``psa.percentile`` and ``PsaResult.figure_summary`` over
runs that hold ±∞ (round mut16; benchmarks/mutation-uncertainty.md).

``percentile`` is numpy's linear rule: the qth percentile of n sorted runs lies at
position q/100 × (n − 1), a share t of the way from the run below to the run above.
Where a neighbour is infinite, t > 0 of the way towards it is that infinity.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from pbrkit.uncertainty.psa import PsaResult, percentile

INF = math.inf


def _at(values: list[float], q: float) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        return percentile(np.array(values, dtype=np.float64), q)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        # Runs 1, +∞ (positions 0, 1). q 0: position 0, the run itself (share 0).
        ([INF, 1.0], 0.0, 1.0),
        # q 100: position 1, +∞ itself.
        ([INF, 1.0], 100.0, INF),
        # q 1: position 0.01, a share 0.01 > 0 of the way to +∞: +∞.
        ([INF, 1.0], 1.0, INF),
        # Runs −∞, 4: q 99, position 0.99, still from −∞: −∞.
        ([4.0, -INF], 99.0, -INF),
        # Runs −∞, +∞: q 50, position 0.5: none; q 0 and q 100: the runs themselves.
        ([INF, -INF], 50.0, math.nan),
        ([INF, -INF], 0.0, -INF),
        ([INF, -INF], 100.0, INF),
        # NaN runs skipped: runs 2, 6, +∞ (positions 0..2); q 25 is position 0.5:
        # 2 + 0.5 × (6 − 2) = 4. Counting the NaN (4 runs) it would be position 0.75.
        ([math.nan, INF, 6.0, 2.0], 25.0, 4.0),
        # Runs 2, 6, +∞: q 50, position 1 exactly: 6.
        ([INF, 6.0, 2.0, math.nan], 50.0, 6.0),
        # Runs 2, 6, +∞, +∞ (positions 0..3): q 80 is position 2.4, from +∞ to +∞: +∞.
        ([INF, 6.0, INF, 2.0], 80.0, INF),
        # Runs −∞, −∞, 3: q 25 is position 0.5, from −∞ to −∞ (equal): −∞.
        ([3.0, -INF, -INF], 25.0, -INF),
    ],
)
def test_worked_percentiles_beside_infinite_runs(
    values: list[float], q: float, expected: float
) -> None:
    found = _at(values, q)
    if math.isnan(expected):
        assert math.isnan(found)
    else:
        assert found == expected


def test_finite_neighbours_give_numpys_figure_bit_for_bit() -> None:
    # With +∞ only as the top run, every position below n − 2 lies between two finite
    # runs: the figure must be numpy's own (its lerp, both halves of the share), bit
    # for bit. Replacing +∞ by a finite top run does not move those positions.
    rng = np.random.default_rng(16)
    for _ in range(40):
        runs = rng.normal(0.0, 1e3, int(rng.integers(3, 30)))
        top = np.append(runs, INF)
        stand_in = np.append(runs, runs.max() + 1.0)
        for q in rng.uniform(0.0, 100.0, 10):
            position = q / 100 * (len(top) - 1)
            if position >= len(top) - 2:
                continue
            assert _at(top.tolist(), float(q)) == float(np.percentile(stand_in, q))


def test_shares_of_a_half_and_either_side_are_numpys() -> None:
    # Runs 0.1, 0.7, 0.3, +∞ sorted 0.1, 0.3, 0.7, +∞ (positions 0..3). Position 1.5
    # (q 50) is halfway from 0.3 to 0.7; 0.25 (q 8.33…) and 0.75 (q 25) either side of
    # a half: numpy's figures for the finite runs 0.1, 0.3, 0.7, 0.9 at the same q.
    values = [0.1, 0.7, 0.3, INF]
    for q in (50.0, 25.0, 100 / 12, 100 / 6 + 1e-9, 49.999999, 50.000001):
        assert _at(values, q) == float(np.percentile([0.1, 0.3, 0.7, 0.9], q)), q


def _summary(values: list[float], samples: int, inner: int) -> dict[str, float | None]:
    result = PsaResult(pd.DataFrame({"ratio": values}), (), ("ratio",), samples, inner, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return dict(result.figure_summary("ratio"))


def test_a_figure_no_run_has_is_blank() -> None:
    assert _summary([math.nan] * 4, 2, 2) == {
        "mean": None, "p5": None, "p50": None, "p95": None, "share_parameters": None
    }  # fmt: skip


def test_the_summary_takes_p5_p50_p95_of_the_runs_with_nan_skipped() -> None:
    # Runs (NaN skipped) 0, 10, …, 200: 21 runs, positions 0..20; p5 is position 1
    # (10), p50 position 10 (100), p95 position 19 (190); one +∞ run added at the top
    # (22 runs, positions 0..21): p5 position 1.05, 10 + 0.05 × 10 = 10.5; p50 position
    # 10.5, 105; p95 position 19.95, 190 + 0.95 × (200 − 190) = 199.5 (the +∞ run is
    # position 21, beyond it); the mean is +∞.
    runs = [10.0 * i for i in range(21)]
    finite = _summary([math.nan, *runs, math.nan, math.nan], 4, 6)
    assert (finite["p5"], finite["p50"], finite["p95"]) == (10.0, 100.0, 190.0)
    assert finite["mean"] == 100.0  # 2100 / 21
    with_inf = _summary([math.nan, *runs, INF, math.nan], 4, 6)
    assert (with_inf["p5"], with_inf["p50"], with_inf["p95"]) == (10.5, 105.0, 199.5)
    assert with_inf["mean"] == INF and with_inf["share_parameters"] is None


def test_the_share_of_the_parameters_is_taken_over_samples_by_inner_draws() -> None:
    # 2 samples × 2 inner draws: (1, 3) and (5, 7). Within: var(1, 3) = var(5, 7) = 2;
    # between: var of the means 2 and 6 = 8; parameters 8 − 2/2 = 7; total 7 + 2 = 9:
    # share 7/9. Read as 4 samples × 1 draw it would be None; as 1 × 4, None.
    stats = _summary([1.0, 3.0, 5.0, 7.0], 2, 2)
    assert stats["share_parameters"] == pytest.approx(7 / 9, rel=1e-12)
    assert stats["mean"] == 4.0


def test_a_share_of_exactly_a_half_is_taken_from_the_run_above_as_numpy_does() -> None:
    # Runs −2.303, −1.303, 0.33, +∞ (positions 0..3); q 50 is position 1.5, a share of
    # exactly 0.5 from −1.303 to 0.33 (a difference of 1.633). numpy's lerp takes a
    # share of 0.5 or more from the run above: 0.33 − 1.633 × 0.5 = −0.4865, where
    # −1.303 + 1.633 × 0.5 rounds to −0.48649999999999993 in doubles.
    values = [0.33, -1.303, math.inf, -2.303]
    assert _at(values, 50.0) == -0.4865
    assert _at(values, 50.0) == float(np.percentile([-2.303, -1.303, 0.33, 1.33], 50))
