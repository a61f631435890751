"""ratings_array of a typed extract (every item column integers, as Parquet's int8)
fills a patient's 18 ratings side by side a block of patients at a time, not column
by column and then copied into C order (round 17 of issue 16): the same array and
the same problems as the column-by-column way, with one array of the ratings held,
not two."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import allocation
from pbrkit.allocation import ITEMS, UNKNOWN, ratings_array
from pbrkit.errors import InputError

_DTYPES = st.sampled_from([np.int8, np.int16, np.int64, np.uint8, np.uint16])
_CELL = st.sampled_from([0, 1, 2, 3, 4, 9, 9, 0, 2, 5, 8, 10, 127, -1, -3, -128])


def _column_by_column(frame: pd.DataFrame) -> np.ndarray:
    """The rule as it was written before: each column 0-4 kept, else -1 (9 and the
    bad alike), filled in Fortran order and copied into C order."""
    out = np.empty((18, len(frame)), dtype=np.int8).T
    for j, item in enumerate(ITEMS):
        whole = frame[item].to_numpy()
        rating = (whole >= 0) & (whole <= 4)
        out[:, j] = np.where(rating, whole, UNKNOWN)
    return np.ascontiguousarray(out)


def _bad_cells(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """(sheet row, item) of each cell neither 0-4 nor 9, row by row (header: row 1)."""
    return [
        (position + 2, item)
        for position in range(len(frame))
        for item in ITEMS
        if int(frame[item].iloc[position]) not in {0, 1, 2, 3, 4, 9}
    ]


@settings(max_examples=80, deadline=None)
@given(
    cells=st.lists(st.lists(_CELL, min_size=18, max_size=18), min_size=1, max_size=40),
    dtypes=st.lists(_DTYPES, min_size=18, max_size=18),
    block=st.sampled_from([1, 3, 7, 64]),
)
def test_the_same_ratings_and_problems_as_column_by_column(
    cells: list[list[int]], dtypes: list[type], block: int
) -> None:
    frame = pd.DataFrame(
        {
            item: np.array([row[j] for row in cells]).astype(dtypes[j])
            for j, item in enumerate(ITEMS)
        }
    )
    # Blocks of a few patients, so that one frame crosses several (and a last part).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation, "RATINGS_BLOCK", block)
        expected = _bad_cells(frame)
        if not expected:
            out = ratings_array(frame)
            assert out.dtype == np.int8 and out.flags.c_contiguous
            assert np.array_equal(out, _column_by_column(frame))
            return
        with pytest.raises(InputError) as raised:
            ratings_array(frame, max_problems=10_000)
    assert [(p.row, p.column) for p in raised.value.problems] == expected


def test_hand_worked_typed_ratings() -> None:
    # int8 cells 0, 9, 4, 2: kept 0, unknown -1, kept 4, kept 2 in every item;
    # item 5 as int16 with 3, 9, 0, 1: 3, -1, 0, 1.
    frame = pd.DataFrame({item: np.array([0, 9, 4, 2], dtype=np.int8) for item in ITEMS})
    frame["5"] = np.array([3, 9, 0, 1], dtype=np.int16)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation, "RATINGS_BLOCK", 3)  # rows 0-2, then row 3
        out = ratings_array(frame)
    assert out[:, 0].tolist() == [0, UNKNOWN, 4, 2]
    assert out[:, 4].tolist() == [3, UNKNOWN, 0, 1]
    assert out[3].tolist() == [2, 2, 2, 2, 1, *[2] * 13]


def test_one_array_of_the_ratings_held_not_two() -> None:
    # 200,000 patients × 18 items of int8: 3.6 MB of ratings. Filled column by column
    # and copied into C order, both arrays were held at once (7.2 MB at the peak);
    # filled in C order, the ratings and a block's temporaries (4 arrays of 65,536
    # bytes) are.
    rng = np.random.default_rng(17)
    n = 200_000
    frame = pd.DataFrame(
        {item: rng.choice(np.array([0, 1, 2, 3, 4, 9], dtype=np.int8), n) for item in ITEMS}
    )
    tracemalloc.start()
    try:
        out = ratings_array(frame)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(out, _column_by_column(frame))
    assert peak < 1.5 * n * 18
