"""Tests written against the survivors of mutation testing the fix10 rule "a patient ID
stored as a number that is not whole is refused" (``numeric_ids.fractional_ids``,
``_report_fractions``, ``workbook._number_values``): benchmarks/mutation-import.md,
"mut17".

The sheet's numbers are loaded only for cells whose text could hide a fraction (a
point, "0" or "-0", or more than 15 characters): a stand-in ``number_values`` counts
the loads, so each side of that rule is checked, not only the cells refused.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import Problem, ProblemCollector
from pbrkit.io.numeric_ids import fractional_ids, without_inexact_ids
from pbrkit.io.workbook import RawSheet

FIX = (
    "store the IDs as text (format the column as Text before entering them, "
    "or import them as text), then run again"
)


class Numbers:
    """A sheet's column 0 holding ``numbers`` (grid rows 0, 1, …), counting the loads."""

    def __init__(self, numbers: list[float]) -> None:
        self.numbers = np.array(numbers, dtype=np.float64)
        self.loads = 0

    def __call__(self, position: int) -> np.ndarray:
        assert position == 0, position
        self.loads += 1
        return self.numbers

    def sheet(self, rows: int) -> RawSheet:
        # The grid starts at sheet row 1 (first_row); the rule never reads its text.
        return RawSheet("patients", pd.DataFrame({0: [""] * rows}), 1, number_values=self)


def _held(cells: list[object], numbers: list[float]) -> tuple[list[float], int]:
    """``fractional_ids`` of ``cells`` at sheet rows 1, 2, …, and the loads it made."""
    values = Numbers(numbers)
    rows = np.arange(1, len(cells) + 1, dtype=np.int64)
    held = fractional_ids(values.sheet(len(cells)), 0, pd.Series(cells, dtype=object), rows)
    return held.tolist(), values.loads


@pytest.mark.parametrize(
    "cells",
    [
        ["A1", "123", "P-7"],  # no point, not "0", short: "." is a character, not "any"
        ["123456789012345"],  # 15 characters: not more than 15
        ["A1", None],  # a blank cell hides nothing
    ],
)
def test_ids_that_cannot_hide_a_fraction_never_load_the_numbers(cells: list[object]) -> None:
    held, loads = _held(cells, [12.5] * len(cells))
    assert loads == 0
    assert np.isnan(held).all()


def test_sixteen_characters_load_the_numbers_and_only_fractions_are_held() -> None:
    # "1234567890123456" (16 characters) and "0" are looked at; their numbers 12.5 and
    # 1.5e-20 are not whole, so both are held; "7" (number 7.25) is never looked at:
    # a number within 0.0000000005 of a whole one other than 0 reads as that one.
    held, loads = _held(["1234567890123456", "7", "0", None], [12.5, 7.25, 1.5e-20, np.nan])
    assert loads == 1
    assert held[0] == 12.5 and np.isnan(held[1]) and held[2] == 1.5e-20 and np.isnan(held[3])


def test_a_cell_past_the_sheets_numbers_is_not_a_number_cell() -> None:
    # Sheet rows 1..3, grid rows 0..2; the numbers reach grid row 1 only (len 2): the
    # cell at grid row 2 (len(stored) exactly) is no number cell, so nothing is held
    # for it and nothing is read past the end.
    held, loads = _held(["0.5", "1.5", "2.5"], [0.5, 1.5])
    assert loads == 1
    assert held[:2] == [0.5, 1.5]
    assert np.isnan(held[2])


def test_more_than_twenty_fractions_name_twenty_cells_then_count_the_rest() -> None:
    # 22 cells holding 0.5, 1.5, … 21.5 at sheet rows 1..22: one problem for each of
    # the first 20 (rows 1..20), then one for the 22 − 20 = 2 left.
    numbers = [n + 0.5 for n in range(22)]
    values = Numbers(numbers)
    cells = pd.Series([str(n) for n in numbers], dtype=object)
    rows = np.arange(1, 23, dtype=np.int64)
    problems = ProblemCollector()
    without_inexact_ids(values.sheet(22), 0, cells, rows, "patient_id", problems)
    said = problems.problems
    assert len(said) == 21
    assert said[0] == Problem(
        "patient ID stored as the number 0.5, which is not a whole number (read as 0.5): "
        "a patient ID is a code, and a number cell cannot hold one that is not a whole "
        "number",
        sheet="patients",
        row=1,
        column="patient_id",
        expected="an ID stored as text",
        fix=FIX,
    )
    assert [p.row for p in said[:20]] == list(range(1, 21))
    assert said[20] == Problem(
        "2 more patient IDs stored as numbers that are not whole numbers",
        sheet="patients",
        column="patient_id",
    )


def test_the_number_is_read_from_the_ids_own_column(tmp_path: Path) -> None:
    # The patient_id column is B (position 1), A holds the cluster (a whole 3): row 3's
    # ID 12.5 is refused; read from column A instead it would be the whole number 3.
    book = tmp_path / "p.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("patients")
    for number, row in enumerate(
        [["cluster", "patient_id", "days"], [3, "A1", 100], [3, 12.5, 100]]
    ):
        sheet.write_row(number, 0, row)
    workbook.close()
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "sheet 'patients', row 3, column 'patient_id'" in said
    assert "patient ID stored as the number 12.5, which is not a whole number" in said


def test_empty_formatted_rows_above_the_header_keep_the_numbers_on_their_rows(
    tmp_path: Path,
) -> None:
    # A1 and A2 are formatted but empty (a styled blank row is common), the header is
    # row 3, and row 5's ID is 12.5. The numbers are read from the sheet's first row
    # in use with no row skipped (skip_rows=0): skipping the two empty rows would put
    # every number two rows up (row 5's 12.5 read at row 3, the header) and the
    # fraction would pass unseen (exit 0).
    book = tmp_path / "p.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("patients")
    bold = workbook.add_format({"bold": True})
    sheet.write_blank(0, 0, None, bold)
    sheet.write_blank(1, 0, None, bold)
    rows = [["patient_id", "cluster", "days"], ["A1", 3, 100], [12.5, 3, 100], [7, 3, 100]]
    for number, row in enumerate(rows, start=2):
        sheet.write_row(number, 0, row)
    workbook.close()
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "sheet 'patients', row 5, column 'patient_id'" in said
    assert said.count("which is not a whole number") == 1
