"""Which patient IDs share a fingerprint, found by a compiled pass of hashing instead
of a sort of every fingerprint (issue 16, round 16: the sort of 10 million took
0.65-0.8 s of CPU, the hashing 0.16-0.18 s). The candidates must be exactly those of
the sort: every present text whose fingerprint another present text has."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import repeats

pytestmark = pytest.mark.skipif(repeats._compiled() is None, reason="numba is absent")


def _shared_by_counting(fingerprints: list[int], present: list[bool]) -> list[int]:
    """The plain reading: the present positions whose fingerprint occurs at least
    twice among the present ones."""
    counts = Counter(f for f, p in zip(fingerprints, present, strict=True) if p)
    return [
        i for i, (f, p) in enumerate(zip(fingerprints, present, strict=True)) if p and counts[f] > 1
    ]


def _compiled_shared(fingerprints: list[int], present: list[bool]) -> list[int]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(repeats, "COMPILED_ROWS", 1)
        found = repeats.shared_fingerprints(
            np.array(fingerprints, dtype=np.uint64), np.array(present, dtype=bool)
        )
    return [int(i) for i in found]


def test_shared_fingerprints_worked_by_hand() -> None:
    # Fingerprints 5, 7, 5, 9, 7, 7 with position 4 blank (not present):
    #   5 at 0 and 2: shared; 7 at 1 and 5 (4 is blank): shared; 9 alone.
    #   -> positions 0, 1, 2, 5.
    fingerprints = [5, 7, 5, 9, 7, 7]
    present = [True, True, True, True, False, True]
    assert _compiled_shared(fingerprints, present) == [0, 1, 2, 5]
    # A blank's fingerprint shared with one present text only: not a candidate.
    assert _compiled_shared([3, 3], [True, False]) == []
    assert _compiled_shared([], []) == []


# Fingerprints from a few values (many shared, several to a slot of the table) spread
# over the whole 64 bits, so that they fall in different partitions and the same one.
_VALUES = st.sampled_from([0, 1, 2, 2**63, 2**64 - 1, 0x9E3779B97F4A7C15, 1 << 56, 3 << 56])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(_VALUES, st.integers(0, 2**64 - 1)), st.booleans()), max_size=200)
)
def test_the_same_candidates_as_counting(cells: list[tuple[int, bool]]) -> None:
    fingerprints = [f for f, _ in cells]
    present = [p for _, p in cells]
    assert _compiled_shared(fingerprints, present) == _shared_by_counting(fingerprints, present)


def test_ids_are_not_sorted_to_find_shared_fingerprints(monkeypatch: pytest.MonkeyPatch) -> None:
    # Failed before round 16: every fingerprint was sorted (np.sort of a uint64 array).
    sorted_kinds: list[Any] = []
    sort = np.sort

    def spy(values: Any, *args: Any, **kwargs: Any) -> Any:
        sorted_kinds.append(np.asarray(values).dtype)
        return sort(values, *args, **kwargs)

    monkeypatch.setattr(repeats, "COMPILED_ROWS", 1)
    monkeypatch.setattr(np, "sort", spy)
    column = pa.chunked_array([pa.array([f"P{i}" for i in range(1000)] + ["P7", None, "P7"])])
    assert repeats.repeated_positions(column).tolist() == [1000, 1002]
    assert np.dtype(np.uint64) not in sorted_kinds
