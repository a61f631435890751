"""Worked tests for pbrkit.dyadic_sum written against mut23's surviving mutants
(benchmarks/mutation-session23.md): the numpy exact sums carry every patient-table
figure where numba is not installed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from pbrkit import dyadic_sum, exact_sum


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.int32])
def test_narrow_cluster_codes_are_summed_at_their_own_code(dtype: type) -> None:
    # A Parquet file's cluster column may be int8 or int16, and patients.py passes it as
    # the codes themselves (_row_codes). Each code's bins start at code × 2,098 (the
    # exponents −1073 to 1024): 20 × 2,098 = 41,960, past int16's 32,767 and uint8's 255,
    # so the codes must be widened to int64 before they are multiplied.
    # Code 20: 1.5 + 2.25 = 3.75; code 3: 0.1 + 0.2 = 0.30000000000000004 (the exact sum
    # of the two doubles, 0.3000000000000000166533453693773481063544750213623046875,
    # rounds to 0.30000000000000004, as math.fsum gives); every other code 0.
    sums = dyadic_sum.DyadicSums(21)
    sums.add(np.array([20, 3, 20, 3], dtype=dtype), np.array([1.5, 0.1, 2.25, 0.2]))
    found = sums.sums()
    assert found[20] == 3.75
    assert found[3] == math.fsum([0.1, 0.2]) == 0.30000000000000004
    assert np.count_nonzero(found) == 2


def test_narrow_codes_through_group_sums_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same through GroupSums as a patient table is read without numba: past MIN_ROWS
    # (set to 1 here) the chunks go to DyadicSums. int8 codes 99 (99 × 2,098 = 207,702):
    # 0.1 + 0.2 + 0.3 in two chunks = 0.6 (the exact sum rounded once).
    monkeypatch.setattr(exact_sum, "_passes", lambda: None)
    monkeypatch.setattr(exact_sum, "MIN_ROWS", 1)
    sums = exact_sum.GroupSums(100)
    sums.add(np.array([99, 99], dtype=np.int8), np.array([0.1, 0.2]))
    sums.add(np.array([99], dtype=np.int8), np.array([0.3]))
    found = sums.sums()
    assert found[99] == 0.6
    assert np.count_nonzero(found) == 1


def test_an_infinity_in_one_chunk_is_kept_past_a_later_chunk_with_nan() -> None:
    # Chunk 1: code 0 is +inf (its sum is +inf whatever else it holds). Chunk 2 has a NaN
    # (not finite, so the infinities are counted again) but no infinity: code 0's count of
    # +inf stays 1, not reset to 0, so its sum stays +inf; code 1: 2.5 (NaN skipped).
    sums = dyadic_sum.DyadicSums(2)
    sums.add(np.array([0, 1]), np.array([math.inf, 2.5]))
    sums.add(np.array([0, 1]), np.array([1.0, math.nan]))
    assert sums.sums().tolist() == [math.inf, 2.5]


def test_a_sum_past_the_largest_double_is_an_infinity_of_its_sign() -> None:
    # −2^1023 + −2^1023 = −2^1024, past the largest double (about 1.797e308, 2^1024 −
    # 2^971): −inf, not +inf; 2^1023 + 2^1023: +inf; 2^1023 + −2^1023: 0.
    sums = dyadic_sum.DyadicSums(3)
    big = 2.0**1023
    sums.add(np.array([0, 0, 1, 1, 2, 2]), np.array([-big, -big, big, big, big, -big]))
    assert sums.sums().tolist() == [-math.inf, math.inf, 0.0]


def test_rows_past_one_bincount_are_each_added_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # ROWS_AT_ONCE set to 2: five rows go to three bincounts, rows 0–1, 2–3 and 4.
    # 1 + 2 = 3, 4 + 8 = 12, 16: code 0's sum is 31, each row added once (a row twice
    # or one left out would give another sum: every subset of 1, 2, 4, 8, 16 sums apart).
    monkeypatch.setattr(dyadic_sum, "ROWS_AT_ONCE", 2)
    sums = dyadic_sum.DyadicSums(1)
    sums.add(np.zeros(5, dtype=np.int64), np.array([1.0, 2.0, 4.0, 8.0, 16.0]))
    assert sums.sums().tolist() == [31.0]
