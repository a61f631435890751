"""``pbrkit cluster``: the homogeneity, subgroup and assumptions sections of its document.

Cost homogeneity and the subgroups' profit and loss are docs/methodology.md §5.5-5.6;
the allocation rule and the £ at stake §5.2-5.4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.clustering import ClusterResult
from pbrkit.currency import active_currency
from pbrkit.homogeneity import subgroup_income_bounds
from pbrkit.model import MOST_INCOME_A_PERSON, RunMetadata
from pbrkit.reports.document import Block, Pairs, Section, SumsTo, Table, Text, Value
from pbrkit.reports.formulas import Above
from pbrkit.reports.layouts.cluster_findings import MIN_RELIABLE_PEOPLE
from pbrkit.reports.registry import TARIFF_COLUMNS

#: The homogeneity table's columns in the result → registered figure keys.
CLUSTER_FIGURES: Final = {
    "n": "cost_patients", "mean": "cost_mean", "sd": "cost_sd", "cv": "cost_cv",
    "p10": "cost_p10", "p50": "cost_p50", "p90": "cost_p90", "top10_share": "top10_share",
    "high_cv": "high_cv", "mean_income": "cluster_mean_income",
    "profit_per_person": "cluster_profit_per_person", "predictive_ratio": "predictive_ratio",
}  # fmt: skip
#: The subgroup tables' columns → registered figure keys.
SUBGROUP_FIGURES: Final = {
    "n": "subgroup_patients", "mean_income": "subgroup_mean_income",
    "mean_cost": "subgroup_mean_cost", "profit_per_person": "profit_per_person",
    "total_profit": "total_profit",
}  # fmt: skip
SUBGROUP_COLUMNS: Final = ("trait", "group", *SUBGROUP_FIGURES.values())
H, S = "cost_patients", "subgroup_patients"
#: The one place patient-level suggestions are (docs/methodology.md §5.2).
PATIENT_ROWS: Final = (
    "Patient-level suggestions with their reasons are in the allocations file, not in this "
    "report (and not written under --publish)."
)


def plain(value: Any) -> Any:  # any frame cell: only numpy's scalars change
    """A numpy scalar as the Python number it is (documents hold plain values)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def records(frame: pd.DataFrame, names: Mapping[str, str]) -> tuple[dict[str, Value], ...]:
    """The frame's rows with its columns renamed to figure keys (``names``)."""
    rows = frame.rename(columns=dict(names)).to_dict(orient="records")
    return tuple({str(k): plain(v) for k, v in row.items()} for row in rows)


def homogeneity_section(result: ClusterResult) -> Section:
    """How alike in cost the patients of each cluster are (§5.5)."""
    h = result.homogeneity
    title = "Homogeneity"
    if h is None:
        return Section(title, (Text("The input has no cost column: homogeneity is not "
                                    "measured."),))  # fmt: skip
    basis = (
        "clusters are the clinicians' (the ones paid for)"
        if result.homogeneity_basis == "clinician"
        else "clusters are the suggested ones (the input gives no clinicians' clusters)"
    )
    frame = h.clusters.reset_index()
    frame.insert(1, "name", [result.cluster_names.get(int(c), "") for c in frame["cluster"]])
    frame["high_cv"] = np.where(frame["high_cv"], "yes", "no")
    if h.most_income is not None:  # read by --publish (its means' floors), never written
        frame[MOST_INCOME_A_PERSON] = h.most_income.reindex(frame["cluster"]).to_numpy()
    rows = records(frame, CLUSTER_FIGURES)
    columns = ("cluster", "name", *(v for k, v in CLUSTER_FIGURES.items() if k in frame))
    table = Table(
        "homogeneity", "How alike in cost are the patients of each cluster?", columns, rows,
        # The total is the headline's patients with a cost: one count, shown twice.
        total={"cost_patients": h.patients}, entity="cost_cluster", ids=("cluster",),
        frozen=True, formulas={"high_cv": Above("cost_cv", h.cv_threshold)},
        # A cluster's patients with a cost + those without = its patients (paid or
        # suggested): the same count when none lacks a cost (docs/methodology.md §7).
        sums_to=(SumsTo(("cluster",), "cluster", ("cluster",),
                        result.homogeneity_basis or "suggested", H, rest=True),),
        note=f"CV above {h.cv_threshold:g} is flagged; {basis}.",
    )  # fmt: skip
    return Section(title, (table,))


def subgroups_section(result: ClusterResult) -> Section:
    """Predictable profit and loss per person, by subgroup (§5.6)."""
    h = result.homogeneity
    title = "Subgroups"
    if h is None or h.traits is None or h.traits.empty:
        return Section(title, (Text("No subgroups: the input needs a cost column and trait "
                                    "columns (age, mha_detained, ...)."),))  # fmt: skip
    lead = Text(
        "Mean tariff income − mean cost for groups a provider can see in advance (van de "
        "Ven and Ellis 2000; docs/methodology.md §5.6): the channels through which a bidder "
        "could select the profitable and leave the rest. Each trait splits the same "
        "patients, so do not add traits up."
    )
    by_cluster = h.traits_by_cluster
    groups, cells = _subgroup_bounds(h.traits, by_cluster, h.most_income)
    traits = Table(
        "subgroups", "Predictable profit and loss per person, by subgroup", SUBGROUP_COLUMNS,
        records(groups, SUBGROUP_FIGURES), entity="subgroup", ids=("trait", "group"),
        total_is_everyone=False, frozen=True, caution_below=MIN_RELIABLE_PEOPLE,
        # Each trait's groups split the patients with a cost (docs/methodology.md §7).
        sums_to=(SumsTo(("trait",), "headline", (), "cost_patients", S),),
    )  # fmt: skip
    blocks: list[Block] = [lead, traits]
    if cells is not None and not cells.empty:
        blocks.append(Table(
            "subgroups_by_cluster", "Within each cluster",
            ("trait", "group", "cluster", *SUBGROUP_COLUMNS[2:]),
            records(cells, SUBGROUP_FIGURES), entity="subgroup_cluster",
            ids=("trait", "group", "cluster"), total_is_everyone=False, html=False,
            # Within a trait, a cluster's groups add up to the cluster's patients with
            # a cost; a group's clusters add up to the group.
            sums_to=(SumsTo(("trait", "cluster"), "cost_cluster", ("cluster",), H, S),
                     SumsTo(("trait", "group"), "subgroup", ("trait", "group"), S, S)),
        ))  # fmt: skip
    return Section(title, tuple(blocks))


def _subgroup_bounds(
    groups: pd.DataFrame, cells: pd.DataFrame | None, most: pd.Series | None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The subgroup tables with the bound field of their income (read by ``--publish``,
    never written): a cell's its cluster's, a group's the largest of its clusters'
    (:func:`~pbrkit.homogeneity.subgroup_income_bounds`)."""
    if most is None or cells is None:
        return groups, cells
    largest = subgroup_income_bounds(cells, most)
    keys = pd.MultiIndex.from_frame(groups[["trait", "group"]])
    codes = cells["cluster"].to_numpy(dtype=np.int64)
    return (groups.assign(**{MOST_INCOME_A_PERSON: largest.reindex(keys).to_numpy()}),
            cells.assign(**{MOST_INCOME_A_PERSON: most.reindex(codes).to_numpy()}))  # fmt: skip


def assumptions(result: ClusterResult, meta: RunMetadata) -> Section:
    """The grid, weights, rules and tariff behind the figures (§5.2-5.5)."""
    options, w, ref = result.options, result.options.weights, meta.reference
    currency = active_currency()
    grid_note = (
        "pbrkit's own ILLUSTRATIVE grid, written from the cluster names and descriptions. "
        "It is NOT the official Clustering Booklet grid, which has never been published as "
        "data; suggestions made with it are illustrative and no measure of any trust's "
        "clustering (see PROFILES.md in the reference set)."
        if result.profiles_illustrative
        else "the grid given (see the source above)."
    )
    lines: list[tuple[str, Value]] = [
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Allocation grid (profiles)", result.sources.get("profiles", "")),
        ("About the grid", grid_note),
        ("Band weights (--weights)", f"must {w.must:g}, expected {w.expected:g}, may "
         f"{w.may:g}, unlikely {w.unlikely:g}; no grid row scores 0"),
        ("Minimum score (--min-score)", options.min_score),
        ("Unknown items allowed (--max-unknown)", options.max_unknown),
        ("Allocation rule (docs/methodology.md §5.2)",
         "a cluster is ruled out when a rating breaks one of its must rules; score = sum "
         "of band weights over known items; suggestion = highest score not ruled out, ties "
         f"to the lower code; none left or best below the minimum → {currency.variance} "
         f"(variance); more unknown items than allowed → {currency.not_assessed} (not "
         "assessed)"),
        ("Tariff for the £ at stake", result.sources.get("tariff", "")),
        ("£ at stake", "per audited patient: tariff income on the patient's own days and "
         "admitted days under the clinician's cluster minus under the suggested one (days "
         "blank = one review period of the clinician's cluster)"),
        ("Agreement and kappa", "over patients with a clinician's cluster and a suggestion "
         f"other than {currency.not_assessed}; kappa = (p_o − p_e) ÷ (1 − p_e) (Cohen 1960)"),
    ]  # fmt: skip
    lines += _homogeneity_lines(result)
    return Section("Assumptions", (Pairs("Assumptions and sources", tuple(lines)),
                                   Text(PATIENT_ROWS), _tariff(result)))  # fmt: skip


def _homogeneity_lines(result: ClusterResult) -> list[tuple[str, Value]]:
    h = result.homogeneity
    if h is None:
        return []
    lines: list[tuple[str, Value]] = [
        ("Homogeneity clusters", result.homogeneity_basis or ""),
        ("CV threshold", h.cv_threshold),
        ("RIV", "1 − Σ(c − cluster mean)² ÷ Σ(c − overall mean)² (docs/methodology.md §5.5)"),
        ("Trim rule (trimmed RIV)", h.trim_rule),
    ]
    if h.unpriced_clusters:
        lines.append(("Clusters without a price (left out of income)",
                      ", ".join(str(c) for c in h.unpriced_clusters)))  # fmt: skip
    if h.no_days_clusters:
        lines.append(("Clusters left out of income: no days given and no review period "
                      "to stand in", ", ".join(str(c) for c in h.no_days_clusters)))  # fmt: skip
    return lines


def _tariff(result: ClusterResult) -> Table:
    frame = result.tariff.reset_index()
    keys = [k for k in TARIFF_COLUMNS if k in frame.columns]
    return Table("tariff", "Tariff used", tuple(keys), records(frame[keys], {}), html=False)
