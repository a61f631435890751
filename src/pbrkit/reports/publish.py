"""``--publish``: each command's result with small-number suppression applied.

Each function here takes a finished result and returns a new one of the same shape
in which every count of people is published by
:func:`~pbrkit.reports.suppression.suppress_counts` — 1 to 7 hidden, the rest rounded
to 5, a second count hidden in any line with exactly one hidden — and every figure
about a hidden group (its £, days, per-person figures, shares) is hidden with it.
Shares and per-person figures of the groups that remain are worked out from the
rounded counts. The Excel, HTML and JSON reports then render the published result,
so they show the same figures.

The lines (sets of counts that add up) registered for each result are the ones its
reports show together: a table's rows, columns and totals, a breakdown and the
figure it breaks down, a cluster-level table and its superclass subtotals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.currency import as_code
from pbrkit.reports.suppression import (
    DisclosurePolicy,
    hidden_mask,
    hide_where,
    ratio,
    suppress_counts,
)
from pbrkit.reports.tender_summary import TenderReport

# ---------------------------------------------------------------------- helpers


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _apply(
    frame: pd.DataFrame,
    column: str,
    keys: Sequence[Hashable],
    published: Mapping[Any, Any],
    hide: Iterable[str] = (),
) -> pd.DataFrame:
    """``frame`` with ``column`` replaced by its published counts and ``hide`` hidden too."""
    out = frame.copy()
    values = [published[k] for k in keys]
    hidden = hidden_mask(values)
    # A column with nothing hidden stays a number column (for CSV, sorting, charts).
    out[column] = pd.Series(values, index=out.index, dtype=object if hidden.any() else None)
    return hide_where(out, hidden, hide)


def over_rounded_count(
    true: pd.DataFrame, published: pd.DataFrame, count: str, means: Iterable[str]
) -> pd.DataFrame:
    """``published`` with each of ``means`` worked out again over the published count.

    A mean over ``n`` people is a total ÷ ``n``; shown beside the total (or anything
    else that gives the total back) the true mean would give ``n`` back exactly,
    whatever the rounding of ``n`` itself. So the mean shown is the same total ÷ the
    published count: ``mean × n ÷ published n`` (NHS Digital: derived figures are
    worked out from the rounded counts). A hidden count hides it; a published 0
    leaves it missing (NaN).
    """
    out = published.copy()
    shown = published[count].tolist()
    for name in means:
        if name not in out.columns:
            continue
        totals = true[name].to_numpy(dtype=np.float64) * true[count].to_numpy(dtype=np.float64)
        values = [ratio(float(t), n) for t, n in zip(totals, shown, strict=True)]
        hidden = hidden_mask(values).any()
        out[name] = pd.Series(values, index=out.index, dtype=object if hidden else np.float64)
    return out


# ---------------------------------------------------------------------- cluster


# ----------------------------------------------------------------------- tender

#: Per-cluster figures of the Residue table, by the count of people they are about.
TENDER_FIGURES_OF: Final[dict[str, tuple[str, ...]]] = {
    "service_users": (
        "cluster_days",
        "admitted_days",
        "income",
        "cost",
        "surplus",
        "mean_cost_before",
        "nhs_surplus_before",
    ),
    "taken_patients": (
        "taken_cost",
        "lost_contribution",
        "stranded_fixed_cost",
        "payments_to_bidders",
        "bidder_profit",
        "differential_payment",
        "nhs_surplus_change",
    ),
    "residue_patients": (
        "residue_cost",
        "residue_cost_gap",
        "nhs_surplus_after",
        "mean_cost_after",
        "casemix_index",
        "nhs_surplus_change",
    ),
}
#: Figures of a bidder (or a bidder in a cluster) hidden with its count of people taken.
TAKEN_FIGURES: Final = (
    "taken_cost",
    "taken_income",
    "payments_to_bidders",
    "bidder_profit",
    "differential_payment",
    "lost_contribution",
    "stranded_fixed_cost",
)
_COUNT_FIGURES: Final = ("taken_patients", "residue_patients")


@dataclass(frozen=True)
class PublishedTenderReport(TenderReport):
    """A :class:`~pbrkit.reports.tender_summary.TenderReport` fit to publish.

    Its tables hold published counts; the figures the report would otherwise work
    out from them (totals, per-head costs, column sums) are worked out once from
    the unpublished tables, published, and kept here. ``result.patients`` is empty:
    no patient row is published.
    """

    published_totals: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_selection: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_waterfall: dict[str, float] = dataclasses.field(default_factory=dict)
    published_public_sector: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_column_totals: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_bidder_totals: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_bidder_cluster_totals: dict[str, Any] = dataclasses.field(default_factory=dict)
    published_population: Any = 0

    @property
    def totals(self) -> dict[str, Any]:
        return self.published_totals

    @property
    def selection(self) -> dict[str, Any]:
        return self.published_selection

    @property
    def waterfall(self) -> dict[str, float]:
        return self.published_waterfall

    @property
    def public_sector(self) -> dict[str, Any]:
        return self.published_public_sector

    @property
    def column_totals(self) -> dict[str, Any]:
        return self.published_column_totals

    @property
    def bidder_totals(self) -> dict[str, Any]:
        return self.published_bidder_totals

    @property
    def bidder_cluster_totals(self) -> dict[str, Any]:
        return self.published_bidder_cluster_totals

    @property
    def population_size(self) -> Any:
        return self.published_population


def publish_tender(report: TenderReport, policy: DisclosurePolicy) -> PublishedTenderReport:
    """A tender report fit to publish.

    Counts (and their lines): people, taken and left per cluster (each cluster's
    three, and each column with its total); taken per bidder (with the total
    taken), per bidder and cluster (with the bidder's and the cluster's), per lot
    and bidder (with the bidder's); the three overall totals together. With several
    draws the counts are medians, which add up only roughly: the same lines are used,
    which can only hide more. A hidden count hides the £ and per-head figures about
    the same people (:data:`TENDER_FIGURES_OF`, :data:`TAKEN_FIGURES`).
    """
    result = report.result
    clusters = report.clusters
    codes = [as_code(c) for c in clusters["cluster"]]
    counts: dict[Hashable, float] = {}
    lines: list[list[Hashable]] = []
    canonical = {
        "service_users": ("total", "service_users"),
        "taken_patients": ("total", "taken_patients"),
        "residue_patients": ("total", "residue_patients"),
    }
    counts[canonical["service_users"]] = float(clusters["service_users"].sum())
    counts[canonical["taken_patients"]] = _float(result.residue["taken_patients"])
    counts[canonical["residue_patients"]] = _float(result.residue["residue_patients"])
    lines.append(list(canonical.values()))
    for column, total in canonical.items():
        keys = [(column, c) for c in codes]
        counts.update(zip(keys, clusters[column].to_numpy(dtype=np.float64).tolist(), strict=True))
        column_sum = ("sum", "clusters", column)
        counts[column_sum] = float(clusters[column].sum())
        lines += [[column_sum, *keys], [total, column_sum]]
    lines += [[("service_users", c), ("taken_patients", c), ("residue_patients", c)] for c in codes]

    bidders = result.by_bidder
    names = [str(b) for b in bidders["bidder"]]
    bidder_keys = [("bidder", b) for b in names]
    counts.update(
        zip(bidder_keys, bidders["taken_patients"].to_numpy(dtype=np.float64).tolist(), strict=True)
    )
    counts[("sum", "bidders")] = float(bidders["taken_patients"].sum())
    lines += [
        [("sum", "bidders"), *bidder_keys],
        [canonical["taken_patients"], ("sum", "bidders")],
    ]
    cells = result.by_bidder_cluster
    cell_keys = [
        ("bc", str(b), as_code(c)) for b, c in zip(cells["bidder"], cells["cluster"], strict=True)
    ]
    counts.update(
        zip(cell_keys, cells["taken_patients"].to_numpy(dtype=np.float64).tolist(), strict=True)
    )
    counts[("sum", "bc")] = float(cells["taken_patients"].sum())
    lines += [[("sum", "bc"), *cell_keys], [canonical["taken_patients"], ("sum", "bc")]]
    for b in names:
        lines.append([("bidder", b), *(k for k in cell_keys if k[1] == b)])
    for c in codes:
        lines.append([("taken_patients", c), *(k for k in cell_keys if k[2] == c)])
    lots = result.by_lot
    lot_keys = [
        ("lot", str(lot), str(b)) for lot, b in zip(lots["lot"], lots["bidder"], strict=True)
    ]
    counts.update(
        zip(lot_keys, lots["taken_patients"].to_numpy(dtype=np.float64).tolist(), strict=True)
    )
    for b in names:
        lines.append([("bidder", b), *(k for k in lot_keys if k[2] == b)])
    if report.years is not None:
        _add_year_counts(report.years, canonical["service_users"], counts, lines)
    disclosed = suppress_counts(counts, lines, policy)
    d: dict[Hashable, Any] = disclosed.values

    published_clusters = clusters.copy()
    for column in canonical:
        published_clusters = _apply(
            published_clusters,
            column,
            [(column, c) for c in codes],
            d,
            TENDER_FIGURES_OF[column],
        )
    published_clusters["mean_cost_before"] = _ratios(
        published_clusters["cost"], published_clusters["service_users"]
    )
    published_clusters["mean_cost_after"] = _ratios(
        published_clusters["residue_cost"], published_clusters["residue_patients"]
    )
    published_clusters["casemix_index"] = _ratios(
        published_clusters["mean_cost_after"], published_clusters["mean_cost_before"]
    )
    residue = dict(result.residue)
    for column in _COUNT_FIGURES:
        residue[column] = d[canonical[column]]
    ranges: dict[str, Any] = {
        name: (
            {label: policy.publish(value) for label, value in values.items()}
            if name in _COUNT_FIGURES
            else dict(values)
        )
        for name, values in result.residue_ranges.items()
    }
    by_bidder = _apply(bidders, "taken_patients", bidder_keys, d, TAKEN_FIGURES)
    by_bidder_cluster = _apply(cells, "taken_patients", cell_keys, d, TAKEN_FIGURES)
    by_lot = _apply(lots, "taken_patients", lot_keys, d)
    by_cluster = result.by_cluster.copy()
    for column, source in (
        ("patients", "service_users"),
        ("taken_patients", "taken_patients"),
        ("residue_patients", "residue_patients"),
    ):
        keys = [(source, as_code(c)) for c in by_cluster["cluster"]]
        by_cluster = _apply(by_cluster, column, keys, d)
    published_result = dataclasses.replace(
        result,
        residue=residue,
        residue_ranges=ranges,
        by_bidder=by_bidder,
        by_cluster=by_cluster,
        by_bidder_cluster=by_bidder_cluster,
        by_lot=by_lot,
        patients=result.patients.iloc[0:0],
    )

    totals: dict[str, Any] = dict(report.totals)
    totals["service_users"] = d[canonical["service_users"]]
    sums = clusters[["cost", "residue_cost", "taken_cost"]].sum()
    selection: dict[str, Any] = dict(report.selection)
    selection["taken_mean_cost"] = ratio(float(sums["taken_cost"]), residue["taken_patients"])
    selection["residue_mean_cost"] = ratio(float(sums["residue_cost"]), residue["residue_patients"])
    selection["mean_cost_before"] = ratio(float(sums["cost"]), totals["service_users"])
    column_totals: dict[str, Any] = dict(report.column_totals)
    for column in canonical:
        column_totals[column] = d[("sum", "clusters", column)]
    bidder_totals: dict[str, Any] = dict(report.bidder_totals)
    bidder_totals["taken_patients"] = d[("sum", "bidders")]
    bidder_cluster_totals: dict[str, Any] = dict(report.bidder_cluster_totals)
    bidder_cluster_totals["taken_patients"] = d[("sum", "bc")]
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(TenderReport)}
    fields.update(result=published_result, clusters=published_clusters)
    years = None if report.years is None else _published_years(report.years, d)
    # Not yet passed through disclosure control: the count of people costing less than
    # their bed days (a count with no line of its own). Left out.
    fields.update(years=years, cost_below_bed_days=None)
    return PublishedTenderReport(
        **fields,
        published_totals=totals,
        published_selection=selection,
        published_waterfall=report.waterfall,
        published_public_sector=report.public_sector,
        published_column_totals=column_totals,
        published_bidder_totals=bidder_totals,
        published_bidder_cluster_totals=bidder_cluster_totals,
        published_population=d[canonical["service_users"]],
    )


def _ratios(numerators: pd.Series, denominators: pd.Series) -> list[Any]:
    return [ratio(n, d) for n, d in zip(numerators, denominators, strict=True)]


#: Year-table figures (docs/methodology.md §6.7) hidden with the year's people left:
#: the price index too, as ``nhs_only`` re-bases it on the residue's own cost.
YEAR_RESIDUE_FIGURES: Final = (
    "price_index",
    "residue_cost_per_head",
    "residue_payment_per_head",
    "nhs_surplus",
    "cumulative_surplus",
    "cut_per_head",
    "cut_share",
    "public_spending_change",
)
#: Year-table figures hidden with the year's people taken.
YEAR_TAKEN_FIGURES: Final = ("stranded_fixed_cost", "bidder_profit", "public_spending_change")


def _add_year_counts(
    years: pd.DataFrame,
    population: Hashable,
    counts: dict[Hashable, float],
    lines: list[list[Hashable]],
) -> None:
    """Each year's people taken and left, in a line with everyone (taken + left = all)."""
    for year, taken, left in zip(
        years["year"], years["taken_patients"], years["residue_patients"], strict=True
    ):
        keys = [("year", int(year), "taken_patients"), ("year", int(year), "residue_patients")]
        counts.update(zip(keys, (float(taken), float(left)), strict=True))
        lines.append([population, *keys])


def _published_years(years: pd.DataFrame, d: Mapping[Hashable, Any]) -> pd.DataFrame:
    """The year-by-year table with published counts and nothing that gives a hidden one back.

    Per-head figures are worked out again over the published count
    (:func:`over_rounded_count`); a hidden count hides the £ and per-head figures about
    the same people. The cumulative surplus is hidden from the first year whose
    surplus is hidden on, since two shown cumulative figures would give it back.
    """
    codes = [int(y) for y in years["year"]]
    published = years.copy()
    for column in _COUNT_FIGURES:
        published = _apply(published, column, [("year", y, column) for y in codes], d)
    published = over_rounded_count(
        years,
        published,
        "residue_patients",
        ("residue_cost_per_head", "residue_payment_per_head", "cut_per_head"),
    )
    residue_hidden = hidden_mask(published["residue_patients"].tolist())
    published = hide_where(published, residue_hidden, YEAR_RESIDUE_FIGURES)
    published = hide_where(
        published, hidden_mask(published["taken_patients"].tolist()), YEAR_TAKEN_FIGURES
    )
    return hide_where(published, np.maximum.accumulate(residue_hidden), ["cumulative_surplus"])
