"""An independent re-check of what the tender reports say each figure is (review 5).

The "What the figures mean" tables (report.xlsx, report.html) explained two tender
figures with another formula than the one worked out (docs/methodology.md §6.5):

- the residue cost gap G = Σ_N (c − P), what the people left cost above the tariff paid
  for them, was "above the cost of the same number of average patients of their
  clusters" (Σ_N (c − cluster mean), another figure);
- the differential payment Σ_T (R − (1 − r)·c), payments above what the people taken
  cost the NHS (Brown et al. 2014), was "payments to bidders − the tariff for the same
  people" (Σ_T (R − P), which is 0 at the tariff).

The tender below tells the formulas apart: of six people (cost c, tariff income P per
day × days), one bidder (θ = 0.9, ρ = 1, hurdle 0.1, room for 2) takes p5 and p1.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.reports.figures import figure

# id, cluster, days, admitted days, cost c; tariff £15, £12, £8 a day in clusters 1-3, so
# P = 1,500, 1,500, 2,400, 600, 2,400, 80.
PATIENTS = [
    ["patient_id", "cluster", "days", "admitted_days", "cost"],
    ["p1", 1, 100, 0, 1000],
    ["p2", 1, 100, 0, 3000],
    ["p3", 2, 200, 0, 2000],
    ["p4", 2, 50, 0, 4000],
    ["p5", 3, 300, 0, 1500],
    ["p6", 3, 10, 0, 500],
]


#: The tender's sheets (also used by test_review8_whole_break_even).
SHEETS = {
    "patients": PATIENTS,
    "tariff": [["cluster", "price", "unit"], [1, 15, "per_day"], [2, 12, "per_day"],
               [3, 8, "per_day"]],
    "nhs": [["fixed_cost_share", "shed_rate"], [0.4, 0.5]],
    "bidders": [["name", "cost_factor", "info_quality", "hurdle_margin", "capacity"],
                ["Solo", 0.9, 1, 0.1, 2]],
}  # fmt: skip


def _residue(tmp_workbook: WorkbookFactory) -> dict[str, float]:
    path = tmp_workbook(SHEETS)
    result = CliRunner().invoke(cli, ["tender", str(path), "--json"])
    assert result.exit_code == 0, result.output
    residue: dict[str, float] = json.loads(result.stdout)["residue"]
    return residue


def test_the_residue_cost_gap_is_cost_above_the_tariff(tmp_workbook: WorkbookFactory) -> None:
    # π̂ = P − 0.9c: p5 1,050, p1 600, p3 600 (tie: lower id p1) wanted; room for 2.
    # Left: p2, p3, p4, p6. G = Σ (c − P) = 1,500 − 400 + 3,400 + 420 = 4,920, while
    # Σ (c − cluster mean) = 1,000 − 1,000 + 1,000 − 500 = 500.
    assert _residue(tmp_workbook)["residue_cost_gap"] == 4920
    meaning = figure("residue_cost_gap").meaning
    assert "tariff" in meaning
    assert "average patients" not in meaning


def test_the_differential_payment_is_payment_above_nhs_cost(
    tmp_workbook: WorkbookFactory,
) -> None:
    # Taken p5, p1: paid the tariff 2,400 + 1,500 = 3,900; NHS cost 1,500 + 1,000 = 2,500
    # (r = 0), so the differential payment is 3,900 − 2,500 = 1,400; payments − tariff = 0.
    assert _residue(tmp_workbook)["differential_payment"] == 1400
    meaning = figure("differential_payment").meaning
    assert "cost" in meaning
    assert "the tariff for the same people" not in meaning
