"""A money cell formatted as a percentage is refused, naming the cell; it was read as £0.05.

Found in review 8: an actual_cost cell holding 0.05 formatted `0%` (Excel shows 5%, as
after pasting from a column of shares) was costed as £0.05 with no word; calamine gives
the number and nothing of its format. The .xlsx scan now reads the styles part
(built-in formats 9 `0%` and 10 `0.00%`, and custom formats with a % outside quotes)
and lists the number cells of those styles; an .ods lists LibreOffice's
`office:value-type="percentage"` cells. A money column (actual_cost, price, unit_cost,
cost, amount...) refuses them; shares and counts are not affected.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import xlsxscan
from pbrkit.io.ratings import ITEMS
from test_review4_ods_time_cells import MANIFEST, content

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["cluster", "team", "service_users", "cluster_days", "actual_cost"]


def _book(path: Path, name: str, rows: list[list[Any]], formats: dict[str, str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = name
    for row in rows:
        sheet.append(row)
    for ref, number_format in formats.items():
        sheet[ref].number_format = number_format
    book.save(path)
    return path


def _validate(path: Path) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path)])


@pytest.mark.parametrize("number_format", ["0%", "0.00%", "0.0%", "#,##0.0%;[Red]-0.0%"])
def test_a_percentage_formatted_cost_is_refused(number_format: str, tmp_path: Path) -> None:
    rows = [HEADER, [1, "North", 10, 840, 1200], [3, "North", 4, 1000, 0.05]]
    path = _book(tmp_path / "c.xlsx", "caseload", rows, {"E3": number_format})
    result = _validate(path)
    assert result.exit_code == 2, result.output
    # 0.05 shown as 0.05 × 100 = 5%.
    assert (
        "sheet 'caseload', row 3, column 'actual_cost': cell E3 is formatted as a "
        "percentage, so it shows 0.05 as 5% and would be read as £0.05"
    ) in result.stderr
    assert result.stderr.count("formatted as a percentage") == 1


def test_other_formats_and_other_columns_are_read_as_before(tmp_path: Path) -> None:
    # A % in quotes is text the format shows (no × 100); a percentage in a count column
    # is the count (methodology §8 refuses only text such as "5%" there); an empty
    # percentage cell holds nothing.
    rows = [HEADER, [1, "North", 10, 840, 1200], [3, "North", 4, 1000, 950], [4, "N", 2, 9, None]]
    formats = {"E2": '0.00" %"', "E3": "£#,##0.00", "C2": "0%", "E4": "0%"}
    result = _validate(_book(tmp_path / "c.xlsx", "caseload", rows, formats))
    assert result.exit_code == 0, result.output


def test_a_percentage_share_is_still_a_share(tmp_path: Path) -> None:
    rows = [["fixed_cost_share", "shed_rate"], [0.4, 0.25]]
    book = _book(tmp_path / "t.xlsx", "nhs", rows, {"A2": "0%", "B2": "0.0%"})
    styles = xlsxscan.percent_styles(zipfile.ZipFile(book))
    assert styles  # the styles were found, and the shares are not refused:
    from pbrkit.errors import ProblemCollector
    from pbrkit.io import sheets
    from pbrkit.io.schema import read_table
    from pbrkit.io.workbook import open_workbook

    problems = ProblemCollector()
    table = read_table(open_workbook(book).sheet("nhs"), sheets.NHS, problems)
    assert not problems.problems
    assert table is not None
    assert table.frame["fixed_cost_share"].tolist() == [0.4]


def test_a_percentage_formatted_ratings_cost_is_refused(tmp_path: Path) -> None:
    rows = [["patient_id", *ITEMS, "cost"], ["P1", *[1] * len(ITEMS), 0.5]]
    column = openpyxl.utils.get_column_letter(len(ITEMS) + 2)
    path = _book(tmp_path / "r.xlsx", "ratings", rows, {f"{column}2": "0%"})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"cell {column}2 is formatted as a percentage, so it shows 0.5 as 50%" in result.stderr
    assert not out.exists()


def _ods(path: Path, rows: list[list[object]]) -> Path:
    """The .ods of review 4's tests, its text cell '5%' made a percentage cell holding
    0.05, as LibreOffice writes one."""
    xml = content(rows).replace(
        'office:value-type="string"><text:p>5%',
        'office:value-type="percentage" office:value="0.05"><text:p>5%',
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", xml, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return path


def test_an_ods_percentage_in_a_money_column_is_refused(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, [1, "North", 10, 840, 1200], [3, "North", 4, 1000, "5%"]]
    result = _validate(_ods(tmp_path / "c.ods", rows))
    assert result.exit_code == 2, result.output
    assert "row 3, column 'actual_cost': cell E3 is formatted as a percentage" in result.stderr


def test_the_scan_joins_a_column_of_percentages_into_one_range() -> None:
    scan = xlsxscan.SheetScan()
    for row in (2, 3, 4, 7):
        scan.add_percent(row, 5)
    scan.add_percent(8, 5, rows=3)
    assert scan.percent_rows == {5: [(2, 4), (7, 10)]}
