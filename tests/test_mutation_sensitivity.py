"""Hand-worked tests written against the survivors of mutation testing
`pbrkit.uncertainty.sensitivity` (benchmarks/mutation-uncertainty.md)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbrkit.uncertainty.sensitivity import METHOD, most_important, variance_shares

NAN = math.nan


def test_two_parameters_need_four_runs_and_nan_runs_are_left_out() -> None:
    # y = x1 + 2·x2 on the corners (0,0), (0,1), (1,0), (1,1), plus a fifth run where
    # y is undefined. Four runs (= 2 parameters + 2) are enough: Var(x1) = Var(x2) =
    # 0.25, β = (1, 2), parts 0.25 and 1, residual 0: shares 0.25/1.25 = 0.2 and
    # 1/1.25 = 0.8, R² = 1.
    samples = pd.DataFrame({"x1": [0.0, 0.0, 1.0, 1.0, 0.5], "x2": [0.0, 1.0, 0.0, 1.0, 0.5]})
    samples["y"] = [0.0, 2.0, 1.0, 3.0, NAN]
    result = variance_shares(samples, ["x1", "x2"], "y")
    assert result["method"] == METHOD
    assert result["r_squared"] == pytest.approx(1.0)
    assert result["shares"] == pytest.approx({"x1": 0.2, "x2": 0.8})
    # Three defined runs are too few for an intercept and two slopes and a residual.
    samples.loc[3, "y"] = NAN
    assert variance_shares(samples, ["x1", "x2"], "y") == {
        "method": METHOD,
        "r_squared": None,
        "shares": {"x1": None, "x2": None},
    }


def test_a_figure_that_does_not_vary_has_no_shares() -> None:
    # Ten runs, y = 7 throughout: Var(Y) = 0, so no share (not 0/0 = NaN).
    samples = pd.DataFrame({"x1": [float(i) for i in range(10)], "x2": [1.0, 2.0] * 5})
    samples["y"] = 7.0
    assert variance_shares(samples, ["x1", "x2"], "y") == {
        "method": METHOD,
        "r_squared": None,
        "shares": {"x1": None, "x2": None},
    }


def test_no_known_share_names_no_parameter() -> None:
    assert most_important({"x1": None, "x2": None}) is None
    assert most_important({}) is None
    # Ties go to the first in order.
    assert most_important({"x1": 0.4, "x2": 0.4, "x3": None}) == "x1"
