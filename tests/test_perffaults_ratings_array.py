"""ratings_array keeps the flags of bad cells only for the columns that have them
(round 10 of issue 16): the same ratings, and the same problems in the same (reading)
order, as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.allocation import ITEMS, UNKNOWN, ratings_array
from pbrkit.errors import InputError
from pbrkit.io.ratings import read_ratings

_CELL = st.sampled_from([0, 1, 2, 3, 4, 9, 5, -3, None, "2", "x", 2.5])


def _expected_problems(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """(row, item) of every bad cell in reading order: row by row, then A-E last."""
    found = []
    for position in range(len(frame)):
        for item in ITEMS:
            value = frame[item].iloc[position]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            if isinstance(value, str):
                ok = value.strip() in {"0", "1", "2", "3", "4", "9"}
            else:
                ok = float(value) in {0, 1, 2, 3, 4, 9}
            if not ok:
                found.append((position + 2, item))  # header is row 1
    return found


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.lists(_CELL, min_size=18, max_size=18), min_size=1, max_size=8),
    typed=st.lists(st.booleans(), min_size=18, max_size=18),
)
def test_problems_in_reading_order(cells: list[list[object]], typed: list[bool]) -> None:
    frame = pd.DataFrame(cells, columns=list(ITEMS), dtype=object)
    for j, item in enumerate(ITEMS):  # some columns as a typed extract's int8
        if typed[j] and all(isinstance(v, int) for v in frame[item]):
            frame[item] = frame[item].astype(np.int8)
    expected = _expected_problems(frame)
    if not expected:
        out = ratings_array(frame)
        assert out.shape == (len(frame), 18) and out.flags.c_contiguous
        return
    with pytest.raises(InputError) as raised:
        ratings_array(frame, max_problems=1000)
    got = [(p.row, p.column) for p in raised.value.problems]
    assert got == expected


def test_hand_worked_ratings() -> None:
    # Blank and 9 are unknown (-1); 0-4 kept; int8 and text columns alike.
    frame = pd.DataFrame({item: np.array([0, 9, 4], dtype=np.int8) for item in ITEMS})
    frame["7"] = pd.Series(["2", None, " 3 "], dtype=object)
    out = ratings_array(frame)
    assert out[:, 0].tolist() == [0, UNKNOWN, 4]
    assert out[:, 6].tolist() == [2, UNKNOWN, 3]


def test_items_of_a_parquet_extract_are_its_columns(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    table = {"patient_id": [f"p{i}" for i in range(50)]}
    for item in ITEMS:
        table[item] = rng.integers(0, 5, 50).astype(np.int8)
    path = tmp_path / "ratings.parquet"
    pd.DataFrame(table).to_parquet(path)
    data = read_ratings(path)
    for item in ITEMS:
        assert data.items[item].dtype == np.int8
        assert np.array_equal(data.items[item].to_numpy(), table[item])
    assert np.array_equal(ratings_array(data.items), np.column_stack([table[i] for i in ITEMS]))
