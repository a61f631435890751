"""The compiled fingerprint pass runs for a long column however Arrow chunks it.

Found profiling ``read_ratings`` at 10 million patients (issue 16, round 13): the
compiled pass (io/repeats, round 12) was chosen per chunk, from 200,000 texts, but a
Parquet read hands the patient IDs over in chunks of 65,536-131,072, so at 10 million
every chunk went through numpy's blocks (0.57 s under the profiler) and the compiled
pass never ran. The choice is now made once for the column; the fingerprints are the
same values either way (tests/test_perf_fingerprints.py).
"""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pyarrow as pa
import pytest

from pbrkit.io import repeats

pytestmark = pytest.mark.skipif(repeats._compiled() is None, reason="numba is absent")


def test_a_long_column_of_short_chunks_is_compiled() -> None:
    # 4 chunks of 1,000 texts: 4,000 in all, over a (lowered) threshold of 3,000, while
    # each chunk is under it.
    ids = [f"P{i:07d}" for i in range(4_000)]
    column = pa.chunked_array([pa.array(ids[i : i + 1_000]) for i in range(0, 4_000, 1_000)])
    calls = []
    numpy_blocks = repeats._fingerprints

    def counted(*args: object) -> np.ndarray:
        calls.append(1)
        return numpy_blocks(*args)  # type: ignore[arg-type]

    with (
        patch.object(repeats, "COMPILED_ROWS", 3_000),
        patch.object(repeats, "_fingerprints", counted),
    ):
        compiled = repeats.text_fingerprints(column)
    assert calls == []  # no chunk went through numpy's blocks
    with patch.object(repeats, "COMPILED_ROWS", 1 << 62):
        blocks = repeats.text_fingerprints(column)
    np.testing.assert_array_equal(compiled, blocks)


def test_a_short_column_stays_with_numpy() -> None:
    column = pa.chunked_array([pa.array(["P1", "P2"]), pa.array(["P1"])])
    with (
        patch.object(repeats, "COMPILED_ROWS", 4),
        patch.object(repeats, "_compiled", lambda: pytest.fail("compiled for 3 texts")),
    ):
        assert repeats.repeated_positions(column).tolist() == [2]
