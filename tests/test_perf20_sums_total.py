"""Each group's exact sum and the sum of all of them from one pass
(``exact_sum.group_sums_total``, round 19 of issue 16): the groups' sums are
``group_sums``' and the total is the bits ``pooled=True`` gives, compiled or not,
so a reduction in variance needs one pass fewer and gives the same figure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import exact_sum, group_kernel, homogeneity

compiled = pytest.mark.skipif(not group_kernel.installed(), reason="numba not installed")

_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.integers(-(10**12), 10**12).map(lambda pence: pence / 100),
    st.sampled_from([1e16, -1e16, 1.0, 0.1, 1.7976931348623157e308, 2.0**-1074]),
)


def _both(keys: np.ndarray, values: np.ndarray, width: int, centres: np.ndarray | None) -> None:
    sums, counts, sizes, total = exact_sum.group_sums_total(keys, values, width, centres)
    each = exact_sum.group_sums(keys, values, width, centres)
    pooled = exact_sum.group_sums(keys, values, width, centres, pooled=True)
    assert sums.tobytes() == each[0].tobytes()
    assert counts.tolist() == each[1].tolist() and sizes.tolist() == each[2].tolist()
    assert np.array([total]).tobytes() == pooled[0].tobytes()


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), _VALUES), min_size=1, max_size=50), st.booleans())
def test_one_pass_gives_both(rows: list[tuple[int, float]], squares: bool) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int16)
    values = np.array([v for _, v in rows])
    centres = np.array([0.5, -1234.25, 1e6, 3.0, 0.0]) if squares else None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_sum, "MIN_ROWS", 1)  # the compiled pass, however few rows
        _both(keys, values, 5, centres)
    _both(keys, values, 5, centres)  # math.fsum's path


def test_worked_by_hand() -> None:
    # Code 0: 0.1 + 0.2 + 0.3 exactly is 0.6000000000000000055..., rounded 0.6.
    # Code 1: 1e16 + 1 − 1e16 = 1 exactly (a running sum gives 0). Code 2: NaN skipped.
    # All: 0.6000000000000000055... + 1 = 1.6000000000000000055..., rounded 1.6 (the
    # rounded sums 0.6 + 1.0 also give 1.6 here; the next test needs the exact total).
    keys = np.array([0, 1, 0, 1, 2, 0, 1])
    values = np.array([0.1, 1e16, 0.2, 1.0, np.nan, 0.3, -1e16])
    for rows in (1, exact_sum.MIN_ROWS):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(exact_sum, "MIN_ROWS", rows)
            sums, counts, sizes, total = exact_sum.group_sums_total(keys, values, 3)
        assert sums.tolist() == [0.6, 1.0, 0.0]
        assert counts.tolist() == [3, 3, 0] and sizes.tolist() == [3, 3, 1]
        assert total == 1.6


def test_total_is_exact_not_the_rounded_sums_added() -> None:
    # Code 0 holds 1.0 and 2^-60 (sum rounds to 1.0); code 1 holds 2^53. Rounded sums
    # added: 1.0 + 2^53 = 2^53 + 1, a tie between 2^53 and 2^53 + 2, to even: 2^53.
    # Exactly: 2^53 + 1 + 2^-60, above the tie: 2^53 + 2.
    keys = np.array([0, 0, 1])
    values = np.array([1.0, 2.0**-60, 2.0**53])
    for rows in (1, exact_sum.MIN_ROWS):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(exact_sum, "MIN_ROWS", rows)
            sums, _, _, total = exact_sum.group_sums_total(keys, values, 2)
        assert sums.tolist() == [1.0, 2.0**53]
        assert total == 2.0**53 + 2
        assert sums.sum() == 2.0**53


def test_riv_worked_by_hand() -> None:
    # Costs 1, 3 in group A (mean 2) and 10, 14 in group B (mean 12); overall mean
    # 28 / 4 = 7. SSW = 1 + 1 + 4 + 4 = 10; SST = 36 + 16 + 9 + 49 = 110.
    # RIV = 1 − 10/110 = 0.9090909090909091.
    riv = homogeneity.reduction_in_variance(
        pd.Series([1.0, 3.0, 10.0, 14.0]), pd.Series(["A", "A", "B", "B"])
    )
    assert riv == 1 - 10 / 110
    assert math.isclose(riv, 0.9090909090909091)


_COSTS = st.integers(0, 10**9).map(lambda pence: pence / 100)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 21), _COSTS), min_size=1, max_size=60), st.booleans())
def test_cluster_riv_from_the_stats_passes_is_the_riv(
    rows: list[tuple[int, float]], compiled_pass: bool
) -> None:
    # The RIV cost_homogeneity now takes from the mean's and the SD's passes is the
    # bits reduction_in_variance's own four passes give, compiled or by math.fsum.
    if compiled_pass and not group_kernel.installed():
        return
    frame = pd.DataFrame({"cluster": [c for c, _ in rows], "cost": [v for _, v in rows]}).astype(
        {"cluster": np.int64}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_sum, "MIN_ROWS", 1 if compiled_pass else 10**9)
        _, riv = homogeneity._count_mean_sd(frame, frame["cluster"].to_numpy().astype(np.int16))
        expected = homogeneity.reduction_in_variance(frame["cost"], frame["cluster"])
    assert np.array([riv]).tobytes() == np.array([expected]).tobytes()


def test_cost_homogeneity_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Failed before round 19: the clusters' RIV made four passes of its own (each
    # cluster's sum, the squares about the means, the overall sum, the squares about
    # it) after the mean's and the SD's two. Now: the SD's two, the total sum of
    # squares, and the trimmed RIV's three (its overall sum from its means' pass).
    calls: list[str] = []
    for name in ("group_sums", "group_sums_total"):
        real = getattr(exact_sum, name)

        def spy(*args: object, _real: object = real, _name: str = name, **kw: object) -> object:
            calls.append(_name)
            return _real(*args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(exact_sum, name, spy)
    frame = pd.DataFrame({"cluster": [1, 1, 2, 2, 3], "cost": [1.0, 3.0, 10.0, 14.0, 5.0]})
    result = homogeneity.cost_homogeneity(frame)
    # Worked: means 2, 12, 5; SSW = 1 + 1 + 4 + 4 + 0 = 10; overall mean 33 / 5 = 6.6;
    # SST = 31.36 + 12.96 + 11.56 + 54.76 + 2.56 = 113.2; RIV = 1 − 10 / 113.2.
    assert math.isclose(result.riv, 1 - 10 / 113.2, rel_tol=1e-15)
    assert (
        calls
        == ["group_sums_total"] * 2 + ["group_sums"] + ["group_sums_total"] + ["group_sums"] * 2
    )
