"""What the tender reports render, and ``summary.json`` for ``pbrkit tender`` and ``sweep``.

:class:`TenderReport` is the one object report.xlsx, report.html and summary.json are
made from, so they never disagree. Its per-cluster table joins the simulation's
figures to the population (days, names, where each cost came from) and derives the
residue's mean cost; every derived column is arithmetic on the simulation's figures,
so a spreadsheet formula over the same cells gives the same number.

With more than one draw every figure is a median over draws, taken figure by figure,
so per-cluster and per-bidder figures need not add up exactly to the overall ones;
with one draw they do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pbrkit.currency import in_order
from pbrkit.model import RunMetadata, TenderSources
from pbrkit.reports.summary import header as _header
from pbrkit.reports.suppression import SUPPRESSED, hidden_mask
from pbrkit.tender import FIGURES, TenderResult
from pbrkit.tender.accounts import (
    CLUSTER_FIGURES,
    population_totals,
    public_sector,
    selection,
    waterfall,
)
from pbrkit.tender.accounts import (
    year_rows as accounts_year_rows,
)
from pbrkit.tender.model import Bidder, Lot


@dataclass(frozen=True)
class TenderReport:
    """A finished tender and how it was made: what every tender report renders.

    Attributes:
        result: the simulation's result.
        clusters: one row per cluster (see :func:`residue_clusters`).
        sources: where each bidder, lot and NHS value came from.
        table_sources: where the population, tariff and packages came from.
        deflator: the tariff deflator applied to every patient's income (0 = none).
        scenario: the scenario file's name, if one was applied.
        notes: observations that are not errors (bidders that consider no lot, …).
        meta: version, command, inputs, reference set, seed.
        cost_below_bed_days: people whose cost is below the cost of their own bed
            days (docs/methodology.md §6.1: 0 on the examples); None when b is unknown.
        seeds: the child seeds of ``--seed`` the population and the noise used.
        years: the year-by-year table (docs/methodology.md §6.7) when more than one year was run.
    """

    result: TenderResult
    clusters: pd.DataFrame
    sources: TenderSources
    table_sources: dict[str, str]
    deflator: float
    scenario: str | None
    notes: tuple[str, ...]
    meta: RunMetadata
    cost_below_bed_days: int | None = None
    seeds: dict[str, str] = field(default_factory=dict)
    years: pd.DataFrame | None = None

    @property
    def draws(self) -> int:
        """Monte Carlo draws simulated."""
        return self.result.n_draws

    @property
    def totals(self) -> dict[str, float]:
        """The population's income, cost and surplus, as in the cost summary."""
        return population_totals(self.clusters)

    @property
    def waterfall(self) -> dict[str, float]:
        """The NHS surplus before → after in steps that add up (:func:`waterfall`)."""
        return waterfall(self.result.residue)

    @property
    def public_sector(self) -> dict[str, Any]:
        """:func:`public_sector` per draw: medians, and ranges with several draws."""
        return public_sector(self.result)

    @property
    def column_totals(self) -> dict[str, Any]:
        """Sums of the per-cluster table's number columns (its total row)."""
        numbers = self.clusters.select_dtypes("number")
        return {name: float(numbers[name].sum()) for name in numbers.columns}

    @property
    def bidder_totals(self) -> dict[str, Any]:
        """Sums of the per-bidder table's columns (its total row)."""
        numbers = self.result.by_bidder.drop(columns="bidder").select_dtypes("number")
        return {name: float(numbers[name].sum()) for name in numbers.columns}

    @property
    def bidder_cluster_totals(self) -> dict[str, Any]:
        """Sums of the bidder-by-cluster table's number columns."""
        numbers = self.result.by_bidder_cluster.drop(columns=["bidder", "cluster"])
        numbers = numbers.select_dtypes("number")
        return {name: float(numbers[name].sum()) for name in numbers.columns}

    @property
    def population_size(self) -> Any:
        """People in the tendered population."""
        return len(self.result.patients)

    @property
    def selection(self) -> dict[str, float]:
        """How the patients taken compare with others in the same clusters."""
        return selection(self.clusters)


def tender_summary(report: TenderReport) -> dict[str, Any]:
    """The ``summary.json`` object of a tender run (docs/methodology.md §6; README, Outputs)."""
    result = report.result
    clusters = report.clusters
    spec = result.spec
    return {
        **_header(report.meta),
        "draws": report.draws,
        "scenario": report.scenario,
        "totals": report.totals,
        "clusters": [
            {
                key: row[key]
                for key in (
                    "cluster",
                    "name",
                    "superclass",
                    "service_users",
                    "cluster_days",
                    "admitted_days",
                    "income",
                    "cost",
                    "surplus",
                    "cost_source",
                )
            }
            for row in clusters.to_dict(orient="records")
        ],
        "residue": {name: result.residue[name] for name in FIGURES},
        "residue_ranges": {
            name: dict(result.residue_ranges[name]) for name in FIGURES if result.residue_ranges
        },
        "waterfall": report.waterfall,
        "public_sector": report.public_sector,
        "selection": report.selection,
        "residue_by_cluster": [
            {
                key: row[key]
                for key in (
                    "cluster",
                    "lot",
                    "service_users",
                    "taken_patients",
                    "residue_patients",
                    "mean_cost_before",
                    "mean_cost_after",
                    "casemix_index",
                    "residue_cost",
                    "taken_cost",
                    *CLUSTER_FIGURES,
                )
            }
            for row in clusters.to_dict(orient="records")
        ],
        "bidders": result.by_bidder.to_dict(orient="records"),
        "bidders_by_cluster": result.by_bidder_cluster.loc[
            result.by_bidder_cluster["taken_patients"] != 0  # a hidden count (*) is kept
        ].to_dict(orient="records"),
        "lots": result.by_lot.to_dict(orient="records"),
        "nhs": {
            "fixed_cost_share": spec.nhs.fixed_cost_share,
            "shed_rate": spec.nhs.shed_rate,
            "retained_share": spec.nhs.retained_share,
            "payment": spec.nhs.payment,
            "variable_share": spec.nhs.variable_share,
            "income_at_risk": spec.nhs.income_at_risk,
            "source": report.sources.nhs,
            "pools": [pool.model_dump() for pool in spec.nhs.pools],
        },
        "tender": {
            "assumed": assumed_statements(report.sources.assumed),
            "allocation": spec.allocation,
            "bidders": [
                {**bidder_parameters(b), "defaults": report.sources.defaulted("bidders", b.name)}
                for b in spec.bidders
            ],
            "lots": [
                {**lot_parameters(lot), "defaults": report.sources.defaulted("lots", lot.name)}
                for lot in spec.lots
            ],
        },
        "population": {
            "source": report.table_sources.get("population"),
            "patients": report.population_size,
            "deflator": report.deflator,
            "cost_below_bed_days": report.cost_below_bed_days,
            "seeds": dict(report.seeds),
        },
        "sources": dict(report.table_sources),
        "notes": list(report.notes),
        **({"years": year_rows(report.years)} if report.years is not None else {}),
    }


def year_rows(years: pd.DataFrame) -> dict[str, Any]:
    """The year-by-year table and its totals (:func:`pbrkit.tender.accounts.year_rows`);
    under --publish a total over a hidden year is hidden too: it would give it back."""
    rows = accounts_year_rows(years)
    rows["totals"] = {
        name: SUPPRESSED if hidden_mask(years[name].tolist()).any() else total
        for name, total in rows["totals"].items()
    }
    return rows


def assumed_statements(assumed: tuple[str, ...]) -> list[str]:
    """What the run assumed because a sheet was absent, in words (methodology §8 defaults)."""
    said = {
        "bidders": (
            "No bidders sheet: one bidder, 'Outside provider', with cost factor 1.0 (as "
            "efficient as the NHS, so the result shows selection alone) and the default "
            "bidder settings."
        ),
        "lots": "No lots sheet: one fixed-tariff lot of every cluster.",
    }
    return [said[kind] for kind in assumed if kind in said]


def bidder_parameters(bidder: Bidder) -> dict[str, Any]:
    """A bidder's parameters as plain values (cluster lists sorted; None = all)."""
    values = bidder.model_dump(warnings=False)  # text codes: a set's, shown as written
    values["clusters"] = None if bidder.clusters is None else in_order(bidder.clusters)
    return values


def lot_parameters(lot: Lot) -> dict[str, Any]:
    """A lot's parameters as plain values (cluster list sorted)."""
    values = lot.model_dump(warnings=False)
    values["clusters"] = in_order(lot.clusters)
    return values
