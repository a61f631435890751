"""The reasons' cases numbered without hash tables (round 17 of issue 16): scores that
are whole numbers coded by their distance from the smallest
(allocation._whole_number_codes) and the combined codes numbered by first appearance
in one compiled pass (group_kernel.numbered); the same groups as ``pd.factorize``,
so the same reasons."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pbrkit import allocation, group_kernel
from pbrkit.allocation import Allocation

needs_numba = pytest.mark.skipif(
    not group_kernel.installed(), reason="numba (the fast extra) is absent"
)


def _without_numba(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(group_kernel, "_passes", lambda: None)


def _factorized(keys: np.ndarray) -> tuple[list[int], list[int]]:
    """pd.factorize's groups and each group's last row, written out."""
    found, uniques = pd.factorize(keys)
    last = [int(np.flatnonzero(found == g)[-1]) for g in range(len(uniques))]
    return found.tolist(), last


@settings(max_examples=100, deadline=None)
@given(
    keys=st.lists(st.integers(0, 30), min_size=1, max_size=60),
    extra=st.integers(0, 5),
    dtype=st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint16]),
    compiled=st.booleans(),
)
def test_numbered_is_factorize(keys: list[int], extra: int, dtype: type, compiled: bool) -> None:
    array = np.array(keys).astype(dtype)
    width = max(keys) + 1 + extra
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", 1)
        if not compiled or not group_kernel.installed():
            _without_numba(patch)
        groups, last = group_kernel.numbered(array, width)
    assert groups.dtype == np.int64 and last.dtype == np.int64
    assert (groups.tolist(), last.tolist()) == _factorized(array)


def test_numbered_hand_worked() -> None:
    # Codes 7, 2, 7, 0, 2: groups by first appearance 0 (7), 1 (2), 0, 2 (0), 1;
    # last rows: 7 at row 2, 2 at row 4, 0 at row 3.
    keys = np.array([7, 2, 7, 0, 2], dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", 1)
        groups, last = group_kernel.numbered(keys, 8)
    assert groups.tolist() == [0, 1, 0, 2, 1]
    assert last.tolist() == [2, 4, 3]


@needs_numba
def test_numbered_compiled_for_wide_codes_within_the_rows() -> None:
    # 210,881 possible codes (the 10M benchmark's cases) among 300,000 rows: the
    # table is no larger than the keys, so compiled; pd.factorize is not called.
    rng = np.random.default_rng(17)
    keys = rng.integers(0, 210_881, 300_000)
    expected = _factorized(keys[:2000])
    calls: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pd, "factorize", lambda *a, **k: calls.append(1))
        groups, last = group_kernel.numbered(keys, 210_881)
    assert not calls
    small, small_last = group_kernel.numbered(keys[:2000], 210_881)  # below MIN_ROWS
    assert (small.tolist(), small_last.tolist()) == expected
    assert len(last) == len(np.unique(keys)) and groups.max() == len(last) - 1
    assert np.array_equal(keys[last], pd.unique(keys))  # the groups in appearance order


_FLOAT = st.sampled_from(
    [0.0, -0.0, 1.0, -1.0, 7.0, 34.0, -36.0, np.nan, 1e15, 0.5, 1.0000001, 2.0**53, np.inf]
) | st.integers(-50, 50).map(float)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(_FLOAT, min_size=1, max_size=40))
@example(values=[0.0, -0.0, np.nan, 3.0, np.nan])
@example(values=[-(2.0**52), -(2.0**52) + 1, np.nan])
def test_key_codes_group_floats_as_factorize(values: list[float]) -> None:
    # Equal codes exactly where pd.factorize (NaN a value) has equal codes, and every
    # code below the width given: whole numbers coded by subtraction, others hashed.
    array = np.array(values, dtype=np.float64)
    code, width = allocation._key_codes(array)
    found, _ = pd.factorize(array, use_na_sentinel=False)
    assert code.dtype == np.int64 and code.min() >= 0 and code.max() < width
    same = code[:, None] == code[None, :]
    assert np.array_equal(same, found[:, None] == found[None, :])


def test_whole_number_codes_hand_worked() -> None:
    # Scores 34, 31, NaN, -0, 34: low 0 (as -0), high 34; codes 34, 31, 35 (NaN one
    # past the largest), 0, 34; width 35 + 1 for NaN.
    got = allocation._whole_number_codes(np.array([34.0, 31.0, np.nan, -0.0, 34.0]))
    assert got is not None
    assert got[0].tolist() == [34, 31, 35, 0, 34] and got[1] == 36
    assert allocation._whole_number_codes(np.array([1.0, 1.5])) is None  # not whole
    assert allocation._whole_number_codes(np.array([1.0, np.inf])) is None
    assert allocation._whole_number_codes(np.array([np.nan, np.nan])) is None
    assert allocation._whole_number_codes(np.array([0.0, float(1 << 20)])) is None  # too wide


@needs_numba
def test_the_cases_of_whole_scores_are_found_without_factorize() -> None:
    # 300,000 suggested patients (past MIN_ROWS) with whole scores: no hash table of
    # a key or of the combined codes (main factorised both scores and the combination).
    rng = np.random.default_rng(3)
    n = 300_000
    keys = [
        rng.integers(1, 22, n),
        rng.integers(20, 40, n).astype(np.float64),
        rng.integers(1, 22, n),
        np.where(rng.random(n) < 0.01, np.nan, rng.integers(10, 38, n).astype(np.float64)),
    ]
    members = np.arange(n)
    calls: list[int] = []
    real = pd.factorize

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pd, "factorize", counted)
        group, representative = allocation._distinct(keys, members)
    assert calls == []
    with pytest.MonkeyPatch.context() as patch:
        _without_numba(patch)
        patch.setattr(allocation, "_whole_number_codes", lambda values: None)
        former = allocation._distinct(keys, members)  # the hash tables, as on main
    assert np.array_equal(group, former[0]) and np.array_equal(representative, former[1])


_PATIENT = st.tuples(
    st.sampled_from([0, 0, 1, 2, 3]),  # outcome
    st.sampled_from([3, 11, 12]),  # suggested (for outcome 0)
    st.sampled_from([9.0, 7.0, -0.0, 0.0, 34.0, np.nan]),  # whole scores, and NaN
    st.sampled_from([-1, 3, 12]),  # runner-up
    st.sampled_from([7.0, 9.0, 0.0, -0.0, np.nan, 8.5]),  # runner-up score
    st.sampled_from([0, 1, 5, 1 << 17]),  # item bitmask
)


def _allocation(rows: list[tuple[int, int, float, int, float, int]]) -> Allocation:
    outcome = np.array([r[0] for r in rows], dtype=np.int8)
    score = np.array([r[2] for r in rows])
    runner_up_score = np.array([r[4] for r in rows])
    mask = np.array([r[5] for r in rows], dtype=np.int64)
    return Allocation(
        suggested=np.where(outcome == 0, [r[1] for r in rows], np.where(outcome == 3, 99, 0)),
        score=score,
        runner_up=np.array([r[3] for r in rows], dtype=np.int64),
        runner_up_score=runner_up_score,
        margin=score - runner_up_score,
        outcome=outcome,
        unknown_count=np.array([bin(m).count("1") for m in mask.tolist()], dtype=np.int8),
        unknown_items=np.where(outcome == 3, mask, 0),
        breaking_items=np.where(outcome == 2, mask, 0),
        min_score=0.0,
        max_unknown=2,
    )


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(_PATIENT, min_size=1, max_size=60), block=st.integers(1, 7))
def test_reasons_are_those_of_the_hash_tables(
    rows: list[tuple[int, int, float, int, float, int]], block: int
) -> None:
    # The reasons with the whole-number codes and the compiled numbering (every size
    # compiled) against the reasons with neither (pd.factorize throughout, as on main).
    a = _allocation(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation, "REASON_BLOCK", block)
        patch.setattr(group_kernel, "MIN_ROWS", 1)
        got = allocation.reasons(a)
        _without_numba(patch)
        patch.setattr(allocation, "_whole_number_codes", lambda values: None)
        former = allocation.reasons(a)
    assert list(got.categories) == list(former.categories)
    assert got.codes.tolist() == former.codes.tolist()
