"""A time or duration cell in an .ods is refused, naming the cell; it was read as blank.

Found in review 4: LibreOffice saves a cell formatted as a time (`12:00`, `[HH]:MM`) as
``office:value-type="time"``, and the spreadsheet reader returns it as an empty cell.
An actual_cost column of such cells was silently replaced by the modelled cost
(cost £422,896.33 instead of refusing); a time in service_users was reported as
"required value is blank". In an .xlsx the same cell is a number read as a date,
which is already refused as "a date where a number belongs".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import xlsxscan

OFFICE = "urn:oasis:names:tc:opendocument:xmlns"
MANIFEST = (
    f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    f'"{OFFICE}:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def cell(value: object) -> str:
    if isinstance(value, int):
        kind = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, str) and value.startswith("PT"):  # as LibreOffice writes a time
        kind = f'office:value-type="time" office:time-value="{value}" calcext:value-type="time"'
        value = "36:00"
    else:
        kind = 'office:value-type="string"'
    return f"<table:table-cell {kind}><text:p>{value}</text:p></table:table-cell>"


def content(rows: list[list[object]]) -> str:
    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{OFFICE}:office:1.0" xmlns:table="{OFFICE}:table:1.0" '
        f'xmlns:text="{OFFICE}:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="caseload">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def ods(path: Path, rows: list[list[object]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content(rows), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return path


HEADER = ["cluster", "service_users", "cluster_days", "actual_cost"]


def test_times_in_actual_cost_are_refused_not_read_as_blank(tmp_path: Path) -> None:
    rows = [HEADER, [1, 120, 9600, "PT36H00M00S"], [3, 200, 34000, "PT12H00M00S"]]
    path = ods(tmp_path / "times.ods", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "sheet 'caseload', row 2, column 'actual_cost': cell D2 holds a time" in result.output
    assert "cell D3 holds a time" in result.output
    assert not out.exists()


def test_a_sheet_without_times_is_read(tmp_path: Path) -> None:
    rows = [HEADER, [1, 120, 9600, 1200], [3, 200, 34000, 300000]]
    path = ods(tmp_path / "plain.ods", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "320 service users" in result.output  # 120 + 200


def test_the_scan_counts_repeated_time_cells() -> None:
    # A time cell repeated over 3 columns is 3 cells; the first is named.
    row = (
        '<table:table-row><table:table-cell table:number-columns-repeated="3" '
        'office:value-type="time" office:time-value="PT01H00M00S"><text:p>01:00</text:p>'
        "</table:table-cell></table:table-row>"
    )
    xml = content([["x"]]).replace("</table:table>", row + "</table:table>").encode()
    scan = xlsxscan.scan_ods_content([xml])["caseload"]
    assert scan.time_count == 3
    assert [(t.ref, t.row, t.column) for t in scan.times] == [("A2", 2, "A")]


def test_a_time_in_a_title_block_above_the_table_is_not_data(tmp_path: Path) -> None:
    # "Extracted at 09:30" above the header is not part of the table: the sheet is read.
    rows = [["PT09H30M00S"], HEADER, [1, 120, 9600, 1200], [3, 200, 34000, 300000]]
    path = ods(tmp_path / "title.ods", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "320 service users" in result.output  # 120 + 200
