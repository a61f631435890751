"""Worked tests for pbrkit.exact_sum.GroupSums written against mut23's surviving mutants
(benchmarks/mutation-session23.md): a patient table read batch by batch is not held
past MIN_ROWS rows, and an infinity read by the compiled accumulators is kept.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from pbrkit import exact_sum, group_kernel

compiled = pytest.mark.skipif(not group_kernel.installed(), reason="numba not installed")


def _held_rows(sums: exact_sum.GroupSums) -> int:
    return sum(len(keys) for keys, _ in sums._held)


@pytest.mark.parametrize("numba", [True, False])
def test_rows_are_held_below_min_rows_and_not_from_there(
    monkeypatch: pytest.MonkeyPatch, numba: bool
) -> None:
    # MIN_ROWS set to 3. Chunks of 2 rows then 1: 2 < 3 are held (for math.fsum at the
    # end); 2 + 1 = 3 is not below 3, so from there the rows go into the exact
    # accumulators and nothing is held (a 10-million-row table is never kept whole).
    # Then a third chunk of 1 row is added straight in. Sums: code 0 = 0.1 + 0.3 =
    # 0.4 (exact sum 0.3999999999999999944488848768742172978818416595458984375, nearest
    # double 0.4); code 1 = 0.2 + 0.5 = 0.7 (exact 0.70000000000000001110223024625156540,
    # nearest double 0.7).
    if not numba:
        monkeypatch.setattr(exact_sum, "_passes", lambda: None)
    elif not group_kernel.installed():
        pytest.skip("numba not installed")
    monkeypatch.setattr(exact_sum, "MIN_ROWS", 3)
    sums = exact_sum.GroupSums(2)
    sums.add(np.array([0, 1]), np.array([0.1, 0.2]))
    assert _held_rows(sums) == 2
    sums.add(np.array([0]), np.array([0.3]))
    assert _held_rows(sums) == 0
    sums.add(np.array([1]), np.array([0.5]))
    assert _held_rows(sums) == 0
    # With numba the compiled accumulators take the rows, else pbrkit.dyadic_sum's.
    assert (sums._state is not None) is numba and (sums._dyadic is not None) is not numba
    assert sums.sums().tolist() == [math.fsum([0.1, 0.3]), math.fsum([0.2, 0.5])] == [0.4, 0.7]


@compiled
def test_an_infinity_in_the_compiled_accumulators_makes_the_sum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # MIN_ROWS set to 1: every chunk goes into the compiled accumulators. Code 0: 1.5 and
    # +inf = +inf; code 1: −inf, then +inf in a later chunk = NaN; code 2: 2.5 + 0.25 =
    # 2.75; NaN skipped.
    monkeypatch.setattr(exact_sum, "MIN_ROWS", 1)
    sums = exact_sum.GroupSums(3)
    sums.add(np.array([0, 0, 1, 2]), np.array([1.5, math.inf, -math.inf, 2.5]))
    sums.add(np.array([1, 2, 2]), np.array([math.inf, 0.25, math.nan]))
    found = sums.sums()
    assert found[0] == math.inf and math.isnan(found[1]) and found[2] == 2.75
