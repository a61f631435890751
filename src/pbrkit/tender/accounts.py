"""The accounts of a finished tender: the figures every tender report shows.

Pure functions over a :class:`~pbrkit.tender.TenderResult` and its per-cluster table:
the population's totals, the residue by cluster, the NHS surplus waterfall, the
public sector's money and how the patients taken compare with the rest
(docs/methodology.md §6.5). Computation lives here, not in the reports, so every
output (and the library user) gets the same numbers from one place.

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

from pbrkit.costing import cluster_totals
from pbrkit.model import RunMetadata, TenderSources
from pbrkit.tender.metrics import FIGURES
from pbrkit.tender.model import TenderSpec
from pbrkit.tender.simulate import TenderResult

#: Figures that describe the whole run, not a cluster (the rest of FIGURES are carried
#: per cluster into the Residue table, with the counts and casemix kept separately).
_RUN_ONLY: Final = frozenset(
    {"commissioner_cost_change", "public_spending_change", "casemix_index", "casemix_between",
     "casemix_within", "residue_cost_to_payment", "cost_to_payment_before", "taken_patients",
     "residue_patients"}
)  # fmt: skip
#: Per-cluster figures carried from the simulation into the Residue table.
CLUSTER_FIGURES: Final = tuple(name for name in FIGURES if name not in _RUN_ONLY)


def population_totals(clusters: pd.DataFrame) -> dict[str, float]:
    """The population's income, cost and surplus, as in the cost summary."""
    return cluster_totals(clusters)


def waterfall(residue: Mapping[str, float]) -> dict[str, float]:
    """The NHS surplus before → after in steps that add up exactly.

    ``after − before = −Σ_T (P − c) + Σ_T ((1 − v)·P − r·c + recharge) − S``
    (docs/methodology.md §6.5): the NHS loses the margin the taken patients made over their
    cost, keeps the income a block or blended payment leaves it and the cost of
    the services that still serve them, and keeps the fixed cost it cannot shed.
    ``taken_margin`` is the closing step, before + kept − S − after, which is
    Σ_T (P − c) exactly with one draw and the difference of medians with several.
    """
    before, stranded = residue["nhs_surplus_before"], residue["stranded_fixed_cost"]
    after = residue["nhs_surplus_after"]
    kept = residue["nhs_income_retained"] - residue["cost_retained_for_taken"]
    return {
        "nhs_surplus_before": before,
        "taken_margin": before + kept - stranded - after,
        "kept_for_taken": kept,
        "stranded_fixed_cost": stranded,
        "nhs_surplus_after": after,
    }


def public_sector(result: TenderResult) -> dict[str, Any]:
    """:func:`public_sector_figures` per draw: medians, and ranges with several draws."""
    per_draw = public_sector_figures(
        {name: result.draws[name].to_numpy(dtype=np.float64) for name in FIGURES}
    )
    out: dict[str, Any] = {name: _median(values) for name, values in per_draw.items()}
    if result.n_draws > 1:
        out["ranges"] = {
            name: {
                label: float(np.nanpercentile(values, q))
                for label, q in (("p5", 5.0), ("p50", 50.0), ("p95", 95.0))
            }
            for name, values in per_draw.items()
        }
    return out


def selection(clusters: pd.DataFrame) -> dict[str, float]:
    """How the patients taken compare with others in the same clusters.

    ``taken_cost_ratio`` = Σ_T c ÷ Σ_T (mean cost of the patient's cluster): below 1
    the bidders took the cheaper patients within clusters. ``taken_mean_cost``
    and ``residue_mean_cost`` are £ per head.
    """
    c = clusters
    expected = float((c["taken_patients"] * c["mean_cost_before"]).sum())
    taken_cost = float(c["taken_cost"].sum())
    taken = float(c["taken_patients"].sum())
    left = float(c["residue_patients"].sum())
    people = float(c["service_users"].sum())
    return {
        "taken_cost_ratio": taken_cost / expected if expected > 0 else float("nan"),
        "taken_mean_cost": taken_cost / taken if taken else float("nan"),
        "residue_mean_cost": float(c["residue_cost"].sum()) / left if left else float("nan"),
        "mean_cost_before": float(c["cost"].sum()) / people if people else float("nan"),
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
    ``residue_patients``, ``mean_cost_before`` (cost ÷ people), ``casemix_index`` (NaN
    where nobody is left), ``mean_cost_after`` (casemix index × mean cost before: the
    residue's mean cost), ``residue_cost`` (mean cost after × residue patients),
    ``taken_cost`` (cost − residue cost), then :data:`CLUSTER_FIGURES`.
    """
    figures = result.by_cluster.set_index("cluster")
    codes = figures.index.to_numpy(dtype=np.int64)
    grouped = population.groupby("cluster")
    if "cost_source" in population:
        sources = grouped["cost_source"].agg(
            lambda s: s.iloc[0] if (s == s.iloc[0]).all() else "mixed"
        )
    else:
        sources = pd.Series("actual", index=figures.index)
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
    left = frame["residue_patients"].to_numpy()
    # With several draws each figure is a median over draws, and the median index
    # skips the draws that left nobody: where the median leaves nobody the index of
    # those left is not defined, as their mean cost is not.
    frame["casemix_index"] = np.where(
        left > 0, figures["casemix_index"].to_numpy(dtype=np.float64), np.nan
    )
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


def year_rows(years: pd.DataFrame) -> dict[str, Any]:
    """The year-by-year table and its totals (money and people-years summed)."""
    money = ["nhs_surplus", "stranded_fixed_cost", "bidder_profit", "public_spending_change"]
    return {
        "rows": years.to_dict(orient="records"),
        "totals": {name: float(years[name].sum()) for name in money},
    }


@dataclass(frozen=True)
class TenderAccounts:
    """A finished tender and how it was made: what every tender output is built from.

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
        years: the year-by-year table (docs/methodology.md §6.7) when more than one
            year was run.
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
    def selection(self) -> dict[str, float]:
        """How the patients taken compare with others in the same clusters."""
        return selection(self.clusters)
