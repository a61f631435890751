"""Hostile review (round 14, review3): a blank patient ID was told as "found 0.0".

A patients table (CSV, or a workbook's patients sheet) with a row whose patient_id is
empty stopped the run, rightly, with "row 4, column 'patient_id': required value is
blank (found 0.0)": the cell holds nothing, and "0.0" reads as if a zero had been
typed (an ID of 0 would be a valid ID). The blank is now told as blank, with no
"found"; the Parquet stream already said it so.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROWS = [
    ["patient_id", "cluster", "days", "admitted_days", "cost"],
    ["007", "1", "100", "0", "500"],
    ["7", "1", "100", "0", ""],
    ["", "3", "20", "", ""],
]


def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "patients.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    return path


def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    for row in ROWS:
        sheet.append([v if v != "" else None for v in row])
    path = tmp_path / "patients.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("make", [csv_file, workbook])
@pytest.mark.parametrize("command", ["cost", "validate"])
def test_a_blank_id_is_told_as_blank(tmp_path: Path, make: object, command: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "row 4, column 'patient_id': required value is blank" in text
    # Before: "required value is blank (found 0.0); expected an identifier".
    assert "found 0.0" not in text
