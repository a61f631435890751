"""A Total row under a patients table is checked and skipped, as methodology §8 says (review 7).

Found by adding a "Total" row (as a finance officer adds one before sending a sheet)
under a copy of examples/ratings.xlsx saved as CSV and run through `pbrkit cost`:
methodology §8 says a last row labelled Total on the `caseload` *or `patients`* sheet is
checked against the rows above and skipped, but only the caseload contract listed the
columns a Total adds up, so under a patients table the row was read as a patient and
refused with "column 'days': value out of range (above the largest accepted, 366)" and
"column 'cluster': required value is blank". The patients contract now lists days,
admitted_days and cost, so the row is checked to the penny and skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

HEADER = ["patient_id", "cluster", "days", "admitted_days", "cost"]
PATIENTS = [["a", 3, 200, 10, 1000.25], ["b", 3, 300, 0, 2000.50], ["c", 11, 365, 20, 500]]


def workbook(path: Path, total: list[object] | None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    for row in [HEADER, *PATIENTS, *([total] if total else [])]:
        sheet.append(row)
    book.save(path)
    return path


def cost_totals(book: Path, out: Path) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "summary.json").read_text())["totals"])


def test_a_total_row_under_patients_is_checked_and_skipped(tmp_path: Path) -> None:
    # days 200 + 300 + 365 = 865; admitted 10 + 0 + 20 = 30;
    # cost £1,000.25 + £2,000.50 + £500 = £3,500.75.
    total = ["Total", None, 865, 30, 3500.75]
    clean = cost_totals(workbook(tmp_path / "clean.xlsx", None), tmp_path / "a")
    with_total = cost_totals(workbook(tmp_path / "total.xlsx", total), tmp_path / "b")
    assert with_total == clean
    assert clean["cluster_days"] == 865
    notes = json.loads((tmp_path / "b" / "summary.json").read_text())["notes"]
    assert any("row 5: a Total row, not read as data" in n["detail"] for n in notes)


def test_a_total_row_under_patients_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    # £3,500.75 in the rows; the Total says £3,600.75.
    book = workbook(tmp_path / "total.xlsx", ["Grand total", None, 865, 30, 3600.75])
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2
    assert (
        "sheet 'patients', row 5, column 'cost': the Total row says 3,600.75 but the rows "
        "above add up to 3,500.75"
    ) in result.stderr
    assert "required value is blank" not in result.stderr
