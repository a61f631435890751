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

from pbrkit.audit import Agreement, AuditResult, superclass_of
from pbrkit.clustering import ClusterResult
from pbrkit.currency import active_currency
from pbrkit.homogeneity import HomogeneityResult
from pbrkit.reports.suppression import (
    SUPPRESSED,
    Disclosed,
    DisclosurePolicy,
    Published,
    hidden_mask,
    hide_where,
    is_suppressed,
    published_table,
    ratio,
    suppress_counts,
    table_counts,
    table_lines,
)

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


@dataclass(frozen=True, eq=False)
class PublishedAgreement(Agreement):
    """An :class:`~pbrkit.audit.Agreement` whose confusion matrix is published.

    ``confusion`` holds rounded counts and :data:`SUPPRESSED` (object dtype); the
    margins are published with it, since rounded cells need not add up to them.
    ``agreeing`` is the published count on the diagonal.
    """

    row_totals: pd.Series
    column_totals: pd.Series
    agreeing: Published


@dataclass(frozen=True, eq=False)
class PublishedClusterResult(ClusterResult):
    """A :class:`~pbrkit.clustering.ClusterResult` fit to publish: no patient rows.

    ``allocations`` is empty (patient IDs are never published); the figures that were
    worked out from it are kept, published, in the fields below.
    """

    published_patients: Published = 0
    published_assessed: Published = 0
    published_money_above: float | None = None
    published_money_below: float | None = None
    published_income_totals: dict[str, float] = dataclasses.field(default_factory=dict)
    published_count_totals: dict[str, Published] = dataclasses.field(default_factory=dict)

    @property
    def patients(self) -> Any:
        return self.published_patients

    @property
    def assessed(self) -> Any:
        return self.published_assessed

    @property
    def money_above(self) -> float | None:
        return self.published_money_above

    @property
    def money_below(self) -> float | None:
        return self.published_money_below

    @property
    def income_totals(self) -> dict[str, float]:
        return self.published_income_totals

    @property
    def count_totals(self) -> dict[str, Any]:
        return self.published_count_totals


#: Per-cluster cost statistics of the homogeneity table, hidden with the cluster's count.
HOMOGENEITY_FIGURES: Final = (
    "mean",
    "sd",
    "cv",
    "p10",
    "p50",
    "p90",
    "top10_share",
    "mean_income",
    "profit_per_person",
    "predictive_ratio",
)
#: Subgroup figures hidden with the subgroup's count.
SUBGROUP_FIGURES: Final = ("mean_income", "mean_cost", "profit_per_person", "total_profit")
#: Means over a homogeneity cluster's patients, worked out again over the rounded count.
CLUSTER_MEANS: Final = ("mean", "mean_income", "profit_per_person")
#: Means over a subgroup's patients, worked out again over the rounded count.
SUBGROUP_MEANS: Final = ("mean_income", "mean_cost", "profit_per_person")


def publish_cluster(result: ClusterResult, policy: DisclosurePolicy) -> PublishedClusterResult:
    """A ``pbrkit cluster`` result fit to publish.

    Counts (and their lines): patients and the four outcomes; the suggested and the
    clinicians' clusters' patients (each column with its total); audited, without a
    clinician's cluster, not assessed; the confusion matrix of clusters and of
    superclasses with their margins (sharing the audited total; each superclass
    cell with the cluster cells it sums); the diagonal (patients agreeing); the
    homogeneity table's patients per cluster (with patients with a cost, and tied
    to the same cluster's count of the clusters measured); subgroup counts (each
    trait's groups with their total, and within clusters by group and by cluster).
    The disagreement table's cells are the confusion matrix's cells, and the money
    table's patients its row totals, so both show exactly what the matrix shows.
    """
    counts: dict[Hashable, float] = {}
    lines: list[list[Hashable]] = []
    total = ("patients",)
    counts[total] = float(result.patients)
    for name, value in result.outcomes.items():
        counts[("outcome", name)] = float(value)
    counts[("assessed",)] = float(result.assessed)
    outcomes = [("outcome", name) for name in result.outcomes]
    lines += [
        [total, *outcomes],
        [("assessed",), *(k for k in outcomes if k[1] != "not_assessed")],
        [total, ("assessed",), ("outcome", "not_assessed")],
    ]
    table = result.counts
    for column in ("suggested", "clinician"):
        if column not in table.columns:
            continue
        keys = [(column, int(c)) for c in table.index]
        counts.update(zip(keys, table[column].to_numpy(dtype=np.float64).tolist(), strict=True))
        column_total = total if column == "suggested" else (f"{column}_total",)
        counts[column_total] = float(table[column].sum())
        lines.append([column_total, *keys])
    # The fallback and "not assessed" codes are the reference set's (care clusters: 0, 99).
    currency = active_currency()
    variance, not_assessed = currency.variance, currency.not_assessed
    if variance in table.index:
        lines.append([("suggested", variance), ("outcome", "variance_below_min_score"),
                      ("outcome", "variance_ruled_out")])  # fmt: skip
    if not_assessed in table.index:
        lines.append([("suggested", not_assessed), ("outcome", "not_assessed")])
    lines.append(
        [
            ("outcome", "suggested"),
            *(("suggested", int(c)) for c in table.index if c not in (variance, not_assessed)),
        ]
    )
    if "clinician" in table.columns:
        counts[("no_clinician_blank",)] = counts[total] - counts[("clinician_total",)]
        lines.append([total, ("clinician_total",), ("no_clinician_blank",)])

    audit = result.audit
    if audit is not None:
        cm, sc = audit.cluster.confusion, audit.superclass.confusion
        audited = ("audited",)
        counts.update(
            {
                audited: float(audit.audited),
                ("no_clinician",): float(audit.no_clinician_cluster),
                ("not_assessed_audit",): float(audit.not_assessed),
            }
        )
        lines.append([total, audited, ("no_clinician",), ("not_assessed_audit",)])
        counts.update(table_counts("cm", cm, total=audited))
        lines += table_lines("cm", cm.index, cm.columns, total=audited)
        counts.update(table_counts("sc", sc, total=audited))
        lines += table_lines("sc", sc.index, sc.columns, total=audited)
        lines += _superclass_lines(cm, sc)
        for prefix, matrix in (("cm", cm), ("sc", sc)):
            diagonal = [(prefix, "cell", c, c) for c in matrix.index if c in matrix.columns]
            counts[(f"{prefix}_agreeing",)] = float(sum(counts[k] for k in diagonal))
            lines.append([(f"{prefix}_agreeing",), *diagonal])

    h = result.homogeneity
    if h is not None:
        h_total = ("h_patients",)
        counts[h_total] = float(h.patients)
        counts[("missing_cost",)] = float(h.missing_cost)
        counts[("trimmed",)] = float(h.trimmed)
        lines.append([total, h_total, ("missing_cost",)])
        h_keys = [("h", int(c)) for c in h.clusters.index]
        counts.update(zip(h_keys, h.clusters["n"].to_numpy(dtype=np.float64).tolist(), strict=True))
        lines.append([h_total, *h_keys])
        basis = "clinician" if result.homogeneity_basis == "clinician" else "suggested"
        for key in h_keys:
            paid = (basis, key[1])
            if paid in counts:  # the clusters measured, less those without a cost
                counts[("h_missing", key[1])] = counts[paid] - counts[key]
                lines.append([paid, key, ("h_missing", key[1])])
        lines += _trait_lines(h, counts)
    return _published_cluster(result, suppress_counts(counts, lines, policy))


def _superclass_lines(cm: pd.DataFrame, sc: pd.DataFrame) -> list[list[Hashable]]:
    """Each superclass cell, row and column with the cluster cells, rows, columns it sums."""
    of = dict(zip(cm.index.tolist(), superclass_of(cm.index.to_numpy()).tolist(), strict=True))
    of_col = dict(
        zip(cm.columns.tolist(), superclass_of(cm.columns.to_numpy()).tolist(), strict=True)
    )
    lines: list[list[Hashable]] = []
    for big_r in sc.index:
        rows = [r for r in cm.index if of.get(r) == big_r]
        lines.append([("sc", "row", big_r), *(("cm", "row", r) for r in rows)])
        for big_c in sc.columns:
            cols = [c for c in cm.columns if of_col.get(c) == big_c]
            lines.append(
                [("sc", "cell", big_r, big_c), *(("cm", "cell", r, c) for r in rows for c in cols)]
            )
    for big_c in sc.columns:
        cols = [c for c in cm.columns if of_col.get(c) == big_c]
        lines.append([("sc", "column", big_c), *(("cm", "column", c) for c in cols)])
    return lines


def _trait_lines(h: HomogeneityResult, counts: dict[Hashable, float]) -> list[list[Hashable]]:
    """Subgroup counts: each trait's groups with their total; within clusters, both ways."""
    lines: list[list[Hashable]] = []
    if h.traits is None or h.traits.empty:
        return lines
    traits = h.traits
    for record in traits.to_dict("records"):
        counts[("trait", record["trait"], record["group"])] = float(record["n"])
    for trait, groups in traits.groupby("trait", sort=False):
        keys = [("trait", trait, g) for g in groups["group"]]
        subtotal = float(groups["n"].sum())
        trait_total: Hashable = ("trait_total", trait)
        if subtotal == counts[("h_patients",)]:
            trait_total = ("h_patients",)
        else:
            counts[trait_total] = subtotal
        lines.append([trait_total, *keys])
    by_cluster = h.traits_by_cluster
    if by_cluster is None or by_cluster.empty:
        return lines
    for record in by_cluster.to_dict("records"):
        counts[("tc", record["trait"], record["group"], int(record["cluster"]))] = float(
            record["n"]
        )
    group_keys: Any
    for group_keys, cells in by_cluster.groupby(["trait", "group"], sort=False):
        trait, group = group_keys
        lines.append(
            [("trait", trait, group), *(("tc", trait, group, int(c)) for c in cells["cluster"])]
        )
    for group_keys, cells in by_cluster.groupby(["trait", "cluster"], sort=False):
        trait, code = group_keys[0], int(group_keys[1])
        cell_keys: list[Hashable] = [("tc", trait, g, code) for g in cells["group"]]
        cluster_total: Hashable = ("h", code)
        subtotal = float(cells["n"].sum())
        if counts.get(cluster_total) != subtotal:
            cluster_total = ("tc_total", trait, code)
            counts[cluster_total] = subtotal
        lines.append([cluster_total, *cell_keys])
    return lines


def _published_cluster(
    result: ClusterResult, disclosed: Disclosed[Hashable]
) -> PublishedClusterResult:
    d: dict[Hashable, Any] = disclosed.values
    table = result.counts.copy()
    count_totals: dict[str, Published] = {"suggested": d[("patients",)]}
    for column in ("suggested", "clinician"):
        if column in table.columns:
            table[column] = pd.Series(
                [d[(column, int(c))] for c in table.index], index=table.index, dtype=object
            )
    if "clinician" in table.columns:
        count_totals["clinician"] = d[("clinician_total",)]
    audit = result.audit
    published_audit = disagreements = None
    if audit is not None:
        published_audit = _published_audit(audit, disclosed)
        disagreements = _published_disagreements(result.disagreements, d)
    h = result.homogeneity
    homogeneity = None if h is None else _published_homogeneity(h, d)
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(ClusterResult)}
    fields.update(
        allocations=result.allocations.iloc[0:0].drop(columns=["patient_id"], errors="ignore"),
        outcomes={name: d[("outcome", name)] for name in result.outcomes},
        counts=table,
        audit=published_audit,
        disagreements=disagreements,
        homogeneity=homogeneity,
    )
    return PublishedClusterResult(
        **fields,
        published_patients=d[("patients",)],
        published_assessed=d[("assessed",)],
        published_money_above=result.money_above,
        published_money_below=result.money_below,
        published_income_totals=result.income_totals,
        published_count_totals=count_totals,
    )


def _published_agreement(
    agreement: Agreement, prefix: str, disclosed: Disclosed[Hashable]
) -> PublishedAgreement:
    d: dict[Hashable, Any] = disclosed.values
    confusion = agreement.confusion
    cells = published_table(prefix, confusion, disclosed, total=("audited",))
    agreeing = d[(f"{prefix}_agreeing",)]
    n = d[("audited",)]
    hidden = is_suppressed(n)
    hidden_value: Any = SUPPRESSED
    return PublishedAgreement(
        n=n,
        agreement=ratio(agreeing, n),
        # Chance agreement and kappa summarise the whole table: two and three places.
        expected=hidden_value if hidden else _places(agreement.expected, 3),
        kappa=hidden_value if hidden else _places(agreement.kappa, 2),
        confusion=cells.cells,
        row_totals=cells.row_totals,
        column_totals=cells.column_totals,
        agreeing=agreeing,
    )


def _places(value: float, digits: int) -> float:
    return round(float(value), digits) if np.isfinite(value) else float("nan")


def _published_audit(audit: AuditResult, disclosed: Disclosed[Hashable]) -> AuditResult:
    d: dict[Hashable, Any] = disclosed.values
    money = audit.money
    if money is not None:
        money = _apply(
            money,
            "patients",
            [("cm", "row", c) for c in money.index],
            d,
            ("income_clinician", "income_suggested", "difference"),
        )
    cluster = _published_agreement(audit.cluster, "cm", disclosed)
    return dataclasses.replace(
        audit,
        patients=d[("patients",)],
        audited=d[("audited",)],
        no_clinician_cluster=d[("no_clinician",)],
        not_assessed=d[("not_assessed_audit",)],
        cluster=cluster,
        superclass=_published_agreement(audit.superclass, "sc", disclosed),
        disagreements=_published_disagreements(audit.disagreements, d),
        money=money,
        per_patient=None,
    )


def _published_disagreements(cells: Any, d: Mapping[Hashable, Any]) -> Any:
    """Off-diagonal cells as the matrix publishes them; ordered by published count.

    Ordering by the true counts would place a hidden cell among its neighbours and so
    narrow it down: hidden cells go last, ties by cluster codes.
    """
    if cells is None:
        return None
    keys = [
        ("cm", "cell", i, j)
        for i, j in zip(cells["clinician_cluster"], cells["suggested_cluster"], strict=True)
    ]
    out = cells.copy()
    out["patients"] = pd.Series([d[k] for k in keys], index=out.index, dtype=object)
    hidden = hidden_mask(out["patients"])
    audited = d[("audited",)]
    out["share"] = [ratio(p, audited) for p in out["patients"]]
    out["share_of_clinician_cluster"] = [
        ratio(p, d[("cm", "row", i)])
        for p, i in zip(out["patients"], out["clinician_cluster"], strict=True)
    ]
    out = hide_where(out, hidden, ("money",))
    order = pd.DataFrame(
        {
            "hidden": hidden,
            "shown": [
                -_float(p) if not h else 0.0 for p, h in zip(out["patients"], hidden, strict=True)
            ],
            "i": out["clinician_cluster"].to_numpy(),
            "j": out["suggested_cluster"].to_numpy(),
        }
    ).sort_values(["hidden", "shown", "i", "j"], kind="stable")
    return out.iloc[order.index.to_numpy()].reset_index(drop=True)


def _published_homogeneity(h: HomogeneityResult, d: Mapping[Hashable, Any]) -> HomogeneityResult:
    clusters = _apply(
        h.clusters, "n", [("h", int(c)) for c in h.clusters.index], d, HOMOGENEITY_FIGURES
    )
    clusters = over_rounded_count(h.clusters, clusters, "n", CLUSTER_MEANS)
    # CV is sd ÷ mean: with the true mean it would give the true mean back, and the
    # true mean over the published one the unrounded count. The flag follows it.
    clusters["cv"] = [
        ratio(sd, mean) for sd, mean in zip(clusters["sd"], clusters["mean"], strict=True)
    ]
    clusters["high_cv"] = [
        not is_suppressed(cv) and _float(cv) > h.cv_threshold for cv in clusters["cv"]
    ]
    traits = by_cluster = None
    if h.traits is not None:
        traits = _apply(
            h.traits,
            "n",
            [("trait", t, g) for t, g in zip(h.traits["trait"], h.traits["group"], strict=True)],
            d,
            SUBGROUP_FIGURES,
        )
        traits = over_rounded_count(h.traits, traits, "n", SUBGROUP_MEANS)
    if h.traits_by_cluster is not None:
        b = h.traits_by_cluster
        by_cluster = _apply(
            b,
            "n",
            [
                ("tc", t, g, int(c))
                for t, g, c in zip(b["trait"], b["group"], b["cluster"], strict=True)
            ],
            d,
            SUBGROUP_FIGURES,
        )
        by_cluster = over_rounded_count(b, by_cluster, "n", SUBGROUP_MEANS)
    return dataclasses.replace(
        h,
        clusters=clusters,
        patients=d[("h_patients",)],
        missing_cost=d[("missing_cost",)],
        trimmed=d[("trimmed",)],
        traits=traits,
        traits_by_cluster=by_cluster,
    )
