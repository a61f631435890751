"""The £ paid above and below the suggested clusters, summed once per run (round 15 of
issue 16): the headline reads each twice, and each sum was a pass over every audited
patient (0.1 s at 10 million). The same figures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from test_mutation_clustering import _result


class _CountedComparisons(np.ndarray):  # type: ignore[type-arg]
    """Differences that count how often they are compared with 0."""

    comparisons = 0

    def __gt__(self, other: Any) -> Any:
        _CountedComparisons.comparisons += 1
        return np.asarray(self) > other

    def __lt__(self, other: Any) -> Any:
        _CountedComparisons.comparisons += 1
        return np.asarray(self) < other


def test_each_side_summed_once(tmp_path: Path) -> None:
    result = _result(tmp_path)
    assert result.audit is not None and result.audit.audited_money is not None
    # Differences 0.5, −0.5, 2, −3, 0 (§5.4): above 0.5 + 2 = 2.5, below −0.5 − 3 = −3.5.
    difference = np.array([0.5, -0.5, 2.0, -3.0, 0.0]).view(_CountedComparisons)
    money = replace(result.audit.audited_money, difference=difference)
    changed = replace(result, audit=replace(result.audit, audited_money=money))
    _CountedComparisons.comparisons = 0
    for _ in range(2):  # as the headline's two figures read them
        assert changed.money_above == 2.5
        assert changed.money_below == -3.5
    # One comparison for each side, not one per read (4 before round 15).
    assert _CountedComparisons.comparisons == 2
    # A result made from it with other money sums its own.
    assert replace(changed, audit=None).money_above is None
