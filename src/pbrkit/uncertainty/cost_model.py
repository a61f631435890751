"""The adapter from the uncertainty machinery to ``pbrkit cost``: the surplus as a
function of the tariff and cost scales, the deflator and inflation.

A costing's income and cost are sums of price × activity and cost × activity, so a
multiplier of every price (``tariff.scale``) or every cost (``costs.scale``) scales the
totals exactly; the years then follow :func:`pbrkit.costing.project_years`, the same
arithmetic as the report's Projection (docs/methodology.md §2). There is no selection
noise: the seed is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from pbrkit.costing import CostingOptions, project_years
from pbrkit.uncertainty.params import UncertainParameter

#: The groups a costing can vary.
COST_GROUPS: Final = frozenset({"tariff", "costs", "years"})

#: The surplus in the input year (year 0 of the projection).
SURPLUS: Final = "surplus"
#: With two or more years: the surplus in the last year, and over all years.
SURPLUS_LAST_YEAR: Final = "surplus_last_year"
SURPLUS_ALL_YEARS: Final = "surplus_all_years"


@dataclass(frozen=True)
class CostModel:
    """``model(values, seed) → {figure: value}`` for a costing's totals.

    Attributes:
        income: total income of the input year (tariff × activity × MFF).
        cost: total cost of the input year.
        options: the run's options (years, deflator, inflation).
    """

    income: float
    cost: float
    options: CostingOptions

    def __call__(self, values: Mapping[str, float], seed: int) -> dict[str, float]:
        options = replace(
            self.options,
            deflator=values.get("years.deflator", self.options.deflator),
            inflation=values.get("years.inflation", self.options.inflation),
        )
        years = project_years(
            values.get("tariff.scale", 1.0) * self.income,
            values.get("costs.scale", 1.0) * self.cost,
            options,
        )
        surplus = years["surplus"].to_numpy()
        figures = {SURPLUS: float(surplus[0])}
        if options.years > 1:
            figures[SURPLUS_LAST_YEAR] = float(surplus[-1])
            figures[SURPLUS_ALL_YEARS] = float(surplus.sum())
        return figures

    def refuses(self, param: UncertainParameter) -> list[str]:
        """Why a costing cannot vary ``param`` (one reason at most), or []."""
        if param.path.group not in COST_GROUPS:
            return [
                f"'{param.name}' is a tender parameter; pbrkit cost can vary only "
                "tariff.scale, costs.scale, years.deflator and years.inflation"
            ]
        if param.path.group == "years" and self.options.years < 2:
            return [
                f"'{param.name}' changes prices or costs from one year to the next: give "
                "--years 2 or more (e.g. --years 5)"
            ]
        return []

    def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
        """None: a costing's parameters each set a value of their own."""
        return []
