"""Which rows of a ratings table have a cell: the shortcut for columns that cannot be
blank gives what scanning every column gives (round 10 of issue 16)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io.ratings import _rows_with_a_cell


def _scanned(body: pd.DataFrame) -> np.ndarray:
    """The rule spelt out: a row is kept when any of its cells is not missing."""
    return body.notna().any(axis=1).to_numpy(dtype=bool)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(min_value=0, max_value=30),
    kinds=st.lists(
        st.sampled_from(["int8", "bool", "float", "str", "object", "Int64"]), min_size=1, max_size=5
    ),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_the_same_rows_as_a_scan(rows: int, kinds: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    blank = rng.random((len(kinds), rows)) < 0.6
    columns: dict[str, object] = {}
    for i, kind in enumerate(kinds):
        gaps = blank[i]
        if kind == "int8":
            columns[f"c{i}"] = rng.integers(0, 5, rows).astype(np.int8)
        elif kind == "bool":
            columns[f"c{i}"] = rng.random(rows) < 0.5
        elif kind == "float":
            columns[f"c{i}"] = np.where(gaps, np.nan, rng.random(rows))
        elif kind == "str":
            columns[f"c{i}"] = pd.array([None if g else "x" for g in gaps], dtype="str")
        elif kind == "Int64":
            columns[f"c{i}"] = pd.array([None if g else 1 for g in gaps], dtype="Int64")
        else:
            columns[f"c{i}"] = pd.Series([None if g else 1.5 for g in gaps], dtype=object)
    body = pd.DataFrame(columns, index=range(rows))
    assert np.array_equal(_rows_with_a_cell(body), _scanned(body))


@pytest.mark.parametrize("dtype", ["Int8", "boolean"])
def test_nullable_columns_are_still_scanned(dtype: str) -> None:
    # Nullable integers and booleans can be blank: no shortcut for them.
    body = pd.DataFrame({"a": pd.array([1, None, True and 1], dtype=dtype)})
    assert _rows_with_a_cell(body).tolist() == [True, False, True]


def test_a_table_with_a_whole_number_column_keeps_every_row() -> None:
    body = pd.DataFrame({"id": ["a", None, None], "1": np.array([1, 2, 3], dtype=np.int8)})
    assert _rows_with_a_cell(body).tolist() == [True, True, True]
