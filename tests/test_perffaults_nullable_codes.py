"""The allocations table's clinician cluster as nullable integers, made a block at a
time (round 10 of issue 16): the same array as ``pd.array(values, dtype="Int64")``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import allocation
from pbrkit.allocation import nullable_codes

_CODE = st.sampled_from([0.0, 1.0, 3.0, 21.0, 99.0, -1.0, 1e15, np.nan])


def _same(got: pd.arrays.IntegerArray, want: pd.arrays.IntegerArray) -> None:
    assert got.dtype == want.dtype == pd.Int64Dtype()
    assert np.array_equal(got._mask, want._mask)
    assert np.array_equal(got._data, want._data)  # 1 under the mask, as pandas has it


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(_CODE, min_size=0, max_size=30),
    block=st.sampled_from([1, 2, 7, 1 << 16]),
)
def test_the_same_array_as_pandas(codes: list[float], block: int) -> None:
    values = np.array(codes, dtype=np.float64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation, "_CODES_BLOCK", block)
        got = nullable_codes(values)
    _same(got, pd.array(values, dtype="Int64"))


@pytest.mark.parametrize("bad", [1.5, np.inf, -np.inf, 2.0**64])
@pytest.mark.parametrize("block", [1, 1 << 16])
def test_codes_that_are_not_whole_are_refused_as_pandas_refuses_them(
    bad: float, block: int
) -> None:
    values = np.array([3.0, np.nan, bad, 4.0])
    with pytest.raises((TypeError, OverflowError)) as expected:
        pd.array(values, dtype="Int64")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation, "_CODES_BLOCK", block)
        with pytest.raises(expected.type) as raised:
            nullable_codes(values)
    assert str(raised.value) == str(expected.value)


def test_hand_worked() -> None:
    got = nullable_codes(np.array([11.0, np.nan, 0.0]))
    assert got.tolist() == [11, pd.NA, 0]
