"""``report.html`` for ``pbrkit cluster``: findings first, then the heat-map and tables.

Renders a :class:`~pbrkit.clustering.ClusterResult` with the shared template
environment (autoescape on). Patient IDs are never passed to the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pbrkit.clustering import ClusterResult
from pbrkit.model import RunMetadata
from pbrkit.reports import charts
from pbrkit.reports.cluster_narrative import (
    cluster_findings,
    disagreement_rows,
    few,
    kappa_words,
)
from pbrkit.reports.html import environment
from pbrkit.reports.suppression import is_suppressed


def render_cluster_html(result: ClusterResult, meta: RunMetadata) -> str:
    """The ``pbrkit cluster`` report as one HTML document."""
    audit = result.audit
    h = result.homogeneity
    confusion_chart = cv_chart = None
    if audit is not None and audit.audited:
        confusion = audit.cluster.confusion
        labels = [str(c) for c in confusion.index]
        confusion_chart = charts.heatmap(
            [[float(v) for v in row] for row in confusion.to_numpy(dtype=object)],
            labels,
            labels,
            title="Clinicians' clusters (rows) against suggested clusters (columns)",
            xlabel="Suggested cluster (from the ratings)",
            ylabel="Clinician's cluster",
        )
    if h is not None and not h.clusters.empty:
        cv = [
            float(v) if is_suppressed(v) or not pd.isna(v) else 0.0 for v in h.clusters["cv"]
        ]  # a hidden CV (published) is left out; an undefined one is drawn as 0
        cv_chart = charts.flagged_bars(
            [str(c) for c in h.clusters.index],
            cv,
            title="Spread of cost inside each cluster (coefficient of variation)",
            xlabel="Cluster" + (" (the clinician's)" if result.homogeneity_basis == "clinician"
                                else " (suggested)"),
            ylabel="CV (SD ÷ mean)",
            threshold=h.cv_threshold,
        )  # fmt: skip
    money = None
    if audit is not None and audit.money is not None:
        money = [
            {"cluster": int(code), "name": result.cluster_names.get(int(code), ""), **row}
            for code, row in zip(
                audit.money.index.tolist(), audit.money.to_dict("records"), strict=True
            )
        ]
    context: dict[str, Any] = {
        "title": "Cluster allocation: ratings against clinicians' clusters",
        "meta": meta,
        "input_names": [Path(i.path).name for i in meta.inputs],
        "findings": cluster_findings(result),
        "few": few,
        "result": result,
        "audit": audit,
        "kappa_words": kappa_words(audit.kappa) if audit else "",
        "counts": [
            {"cluster": int(code), **row}
            for code, row in zip(
                result.counts.index.tolist(), result.counts.to_dict("records"), strict=True
            )
        ],
        "disagreements": disagreement_rows(result),
        "money": money,
        "money_totals": result.income_totals,
        "homogeneity": h,
        "homogeneity_rows": (
            [
                {"cluster": int(code), "name": result.cluster_names.get(int(code), ""), **row}
                for code, row in zip(
                    h.clusters.index.tolist(), h.clusters.to_dict("records"), strict=True
                )
            ]
            if h is not None
            else []
        ),
        "subgroups": h.traits.to_dict("records") if h is not None and h.traits is not None else [],
        "confusion_chart": confusion_chart,
        "cv_chart": cv_chart,
        "options": result.options,
        "weights": result.options.weights,
        "sources": result.sources,
    }
    return environment().get_template("cluster.html.j2").render(**context)
