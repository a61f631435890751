"""Repeated patient IDs found by fingerprints, then compared as texts (pbrkit.io.repeats)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import repeats
from pbrkit.io.repeats import exact_repeats, repeated_positions, text_fingerprints


def _seen_earlier(cells: list) -> list[int]:
    """The plain reading: a cell repeats when the same text came earlier."""
    seen: set[str] = set()
    found = []
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        if cell in seen:
            found.append(i)
        seen.add(cell)
    return found


ids = st.one_of(
    st.none(),
    st.sampled_from(["P1", "P2", "p1", "P1 ", "", "é", "e\u0301", "P10", "P01"]),
    st.text(max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(ids, max_size=40),
    st.sampled_from([pa.string(), pa.large_string()]),
    st.integers(1, 5),
    st.integers(1, 4),
)
def test_repeats_are_the_texts_seen_earlier(
    cells: list, kind: pa.DataType, chunks: int, block: int
) -> None:
    # Any texts (empty, unicode, look-alikes differing by case, space or accent),
    # nulls, either offset width, in several chunks (one sliced), fingerprinted a few
    # at a time: exactly the positions of texts seen earlier.
    size = -(-len(cells) // chunks) if cells else 1
    parts = [pa.array(cells[i : i + size], type=kind) for i in range(0, len(cells), size)]
    column = pa.chunked_array(parts or [pa.array([], type=kind)], type=kind)
    sliced = pa.chunked_array([pa.array(["x", *cells], type=kind).slice(1)], type=kind)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(repeats, "HASH_BLOCK", block)
        assert repeated_positions(column).tolist() == _seen_earlier(cells)
        assert repeated_positions(sliced).tolist() == _seen_earlier(cells)
        assert exact_repeats(column).tolist() == _seen_earlier(cells)


def test_a_shared_fingerprint_of_different_texts_is_not_a_repeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every text given the same fingerprint: all are candidates, and only the texts
    # equal to an earlier one (positions 2 and 4) are repeats.
    monkeypatch.setattr(
        repeats, "text_fingerprints", lambda column: np.zeros(len(column), dtype=np.uint64)
    )
    column = pa.chunked_array([pa.array(["A", "B", "A", None, "B", "C"])])
    assert repeated_positions(column).tolist() == [2, 4]


def test_fingerprints_of_equal_texts_are_equal_across_chunks_and_widths() -> None:
    # The same bytes give the same fingerprint wherever they sit; the empty text and
    # one of a single zero byte differ (the length is mixed in, and bytes count from 1).
    small = pa.chunked_array([pa.array(["ab", "", "\x00"]), pa.array(["ab"])])
    large = pa.chunked_array([pa.array(["x", "ab"], type=pa.large_string()).slice(1)])
    a = text_fingerprints(small)
    assert a[0] == a[3] == text_fingerprints(large)[0]
    assert len(set(a[:3].tolist())) == 3


def test_ten_thousand_distinct_ids_have_distinct_fingerprints() -> None:
    # Not needed for exactness (shared ones are compared), but for speed: the IDs of
    # a real extract should rarely share one.
    column = pa.chunked_array([pa.array([f"P{i:08d}" for i in range(10_000)])])
    assert len(np.unique(text_fingerprints(column))) == 10_000
    assert repeated_positions(column).size == 0


def test_ratings_reader_still_refuses_repeated_ids() -> None:
    from pbrkit.io.ratings import _repeated_positions

    ids = pd.Series(["P1", "P2", "P1", None, None, "P2", "P3"], dtype="str")
    assert _repeated_positions(ids).tolist() == [2, 5]


def _splitmix64_finaliser(x: int) -> int:
    """splitmix64's finaliser in Python integers (Steele, Lea and Flood, 2014)."""
    mask = (1 << 64) - 1
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & mask
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def test_a_fingerprint_worked_by_hand() -> None:
    # "ab" is the bytes 97, 98. With B = 0x100000001B3 and everything mod 2**64:
    #   sum = (97 + 1)·B^0 + (98 + 1)·B^1 = 98 + 99·B
    #   mixed with its length: sum XOR (2 · 0x9E3779B97F4A7C15)
    #   then splitmix64's finaliser.
    mask = (1 << 64) - 1
    base = 0x100000001B3
    total = (98 + 99 * base) & mask
    expected = _splitmix64_finaliser(total ^ ((2 * 0x9E3779B97F4A7C15) & mask))
    empty = _splitmix64_finaliser(0)  # no bytes, length 0
    # "abc": 98 + 99·B + 100·B^2, mixed with length 3.
    total_3 = (98 + 99 * base + 100 * base * base) & mask
    expected_3 = _splitmix64_finaliser(total_3 ^ ((3 * 0x9E3779B97F4A7C15) & mask))
    column = pa.chunked_array([pa.array(["ab", "", "abc"])])
    assert text_fingerprints(column).tolist() == [expected, empty, expected_3]


def test_ids_of_another_arrow_type_are_read_as_their_text() -> None:
    # A Parquet column written as a dictionary of texts (pandas' categorical) is cast
    # to text first: the same fingerprints, the same repeats.
    plain = pa.chunked_array([pa.array(["A", "B", "A", None, "B"])])
    encoded = pa.chunked_array([pa.array(["A", "B", "A", None, "B"]).dictionary_encode()])
    assert text_fingerprints(encoded).tolist() == text_fingerprints(plain).tolist()
    assert repeated_positions(encoded).tolist() == [2, 4]
