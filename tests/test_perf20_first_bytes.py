"""``values.starting_with`` (round 19 of issue 16): each text's first byte read from
Arrow's offsets and bytes gives the cells Arrow's own ``starts_with`` passes gave, for
every layout a column arrives in (chunks, slices, narrow and wide offsets, nulls)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io.values import ERROR_FIRST_BYTES, starting_with

texts = st.lists(
    st.one_of(
        st.sampled_from(["#N/A", "E", "e", "", "Err:502", "£", "P1", " #"]),
        st.text(max_size=5),
        st.none(),
    ),
    max_size=30,
)


def _arrow_passes(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """What excel_errors asked Arrow before: three starts_with and two ors."""
    found = pc.or_(
        pc.or_(pc.starts_with(array, "#"), pc.starts_with(array, "E")), pc.starts_with(array, "e")
    )
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.integers(0, 5), st.sampled_from([pa.string(), pa.large_string()]))
def test_first_bytes_agree_with_arrow(
    first: list[str | None], second: list[str | None], cut: int, kind: pa.DataType
) -> None:
    chunks = [pa.array(first, type=kind), pa.array(second, type=kind)[cut:]]  # a sliced chunk
    column = pa.chunked_array(chunks, type=kind)
    assert np.array_equal(starting_with(column, ERROR_FIRST_BYTES), _arrow_passes(column))
    one = pa.array(first, type=kind)
    assert np.array_equal(starting_with(one, ERROR_FIRST_BYTES), _arrow_passes(one))


def test_worked_by_hand() -> None:
    # "#N/A" starts with '#'; "Err" with 'E'; "e" with 'e'; "" has no first byte;
    # None is null; " #N/A" starts with a space; "Émile" starts with the byte 0xC3, not
    # 'E'; the last text, "x", ends the bytes. Expected: T, T, T, F, F, F, F, F.
    column = pa.array(["#N/A", "Err", "e", "", None, " #N/A", "Émile", "x"])
    found = starting_with(column, ERROR_FIRST_BYTES)
    assert found.tolist() == [True, True, True, False, False, False, False, False]


def test_a_null_over_bytes_never_starts() -> None:
    # A null slot whose offsets span bytes ("#x"): Arrow allows it; it is still null.
    offsets = pa.py_buffer(np.array([0, 2, 4], dtype=np.int32).tobytes())
    data = pa.py_buffer(b"#x#y")
    validity = pa.py_buffer(np.packbits([1, 0], bitorder="little").tobytes())
    column = pa.Array.from_buffers(pa.string(), 2, [validity, offsets, data], null_count=1)
    assert starting_with(column, ERROR_FIRST_BYTES).tolist() == [True, False]


def test_only_empty_texts() -> None:
    assert starting_with(pa.array(["", "", None]), b"#").tolist() == [False, False, False]
    assert starting_with(pa.chunked_array([], type=pa.string()), b"#").tolist() == []
