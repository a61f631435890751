"""A formula cell without a saved value is named by its column's header (round 12, fix 4).

openpyxl saves formulas without their results; calamine would read such a cell as blank,
so pbrkit refuses it. The message named the column by its letter alone ("row 3, column
'C'") where every other read message names the header ("column 'cluster_days'"). Now
it names both: the header as the column, the letter in the cell's reference.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def book(path: Path, title: bool) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "caseload"
    if title:  # a title block above the table, as trusts' workbooks often have
        sheet.append(["Caseload 2024/25"])
        sheet.append([])
    sheet.append(["cluster", "service_users", "cluster_days", "admitted_days"])
    sheet.append([4, 50, 9100, 0])
    sheet.append([11, 40, "=100*146", 0])  # no saved value: openpyxl computes nothing
    sheet.append([14, "=10+20", 840, 140])
    workbook.save(path)
    return path


def run(path: Path, tmp_path: Path) -> str:
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out").exists()
    return " ".join(result.output.split())


def test_formula_cells_are_named_by_header(tmp_path: Path) -> None:
    output = run(book(tmp_path / "in.xlsx", title=False), tmp_path)
    assert (
        "sheet 'caseload', row 3, column 'cluster_days': cell C3 is a formula without a "
        "saved value (=100*146)" in output
    )
    assert "row 4, column 'service_users': cell B4 is a formula" in output
    assert "column 'C'" not in output and "column 'B'" not in output


def test_below_a_title_block(tmp_path: Path) -> None:
    # The header is row 3 (the title in A1, row 2 blank): the formula is in row 5.
    output = run(book(tmp_path / "in.xlsx", title=True), tmp_path)
    assert "row 5, column 'cluster_days': cell C5 is a formula" in output
    assert "row 6, column 'service_users': cell B6 is a formula" in output
