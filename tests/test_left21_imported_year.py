"""The year of an imported workbook travels with it (left by the reviews after rev13).

`pbrkit import mhsds --year 2017/18` ended "Next: pbrkit cost OUT --first-year 2017/18"
because `cost` read no year from the workbook: without the flag a 2017/18 import was
costed and labelled 2024/25, cost's default, and `tender --years` labelled its years
from 2024/25 whatever the data (it had no --first-year at all). The import now writes a
`year` sheet (financial_year: 2017/18); `cost` and `tender` label their years from it
when no --first-year is given; a --first-year that differs wins, with a one-line notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from mhsds_helpers import care, extract
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,10,3650\n3,20,7300\n"


def folder_with_year(tmp_path: Path, year: str | None) -> Path:
    """A folder of CSVs: a caseload, and a year.csv holding ``year`` (None: no file)."""
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    if year is not None:
        (folder / "year.csv").write_text(f"financial_year\n{year}\n", encoding="utf-8")
    return folder


def labels(out: Path, key: str) -> list[str]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = summary[key] if key == "projection" else summary[key]["rows"]
    return [row["financial_year"] for row in rows]


def test_the_import_writes_the_year_it_counted(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2018_03.csv": [care()]})
    book = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(book)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(book, read_only=True)["year"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["financial_year"],
        ["2017/18"],
    ]
    assert "--first-year" not in result.output


def test_cost_labels_year_0_from_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["cost", str(folder_with_year(tmp_path, "2017-18")), "--years", "3", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    # Year 0 is the workbook's 2017/18 (written 2017-18, read as the label 2017/18).
    assert labels(out, "projection") == ["2017/18", "2018/19", "2019/20"]
    assert "Notice" not in result.output


def test_without_a_year_sheet_the_default_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["cost", str(folder_with_year(tmp_path, None)), "--years", "2", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert labels(out, "projection") == ["2024/25", "2025/26"]


def test_a_first_year_that_differs_wins_with_a_notice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = folder_with_year(tmp_path, "2017/18")
    args = ["cost", str(book), "--years", "2", "--first-year", "2020/21", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert labels(out, "projection") == ["2020/21", "2021/22"]
    notice = [line for line in result.stderr.splitlines() if line.startswith("Notice:")]
    assert notice == [
        "Notice: --first-year 2020/21 differs from the year the workbook covers (2017/18, "
        "its year sheet); year 0 is labelled 2020/21, as given."
    ]


def test_a_first_year_that_agrees_says_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = folder_with_year(tmp_path, "2017/18")
    args = ["cost", str(book), "--first-year", "2017/2018", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Notice" not in result.stderr


def test_tender_years_follow_the_workbook_and_the_option(tmp_path: Path) -> None:
    book = folder_with_year(tmp_path, "2017/18")
    runner = CliRunner()
    out = tmp_path / "t1"
    result = runner.invoke(cli, ["tender", str(book), "--years", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert labels(out, "years") == ["2017/18", "2018/19"]
    out = tmp_path / "t2"
    args = ["tender", str(book), "--years", "2", "--first-year", "2019/20", "--out", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert labels(out, "years") == ["2019/20", "2020/21"]
    assert "year sheet); the first year is labelled 2019/20, as given." in result.stderr


@pytest.mark.parametrize("given", ["2024/26", "abc"])
def test_tender_first_year_is_checked_as_costs_is(tmp_path: Path, given: str) -> None:
    args = ["tender", str(folder_with_year(tmp_path, None)), "--first-year", given]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert f"'{given}' is not a financial year" in result.output


@pytest.mark.parametrize(
    ("cells", "row", "message"),
    [
        (["2017/19"], 2, "not a financial year"),
        (
            ["2017/18", "2018/19"],
            3,
            "a second year beside 2017/18 (row 2): the sheet holds one year",
        ),
    ],
)
def test_a_bad_year_sheet_is_refused_at_its_cell(
    tmp_path: Path, cells: list[str], row: int, message: str
) -> None:
    book = folder_with_year(tmp_path, "\n".join(cells))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 2
    assert f"file 'book/year.csv', row {row}, column 'financial_year': {message}" in result.output
    assert "Fix: write the year the caseload covers" in result.output
    assert "nothing was written" in result.output
    assert not out.exists()


def test_a_sheet_of_ones_own_called_year_is_left_alone(tmp_path: Path) -> None:
    # A workbook with its own "year" table (no financial_year column) ran before the
    # year sheet existed; it still does, labelled from the default.
    book = folder_with_year(tmp_path, None)
    (book / "year.csv").write_text("year,income\n2019,100\n2020,200\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--years", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert labels(out, "projection") == ["2024/25", "2025/26"]
