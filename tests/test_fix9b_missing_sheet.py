"""One helper words "sheet X is missing" for every reader (fix9b, item 1).

The cost inputs (io.inputs.read_sheet), the allocation grid (io.profiles) and the MHCT
ratings (io.ratings) each built the message, its list of sheets found and the
near-sheet hint themselves; two of the three printed "(sheets found: )" for a
workbook without sheets where the third said "none". io.workbook.missing_sheet_problem
now builds it for all three.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.io.ratings import ITEMS
from pbrkit.io.workbook import missing_sheet_problem

SRC = Path(__file__).resolve().parents[1] / "src" / "pbrkit"


def test_the_message_lists_the_sheets_or_says_none() -> None:
    problem = missing_sheet_problem((), ("ratings",), holds="the MHCT ratings")
    assert problem.message == "sheet 'ratings' is missing (sheets found: none)"
    # fix10: the fix is worded here too, from what the sheet holds.
    assert problem.fix == "add a sheet named 'ratings' holding the MHCT ratings"
    problem = missing_sheet_problem(("Sheet1", "Notes"), ("ratings",), holds="x")
    assert problem.message == "sheet 'ratings' is missing (sheets found: 'Sheet1', 'Notes')"


def test_the_near_sheet_is_named_with_what_it_should_hold() -> None:
    problem = missing_sheet_problem(
        ("HoNOS", "Notes"),
        ("ratings",),
        ("honos",),
        holds="the MHCT ratings",
        template="pbrkit template --kind ratings",
    )
    assert problem.fix == (
        "rename sheet 'HoNOS' to 'ratings' if it holds the MHCT ratings, "
        "else add a sheet named 'ratings' (`pbrkit template --kind ratings` writes one)"
    )


def test_no_reader_words_the_message_itself() -> None:
    builders = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "s found: {found})" in path.read_text(encoding="utf-8")  # fix3: sheets or files
    ]
    assert builders == ["io/workbook.py"]


def test_the_three_readers_give_the_same_shape(tmp_path: Path) -> None:
    runner = CliRunner()
    ratings = write_xlsx(
        tmp_path / "r.xlsx",
        {"HoNOS": [["patient_id", *ITEMS], ["P1", *[1] * len(ITEMS)]], "Notes": [["x"]]},
    )
    result = runner.invoke(cli, ["cluster", str(ratings), "--out", str(tmp_path / "o1")])
    assert result.exit_code == 2
    assert "sheet 'ratings' is missing (sheets found: 'HoNOS', 'Notes')" in result.stderr
    assert "rename sheet 'HoNOS' to 'ratings' if it holds the MHCT ratings" in result.stderr

    book = openpyxl.load_workbook(SRC.parents[1] / "examples" / "clusters.xlsx")
    book["caseload"].title = "Caseload data"
    cost = tmp_path / "c.xlsx"
    book.save(cost)
    result = runner.invoke(cli, ["validate", str(cost)])
    assert result.exit_code == 2
    assert "sheet 'caseload' is missing (sheets found: " in result.stderr
    # The cost sheets' fix describes the sheet once, in the rename (fix10: the same
    # wording as the ratings').
    said = " ".join(result.stderr.split())
    assert (
        "rename sheet 'Caseload data' to 'caseload' if it holds people, cluster days and "
        "admitted days per cluster in the year (one row per team), else add a sheet named "
        "'caseload' (`pbrkit template` writes one)" in said
    )
