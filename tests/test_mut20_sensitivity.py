"""Mutation round mut20 on the variance shares' own solver (``sensitivity._solve``,
blas20): two gaps the earlier tests left (benchmarks/mutation-session20.md).

- A parameter that did not vary, listed *before* one that did: its pivot is skipped and
  the columns after it must still be solved (a ``break`` there left every later slope
  at 0 and passed, since the tests' constant parameter came last).
- An off-diagonal entry of exactly 1 must still be eliminated (only a 0 may be skipped).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.uncertainty.sensitivity import _solve, variance_shares


def test_a_constant_parameter_before_a_varying_one_leaves_it_its_share() -> None:
    # fixed = 5 in every run (centred: all 0, its pivot 0 <= 1e-12 × 0: skipped); x runs
    # 1..6 (centred -2.5..2.5, Σx² = 17.5) and y = 3x (Σxy = 52.5): slope 52.5/17.5 = 3,
    # part 3² × Var(x) = 9 × 35/12 = 26.25, residual 0, so x's share 26.25/26.25 = 1,
    # fixed's 0, R² = 1. Solved no further than the constant column, x's slope is 0, its
    # share 0 and R² 0.
    frame = pd.DataFrame({"fixed": [5.0] * 6, "x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    frame["y"] = 3.0 * frame["x"]
    found = variance_shares(frame, ["fixed", "x"], "y")
    assert found["shares"] == {"fixed": 0.0, "x": pytest.approx(1.0, abs=1e-15)}
    assert found["r_squared"] == pytest.approx(1.0, abs=1e-15)


def test_an_entry_of_one_is_eliminated() -> None:
    # [2 1 | 3; 1 2 | 3] (x0 = x1 = 1). Column 0: pivot 2 (row 0), row 1 less 1/2 of row
    # 0: [0, 1.5 | 1.5]. Column 1: pivot 1.5 (row 1), row 0 less 1/1.5 of it: [2, 0 | 2].
    # Slopes 2/2 = 1 and 1.5/1.5 = 1. Skipping the entries of exactly 1 leaves
    # 3/2 = 1.5 for both.
    assert _solve([[2.0, 1.0, 3.0], [1.0, 2.0, 3.0]]) == pytest.approx([1.0, 1.0], abs=1e-15)


def test_three_columns_solved_by_hand() -> None:
    # [4 2 0 | 6; 2 5 1 | 8; 0 1 3 | 4] with the answer (1, 1, 1): 4+2 = 6, 2+5+1 = 8,
    # 1+3 = 4. Signs: the negated right-hand side gives (-1, -1, -1).
    augmented = [[4.0, 2.0, 0.0, 6.0], [2.0, 5.0, 1.0, 8.0], [0.0, 1.0, 3.0, 4.0]]
    assert _solve(augmented) == pytest.approx([1.0, 1.0, 1.0], abs=1e-15)
    negated = [[*row[:3], -row[3]] for row in augmented]
    assert _solve(negated) == pytest.approx([-1.0, -1.0, -1.0], abs=1e-15)
