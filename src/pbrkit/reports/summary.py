"""The ``summary.json`` object (README, Outputs): plain numbers in £, nothing rounded."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pbrkit.costing import CostingResult
from pbrkit.currency import as_code
from pbrkit.model import RunMetadata


def costing_summary(result: CostingResult, meta: RunMetadata) -> dict[str, Any]:
    """The JSON summary of a costing run, with the README, Outputs keys first."""
    clusters = result.clusters
    return {
        **_header(meta),
        "totals": dict(result.totals),
        "clusters": [
            {
                "cluster": as_code(code),
                "name": row["name"],
                "superclass": row["superclass"],
                "service_users": row["service_users"],
                "cluster_days": row["cluster_days"],
                "admitted_days": row["admitted_days"],
                "episodes": row["episodes"],
                "income": row["income"],
                "cost": row["cost"],
                "surplus": row["surplus"],
                "margin": row["margin"],
                "cost_source": row["cost_source"],
            }
            for code, row in zip(clusters.index.tolist(), clusters.to_dict("records"), strict=True)
        ],
        "superclasses": [
            {"superclass": name, **row.to_dict()} for name, row in result.superclasses.iterrows()
        ],
        "loss_making": [as_code(c) for c in result.loss_making.index],
        "unpriced": [
            {"cluster": as_code(code), **row}
            for code, row in zip(
                result.unpriced.index.tolist(), result.unpriced.to_dict("records"), strict=True
            )
        ],
        "projection": result.projection.to_dict(orient="records"),
        **_team_sections(result),
        "options": {
            "mff": result.options.mff,
            "years": result.options.years,
            "deflator": result.options.deflator,
            "inflation": result.options.inflation,
            "on_missing": result.options.on_missing,
        },
    }


_TEAM_KEYS = ("service_users", "cluster_days", "admitted_days", "income", "cost", "surplus",
              "margin")  # fmt: skip


def _team_sections(result: CostingResult) -> dict[str, Any]:
    """``teams`` and ``team_clusters`` when the caseload names teams (else nothing)."""
    if result.teams is None or result.team_clusters is None:
        return {}
    teams = result.teams.reset_index()
    return {
        "teams": [
            {"team": row["team"], **{k: row[k] for k in _TEAM_KEYS}}
            for row in teams.to_dict("records")
        ],
        "team_clusters": [
            {
                "team": row["team"],
                "cluster": as_code(row["cluster"]),
                **{k: row[k] for k in _TEAM_KEYS},
            }
            for row in result.team_clusters.to_dict("records")
        ],
    }


def _header(meta: RunMetadata) -> dict[str, Any]:
    header: dict[str, Any] = {
        "pbrkit_version": meta.pbrkit_version,
        "command": meta.command,
        "inputs": [i.model_dump() for i in meta.inputs],
        "reference": meta.reference.model_dump(),
        "seed": meta.seed,
    }
    # Only when there is something to say (--columns given; a single table read).
    if meta.column_map:
        header["column_map"] = meta.column_map
    if meta.read_as:
        header["read_as"] = meta.read_as
    return header


def to_json(summary: dict[str, Any]) -> str:
    """Serialise a summary: NaN becomes null, numpy scalars become plain numbers."""
    return json.dumps(_plain(summary), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(summary: dict[str, Any], path: Path) -> None:
    """Write ``summary`` as UTF-8 JSON to ``path``."""
    path.write_text(to_json(summary), encoding="utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA or value is None:
        return None
    return value
