"""A caseload's people, synthesised one way for the tender and for its PSA.

`pbrkit tender` synthesises its population from the costed caseload (docs/methodology.md
§6.1): each row's people from its seed's population child, with admitted days following
cost where the clusters' package cost per community day k and the bed-day cost b are
known. The uncertainty analysis draws the same population again at a sampled cost
spread (`caseload.cost_cv`, docs/uncertainty.md). Both go through
:class:`CaseloadPopulation`, so a sample at the caseload's own spread is the tender's
population exactly, and the PSA's range varies the spread alone, not the synthesis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pbrkit.costing import BED_DAY_RESOURCE, CostInputs, cost_caseload, package_cost_per_day
from pbrkit.errors import InputError
from pbrkit.tender.population import synthesise_population
from pbrkit.tender.simulate import POPULATION_KEY

#: The costed caseload's columns a population is synthesised from.
CASELOAD_COLUMNS = ("cluster", "team", "service_users", "cluster_days", "admitted_days",
                    "episodes", "cost", "cost_cv", "cost_source", "caseload_row")  # fmt: skip


def population_seed(seed: int, draw: int | None = None) -> np.random.SeedSequence:
    """The population's child of ``--seed`` (the noise uses other children, methodology §6.1).

    With ``--redraw-population`` draw d has its own population, ``spawn_key=(0, d)``.
    """
    key = (POPULATION_KEY,) if draw is None else (POPULATION_KEY, draw)
    return np.random.SeedSequence(seed, spawn_key=key)


def package_and_bed_day_costs(
    packages: pd.DataFrame,
    unit_costs: pd.DataFrame,
    review_days: pd.Series,
    *,
    needed: bool = False,
) -> tuple[pd.Series | None, float | None]:
    """k per cluster and the bed-day cost b, or None where they cannot be worked out.

    ``unit_costs`` is indexed by resource. k is only needed for patients without a
    cost, so packages that cannot be costed are an error only when ``needed`` (some
    patient's cost must be modelled): then their own problems are raised, each at its
    row (a resource with no unit cost), as `pbrkit cost` names them, not "supply
    packages and unit costs" (fixleft found the reasons dropped).
    """
    bed = (
        float(unit_costs["unit_cost"].to_dict()[BED_DAY_RESOURCE])
        if BED_DAY_RESOURCE in unit_costs.index
        else None
    )
    try:
        k = package_cost_per_day(packages, unit_costs, review_days)["k"]
    except InputError:
        if needed:
            raise
        return None, bed
    return k, bed


def community_and_bed_day_costs(inputs: CostInputs) -> tuple[pd.Series | None, float | None]:
    """k per cluster and the bed-day cost b of a caseload's packages and unit costs."""
    return package_and_bed_day_costs(
        inputs.packages, inputs.unit_costs, inputs.clusters["review_days"]
    )


@dataclass(frozen=True)
class CaseloadPopulation:
    """What synthesising a costed caseload's people needs, worked out once.

    Attributes:
        rows: the costed caseload rows (:data:`CASELOAD_COLUMNS` present in them).
        tariff: the tariff that prices the people.
        review_days: review period in days, by cluster code.
        day_cost: k per cluster, or None where the packages cannot be costed.
        bed_day_cost: b, or None without a bed-day unit cost.
    """

    rows: pd.DataFrame
    tariff: pd.DataFrame
    review_days: pd.Series
    day_cost: pd.Series | None
    bed_day_cost: float | None

    @classmethod
    def of(cls, inputs: CostInputs) -> CaseloadPopulation:
        """The caseload of ``inputs`` costed as `pbrkit cost` costs it."""
        rows = cost_caseload(inputs).rows.rename(columns={"row": "caseload_row"})
        day_cost, bed_day = community_and_bed_day_costs(inputs)
        return cls(
            rows[[c for c in CASELOAD_COLUMNS if c in rows]],
            inputs.tariff,
            inputs.clusters["review_days"],
            day_cost,
            bed_day,
        )

    def synthesise(
        self, seed: np.random.SeedSequence, cost_cv: float | None = None
    ) -> pd.DataFrame:
        """The people, drawn from ``seed``; ``cost_cv`` replaces every row's spread."""
        rows = self.rows if cost_cv is None else self.rows.assign(cost_cv=cost_cv)
        return synthesise_population(
            rows,
            self.tariff,
            self.review_days,
            seed=seed,
            day_cost=self.day_cost,
            bed_day_cost=self.bed_day_cost,
        )
