"""Numbers written as text are read as written, or refused: never read as another number.

Found in review 4: spaces were taken out of a number wherever they were, so `2 00`
(a slip for 200, or two values) in service_users was read as 200, and `3 4` as 34; a
sign inside accounting brackets was cancelled by them, so `(-5)` in actual_cost was
read as £5. Spaces are thousands separators only in groups of three (`1 234`,
`12 500.00`, as commas are: docs/methodology.md §8); a number in brackets is negative
and carries no sign of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.io.parse import parse_number


@pytest.mark.parametrize(
    "text", ["2 00", "3 4", "1 2 3", "12 34", "1 2345", "1234 567", "(-5)", "(+5)", "£(-5)"]
)
def test_a_number_that_is_not_as_written_is_refused(text: str) -> None:
    _, bad = parse_number(pd.Series([text], dtype=object))
    assert bad.tolist() == [True]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 234", 1234.0),  # a space as thousands separator: one group of three
        ("12 500.00", 12500.0),
        ("1 234 567", 1234567.0),
        ("£ 1 234", 1234.0),  # the space after £ is not between digits
        ("\u00a01\u202f234 ", 1234.0),  # no-break and narrow no-break spaces (French style)
        ("(1 234)", -1234.0),  # accounting brackets: negative
        ("(120)", -120.0),
        (" 12 ", 12.0),
        ("1,234", 1234.0),
        ("-5", -5.0),
    ],
)
def test_numbers_written_with_separators_are_read(text: str, number: float) -> None:
    numbers, bad = parse_number(pd.Series([text], dtype=object))
    assert bad.tolist() == [False]
    assert numbers.tolist() == [number]


def test_a_percentage_with_a_space_before_its_sign_is_still_a_share() -> None:
    # "12 %" has no space between digits: 12 % = 0.12.
    numbers, bad = parse_number(pd.Series(["12 %"], dtype=object), percent=True)
    assert (numbers.tolist(), bad.tolist()) == ([0.12], [False])


@given(st.integers(0, 10**9))
def test_any_whole_number_grouped_by_spaces_reads_back(number: int) -> None:
    text = f"{number:,}".replace(",", " ")
    numbers, bad = parse_number(pd.Series([text], dtype=object))
    assert (numbers.tolist(), bad.tolist()) == ([float(number)], [False])


def test_cost_refuses_a_misplaced_space_and_writes_nothing(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    rows = [["cluster", "service_users", "cluster_days"], [1, "2 00", 3650]]
    path = tmp_workbook({"caseload": rows})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "row 2" in result.output and "service_users" in result.output
    assert "2 00" in result.output
    assert not out.exists()


@given(st.integers(0, 10**11), st.sampled_from(["£{:,.2f}", "{:,.2f}", "£ {:,.2f}", "({:,.2f})"]))
def test_money_as_excel_shows_it_reads_back_to_the_penny(pence: int, form: str) -> None:
    # 123456 pence written "£1,234.56" (or in brackets: negative) reads back as 1234.56.
    pounds = pence / 100
    numbers, bad = parse_number(pd.Series([form.format(pounds)], dtype=object))
    sign = -1 if form.startswith("(") else 1
    assert bad.tolist() == [False]
    assert round(numbers[0] * 100) == sign * pence
