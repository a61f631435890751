"""A PSA figure that is infinite in some runs is summarised without numpy's warnings,
and its percentiles are those of the runs (left8, item 6).

A ratio such as the residue's cost ÷ payment is +∞ in a run whose payment is 0. Over
runs that held +∞ and −∞, ``figure_summary`` printed numpy RuntimeWarnings ("invalid
value encountered in subtract") on the terminal and gave None for percentiles that the
runs define: numpy's linear interpolation works out a + t·(b − a), which is ∞ − ∞ = nan
when a neighbour is infinite. This test failed on the old code.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from pbrkit.uncertainty.psa import PsaResult


def _summary(values: list[float], samples: int, inner: int) -> dict[str, float | None]:
    frame = pd.DataFrame({"ratio": values})
    result = PsaResult(frame, (), ("ratio",), samples, inner, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        return result.figure_summary("ratio")


def test_runs_at_plus_and_minus_infinity() -> None:
    # Sorted: -∞, -∞, 1, 2, +∞, +∞ (6 runs, positions 0 to 5).
    stats = _summary([math.inf, -math.inf, 1.0, 2.0, math.inf, -math.inf], 3, 2)
    assert stats["mean"] is None  # +∞ and −∞ together: no mean
    assert stats["p5"] == -math.inf  # position 0.25, between -∞ and -∞
    assert stats["p50"] == 1.5  # position 2.5, halfway from 1 to 2
    assert stats["p95"] == math.inf  # position 4.75, between +∞ and +∞
    assert stats["share_parameters"] is None  # no variance of infinite runs


def test_a_finite_run_next_to_an_infinite_one() -> None:
    # Sorted: 1, 2, +∞, +∞ (positions 0 to 3).
    stats = _summary([math.inf, math.inf, 1.0, 2.0], 2, 2)
    assert stats["mean"] == math.inf
    assert stats["p5"] == 1.15  # position 0.15: 1 + 0.15 × (2 − 1)
    assert stats["p50"] == math.inf  # position 1.5: from 2 halfway to +∞
    assert stats["p95"] == math.inf
    # From -∞ to +∞: no value lies a share of the way between them.
    assert _summary([-math.inf, math.inf], 2, 1)["p50"] is None


def test_finite_runs_are_numpys_percentiles_as_before() -> None:
    values = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0]
    stats = _summary(values, 3, 2)
    assert stats["p5"] == float(np.percentile(values, 5))
    assert stats["p95"] == float(np.percentile(values, 95))
