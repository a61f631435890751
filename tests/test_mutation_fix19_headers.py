"""Tests written against the survivors of mutation testing this morning's reader changes
(mut19, benchmarks/mutation-import.md): ``io.schema._missing_header_problem`` and
``_first_row_read`` (a file whose first row heads another table says what it reads),
and ``_describe_bad_number``'s bare percentage (a share of at most 1 typed as 25), and
``_out_of_range`` (a hurdle margin at most 1, 7a1024e).

Each test builds the sheet by hand and checks the whole problem: message, sheet,
expected and fix, word for word.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.errors import SheetName
from pbrkit.io import sheets, values
from pbrkit.io.schema import (
    Column,
    Kind,
    _describe_bad_number,
    _missing_header_problem,
    _out_of_range,
    maximum,
)
from pbrkit.io.workbook import RawSheet

EXPECTED = "a row of column names including cluster, service_users, cluster_days"
SHEET_FIX = "put the column names in the first row (`pbrkit template` writes a caseload sheet)"


def _grid(*rows: list[object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), dtype=object)


def test_an_empty_sheet_keeps_the_plain_problem() -> None:
    problem = _missing_header_problem(RawSheet("caseload", _grid()), sheets.CASELOAD)
    assert (problem.message, problem.sheet) == ("no header row found", "caseload")
    assert problem.expected == EXPECTED  # the caseload's required columns, ', ' between
    assert problem.fix == SHEET_FIX


def test_a_csv_is_told_of_its_first_row_not_a_template_sheet() -> None:
    csv = SheetName("caseload", file="trust.csv")
    problem = _missing_header_problem(RawSheet(csv, _grid()), sheets.CASELOAD)
    assert problem.fix == "put the column names in the first row of the file"
    assert problem.sheet == "caseload"


def test_the_first_row_with_a_value_is_quoted_at_its_own_row_number() -> None:
    # Rows 1 and 2 are empty, row 3 heads another table: grid row i = 2 is spreadsheet
    # row first_row + i = 1 + 2 = 3 (not 1 − 2 = −1).
    grid = _grid([np.nan, np.nan], [np.nan, np.nan], ["parameter", "low"])
    problem = _missing_header_problem(RawSheet("caseload", grid), sheets.CASELOAD)
    assert problem.message == (
        "no header row found: no row names a caseload column; row 3 reads 'parameter, low'"
    )
    assert (
        problem.fix == f"if this is another table, give the command the caseload; else {SHEET_FIX}"
    )
    # a sheet starting at row 5 (first_row 5): the same cells are row 5 + 2 = 7
    problem = _missing_header_problem(RawSheet("caseload", grid, first_row=5), sheets.CASELOAD)
    assert "row 7 reads 'parameter, low'" in problem.message


def _bidders_column(name: str) -> Column:
    return next(c for c in sheets.BIDDERS.columns if c.name == name)


def test_only_a_share_or_margin_above_1_is_read_as_a_bare_percentage() -> None:
    # info_quality is a share (0 to 1): 25 is 2,500% as a fraction, most likely 25%.
    assert _describe_bad_number(25, _bidders_column("info_quality")) == (
        "value out of range (above the largest accepted, 1): as a fraction, 25 is 2,500%",
        "if you meant 25%, write 25% or 0.25",
    )
    # A share below 0 is no percentage typed bare: out of range, naming the lower limit
    # it broke (0), with what to enter.
    assert _describe_bad_number(-0.5, _bidders_column("info_quality")) == (
        "value out of range (below the lowest accepted, 0)",
        "enter at least 0: a fraction from 0 to 1 (e.g. 0.25 or 25%)",
    )
    # A count above its largest (capacity, 10⁹) takes no percentage: its own limit.
    assert _describe_bad_number(2e9, _bidders_column("capacity")) == (
        "value out of range (above the largest accepted, 1,000,000,000)",
        "enter at most 1,000,000,000 (a number of 0 or more), or check the unit; the "
        "limits are in SECURITY.md",
    )


def test_the_range_of_a_margin_a_factor_and_a_number() -> None:
    nan = float("nan")
    # hurdle_margin (a rate): its own limits (pbrkit.model), above -1 and at most 1:
    # −150, −100, −1 and 1.01 out, −0.99 … 1 in, a blank (NaN) not out.
    hurdle = _bidders_column("hurdle_margin")
    numbers = np.array([-150, -100, -1, -0.99, -0.5, 0, 1, 1.01, nan])
    assert _out_of_range(numbers, hurdle).tolist() == [1, 1, 1, 0, 0, 0, 0, 1, 0]
    # A rate without limits of its own: −100 (−10,000%) either side of 0, the widest a
    # rate may be: −150 and 150 out, −100 and 100 in.
    rate = Column("growth", Kind.RATE)
    numbers = np.array([-150, -100, -99.5, 0, 100, 150, nan])
    assert _out_of_range(numbers, rate).tolist() == [1, 0, 0, 0, 0, 1, 0]
    # cost_factor (a factor): above 0 and at most 10¹²: 0 and −1 out, 10¹² in.
    factor = _bidders_column("cost_factor")
    numbers = np.array([0, -1, 0.5, 1e12, 2e12, nan])
    assert _out_of_range(numbers, factor).tolist() == [1, 1, 0, 0, 1, 0]
    # a plain number: within ± its largest either side of 0.
    plain = Column("x", Kind.NUMBER)
    top = maximum(plain)
    numbers = np.array([-2 * top, -top, -5, 0, top, 2 * top])
    assert _out_of_range(numbers, plain).tolist() == [1, 0, 0, 0, 0, 1]


def test_a_rate_without_its_own_maximum_takes_10000_percent_and_a_number_its_largest() -> None:
    # RATE_LIMIT, 100 = 10,000%, only for a rate; a plain number's largest is
    # values.MAX_NUMBER; hurdle_margin's own maximum, 1, before either.
    assert maximum(Column("growth", Kind.RATE)) == 100.0
    assert maximum(Column("x", Kind.NUMBER)) == values.MAX_NUMBER
    assert maximum(_bidders_column("hurdle_margin")) == 1.0


def test_a_narrow_float_in_a_money_column_word_for_word() -> None:
    # float32 has 24 significand bits: pennies stay apart up to 2^(24 − 7) = £131,072;
    # float16 (11 bits) up to 2^(11 − 7) = £16.
    cost = next(c for c in sheets.PATIENTS.columns if c.name == "cost")
    fix = "write the column as 64-bit floats (float64/double) or decimals"
    assert _describe_bad_number(np.float32(123456.78), cost) == (
        "a 32-bit float, which cannot hold the pennies of amounts from £131,072.00 "
        "(it holds 123,456.7812)",
        fix,
    )
    assert _describe_bad_number(np.float16(1000), cost) == (
        "a 16-bit float, which cannot hold the pennies of amounts from £16.00 "
        "(it holds 1,000.0000)",
        fix,
    )
