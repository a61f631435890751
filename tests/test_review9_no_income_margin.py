"""The findings give no margin when there is no income (rev9, December 2026).

A costing whose prices a what-if cuts by 100% (``--tariff-change -100%``) has income
£0 and a margin that is no number (surplus ÷ £0). report.html, report.xlsx and
summary.pdf said "a deficit of £74k (– of income)": a dash where a share was
promised. The parenthesis is now left out when the margin is not a number.

Below: one cluster-4 row, 10 people, 3,000 cluster days. Income 0 × price = £0.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_no_income_gives_a_deficit_without_a_dash_margin(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({"caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 3000}]})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--tariff-change", "-100%",
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    totals = json.loads((out / "summary.json").read_text(encoding="utf-8"))["totals"]
    assert totals["income"] == 0 and totals["cost"] > 0
    page = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    # Before: "... against £N of cost: a deficit of £N (– of income)."
    assert "of income)" not in page
    assert "of tariff income against" in page and "a deficit of" in page
