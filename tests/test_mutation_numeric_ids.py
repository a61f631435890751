"""Direct, hand-worked tests of ``pbrkit.io.numeric_ids`` (round mut16).

Written for the mutation run over the module (benchmarks/mutation-import.md, mut16):
each case is one boundary of the rule "a patient ID stored as a number of 2**53 or more,
or with more than 15 significant digits, is refused at its cell". 2**53 is
9,007,199,254,740,992; Excel keeps 15 significant digits of a number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.errors import ProblemCollector
from pbrkit.io.numeric_ids import inexact_ids, without_inexact_ids
from pbrkit.io.workbook import RawSheet


def _sheet(numbers: list[bool], first_row: int = 1) -> RawSheet:
    """A sheet whose column 0 has a number cell at each grid row where ``numbers`` is
    true (the grid itself is not read by the rule)."""
    stored = np.array(numbers, dtype=bool)

    def number_cells(position: int) -> np.ndarray:
        assert position == 0, position  # the column asked for is the one checked
        return stored

    return RawSheet(
        "ratings", pd.DataFrame({0: [""] * len(numbers)}), first_row, number_cells=number_cells
    )


def _found(cells: list[object], numbers: list[bool] | None = None) -> list[bool]:
    """Which of ``cells`` (grid rows 0, 1, …, sheet rows 1, 2, …) are refused; every
    cell a number cell unless ``numbers`` says otherwise."""
    flags = [True] * len(cells) if numbers is None else numbers
    rows = np.arange(1, len(cells) + 1, dtype=np.int64)
    return inexact_ids(_sheet(flags), 0, pd.Series(cells, dtype=object), rows).tolist()


def test_each_side_of_fifteen_significant_digits() -> None:
    assert _found(
        [
            "1234567890123456",  # 16 digits, below 2**53: refused (16 significant)
            "123456789012345",  # 15 digits: kept
            "9007199254740990",  # 16 characters, 15 significant digits (trailing 0): kept
            "1000000000000000",  # 1e15 exactly, 1 significant digit: kept
            "1000000000000001",  # 1e15 + 1, 16 significant digits: refused
        ]
    ) == [True, False, False, False, True]


def test_each_side_of_two_to_the_53() -> None:
    # 9007199254741000 has 15 significant digits but lies above 2**53, where a double
    # no longer holds every whole number (…999 and …001 are not both stored): refused.
    # 10000000000000000 (1e16, 17 characters, 1 significant digit) likewise.
    assert _found(["9007199254741000", "10000000000000000", "9007199254740992"]) == [
        True,
        True,
        True,  # 2**53 itself: 16 significant digits anyway
    ]


def test_a_negative_or_fractional_number_is_judged_by_its_digits() -> None:
    assert _found(
        [
            "-1234567890123456",  # 16 significant digits, negative: refused
            "-9007199254741000",  # below −2**53: refused
            "-123456789012345",  # 15 digits: kept
            "0.1234567890123456",  # 16 significant digits after the point: refused
            "0.12345678901234",  # 14 significant digits, 16 characters: kept
            "1234567890123.25",  # 15 significant digits with a fraction: kept
        ]
    ) == [True, True, False, True, False, False]


def test_text_that_is_not_a_finite_number_is_never_refused() -> None:
    assert _found(
        ["ABCDEFGHIJKLMNOPQ", "1234567890123456x", "infinityinfinity", None, " 1234567890123456 "]
    ) == [False, False, False, False, True]  # the last: spaces around a 16-digit number


def test_only_number_cells_are_refused() -> None:
    # The same 16-digit text in a text cell (row 2) is exact; in a number cell, refused.
    assert _found(["1234567890123456", "1234567890123456"], [True, False]) == [True, False]


def test_no_number_cells_known_or_no_cells_refuses_nothing() -> None:
    rows = np.array([1], dtype=np.int64)
    csv = RawSheet("ratings", pd.DataFrame({0: ["x"]}))  # number_cells None: a CSV
    cells = pd.Series(["1234567890123456"], dtype=object)
    assert inexact_ids(csv, 0, cells, rows).tolist() == [False]
    empty = pd.Series([], dtype=object)
    none = inexact_ids(_sheet([True]), 0, empty, np.array([], dtype=np.int64))
    assert none.tolist() == [] and none.dtype == bool


def test_the_cells_sheet_rows_are_found_in_the_grid_from_its_first_row() -> None:
    # Grid rows 0..3 are sheet rows 3..6 (first_row 3); only grid row 2 (sheet row 5)
    # is a number cell. Cells at sheet rows 5, 6 and 2 (before the grid) and 7 (after
    # it): only sheet row 5 is a number cell.
    sheet = _sheet([False, False, True, False], first_row=3)
    cells = pd.Series(["1234567890123456"] * 4, dtype=object)
    rows = np.array([5, 6, 2, 7], dtype=np.int64)
    assert inexact_ids(sheet, 0, cells, rows).tolist() == [True, False, False, False]


def test_each_refused_cell_is_one_problem_and_made_blank() -> None:
    problems = ProblemCollector()
    cells = pd.Series(["A1", " 1234567890123457024 ", "42"], index=[10, 11, 12], dtype=object)
    rows = np.array([2, 3, 4], dtype=np.int64)
    kept = without_inexact_ids(_sheet([True] * 3), 0, cells, rows, "patient_id", problems)
    assert kept.index.tolist() == [10, 11, 12]
    assert kept[10] == "A1" and pd.isna(kept[11]) and kept[12] == "42"
    [problem] = problems.problems
    assert (problem.sheet, problem.row, problem.column) == ("ratings", 3, "patient_id")
    assert problem.message == (
        "patient ID stored as a number with more than 15 digits "
        "(read as 1234567890123457024): a spreadsheet keeps only 15 significant digits "
        "of a number, and whole numbers exactly only up to 9,007,199,254,740,992, so the ID "
        "read may not be the one written"
    )
    assert problem.expected == "an ID stored as text"
    assert problem.fix == (
        "store the IDs as text (format the column as Text before entering them, "
        "or import them as text), then run again"
    )


def test_twenty_cells_are_named_then_the_rest_counted() -> None:
    # 23 refused cells: 20 named (sheet rows 2..21), then "3 more" (23 − 20).
    problems = ProblemCollector()
    cells = pd.Series([str(10**16 + i) for i in range(23)], dtype=object)
    rows = np.arange(2, 25, dtype=np.int64)
    without_inexact_ids(_sheet([True] * 24), 0, cells, rows, "patient_id", problems)
    found = problems.problems
    assert [p.row for p in found[:20]] == list(range(2, 22))
    assert len(found) == 21
    assert found[20].message == "3 more patient IDs stored as numbers with more than 15 digits"
    assert (found[20].sheet, found[20].row, found[20].column) == ("ratings", None, "patient_id")


def test_nothing_refused_returns_the_cells_themselves() -> None:
    problems = ProblemCollector()
    cells = pd.Series(["A1", "123"], dtype=object)
    rows = np.array([2, 3], dtype=np.int64)
    kept = without_inexact_ids(_sheet([True] * 3), 0, cells, rows, "patient_id", problems)
    assert kept is cells and not problems


def test_a_number_refused_above_two_to_the_53_is_not_said_to_have_16_significant_digits() -> None:
    # 9007199254741000 (15 significant digits, above 2**53) and 1e20 (1 significant
    # digit) are refused for their size; the message said "more than 15 significant
    # digits", which is false of both. Each has more than 15 digits (16 and 21).
    problems = ProblemCollector()
    cells = pd.Series(["9007199254741000", "100000000000000000000"], dtype=object)
    rows = np.array([2, 3], dtype=np.int64)
    without_inexact_ids(_sheet([True] * 3), 0, cells, rows, "patient_id", problems)
    assert [p.message.split(" (read as")[0] for p in problems.problems] == [
        "patient ID stored as a number with more than 15 digits"
    ] * 2
