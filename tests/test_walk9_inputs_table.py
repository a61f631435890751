"""docs/methodology.md §8's table of every input column matches the sheet contracts
(walk 9).

Found on a newcomer's walk: no page of docs/ listed the columns of each sheet with the
type of a cell and its limits (README's table names the columns only, SECURITY.md the
bounds by kind), while src/pbrkit/io/sheets.py said "the docs' input table is generated
from it", which nothing did. The table is now in §8, and this test keeps it to the
contracts: every column of every input sheet appears once, with "yes" exactly where the
contract requires it, every choice of a choice column, and a column's own maximum.
"""

from __future__ import annotations

import re
from pathlib import Path

from pbrkit.io import sheets
from pbrkit.io.schema import Kind

METHODOLOGY = Path(__file__).parents[1] / "docs" / "methodology.md"


def documented() -> dict[tuple[str, str], list[str]]:
    """(sheet, column) -> the row's cells, from the table after "**Every column.**"."""
    text = METHODOLOGY.read_text(encoding="utf-8").split("**Every column.**", 1)[1]
    rows: dict[tuple[str, str], list[str]] = {}
    for line in text.split("\n\n", 2)[1].splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if not cells[0].startswith("`"):
            continue
        for column in re.findall(r"`([^`]+)`", cells[1]):
            key = (cells[0].strip("`"), column)
            assert key not in rows, f"{key} is documented twice"
            rows[key] = cells
    return rows


def test_every_contract_column_is_documented_once_and_nothing_else() -> None:
    names = {spec.name for spec in sheets.INPUT_SHEETS}
    contract = {(spec.name, c.name) for spec in sheets.INPUT_SHEETS for c in spec.columns}
    table = {key for key in documented() if key[0] in names}
    assert table == contract, (sorted(contract - table), sorted(table - contract))


def test_required_choices_and_maxima_agree_with_the_contracts() -> None:
    rows = documented()
    for spec in sheets.INPUT_SHEETS:
        for column in spec.columns:
            _, _, required, holds, _ = rows[(spec.name, column.name)]
            if column.required:
                assert required == "yes", (spec.name, column.name, required)
            else:  # blank, or required only by some commands, said so in brackets
                assert required in ("", "yes (cost and tender)"), (spec.name, column.name)
            if column.kind is Kind.CHOICE:
                for choice in column.choices:
                    assert f"`{choice}`" in holds, (spec.name, column.name, choice)
            if column.maximum is not None:
                top = f"{column.maximum:,g}"
                assert top in holds or f"{column.maximum * 100:,g}%" in holds, (
                    spec.name,
                    column.name,
                    holds,
                )
