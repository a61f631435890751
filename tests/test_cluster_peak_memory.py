"""`pbrkit cluster` at 10 million patients within 1.5× the bare read and kernel (issue 16).

Each step that holds less is checked here against the computation it replaces:
the same figures, bit for bit, on inputs of any size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pbrkit import clustering
from pbrkit.allocation import Allocation, allocation_frame
from pbrkit.clustering import money_by_cell, patients_per_code

codes = st.sampled_from([0, 1, 3, 10, 11, 17, 21, 99])
money = st.floats(-1e7, 1e7, allow_nan=False, allow_subnormal=False)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(codes, codes, money), max_size=60),
    st.sampled_from([np.int16, np.int64]),
)
def test_money_by_cell_is_the_group_by_over_both_codes(cells: list, dtype: type) -> None:
    # One folded key per cell gives each cell the same patients in the same order as
    # the group-by over the two arrays it replaces, so the same sums, bit for bit.
    clinician = np.array([c for c, _, _ in cells], dtype=dtype)
    suggested = np.array([s for _, s, _ in cells], dtype=dtype)
    difference = np.array([m for _, _, m in cells], dtype=np.float64)
    expected = pd.Series(difference).groupby([clinician, suggested]).sum()
    got = money_by_cell(clinician, suggested, difference)
    assert got.index.get_level_values(0).tolist() == expected.index.get_level_values(0).tolist()
    assert got.index.get_level_values(1).tolist() == expected.index.get_level_values(1).tolist()
    assert got.index.get_level_values(0).dtype == np.int64
    assert got.to_numpy().tobytes() == expected.to_numpy().tobytes()


def test_money_by_cell_worked_example() -> None:
    # Cells (3, 1): -410 + 0.1 = -409.9; (11, 3): 1010; (3, 0): 90.
    # Key (c - 0) * 12 + s: (3, 1) -> 37, (11, 3) -> 135, (3, 0) -> 36.
    got = money_by_cell(
        np.array([3, 11, 3, 3], np.int16),
        np.array([1, 3, 0, 1], np.int16),
        np.array([-410.0, 1010.0, 90.0, 0.1]),
    )
    assert list(got.index) == [(3, 0), (3, 1), (11, 3)]
    assert got.tolist() == [90.0, -410.0 + 0.1, 1010.0]


def test_money_by_cell_codes_spread_wide_grouped_by_both() -> None:
    # A span beyond 2**15 codes would overflow the folded key: grouped by both codes.
    got = money_by_cell(
        np.array([1, 40_000, 1], np.int64), np.array([2, 2, 2], np.int64), np.ones(3)
    )
    assert list(got.index) == [(1, 2), (40_000, 2)]
    assert got.tolist() == [2.0, 1.0]


@settings(max_examples=80, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(0, 50),
        elements=st.sampled_from([np.nan, 0.0, 1.0, 3.0, 99.0, 70_000.0, -2.0]),
    ),
    st.integers(1, 7),
)
def test_patients_per_code_is_value_counts(values: np.ndarray, block: int) -> None:
    # Counted in blocks (of 1 to 7 here), by bincount or, for codes beyond 16 bits or
    # below 0, by np.unique: the counts value_counts gives, code by code.
    expected = pd.Series(values).dropna().astype(np.int64).value_counts().sort_index()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clustering, "COUNT_BLOCK", block)
        got = patients_per_code(values).sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert got.tolist() == expected.tolist()
    assert got.dtype == np.int64
    whole = values[~np.isnan(values)].astype(np.int64)
    assert patients_per_code(whole).sort_index().tolist() == expected.tolist()


def test_patients_per_code_worked_example() -> None:
    # 3 twice, 11 once, 99 once; the blank is no one's code.
    got = patients_per_code(np.array([3.0, np.nan, 11.0, 3.0, 99.0]))
    assert got.sort_index().to_dict() == {3: 2, 11: 1, 99: 1}


def test_runner_up_column_shares_the_allocations_array() -> None:
    # No copy of the runner-up codes (80 MB at 10 million patients): the column reads
    # the allocation's array, missing where there is no runner-up (-1).
    n = 3
    allocation = Allocation(
        suggested=np.array([3, 0, 99]),
        score=np.array([9.0, np.nan, np.nan]),
        runner_up=np.array([12, -1, -1]),
        runner_up_score=np.array([7.0, np.nan, np.nan]),
        margin=np.array([2.0, np.nan, np.nan]),
        outcome=np.array([0, 2, 3], dtype=np.int8),
        unknown_count=np.array([0, 0, 5], dtype=np.int8),
        unknown_items=np.array([0, 0, 31]),
        breaking_items=np.array([0, 1, 0]),
        min_score=0.0,
        max_unknown=2,
    )
    frame = allocation_frame(["a", "b", "c"], allocation)
    column = frame["runner_up"]
    assert column.dtype == "Int64"
    assert column.isna().tolist() == [False, True, True]
    assert column.iloc[0] == 12
    assert np.shares_memory(column.array._data, allocation.runner_up)
    assert len(frame) == n
