"""Mutation round mut20 on perf20's error-value scan (``values.excel_errors``,
``starting_with``): the layouts and answers the first tests did not reach
(benchmarks/mutation-session20.md).

- a third chunk (with two, a chunk written at ``len(previous)`` instead of after every
  chunk before it lands in the same place);
- a chunk sliced out of the middle of its array (its offsets end before the buffer's);
- Arrow's text views (``string_view``), which have no offsets buffer and are cast;
- the answer is a boolean mask, as the readers use it (``~mask``, ``values[mask]``);
- a column that holds no error value's first byte never reaches the per-value test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pbrkit.io import values
from pbrkit.io.values import ERROR_FIRST_BYTES, excel_errors, starting_with


def test_three_chunks_each_land_after_the_ones_before() -> None:
    # Chunks of 2, 3 and 2 texts: the third starts at 2 + 3 = 5, not at 3 (the length
    # of the chunk before it). Expected by text: "#a" T, "b" F | "c" F, "d" F, "e1" T |
    # "f" F, "#z" T.
    column = pa.chunked_array([["#a", "b"], ["c", "d", "e1"], ["f", "#z"]])
    found = starting_with(column, ERROR_FIRST_BYTES)
    assert found.tolist() == [True, False, False, False, True, False, True]


def test_a_chunk_sliced_from_the_middle() -> None:
    # ["x", "#1", "E2", "y", "#3"][1:3] is "#1", "E2": its offsets are two of the five,
    # with one more offset after them that is not its own end of the buffer.
    middle = pa.array(["x", "#1", "E2", "y", "#3"])[1:3]
    assert starting_with(middle, ERROR_FIRST_BYTES).tolist() == [True, True]
    in_chunks = pa.chunked_array([middle, pa.array(["q", "e"])[0:1]])
    assert starting_with(in_chunks, ERROR_FIRST_BYTES).tolist() == [True, True, False]


def test_text_views_are_read_as_text() -> None:
    # A string_view array keeps short texts inline and has no offsets: it is cast to
    # large_string first. "#a" T, "b" F, null F, "Err:502" T, and a text past the
    # 12-byte inline limit starting with 'e' T.
    view = pa.array(["#a", "b", None, "Err:502", "error values here"], type=pa.string_view())
    assert starting_with(view, ERROR_FIRST_BYTES).tolist() == [True, False, False, True, True]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_the_answers_are_boolean_masks(kind: pa.DataType) -> None:
    found = starting_with(pa.chunked_array([pa.array(["#", "a"], type=kind)]), b"#")
    assert found.dtype == np.bool_
    assert (~found).tolist() == [False, True]
    assert starting_with(pa.array([], type=kind), b"#").dtype == np.bool_
    cells = pd.Series(["#N/A", "P1", "Err:502"], dtype="string[pyarrow]")
    hits = excel_errors(cells)
    assert hits.dtype == np.bool_
    assert (~hits).tolist() == [False, True, False]


def test_a_column_of_ids_is_not_tested_value_by_value(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,000 IDs P0000..P0999 and one "#N/A": only the one text starting with '#' is
    # tested as an error value (the perf20 cut); the IDs never are.
    tested: list[object] = []
    real = values._is_error

    def counting(text: object) -> bool:
        tested.append(text)
        return real(text)

    monkeypatch.setattr(values, "_is_error", counting)
    cells = pd.Series([*(f"P{i:04d}" for i in range(1000)), "#N/A"], dtype="string[pyarrow]")
    hits = excel_errors(cells)
    assert np.flatnonzero(hits).tolist() == [1000]
    assert tested == ["#N/A"]
