"""Patient IDs' fingerprints from the compiled pass (io/repeats._fingerprint_each): the
same 64-bit values as numpy's blocks, so the same repeated IDs (issue 16, round 12).

The fingerprints only pick candidates (equal texts always share one; the candidates
are then compared as texts), but the compiled pass is meant to compute the very same
numbers, so it is checked value for value over texts of every shape: empty, null,
one byte, non-ASCII, long, and a chunk that is a slice of a larger array.
"""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import repeats

pytestmark = pytest.mark.skipif(repeats._compiled() is None, reason="numba is absent")

_TEXTS = st.lists(st.none() | st.text(max_size=40), min_size=1, max_size=60)


def _both(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    with patch.object(repeats, "COMPILED_ROWS", 1):
        compiled = repeats.text_fingerprints(column)
    with patch.object(repeats, "COMPILED_ROWS", 1 << 62):
        blocks = repeats.text_fingerprints(column)
    return compiled, blocks


@settings(max_examples=150, deadline=None)
@given(texts=_TEXTS, start=st.integers(0, 5), large=st.booleans())
def test_the_same_fingerprints_as_numpy(texts: list[str | None], start: int, large: bool) -> None:
    kind = pa.large_string() if large else pa.string()
    array = pa.array(["skipped"] * start + texts, type=kind)[start:]  # a slice: offset > 0
    compiled, blocks = _both(pa.chunked_array([array, array]))
    np.testing.assert_array_equal(compiled, blocks)


def test_repeats_found_through_the_compiled_pass() -> None:
    # Rows 0-5: P1, P2, P1 again, a null, an empty text, P2 again: positions 2 and 5.
    column = pa.chunked_array([pa.array(["P1", "P2", "P1", None, "", "P2"])])
    with patch.object(repeats, "COMPILED_ROWS", 1):
        assert repeats.repeated_positions(column).tolist() == [2, 5]
