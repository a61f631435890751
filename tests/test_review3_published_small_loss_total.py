"""Hostile review (round 14, review3): "2 clusters lose money, £0 in all".

Published (£ totals rounded to £50,000), two clusters losing £7,496 and £107 (£7,602
in all) have a loss total of £0 once rounded. The terminal said "losing ones lose less
than £25k (£ totals rounded to the nearest £50k)", but the findings of report.html,
report.xlsx and summary.pdf said "2 clusters lose money, £0 in all": a loss of £0 is
no loss. The finding now says the total is less than half the base, as the terminal.

Worked case (illustrative prices, actual costs given): cluster 11, 12 people over
4,380 days, income £2,372.50 × 4,380 ÷ 365 = £28,470 against £30,000, loses £1,530;
cluster 13, 2 people over 730 days, income £6,205 × 730 ÷ 365 = £12,410 against
£20,000, loses £7,590; £9,120 in all, under £25,000, so published as £0.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(["cluster", "service_users", "cluster_days", "actual_cost"])
    sheet.append([1, 70, 5880, None])
    sheet.append([11, 12, 4380, 30000])
    sheet.append([13, 2, 730, 20000])
    path = tmp_path / "trust.xlsx"
    book.save(path)
    return path


def test_a_published_loss_total_of_0_is_said_as_under_half_the_base(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(workbook(tmp_path)), "--publish", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["loss"] == 0.0  # £9,120 rounded to £50,000
    assert sorted(summary["loss_making"]) == [11, 13]
    html = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    # Before: "2 clusters lose money, £0 in all; the largest losses are in ...".
    assert "lose money, £0 in all" not in html
    assert (
        "2 clusters lose money, less than £25k in all (£ totals rounded to the nearest £50k)"
        in html
    )
