"""The reasons' cases matched across blocks by their values in one look-up
(allocation._case_values, _known_as), not a dictionary per case in Python (issue 16,
round 12). Equal as pd.factorize finds them: NaN to NaN, -0 to 0; nothing else
(tests/test_cluster_peak_memory.py checks whole reasons against one pass)."""

from __future__ import annotations

import numpy as np

from pbrkit.allocation import _case_values, _known_as


def _cases(*columns: list[float] | list[int]) -> np.ndarray:
    return np.column_stack([_case_values(np.asarray(c)) for c in columns])


def test_nan_meets_nan_and_minus_zero_meets_zero() -> None:
    known = _cases([3, 3, 11], [9.0, np.nan, 0.0])
    # A NaN of another payload, -0, a score one bit away, an unknown cluster.
    other_nan = np.frombuffer(np.array([0x7FF8000000000001]).tobytes(), dtype=np.float64)[0]
    found = _cases([3, 11, 3, 11, 12], [other_nan, -0.0, np.nextafter(9.0, 10.0), 0.0, 9.0])
    assert _known_as(known, found).tolist() == [1, 2, -1, 2, -1]


def test_nothing_known_yet() -> None:
    assert _known_as(_cases([], []), _cases([1], [2.0])).tolist() == [-1]
