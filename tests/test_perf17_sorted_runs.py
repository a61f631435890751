"""Each cluster's costs sorted by a compiled radix sort (group_kernel.sort_runs, round
17 of issue 16), not numpy's sort one cluster at a time: the same floats in the same
places, so the quantiles and the top tenth's shares are the same bits."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pbrkit import group_kernel, homogeneity

needs_numba = pytest.mark.skipif(
    not group_kernel.installed(), reason="numba (the fast extra) is absent"
)

# Ties, both signs, magnitudes far apart (every digit of the bits in play), the
# smallest subnormal, infinities; never NaN or -0.0 (the caller's promise).
_COST = st.sampled_from(
    [0.0, 1.0, 1.0, 2.5, -2.5, 1e300, -1e300, 5e-324, -5e-324, np.inf, -np.inf, 1234.56]
) | st.floats(allow_nan=False, allow_infinity=True).map(lambda x: x + 0.0)


def _runs(sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    size_array = np.array(sizes, dtype=np.int64)
    return np.concatenate([[0], np.cumsum(size_array)[:-1]]).astype(np.int64), size_array


def _each_sorted_by_numpy(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> Any:
    expected = values.copy()
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        expected[start : start + size].sort()
    return expected


@settings(max_examples=200, deadline=None)
@given(
    runs=st.lists(st.lists(_COST, min_size=0, max_size=30), min_size=1, max_size=6),
    compiled=st.booleans(),
    longest_compiled=st.sampled_from([1, 4, 1 << 22]),
)
@example(runs=[[3.0, -1.0, 3.0, 5e-324, -np.inf, 0.0]], compiled=True, longest_compiled=1 << 22)
def test_the_same_floats_as_numpy_sorting_each_run(
    runs: list[list[float]], compiled: bool, longest_compiled: int
) -> None:
    values = np.array([c for run in runs for c in run], dtype=np.float64)
    starts, sizes = _runs([len(run) for run in runs])
    expected = _each_sorted_by_numpy(values, starts, sizes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", 0 if compiled else 10**9)
        patch.setattr(group_kernel, "RADIX_RUN", longest_compiled)  # longer: numpy's
        group_kernel.sort_runs(values, starts, sizes)
    assert values.view(np.int64).tolist() == expected.view(np.int64).tolist()


def test_sort_runs_hand_worked() -> None:
    # Runs [3, -1, 2] and [inf, 0.5, -inf, 0.5]: [-1, 2, 3] and [-inf, 0.5, 0.5, inf];
    # the run [7] alone is left as it is.
    values = np.array([3.0, -1.0, 2.0, np.inf, 0.5, -np.inf, 0.5, 7.0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", 0)
        group_kernel.sort_runs(values, np.array([0, 3, 7]), np.array([3, 4, 1]))
    assert values.tolist() == [-1.0, 2.0, 3.0, -np.inf, 0.5, 0.5, np.inf, 7.0]


@needs_numba
def test_cluster_costs_are_sorted_by_the_compiled_pass() -> None:
    # 300,000 costs in pennies with ties (past MIN_ROWS) in 21 clusters: the figures
    # are those of numpy's sort of each cluster, and the compiled pass sorted them.
    rng = np.random.default_rng(17)
    n = 300_000
    frame = pd.DataFrame(
        {
            "cluster": rng.integers(1, 22, n).astype(np.int64),
            "cost": np.round(rng.gamma(1.5, 2000.0, n), 0) / 4,  # many ties
        }
    )
    passes = group_kernel._pass()
    used: list[int] = []

    def counted(*args: Any) -> Any:
        used.append(len(args[1]))
        return passes.sorted_runs(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "_pass", lambda: _with(passes, sorted_runs=counted))
        got = homogeneity._cluster_costs(frame)[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "_passes", lambda: None)  # numpy's sorts, as on main
        expected = homogeneity._cluster_costs(frame)[0]
    assert used == [21]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def _with(passes: Any, **replaced: Any) -> Any:
    from types import SimpleNamespace

    return SimpleNamespace(**{**vars(passes), **replaced})
