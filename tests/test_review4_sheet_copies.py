"""A copy of a sheet the run reads (Excel names it 'caseload (2)') is named in a note.

Found in review 4: Excel's Move or Copy > Create a copy makes 'caseload (2)'; a user who
edits the copy sees their figures, while pbrkit reads 'caseload' without a word. The
run still reads 'caseload' (the name it asks for); the Data quality sheet, summary.json
and `pbrkit validate` now say the copy was not read.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ROWS = [["cluster", "service_users", "cluster_days"], [1, 120, 9600], [3, 200, 34000]]


def workbook(path: Path, names: list[str]) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name in names:
        sheet = book.create_sheet(name)
        for row in ROWS:
            sheet.append(row)
    book.save(path)
    return path


def copy_notes(path: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes = json.loads((out / "summary.json").read_text())["notes"]
    return [n["detail"] for n in notes if "look like" in n["detail"] or "looks like" in n["detail"]]


def test_excel_copies_of_the_caseload_are_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", ["caseload", "caseload (2)", "Copy of Caseload"])
    assert copy_notes(path, tmp_path) == [
        "sheets 'caseload (2)', 'Copy of Caseload' look like copies of sheet 'caseload': "
        "only 'caseload' was read (rename the sheet you mean to 'caseload')"
    ]


def test_other_sheets_are_not_copies(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", ["caseload", "caseload 2023", "tariff notes"])
    assert copy_notes(path, tmp_path) == []
