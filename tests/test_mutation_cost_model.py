"""Tests written against the survivors of mutation testing `pbrkit.uncertainty.cost_model`
(benchmarks/mutation-uncertainty.md): inflation as a varied parameter, a two-year
projection's figures, and the words of the two refusals.
"""

from __future__ import annotations

import pytest

from pbrkit.costing import CostingOptions
from pbrkit.uncertainty.cost_model import CostModel
from pbrkit.uncertainty.params import ParameterRow, UncertainParameter, check_parameters


def _param(path: str, low: float, high: float) -> UncertainParameter:
    return check_parameters([ParameterRow(path, low, high, row=2)])[0]


def test_a_sampled_inflation_replaces_the_runs_own() -> None:
    # Income 1,000, cost 900, two years, the run's own inflation 20%.
    # Sampled inflation 10%: year 0 1,000 − 900 = 100; year 1 1,000 − 900 × 1.1 =
    # 1,000 − 990 = 10; all years 100 + 10 = 110.
    model = CostModel(1000.0, 900.0, CostingOptions(years=2, inflation=0.2))
    figures = model({"years.inflation": 0.1}, 0)
    assert figures == {
        "surplus": pytest.approx(100.0),
        "surplus_last_year": pytest.approx(10.0),
        "surplus_all_years": pytest.approx(110.0),
    }
    # Not sampled: the run's 20%: year 1 1,000 − 900 × 1.2 = 1,000 − 1,080 = −80;
    # all years 100 − 80 = 20.
    assert model({}, 0) == {
        "surplus": pytest.approx(100.0),
        "surplus_last_year": pytest.approx(-80.0),
        "surplus_all_years": pytest.approx(20.0),
    }


def test_two_years_give_the_last_year_and_all_years() -> None:
    # Income 1,000, cost 900, deflator 10%: year 1's income 1,000 × 0.9 = 900, surplus
    # 900 − 900 = 0; all years 100 + 0 = 100. The seed changes nothing (no noise).
    model = CostModel(1000.0, 900.0, CostingOptions(years=2, deflator=0.1))
    for seed in (0, 5):
        assert model({}, seed) == {
            "surplus": pytest.approx(100.0),
            "surplus_last_year": pytest.approx(0.0),
            "surplus_all_years": pytest.approx(100.0),
        }


def test_the_refusals_word_for_word() -> None:
    one_year = CostModel(1.0, 1.0, CostingOptions(years=1))
    assert one_year.refuses(_param("nhs.shed_rate", 0.1, 0.2)) == [
        "'nhs.shed_rate' is a tender parameter; pbrkit cost can vary only "
        "tariff.scale, costs.scale, years.deflator and years.inflation"
    ]
    # The same words as pbrkit cost's own --deflator and --inflation refusals: inflation
    # moves costs, not prices, so "changes prices" alone was wrong for it.
    for path in ("years.deflator", "years.inflation"):
        assert one_year.refuses(_param(path, 0.01, 0.02)) == [
            f"'{path}' changes prices or costs from one year to the next: give "
            "--years 2 or more (e.g. --years 5)"
        ]
    assert one_year.refuses(_param("tariff.scale", 0.9, 1.1)) == []


def test_two_years_are_enough_to_vary_a_yearly_rate() -> None:
    # --years 2 has a year 1 for the deflator and inflation to act on.
    two_years = CostModel(1.0, 1.0, CostingOptions(years=2))
    assert two_years.refuses(_param("years.deflator", 0.01, 0.02)) == []
    assert two_years.refuses(_param("years.inflation", 0.01, 0.02)) == []
    assert two_years.refuses_together([_param("tariff.scale", 0.9, 1.1)]) == []
