"""``pbrkit sweep``'s one-page summary (summary.pdf), from its (published) grid.

The range of the headline figures over the grid, the sweep's findings, and the change
in the NHS surplus at every setting (a line for one parameter, bars for two).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pbrkit.model import RunMetadata
from pbrkit.reports.document import Chart, Document, Findings, Headline, Section, Table
from pbrkit.reports.tender_html import sweep_findings

SHOWN = ("sweep_settings", "nhs_surplus_change_lowest", "nhs_surplus_change_highest",
         "public_cost_change_lowest", "public_cost_change_highest")  # fmt: skip
CHANGE = ("nhs_surplus_change", "public_cost_change")


def sweep_page(
    grid: pd.DataFrame, parameters: list[str], *, seed: int, draws: int, scenario: str,
    meta: RunMetadata,
) -> Document:  # fmt: skip
    """The one-page summary of a sweep; ``grid`` is the published one under
    ``--publish`` (a hidden figure is left out of the ranges, the chart and the
    sentences, as report.html leaves it out)."""
    numbers = grid.assign(
        **{c: pd.to_numeric(grid[c], errors="coerce") for c in (*CHANGE, "casemix_index")}
    )
    values: dict[str, Any] = {"sweep_settings": len(grid)}
    for name in CHANGE:
        shown = [v for v in numbers[name] if math.isfinite(v)]
        values[f"{name}_lowest"] = min(shown) if shown else None
        values[f"{name}_highest"] = max(shown) if shown else None
    rows = tuple(
        {"setting": _setting(row, parameters), **{c: row[c] for c in CHANGE}}
        for row in numbers.to_dict(orient="records")
    )
    table = Table("settings", None, ("setting", *CHANGE), rows, total_is_everyone=False)
    if len(parameters) == 1:
        chart = Chart("settings", "setting", CHANGE, f"As {parameters[0]} varies", "lines",
                      xlabel=parameters[0])  # fmt: skip
    else:
        chart = Chart("settings", "setting", "nhs_surplus_change",
                      "Change in NHS surplus at each setting",
                      xlabel=" × ".join(parameters))  # fmt: skip
    findings = sweep_findings(numbers, parameters, seed=seed, draws=draws)
    blocks = (Findings(tuple(findings)), Headline(values, SHOWN), chart, table)
    return Document("sweep", f"Sweep of {scenario}", meta, (Section("Summary", blocks),))


def _setting(row: Mapping[Any, Any], parameters: list[str]) -> str:
    """A grid point's values, as report.html's table shows them (``0.5``, ``block``)."""
    shown = [f"{row[p]:g}" if isinstance(row[p], float) else str(row[p]) for p in parameters]
    return ", ".join(shown)
