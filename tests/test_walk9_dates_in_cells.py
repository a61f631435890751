"""A date where a list of clusters or a number belongs says so, and how to undo it
(walk 9).

Found on a newcomer's walk. Typed into Excel, a lot's clusters `1-4` becomes the date
1 April: in the .xlsx it was refused as "a date where a number belongs ... Fix: format
the cell as a number", advice that turns it into 45383, not 1-4; saved as CSV the same
cell reads `01-Apr` and was "not a valid value". A date typed as text in a number
column (`01/04/2024` under cluster_days) was "not a number". Each now says it is a date
where a list of clusters (or a number) belongs, and a list's fix is to format the
column as text and type the clusters again.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
LIST_FIX = "Excel turns 1-4 into a date: format the column as Text, then type the clusters again"


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(path)])
    return result.exit_code, result.stderr


def test_a_date_in_an_xlsx_lot_is_a_date_where_a_list_belongs(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLE)
    book["lots"]["B2"] = datetime.datetime(2024, 4, 1)  # clusters "1-4" as Excel keeps it
    book.save(tmp_path / "c.xlsx")
    code, stderr = validate(tmp_path / "c.xlsx")
    assert code == 2
    assert "column 'clusters': a date where a list of clusters belongs" in stderr
    assert LIST_FIX in stderr
    assert "format the cell as a number" not in stderr


def test_dates_saved_as_text_in_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    for sheet in ("caseload", "nhs", "bidders", "lots"):
        frame = pd.read_excel(EXAMPLE, sheet_name=sheet, engine="openpyxl").astype(object)
        if sheet == "lots":
            frame.loc[0, "clusters"] = "01-Apr"  # Excel's CSV of the date 1-4 became
        if sheet == "caseload":
            frame.loc[0, "cluster_days"] = "01/04/2024"
        frame.to_csv(folder / f"{sheet}.csv", index=False)
    code, stderr = validate(folder)
    assert code == 2
    assert "row 2, column 'clusters': a date where a list of clusters belongs" in stderr
    assert LIST_FIX in stderr
    assert "row 2, column 'cluster_days': a date where a number belongs" in stderr


def test_a_date_in_a_ratings_days_cell(tmp_path: Path) -> None:
    # The ratings sheet has its own reader: the same words there (was "not a valid value").
    ratings = Path(__file__).parents[1] / "examples" / "ratings.xlsx"
    book = openpyxl.load_workbook(ratings)
    header = [cell.value for cell in book["ratings"][1]]
    book["ratings"].cell(3, header.index("days") + 1).value = "1/4/2024"
    book.save(tmp_path / "r.xlsx")
    result = CliRunner().invoke(cli, ["validate", "--for", "cluster", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2
    assert "row 3, column 'days': a date where a number belongs (found '1/4/2024')" in (
        result.stderr
    )
