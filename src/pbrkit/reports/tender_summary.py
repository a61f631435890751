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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.currency import in_order
from pbrkit.io.tender_inputs import TenderSources
from pbrkit.model import RunMetadata
from pbrkit.reports.summary import _header
from pbrkit.tender import FIGURES, TenderResult
from pbrkit.tender.model import Bidder, Lot, TenderSpec

#: Per-cluster figures carried from the simulation into the Residue table.
CLUSTER_FIGURES: Final = (
    "residue_cost_gap",
    "lost_contribution",
    "stranded_fixed_cost",
    "cost_retained_for_taken",
    "nhs_income_retained",
    "nhs_surplus_before",
    "nhs_surplus_after",
    "nhs_surplus_change",
    "payments_to_bidders",
    "bidder_profit",
    "differential_payment",
)


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
        c = self.clusters
        surplus = c["surplus"]
        return {
            "income": float(c["income"].sum()),
            "cost": float(c["cost"].sum()),
            "surplus": float(surplus.sum()),
            "cross_subsidy": float(surplus[surplus > 0].sum()),
            "loss": -float(surplus[surplus < 0].sum()) + 0.0,
            "service_users": float(c["service_users"].sum()),
            "cluster_days": float(c["cluster_days"].sum()),
            "admitted_days": float(c["admitted_days"].sum()),
        }

    @property
    def waterfall(self) -> dict[str, float]:
        """The NHS surplus before → after in steps that add up exactly.

        ``after − before = −Σ_T (P − c) + Σ_T ((1 − v)·P − r·c + recharge) − S``
        (docs/methodology.md §6.5): the NHS loses the margin the taken patients made over their
        cost, keeps the income a block or blended payment leaves it and the cost of
        the services that still serve them, and keeps the fixed cost it cannot shed.
        ``taken_margin`` is the closing step, before + kept − S − after, which is
        Σ_T (P − c) exactly with one draw and the difference of medians with several.
        """
        r = self.result.residue
        before, stranded = r["nhs_surplus_before"], r["stranded_fixed_cost"]
        after = r["nhs_surplus_after"]
        kept = r["nhs_income_retained"] - r["cost_retained_for_taken"]
        return {
            "nhs_surplus_before": before,
            "taken_margin": before + kept - stranded - after,
            "kept_for_taken": kept,
            "stranded_fixed_cost": stranded,
            "nhs_surplus_after": after,
        }

    @property
    def public_sector(self) -> dict[str, Any]:
        """:func:`public_sector_figures` per draw: medians, and ranges with several draws."""
        per_draw = public_sector_figures(
            {name: self.result.draws[name].to_numpy(dtype=np.float64) for name in FIGURES}
        )
        out: dict[str, Any] = {name: _median(values) for name, values in per_draw.items()}
        if self.draws > 1:
            out["ranges"] = {
                name: {
                    label: float(np.nanpercentile(values, q))
                    for label, q in (("p5", 5.0), ("p50", 50.0), ("p95", 95.0))
                }
                for name, values in per_draw.items()
            }
        return out

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
        """How the patients taken compare with others in the same clusters.

        ``taken_cost_ratio`` = Σ_T c ÷ Σ_T (mean cost of the patient's cluster): below 1
        the bidders took the cheaper patients within clusters. ``taken_mean_cost``
        and ``residue_mean_cost`` are £ per head.
        """
        c = self.clusters
        expected = float((c["taken_patients"] * c["mean_cost_before"]).sum())
        taken_cost = float(c["taken_cost"].sum())
        taken = float(c["taken_patients"].sum())
        left = float(c["residue_patients"].sum())
        return {
            "taken_cost_ratio": taken_cost / expected if expected > 0 else float("nan"),
            "taken_mean_cost": taken_cost / taken if taken else float("nan"),
            "residue_mean_cost": float(c["residue_cost"].sum()) / left if left else float("nan"),
            "mean_cost_before": float(c["cost"].sum() / c["service_users"].sum())
            if float(c["service_users"].sum())
            else float("nan"),
        }


def public_sector_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The commissioner's and the whole public sector's money, from methodology §6.5 figures.

    * ``commissioner_saving`` = −``commissioner_cost_change`` = v·Σ_T P − Σ_T R: what
      the commissioner no longer pays the NHS for the people taken, less what it pays
      bidders for them;
    * ``public_cost_change`` = ``public_spending_change`` = commissioner cost change −
      change in NHS surplus: what the commissioner and the NHS together spend more
      (negative: save).

    ``figures`` may hold numbers or arrays (one value per draw, or per grid point).
    """
    return {
        "commissioner_saving": _pennies(-figures["commissioner_cost_change"]),
        "public_cost_change": _pennies(figures["public_spending_change"]),
    }


def _pennies(value: Any) -> Any:
    """Rounding noise below half a penny (a fixed tariff's saving of £0) is £0, not -£0."""
    return np.where(np.abs(value) < 0.005, 0.0, value) + 0.0


def residue_clusters(
    result: TenderResult, population: pd.DataFrame, reference_clusters: pd.DataFrame
) -> pd.DataFrame:
    """Per cluster: the population, what was taken, what is left and what it costs.

    Columns: ``cluster``, ``name``, ``superclass``, ``lot`` (the first lot tendering
    the cluster, else None), ``service_users``, ``cluster_days``, ``admitted_days``,
    ``income``, ``cost``, ``surplus``, ``cost_source``, ``taken_patients``,
    ``residue_patients``, ``mean_cost_before`` (cost ÷ people), ``casemix_index``,
    ``mean_cost_after`` (casemix index × mean cost before: the residue's mean cost),
    ``residue_cost`` (mean cost after × residue patients), ``taken_cost`` (cost −
    residue cost), then :data:`CLUSTER_FIGURES`.
    """
    figures = result.by_cluster.set_index("cluster")
    codes = figures.index.to_numpy(dtype=np.int64)
    grouped = population.groupby("cluster")
    if "cost_source" in population:
        sources = grouped["cost_source"].agg(
            lambda s: s.iloc[0] if (s == s.iloc[0]).all() else "mixed"
        )
    else:
        sources = pd.Series("given", index=figures.index)
    frame = pd.DataFrame(
        {
            "cluster": codes,
            "name": reference_clusters["name"].reindex(codes).to_numpy(dtype=object),
            "superclass": reference_clusters["superclass"].reindex(codes).to_numpy(dtype=object),
            "lot": pd.Series([_first_lot(result.spec, int(c)) for c in codes], dtype=object),
            "service_users": figures["patients"].to_numpy(dtype=np.float64),
            "cluster_days": grouped["days"].sum().reindex(codes).to_numpy(dtype=np.float64),
            "admitted_days": grouped["admitted_days"].sum().reindex(codes).to_numpy(np.float64),
            "income": figures["income"].to_numpy(dtype=np.float64),
            "cost": figures["cost"].to_numpy(dtype=np.float64),
        }
    )
    frame["surplus"] = frame["income"] - frame["cost"]
    frame["cost_source"] = sources.reindex(codes).to_numpy(dtype=object)
    frame["taken_patients"] = figures["taken_patients"].to_numpy(dtype=np.float64)
    frame["residue_patients"] = figures["residue_patients"].to_numpy(dtype=np.float64)
    people = frame["service_users"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["mean_cost_before"] = np.where(people > 0, frame["cost"] / people, np.nan)
    frame["casemix_index"] = figures["casemix_index"].to_numpy(dtype=np.float64)
    left = frame["residue_patients"].to_numpy()
    frame["mean_cost_after"] = np.where(
        left > 0, frame["casemix_index"] * frame["mean_cost_before"], np.nan
    )
    frame["residue_cost"] = np.where(left > 0, frame["mean_cost_after"] * left, 0.0)
    frame["taken_cost"] = frame["cost"] - frame["residue_cost"]
    for name in CLUSTER_FIGURES:
        frame[name] = figures[name].to_numpy(dtype=np.float64)
    return frame


def _median(values: Any) -> float:
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[~np.isnan(finite)]
    return float(np.median(finite)) if finite.size else float("nan")


def _first_lot(spec: TenderSpec, code: int) -> str | None:
    return next((lot.name for lot in spec.lots if code in lot.clusters), None)


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
    """The year-by-year table and its totals (money and people-years summed)."""
    money = ["nhs_surplus", "stranded_fixed_cost", "bidder_profit", "public_spending_change"]
    return {
        "rows": years.to_dict(orient="records"),
        "totals": {name: float(years[name].sum()) for name in money},
    }


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


def sweep_summary(
    grid: pd.DataFrame,
    parameters: list[str],
    *,
    draws: int,
    base: dict[str, Any],
    meta: RunMetadata,
) -> dict[str, Any]:
    """The ``summary.json`` object of a sweep: the grid, one row per point."""
    return {
        **_header(meta),
        "draws": draws,
        "parameters": parameters,
        "base": base,
        "sweep": grid.to_dict(orient="records"),
    }
