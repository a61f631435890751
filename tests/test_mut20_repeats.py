"""Mutation round mut20 on ``repeats.shared_fingerprints``: with no fingerprint
shared, the answer is still positions (integers) that index a column
(benchmarks/mutation-session20.md).
"""

from __future__ import annotations

import numpy as np

from pbrkit.io.repeats import shared_fingerprints


def test_no_shared_fingerprint_gives_positions_that_index() -> None:
    # 1, 2, 3: none twice, so no position; 1, 2, 1: positions 0 and 2.
    present = np.ones(3, dtype=bool)
    none = shared_fingerprints(np.array([1, 2, 3], dtype=np.uint64), present)
    assert none.dtype == np.intp and none.size == 0
    assert np.array(["a", "b", "c"])[none].tolist() == []
    both = shared_fingerprints(np.array([1, 2, 1], dtype=np.uint64), present)
    assert both.dtype == np.intp and both.tolist() == [0, 2]
