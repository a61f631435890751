"""The ratings template's About sheet describes the ratings template (review 6).

Found filling in `pbrkit template --kind ratings`: its About sheet said "Optional sheets
may be deleted: the reference set then supplies tariff, packages and unit costs", text
for the cost template; the ratings workbook has one sheet, ratings, and no such sheets.
It now says which ratings columns are required and which optional.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def about(kind: str, tmp_path: Path) -> str:
    path = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(cli, ["template", "--kind", kind, str(path)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path)["About"]
    return "\n".join(str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0])


def test_ratings_about_speaks_of_ratings(tmp_path: Path) -> None:
    text = about("ratings", tmp_path)
    assert "packages" not in text
    assert "Optional sheets" not in text
    assert "patient_id and the 18 MHCT items" in text


def test_cost_and_tender_about_keep_the_optional_sheets(tmp_path: Path) -> None:
    for kind in ("cost", "tender"):
        assert "the reference set then supplies tariff, packages and unit costs" in about(
            kind, tmp_path
        )
