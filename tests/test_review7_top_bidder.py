"""The findings name every bidder that takes the most, not the first row of equals.

Found while checking the tender findings against summary.json's bidders: with Zed and
Beta each taking 3 people, report.html said "Zed takes the most: 3 people, £939 profit."
(Zed was the first bidder row), which is false of Beta's equal 3 and changes when the
bidder rows are swapped, though nothing else in a best-value tender depends on row
order (methodology §6.4).

Workbook: cluster 1 (£1,500 an episode, 84 days) and cluster 3 (£3,000 an episode,
182 days), three patients each costing £500; lots A = cluster 1 and B = cluster 3.
Zed (clusters 1) and Beta (clusters 3), θ = 1, ρ = 1: π̂ = 1000 and 2500, each takes
its lot's 3 people; profit Zed 3 × 1000 = £3,000, Beta 3 × 2500 = £7,500.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def _run(folder: Path, order: list[str]) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for i in range(3):
        sheet.append([f"a{i}", 1, 84, 500])
        sheet.append([f"b{i}", 3, 182, 500])
    tariff = book.create_sheet("tariff")
    for row in (["cluster", "price", "unit"], [1, 1500, "per_episode"], [3, 3000, "per_episode"]):
        tariff.append(row)
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality", "clusters"])
    rows = {"Zed": ["Zed", 1, 1, "1"], "Beta": ["Beta", 1, 1, "3"]}
    for name in order:
        bidders.append(rows[name])
    lots = book.create_sheet("lots")
    for row in (["name", "clusters"], ["A", "1"], ["B", "3"]):
        lots.append(row)
    book.save(folder / "t.xlsx")
    out = folder / "out"
    args = ["tender", str(folder / "t.xlsx"), "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("order", [["Zed", "Beta"], ["Beta", "Zed"]])
def test_every_bidder_taking_the_most_is_named(tmp_path: Path, order: list[str]) -> None:
    html = _run(tmp_path, order)
    assert "Beta and Zed take the most: 3 people each (£7,500 and £3,000 profit)." in html
    assert "Zed takes the most" not in html
    assert "Beta takes the most" not in html
