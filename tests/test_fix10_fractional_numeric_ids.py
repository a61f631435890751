"""A patient ID stored as a number that is not a whole number is refused at its cell
(fix10, item 1).

Found in review: a number cell of 1.5e-20 used as a patient ID was read as "0" (the
spreadsheet reader writes a number cell's text to 9 decimal places: 1.5e-20 rounds to
0), and 12.5 was read as the ID "12.5"; either way the run went on with an ID no one
wrote. A patient ID is a code, never a fraction: such a cell is refused, naming the
cell and the number it holds, with the fix (store IDs as text); exit 2, nothing
written. The same digits stored as text ("12.5", "0") are exact and read as before, and
a whole number stored as a number (7, 0) is read as before.

These tests failed on the old code (exit 0; the IDs were read as "0" and "12.5").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import ProblemCollector
from pbrkit.io.numeric_ids import without_inexact_ids
from pbrkit.io.workbook import RawSheet

# The long-ID tests' real-xlsx writer (Python numbers written as number cells).
from test_rev7b2_long_numeric_ids import FIX, ITEMS, _said, _xlsx


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1.5e-20, "1.5e-20"),
        (12.5, "12.5"),
        (-1.5e-20, "-1.5e-20"),
        # 16 significant digits and a fraction: one problem, the fraction (not also
        # "more than 15 digits").
        (123456789012345.5, "123456789012345.5"),
    ],
)
def test_a_fractional_numeric_id_on_a_ratings_sheet_is_refused(
    tmp_path: Path, value: float, shown: str
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
    assert f"patient ID stored as the number {shown}, which is not a whole number" in said
    assert said.count("patient ID stored as") == 1
    assert FIX in said
    assert not out.exists()


def test_fractional_numeric_ids_on_a_patients_sheet_are_one_problem_each(
    tmp_path: Path,
) -> None:
    book = _xlsx(
        tmp_path / "p.xlsx",
        "patients",
        ["patient_id", "cluster", "days"],
        [["A1", 3, 100], [1.5e-20, 3, 100], [12.5, 3, 100], [7, 3, 100]],
    )
    out = tmp_path / "out"
    for command in (["cost", str(book), "--out", str(out)], ["validate", str(book)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        said = _said(result.output)
        for row in (3, 4):
            assert f"sheet 'patients', row {row}, column 'patient_id'" in said
        assert "row 5, column 'patient_id'" not in said  # 7: a whole number, read as "7"
        assert said.count("which is not a whole number") == 2
        assert "required value is blank" not in said  # the refused cell is not used
        assert FIX in said
        assert not out.exists()


def test_zero_and_fractions_as_text_and_whole_numbers_are_read(tmp_path: Path) -> None:
    book = tmp_path / "ok.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("ratings")
    sheet.write_row(0, 0, ["patient_id", "cluster", *ITEMS])
    for row, patient in enumerate(["12.5", "0", "1.5e-20"], start=1):  # text cells: exact
        sheet.write_string(row, 0, patient)
        sheet.write_row(row, 1, [3, *[1] * 18])
    sheet.write_row(4, 0, [7, 3, *[1] * 18])  # a whole number, written "7"
    # 10**15: 16 characters (its number is looked at) but whole, one significant digit.
    sheet.write_row(5, 0, [10**15, 3, *[1] * 18])
    workbook.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ids = (out / "allocations.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in ids[1:]] == [
        "12.5",
        "0",
        "1.5e-20",
        "7",
        "1000000000000000",
    ]


def test_the_number_held_is_judged_not_the_text_read() -> None:
    # Sheet rows 2..5 hold the numbers 1.5e-20, 0, 12.5 and (row 5) text: the reader's
    # text is "0", "0", "12.5", "12.5". Only the number cells that are not whole
    # numbers (rows 2 and 4) are refused; each is made blank.
    numbers = np.array([1.5e-20, 0.0, 12.5, np.nan])

    def number_values(position: int) -> np.ndarray:
        assert position == 0, position
        return numbers

    sheet = RawSheet("ratings", pd.DataFrame({0: [""] * 4}), 2, number_values=number_values)
    problems = ProblemCollector()
    cells = pd.Series(["0", "0", "12.5", "12.5"], dtype=object)
    rows = np.array([2, 3, 4, 5], dtype=np.int64)
    kept = without_inexact_ids(sheet, 0, cells, rows, "patient_id", problems)
    assert [p.row for p in problems.problems] == [2, 4]
    assert problems.problems[0].message.startswith(
        "patient ID stored as the number 1.5e-20, which is not a whole number (read as 0)"
    )
    assert kept.isna().tolist() == [True, False, True, False]
