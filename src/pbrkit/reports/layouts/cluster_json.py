"""summary.json's ``allocation`` object of ``pbrkit cluster``, from its (published) document.

The contract (README, Outputs) keeps its names: the document's figures are renamed
back to them here, so every number in summary.json is the one the reports show (under
``--publish``, the published one; hidden figures become ``null``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict

from pbrkit.clustering import OUTCOME_NAMES
from pbrkit.currency import Code
from pbrkit.reports.document import Document, Grid, Row, Value
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import JsonObject, json_value


class ClusterOptions(TypedDict):
    """summary.json's ``options`` of ``pbrkit cluster``: the grid, tariff and allocation
    settings used (docs/methodology.md)."""

    profiles: str | None
    profiles_illustrative: bool
    tariff: str | None
    weights: Mapping[str, float]
    min_score: float
    max_unknown: int
    cv_threshold: float


#: The money table's figures → summary.json's names.
MONEY_NAMES = {"cluster": "cluster", "clinician_cluster_patients": "patients",
               "income_clinician": "income_clinician", "income_suggested": "income_suggested",
               "money_difference": "difference"}  # fmt: skip
DISAGREEMENT_NAMES = {"clinician_cluster": "clinician_cluster",
                      "suggested_cluster": "suggested_cluster", "confusion_patients": "patients",
                      "share_of_audited": "share",
                      "share_of_clinician_cluster": "share_of_clinician_cluster",
                      "disagreement_money": "money"}  # fmt: skip
TOP_DISAGREEMENTS = 10


@dataclass(frozen=True)
class HomogeneityFacts:
    """What summary.json says of homogeneity that is not a figure (rules and codes)."""

    basis: str | None
    trim_rule: str
    cv_threshold: float
    unpriced_clusters: tuple[Code, ...]
    no_days_clusters: tuple[Code, ...] = ()


def renamed(row: Row, names: Mapping[str, str]) -> dict[str, Value]:
    return {out: row.get(key) for key, out in names.items() if key in row}


def back(names: Mapping[str, str]) -> dict[str, str]:
    """``{figure key: summary name}`` from ``{summary name: figure key}``."""
    return {v: k for k, v in names.items()}


def grid_json(document: Document, entity: str) -> JsonObject | None:
    for grid in document.blocks(Grid):
        if grid.counts and grid.counts.entity == entity:
            cells = [list(r) for r in grid.cells]
            return {"labels": list(grid.row_values), "rows": "clinician",
                    "columns": "suggested", "counts": cells}  # fmt: skip
    return None


def ordered_disagreements(rows: Sequence[Row]) -> list[Row]:
    """Largest first by the count shown; hidden cells last (their true size would
    place them among their neighbours), ties by cluster codes."""

    def key(row: Row) -> tuple[bool, float, Value, Value]:
        count = row.get("confusion_patients")
        hidden = is_suppressed(count)
        return (hidden, 0.0 if hidden else -float(count or 0),
                row.get("clinician_cluster"), row.get("suggested_cluster"))  # fmt: skip

    return sorted(rows, key=key)


def allocation_json(
    document: Document, facts: HomogeneityFacts | None, options: ClusterOptions
) -> JsonObject:
    """``allocation`` and ``options`` of ``document`` (already published with --publish)."""
    v = document.headline().values
    tables = {t.key: t for t in document.tables()}
    audited = "agreement" in tables
    out: JsonObject = {
        "patients": v["patients"], "assessed": v["assessed"],
        "outcomes": dict(zip(OUTCOME_NAMES.values(),
                             (r["patients"] for r in tables["outcomes"].rows), strict=True)),
        "audited": v.get("audited", 0),
        "no_clinician_cluster": v.get("no_clinician_cluster", v["patients"]),
        **{k: v.get(k) for k in ("agreement", "kappa", "expected_agreement",
                                 "superclass_agreement", "superclass_kappa")},
        "counts": [{k: r.get(k) for k in ("cluster", "name", "superclass", "suggested",
                                           "clinician") if k in r}
                   for r in tables["counts"].rows],
        "confusion": grid_json(document, "confusion"),
        "superclass_confusion": grid_json(document, "superclass_confusion"),
        "top_disagreements": [
            renamed(r, DISAGREEMENT_NAMES)
            for r in tables["disagreements"].rows[:TOP_DISAGREEMENTS]
        ] if audited else [],
        "money_at_stake": v.get("money_at_stake"),
        "money_paid_above_suggested": v.get("money_paid_above_suggested"),
        "money_paid_below_suggested": v.get("money_paid_below_suggested"),
        "money_at_stake_by_cluster": (
            [renamed(r, MONEY_NAMES) for r in tables["money"].rows] if "money" in tables
            else None),
        "homogeneity": _homogeneity(document, facts),
    }  # fmt: skip
    return {"allocation": out, "options": json_value(options)}


def _homogeneity(document: Document, facts: HomogeneityFacts | None) -> JsonObject | None:
    from pbrkit.reports.layouts.cluster_more import CLUSTER_FIGURES, SUBGROUP_FIGURES

    if facts is None:
        return None
    v = document.headline().values
    tables = {t.key: t for t in document.tables()}
    clusters = [renamed(r, {"cluster": "cluster", **back(CLUSTER_FIGURES)})
                for r in tables["homogeneity"].rows]  # fmt: skip
    for row in clusters:  # a hidden flag (published) is not known: null, never false
        row["high_cv"] = None if is_suppressed(row.get("high_cv")) else row.get("high_cv") == "yes"
    hidden = any(row["high_cv"] is None for row in clusters)
    names = {"trait": "trait", "group": "group", **back(SUBGROUP_FIGURES)}
    by_cluster = {"trait": "trait", "group": "group", "cluster": "cluster",
                  **back(SUBGROUP_FIGURES)}  # fmt: skip
    return {
        "basis": facts.basis, "patients": v.get("cost_patients"),
        "missing_cost": v.get("missing_cost"), "riv": v.get("riv"),
        "riv_trimmed": v.get("riv_trimmed"), "trim_rule": facts.trim_rule,
        "trimmed": v.get("trimmed"), "riv_suggested": v.get("riv_suggested"),
        "cv_threshold": facts.cv_threshold,
        "high_cv_clusters": None if hidden else [r["cluster"] for r in clusters if r["high_cv"]],
        "clusters": clusters,
        "subgroups": [renamed(r, names) for r in tables["subgroups"].rows]
        if "subgroups" in tables else [],
        "subgroups_by_cluster": [renamed(r, by_cluster)
                                 for r in tables["subgroups_by_cluster"].rows]
        if "subgroups_by_cluster" in tables else [],
        "unpriced_clusters": list(facts.unpriced_clusters),
        "no_days_clusters": list(facts.no_days_clusters),
    }  # fmt: skip
