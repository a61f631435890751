"""`pbrkit tender --publish`: summary.json's `totals` and `selection` are the published
figures, the same as report.xlsx's Residue total row.

Found by comparing summary.json with report.xlsx on a small published tender: the
Residue sheet's totals were rounded to the £50,000 money base (income £50,000, cost
£100,000; mean cost before £5,000 = £100,000 ÷ 20 people), but summary.json's `totals`
held the exact £68,000 and £75,000 (and exact surplus, cross-subsidy and loss), and its
`selection` means were exact £ sums over rounded counts: mean cost before £3,750 =
£75,000 ÷ 20 and the residue's £4,800 = £72,000 ÷ 15, so mean × published count gave
the exact totals back (methodology §7: every £ total is rounded; per-person £ figures
are the rounded totals over the rounded counts). `taken_cost_ratio`, a ratio about the
people taken, was shown while their count was hidden.

Workbook (patients; ρ = 1 so nothing is random):
  cluster 1, £1,500 an episode (84-day review): a0-a5 cost £500, b0-b5 cost £2,000,
  each 84 days (P = £1,500);
  cluster 11, £5,000 a year: c0-c9 cost £6,000, each 365 days (P = £5,000).
One bidder, θ = 1, capacity 6: π̂ = 1500 − 500 = 1000 for a0-a5 (taken), −500 and −1000
for the others (left). So 22 people, 6 taken (hidden: 1-7), 16 left.
  income = 12 × 1500 + 10 × 5000 = £68,000 → £50,000 (1.36 bases);
  cost   = 6 × 500 + 6 × 2000 + 10 × 6000 = £75,000 → £100,000 (1.5 bases, half away);
  surplus = −£7,000 → 0; cross-subsidy (cluster 1: 18,000 − 15,000) = £3,000 → 0;
  loss (cluster 11: 50,000 − 60,000) = £10,000 → 0.
Money base: 5 × the largest price, £5,000 a year, = £25,000 → £50,000.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

BASE = 50_000.0


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for i in range(6):
        sheet.append([f"a{i}", 1, 84, 500])
    for i in range(6):
        sheet.append([f"b{i}", 1, 84, 2000])
    for i in range(10):
        sheet.append([f"c{i}", 11, 365, 6000])
    tariff = book.create_sheet("tariff")
    for row in (["cluster", "price", "unit"], [1, 1500, "per_episode"], [11, 5000, "per_year"]):
        tariff.append(row)
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality", "capacity"])
    bidders.append(["Acme", 1, 1, 6])
    book.save(folder / "p.xlsx")
    out = folder / "out"
    args = ["tender", str(folder / "p.xlsx"), "--publish", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _summary(out: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _residue_total(out: Path) -> dict[str, Any]:
    sheet = openpyxl.load_workbook(out / "report.xlsx", data_only=True)["Residue"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(r for r in rows if r[0] == "Total")
    return dict(zip(rows[0], total, strict=True))


def test_the_money_base_is_50000(run: Path) -> None:
    assert _summary(run)["disclosure"]["money_rounding_base"] == BASE


def test_totals_are_rounded_to_the_money_base(run: Path) -> None:
    totals = _summary(run)["totals"]
    assert totals["cost"] == 100_000
    assert totals["service_users"] == 20
    # The income follows the Residue sheet's total, which the floor rule (methodology
    # §7) hides since disc23: both clusters' counts are hidden (f = 1 each), and the
    # total less its rounding, 50,000 − 25,000 = 25,000, is more than the most two
    # hidden people bring, 366 × £1,500 ÷ 84 = £6,535.71 × (1 + 1 − 1); the surplus,
    # cross-subsidy and losses hide with it. The actual costs have no public bound.
    assert totals["income"] is None and _residue_total(run)["Income £"] == "*"
    assert totals["surplus"] is None
    assert totals["cross_subsidy"] is None and totals["loss"] is None


def test_selection_means_are_the_residue_sheets(run: Path) -> None:
    selection = _summary(run)["selection"]
    total = _residue_total(run)
    # Mean cost before = £100,000 ÷ 20 = £5,000 (not £75,000 ÷ 20 = £3,750).
    assert selection["mean_cost_before"] == pytest.approx(5000)
    assert selection["mean_cost_before"] == pytest.approx(total["Mean cost before £"])
    # The people taken are hidden (6), and so, since pub9, are the 14 left in the total
    # row (20 = 6 + 14, 20 shown: 20 − 15 gave the 6 back to within the rounding), and
    # their mean cost with them, in both places.
    assert total["People left with the NHS"] == "*"
    assert total["Mean cost of those left £"] == "*"
    assert selection["residue_mean_cost"] is None
    assert total["People taken by bidders"] == "*"
    assert selection["taken_mean_cost"] is None
    assert selection["taken_cost_ratio"] is None
    assert "/selection/taken_cost_ratio" in _summary(run)["disclosure"]["suppressed"]


def test_no_selection_mean_times_its_count_gives_an_exact_total(run: Path) -> None:
    summary = _summary(run)
    selection, residue = summary["selection"], summary["residue"]
    exact_cost, exact_left_cost = 75_000.0, 72_000.0
    before = selection["mean_cost_before"] * summary["totals"]["service_users"]
    assert not math.isclose(before, exact_cost)
    if residue["residue_patients"] is not None and selection["residue_mean_cost"] is not None:
        left = selection["residue_mean_cost"] * residue["residue_patients"]
        assert not math.isclose(left, exact_left_cost)


def test_the_findings_say_nothing_of_how_costly_the_hidden_people_taken_are(run: Path) -> None:
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "less than the average person in the same clusters" not in html
