"""The ``summary.json`` object of ``pbrkit cluster`` (README, Outputs): plain numbers, no IDs.

Money is in £ as plain numbers; nothing is rounded. Patient IDs never appear: the
only patient-level output is the allocations file.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pbrkit.audit import Agreement
from pbrkit.clustering import ClusterResult
from pbrkit.model import RunMetadata
from pbrkit.reports.summary import header as _header


def cluster_summary(result: ClusterResult, meta: RunMetadata) -> dict[str, Any]:
    """The JSON summary of a ``pbrkit cluster`` run: the common header and ``allocation``."""
    options = result.options
    return {
        **_header(meta),
        "allocation": allocation_summary(result),
        "options": {
            "profiles": result.sources.get("profiles"),
            "profiles_illustrative": result.profiles_illustrative,
            "tariff": result.sources.get("tariff"),
            "weights": {
                "must": options.weights.must,
                "expected": options.weights.expected,
                "may": options.weights.may,
                "unlikely": options.weights.unlikely,
            },
            "min_score": options.min_score,
            "max_unknown": options.max_unknown,
            "cv_threshold": options.cv_threshold,
        },
    }


def allocation_summary(result: ClusterResult) -> dict[str, Any]:
    """The ``allocation`` object: agreement, kappa, counts, £ at stake, homogeneity."""
    audit = result.audit
    summary: dict[str, Any] = {
        "patients": result.patients,
        "assessed": result.assessed,
        "outcomes": dict(result.outcomes),
        "audited": audit.audited if audit else 0,
        "no_clinician_cluster": audit.no_clinician_cluster if audit else result.patients,
        "agreement": audit.agreement if audit else None,
        "kappa": audit.kappa if audit else None,
        "expected_agreement": audit.cluster.expected if audit else None,
        "superclass_agreement": audit.superclass.agreement if audit else None,
        "superclass_kappa": audit.superclass.kappa if audit else None,
        "counts": [
            {"cluster": int(code), **_plain_row(row)}
            for code, row in zip(
                result.counts.index.tolist(), result.counts.to_dict("records"), strict=True
            )
        ],
        "confusion": _matrix(audit.cluster) if audit else None,
        "superclass_confusion": _matrix(audit.superclass) if audit else None,
        "top_disagreements": _records(result.top_disagreements()),
        "money_at_stake": audit.money_total if audit else None,
        "money_paid_above_suggested": result.money_above,
        "money_paid_below_suggested": result.money_below,
        "money_at_stake_by_cluster": (
            _records(audit.money.reset_index()) if audit and audit.money is not None else None
        ),
        "homogeneity": _homogeneity(result),
    }
    return summary


def _matrix(agreement: Agreement) -> dict[str, Any]:
    confusion = agreement.confusion
    return {
        "labels": [_plain(v) for v in confusion.index.tolist()],
        "rows": "clinician",
        "columns": "suggested",
        "counts": [[_plain(v) for v in row] for row in confusion.to_numpy(dtype=object)],
    }


def _homogeneity(result: ClusterResult) -> dict[str, Any] | None:
    h = result.homogeneity
    if h is None:
        return None
    return {
        "basis": result.homogeneity_basis,
        "patients": h.patients,
        "missing_cost": h.missing_cost,
        "riv": h.riv,
        "riv_trimmed": h.riv_trimmed,
        "trim_rule": h.trim_rule,
        "trimmed": h.trimmed,
        "riv_suggested": result.riv_suggested,
        "cv_threshold": h.cv_threshold,
        "high_cv_clusters": [int(c) for c in h.clusters.index[h.clusters["high_cv"]]],
        "clusters": _records(h.clusters.reset_index()),
        "subgroups": _records(h.traits) if h.traits is not None else [],
        "subgroups_by_cluster": (
            _records(h.traits_by_cluster) if h.traits_by_cluster is not None else []
        ),
        "unpriced_clusters": list(h.unpriced_clusters),
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_plain_row(row) for row in frame.to_dict("records")]


def _plain_row(row: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): _plain(v) for k, v in row.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
