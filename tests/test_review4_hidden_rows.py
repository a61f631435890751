"""Rows hidden in a spreadsheet (filtered out, or hidden by hand) are read and noted.

Found in review 4: a user who filters a team out of the caseload in Excel sees totals
without it, but pbrkit read every row (as Excel's SUM does) without a word. The rows
are still read (docs/methodology.md §8: hiding is not deleting); the Data quality
sheet, summary.json and `pbrkit validate` now name them. Hidden rows that hold no
data are not mentioned.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import xlsxscan
from test_review4_ods_time_cells import MANIFEST, content

ROWS = [
    ["cluster", "service_users", "cluster_days"],
    [1, 120, 9600],
    [3, 200, 34000],
    [11, 90, 30600],
    [13, 40, 13600],
]


def hidden_notes(path: Path, tmp_path: Path) -> tuple[str, list[str]]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    notes = [n["detail"] for n in summary["notes"] if "hidden in the spreadsheet" in n["detail"]]
    return result.output, notes


def test_hidden_rows_of_an_xlsx_are_read_and_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    for row in ROWS:
        sheet.append(row)
    for row_number in (3, 4, 9):  # 9 holds nothing: not mentioned
        sheet.row_dimensions[row_number].hidden = True
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    output, notes = hidden_notes(path, tmp_path)
    assert "450 service users" in output  # 120 + 200 + 90 + 40: the hidden rows are read
    assert notes == [
        "sheet 'caseload': 2 rows holding data are hidden in the spreadsheet (filtered out "
        "or hidden: rows 3, 4); hidden rows are read like every other row, so unhide them, "
        "or delete the rows you mean to leave out"
    ]


def test_filtered_rows_of_an_ods_are_named(tmp_path: Path) -> None:
    xml = content(ROWS).replace(
        '<table:table-row><table:table-cell office:value-type="float" office:value="11">',
        '<table:table-row table:visibility="filter"><table:table-cell '
        'office:value-type="float" office:value="11">',
    )
    path = tmp_path / "filtered.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", xml)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    output, notes = hidden_notes(path, tmp_path)
    assert "450 service users" in output
    assert len(notes) == 1 and "1 row holding data is hidden" in notes[0]
    assert "row 4)" in notes[0]


def test_a_sheet_with_no_hidden_rows_has_no_note(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "plain.xlsx"
    book.save(path)
    assert hidden_notes(path, tmp_path)[1] == []


def test_the_scans_join_hidden_rows_into_ranges() -> None:
    hidden = " hidden='true'"
    rows = "".join(
        f'<row r="{r}"{hidden if r in (2, 3, 4, 7) else ""}><c r="A{r}"><v>1</v></c></row>'
        for r in range(1, 9)
    )
    for body in (rows, rows.replace(' r="A', ' x="A')):  # fast path, then slow path
        part = f"<worksheet><sheetData>{body}</sheetData></worksheet>".encode()
        scan = xlsxscan.scan_xlsx_sheet(lambda part=part: iter([part]), max_cells=10**9)
        assert scan.hidden_rows == [(2, 4), (7, 7)]


def test_a_hidden_column_holding_data_is_named(tmp_path: Path) -> None:
    # A hidden actual_cost column replaces the modelled costs like a visible one; the
    # note says it is there. Hidden column E holds nothing: not mentioned.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append([*ROWS[0], "actual_cost"])
    for row in ROWS[1:]:
        sheet.append([*row, 1000])
    sheet.column_dimensions["D"].hidden = True
    sheet.column_dimensions["E"].hidden = True
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes = [n["detail"] for n in json.loads((out / "summary.json").read_text())["notes"]]
    assert [n for n in notes if "hidden in the spreadsheet" in n] == [
        "sheet 'caseload': column D 'actual_cost' is hidden in the spreadsheet; hidden "
        "columns are read like every other column: unhide to check, or delete a column "
        "you mean to leave out"
    ]


def test_the_ods_scan_finds_hidden_columns() -> None:
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse" table:number-columns-repeated="3"/>'
        "<table:table-columns><table:table-column/></table:table-columns>"
    )
    xml = content([["x"]]).replace(
        '<table:table table:name="caseload">', '<table:table table:name="caseload">' + columns
    )
    scan = xlsxscan.scan_ods_content([xml.encode()])["caseload"]
    assert scan.hidden_columns == [(3, 5)]  # C:E


def test_the_xlsx_scan_finds_hidden_columns() -> None:
    cols = '<cols><col min="2" max="3" width="9" hidden="1"/><col min="4" max="4"/></cols>'
    cells = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    part = f"<worksheet>{cols}{cells}</worksheet>"
    scan = xlsxscan.scan_xlsx_sheet(lambda: iter([part.encode()]), max_cells=10**9)
    assert scan.hidden_columns == [(2, 3)]


def test_a_total_that_leaves_out_hidden_rows_says_so(tmp_path: Path) -> None:
    # A filtered table's Total row (=SUBTOTAL(109, ...)) adds only the rows shown: 120 +
    # 90 + 40 = 250 people with row 3 (200 people) filtered out; the rows add up to 450.
    from pbrkit.errors import InputError
    from pbrkit.io.inputs import read_cost_inputs
    from pbrkit.reference import load_reference_set

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    for row in ROWS:
        sheet.append(row)
    sheet.append(["Total", 250, 53800])  # 9,600 + 30,600 + 13,600 days shown
    sheet.row_dimensions[3].hidden = True
    path = tmp_path / "filtered.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, load_reference_set())
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2  # service_users and cluster_days
    for message in messages:
        assert "row 3 is hidden in the spreadsheet" in message
        assert "SUBTOTAL" in message
