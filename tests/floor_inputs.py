"""Small inputs and runs for the floor-rule tests (docs/methodology.md §7, "A total's
floor under its count"), shared by tests/test_person_year_floor.py,
tests/test_known_offset_floor.py and tests/test_disc23_cluster_tender_floor.py.

A caseload workbook with its own tariff and one-resource care package, so that the most
one person adds a year (m) and what a reader already knows (K) are simple to work by
hand; a ``pbrkit`` run that must succeed, read back as its summary; the text a run
writes, to check that no bound is ever written out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from click.testing import CliRunner
from openpyxl import load_workbook

from pbrkit.cli import cli

#: Every cluster code of the shipped reference set (9 is unused).
CODES = [*range(0, 9), *range(10, 22), 99]
#: The same without 99, for a tariff CSV of the care clusters alone.
CODES_BUT_99 = [c for c in CODES if c != 99]


def cost_sheets(
    caseload: Sequence[Mapping[str, Any]],
    price: float | Mapping[int, float],
    *,
    unit: str = "per_day",
    admitted_price: float | None = None,
    contact: float = 20.0,
    bed_day: float = 396.0,
) -> dict[str, Any]:
    """The sheets of a ``pbrkit cost`` workbook: ``caseload``, a tariff of ``price`` per
    ``unit`` in every cluster (or a price per cluster, 1 elsewhere), with every cluster's
    admitted-day price ``admitted_price`` (None: no such column), and a one-resource
    care package (one contact a day: k = ``contact``) beside a bed day of ``bed_day``."""
    prices = price if isinstance(price, Mapping) else dict.fromkeys(CODES, price)
    header = ["cluster", "price", "unit"]
    extra: list[float] = []
    if admitted_price is not None:
        header, extra = [*header, "admitted_day_price"], [admitted_price]
    return {
        "caseload": list(caseload),
        "tariff": [header, *[[c, prices.get(c, 1), unit, *extra] for c in CODES]],
        "packages": [["cluster", "resource", "quantity", "per"],
                     *[[c, "contact", 1, "day"] for c in CODES]],
        "unit_costs": [["resource", "unit_cost"], ["inpatient_bed_day", bed_day],
                       ["contact", contact]],
    }  # fmt: skip


def people(
    cluster: int, service_users: int, days: int, admitted: int = 0, **more: Any
) -> dict[str, Any]:
    """A caseload row: ``service_users`` people in ``cluster`` over ``days``, ``admitted``
    of them admitted days; ``more`` adds (or overrides) columns."""
    return {"cluster": cluster, "service_users": service_users, "cluster_days": days,
            "admitted_days": admitted, **more}  # fmt: skip


def run_summary(args: Sequence[str], out: Path) -> dict[str, Any]:
    """``pbrkit *args --out out``, which must succeed; its summary.json."""
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def publish_cost(book: Path, out: Path) -> dict[str, Any]:
    """``pbrkit cost book --publish``: its summary.json."""
    return run_summary(["cost", str(book), "--publish"], out)


def cluster_row(summary: dict[str, Any], cluster: int) -> dict[str, Any]:
    """The summary's row of ``cluster`` in its clusters table."""
    return next(r for r in summary["clusters"] if r["cluster"] == cluster)


def written_texts(out: Path) -> list[str]:
    """Everything a run wrote to ``out`` that a reader sees: summary.json, report.html and
    every cell of report.xlsx."""
    texts = [(out / "summary.json").read_text(), (out / "report.html").read_text()]
    for sheet in load_workbook(out / "report.xlsx", read_only=True).worksheets:
        texts += [str(v) for line in sheet.iter_rows(values_only=True) for v in line]
    return texts


def audit_tariff() -> pd.DataFrame:
    """A small local tariff for the audit's and the tender's bounds worked by hand:
    cluster 1 £1,500 an episode, 11 £5,000 a year, 4 £10 a day + £300 an admitted day."""
    return pd.DataFrame(
        {"price": [1500.0, 5000.0, 10.0], "unit": ["per_episode", "per_year", "per_day"],
         "admitted_day_price": [float("nan"), float("nan"), 300.0]},
        index=pd.Index([1, 11, 4], name="cluster"),
    )  # fmt: skip
