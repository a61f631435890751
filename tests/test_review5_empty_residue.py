"""An independent re-check of a tender that leaves no one with the NHS (review 5).

When bidders take everyone (an accept-all lot of every cluster), the residue's cost ÷
payment has nothing to divide: summary.json says null and report.xlsx saved a blank,
but the Summary sheet's formula, (cost of those left) ÷ (income − income taken), was
0 ÷ 0, so Excel or LibreOffice recalculating it showed #DIV/0!. It is now blank on
recalculation too, as every other ratio in the reports is.

The tender: six people (c = 1,000 … 4,000, tariff income 8,480 in all), one bidder
(θ = 0.6, ρ = 1, room for all six) and one accept-all lot of clusters 1-3. Σ π̂ =
8,480 − 0.6 × 12,000 = 1,280 > 0, so it takes the lot: everyone.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from recalc import recalc_formulas

PATIENTS = [
    ["patient_id", "cluster", "days", "admitted_days", "cost"],
    ["p1", 1, 100, 0, 1000],
    ["p2", 1, 100, 0, 3000],
    ["p3", 2, 200, 0, 2000],
    ["p4", 2, 50, 0, 4000],
    ["p5", 3, 300, 0, 1500],
    ["p6", 3, 10, 0, 500],
]


def test_no_ratio_divides_by_zero_when_everyone_is_taken(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    path = tmp_workbook(
        {
            "patients": PATIENTS,
            "tariff": [["cluster", "price", "unit"], [1, 15, "per_day"], [2, 12, "per_day"],
                       [3, 8, "per_day"]],
            "nhs": [["fixed_cost_share", "shed_rate"], [0.4, 0.5]],
            "bidders": [["name", "cost_factor", "info_quality", "capacity"], ["Big", 0.6, 1, 6]],
            "lots": [["name", "clusters", "accept_all"], ["All in", "1-3", "yes"]],
        }
    )  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    residue = json.loads((out / "summary.json").read_text(encoding="utf-8"))["residue"]
    assert residue["residue_patients"] == 0
    assert residue["residue_cost_to_payment"] is None
    # S = f(1 − s)Σ c = 0.4 × 0.5 × 12,000 = 2,400, all the NHS has left
    assert residue["nhs_surplus_after"] == -2400

    book = openpyxl.load_workbook(out / "report.xlsx")
    recalculated = recalc_formulas(out / "report.xlsx")
    errors = [
        (ws.title, cell.coordinate, cell.value)
        for ws in book
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
        and str(recalculated.get(ws.title, {}).get(cell.coordinate)).startswith("#")
    ]
    assert errors == []
