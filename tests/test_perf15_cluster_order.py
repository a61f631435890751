"""Costs put in cluster order by counting (round 15 of issue 16), not by a stable sort
of the codes and a gather: the same arrays, so the same cluster figures, bit for bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit import group_kernel, homogeneity

pytestmark = pytest.mark.skipif(not group_kernel.installed(), reason="numba not installed")


def test_worked_example() -> None:
    # Codes 2, 0, 2, 5, 0 with values 10, 20, 30, 40, 50: code 0's in row order (20,
    # 50), then code 2's (10, 30), then code 5's (40); codes 1, 3 and 4 have no rows.
    keys = np.array([2, 0, 2, 5, 0], dtype=np.int16)
    placed, ordered = group_kernel.Groups(keys).in_order(np.array([10.0, 20, 30, 40, 50]))
    assert placed.tolist() == [20.0, 50.0, 10.0, 30.0, 40.0]
    assert ordered.tolist() == [0, 0, 2, 2, 5] and ordered.dtype == np.int16


@pytest.mark.parametrize("seed", range(12))
def test_as_a_stable_sort_puts_them(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5_000))
    keys = rng.integers(0, int(rng.choice([1, 3, 21, 300])), n).astype(
        rng.choice([np.int16, np.int32, np.int64])
    )
    values = rng.choice([0.0, -0.0, 1.5, np.nan, np.inf], n) * rng.random(n)
    placed, ordered = group_kernel.Groups(keys).in_order(values)
    order = np.argsort(keys, kind="stable")
    assert ordered.dtype == keys.dtype
    np.testing.assert_array_equal(ordered, keys[order])
    # Bit for bit (−0.0 and NaN included).
    assert placed.tobytes() == values[order].tobytes()


def test_cluster_costs_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    n = group_kernel.MIN_ROWS + 1_234  # enough rows for the compiled passes
    clusters = rng.choice(np.array([1, 2, 3, 4, 10, 11, 21], dtype=np.int64), n)
    costs = np.round(rng.lognormal(7, 1.2, n), int(rng.integers(0, 3)))  # ties
    frame = pd.DataFrame({"cluster": clusters, "cost": costs})
    counted = homogeneity._cluster_costs(frame)[0]
    monkeypatch.setattr(homogeneity.group_kernel, "compiled", lambda keys: False)
    sorted_way = homogeneity._cluster_costs(frame)[0]
    pd.testing.assert_frame_equal(counted, sorted_way, check_exact=True)
