"""A patient ID stored as a number a spreadsheet cannot hold exactly is refused (review 7b
follow-up).

Found in review 7b: an xlsx whose patient_id cell held the number 1234567890123456789
was read as 1234567890123457024 (a float keeps whole numbers exactly only up to
2**53 = 9,007,199,254,740,992), and the run went on with an ID no one ever gave; two
such IDs became one patient "appearing more than once". Excel itself keeps only 15
significant digits of a number, so a numeric ID with more (1234567890123456, 16 digits,
below 2**53) has likely been changed already. Both are refused, naming the cell, with
the fix (store IDs as text); exit 2, nothing written. A long ID stored as text, and a
short one stored as a number, are read as before.

The tests of the refusal failed on the old code (exit 0, or the repeat message only).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
FIX = "store the IDs as text"


def _xlsx(path: Path, sheet: str, header: list[str], rows: list[list[object]]) -> Path:
    """A real xlsx, written by XlsxWriter: Python ints are written as number cells."""
    book = xlsxwriter.Workbook(str(path))
    cells = book.add_worksheet(sheet)
    for number, row in enumerate([header, *rows]):
        cells.write_row(number, 0, row)
    book.close()
    return path


def _said(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize(
    ("value", "read"),
    [(1234567890123456789, "1234567890123457024"), (1234567890123456, "1234567890123456")],
)
def test_a_long_numeric_id_on_a_ratings_sheet_is_refused(
    tmp_path: Path, value: int, read: str
) -> None:
    book = _xlsx(
        tmp_path / "r.xlsx",
        "ratings",
        ["patient_id", "cluster", *ITEMS],
        [["A1", 3, *[1] * 18], [value, 3, *[1] * 18]],
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 2, result.output
    said = _said(result.output)
    assert "sheet 'ratings', row 3, column 'patient_id'" in said
    assert f"more than 15 digits (read as {read})" in said
    assert FIX in said
    assert not out.exists()


def test_two_long_numeric_ids_on_a_patients_sheet_are_two_problems_not_a_repeat(
    tmp_path: Path,
) -> None:
    # Both read as the float 1234567890123457024: before, "appears more than once".
    book = _xlsx(
        tmp_path / "p.xlsx",
        "patients",
        ["patient_id", "cluster", "days"],
        [[1234567890123456789, 3, 100], [1234567890123457000, 3, 100]],
    )
    out = tmp_path / "out"
    for command in (["cost", str(book), "--out", str(out)], ["validate", str(book)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        said = _said(result.output)
        for row in (2, 3):
            assert f"sheet 'patients', row {row}, column 'patient_id'" in said
        assert said.count("more than 15 digits") == 2
        # One message per cell: not also a repeat, nor a blank (the cell is not used).
        assert "appears more than once" not in said
        assert "required value is blank" not in said
        assert FIX in said
        assert not out.exists()


def test_long_ids_as_text_and_short_ids_as_numbers_are_read(tmp_path: Path) -> None:
    book = tmp_path / "ok.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "ratings"
    sheet.append(["patient_id", "cluster", *ITEMS])
    sheet.append(["1234567890123456789", 3, *[1] * 18])  # text: every digit kept
    sheet.append([123456789012345, 3, *[1] * 18])  # 15 digits: exact anywhere
    sheet.append([9007199254740990, 3, *[1] * 18])  # 15 significant digits, below 2**53
    workbook.save(book)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ids = (out / "allocations.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in ids[1:]] == [
        "1234567890123456789", "123456789012345", "9007199254740990"
    ]  # fmt: skip
