"""The three readers' missing-sheet messages give one fix for the same problem (fix10,
item 7).

fix9b gave the cost inputs, the MHCT ratings and the allocation grid one message
("sheet 'X' is missing (sheets found: …)"), but each still worded its own fix: "add a
sheet named 'caseload' (…); `pbrkit template` writes one", "name the sheet of MHCT
ratings 'ratings'", "name the sheet of the allocation grid 'profiles'", and for the
sheet likely meant "… if it is the sheet meant" against "… if it holds the MHCT
ratings". io.workbook.missing_sheet_problem now words the fix too, from what the sheet
holds: "add a sheet named 'X' holding …" (with the template command where one writes
the sheet), and before it, when a sheet is likely meant, "rename sheet 'Y' to 'X' if it
holds …, else". These tests failed on the old code (three wordings).
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = "people, cluster days and admitted days per cluster in the year (one row per team)"


def _book(path: Path, *names: str) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name in names:
        book.add_worksheet(name).write_row(0, 0, ["x"])
    book.close()
    return path


def _fix(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    return said.split("Fix: ", 1)[1].split(" Hint:", 1)[0]


def test_no_sheet_likely_meant(tmp_path: Path) -> None:
    book = _book(tmp_path / "two.xlsx", "Sheet1", "Other")
    out = str(tmp_path / "out")
    assert _fix(["cost", str(book), "--out", out]) == (
        f"add a sheet named 'caseload' holding {CASELOAD} (`pbrkit template` writes one)"
    )
    assert _fix(["cluster", str(book), "--out", out]) == (
        "add a sheet named 'ratings' holding the MHCT ratings "
        "(`pbrkit template --kind ratings` writes one)"
    )
    ratings = str(ROOT / "examples" / "ratings.xlsx")
    assert _fix(["cluster", ratings, "--profiles", str(book), "--out", out]) == (
        "add a sheet named 'profiles' holding the allocation grid"
    )


def test_a_sheet_likely_meant(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    book = _book(tmp_path / "near.xlsx", "Casload", "Rating", "Profile")
    assert _fix(["cost", str(book), "--out", out]) == (
        f"rename sheet 'Casload' to 'caseload' if it holds {CASELOAD}, else add a sheet "
        "named 'caseload' (`pbrkit template` writes one)"
    )
    assert _fix(["cluster", str(book), "--out", out]) == (
        "rename sheet 'Rating' to 'ratings' if it holds the MHCT ratings, else add a sheet "
        "named 'ratings' (`pbrkit template --kind ratings` writes one)"
    )
    ratings = str(ROOT / "examples" / "ratings.xlsx")
    assert _fix(["cluster", ratings, "--profiles", str(book), "--out", out]) == (
        "rename sheet 'Profile' to 'profiles' if it holds the allocation grid, else add a "
        "sheet named 'profiles'"
    )


def test_a_folder_of_csv_files(tmp_path: Path) -> None:
    folder = tmp_path / "fold"
    folder.mkdir()
    (folder / "x.csv").write_text("a\n", encoding="utf-8")
    (folder / "y.csv").write_text("b\n", encoding="utf-8")
    out = str(tmp_path / "out")
    # A folder has files, not sheets; no template writes a folder.
    assert _fix(["cost", str(folder), "--out", out]) == (
        f"add a file 'caseload.csv' to the folder holding {CASELOAD}"
    )
    assert _fix(["cluster", str(folder), "--out", out]) == (
        "add a file 'ratings.csv' to the folder holding the MHCT ratings"
    )
