"""The nhs sheet's rule messages say what is wrong and how to fix it (review 7).

Found building hostile copies of examples/clusters.xlsx: a `payment` column set to
`blended` on the cost-pool rows with no `variable_share` was refused with

    Error: sheet 'nhs', column 'amount':     For further information visit https://errors.pydantic.dev/...

the last line of the validation library's text, not its message, and on the wrong
column. It now gives the model's own message ("a blended payment needs a
variable_share") on the variable_share column, with a fix, as the one-row form of
the sheet (fixed_cost_share and shed_rate) already did.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def with_nhs(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["nhs"]
    sheet.delete_rows(1, sheet.max_row)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


POOLS = [
    ["pool", "amount", "kind", "shed_rate", "payment"],
    ["Community", 20_000_000, "variable", 1, "blended"],
    ["Wards", 12_000_000, "fixed", 0, None],
]
HEADLINE = [["fixed_cost_share", "shed_rate", "payment"], [0.3, 0.2, "blended"]]


@pytest.mark.parametrize("rows", [POOLS, HEADLINE], ids=["pools", "headline"])
def test_blended_without_its_share_is_explained(rows: list[list[object]], tmp_path: Path) -> None:
    book = with_nhs(tmp_path / "c.xlsx", rows)
    result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(book)])
    assert result.exit_code == 2
    assert "pydantic" not in result.stderr
    assert "For further information" not in result.stderr
    assert "column 'variable_share': a blended payment needs a variable_share (0 to 1)" in (
        result.stderr
    )
    assert "Fix: give variable_share on the sheet: a fraction from 0 to 1" in result.stderr


def test_a_pool_without_its_kind_says_what_to_enter(tmp_path: Path) -> None:
    # A pool row with its kind left blank (or a "Total" row under the pools) was
    # "required value is blank" and nothing else; now it says what belongs there.
    rows = [POOLS[0][:4], ["Community", 20_000_000, "variable", 1], ["Wards", 12_000_000, None, 0]]
    book = with_nhs(tmp_path / "c.xlsx", rows)
    result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(book)])
    assert result.exit_code == 2
    assert (
        "sheet 'nhs', row 3, column 'kind': required value is blank; expected one of "
        "'variable', 'fixed'. Fix: fill in the cell or delete the row"
    ) in result.stderr


def test_a_fractional_capacity_is_not_a_whole_number(tmp_path: Path) -> None:
    # capacity 2500.5 was "Input should be a valid integer, got a number with a
    # fractional part", the validation library's words, with no fix.
    book = openpyxl.load_workbook(EXAMPLE)
    book["bidders"]["E2"] = 2500.5
    book.save(tmp_path / "c.xlsx")
    result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(tmp_path / "c.xlsx")])
    assert result.exit_code == 2
    assert "Input should be" not in result.stderr
    assert (
        "sheet 'bidders', row 2, column 'capacity': not a whole number (found 2500.5); "
        "expected a whole number. Fix: enter a whole number"
    ) in result.stderr
