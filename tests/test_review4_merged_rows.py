"""Cells merged down rows below the header are refused, naming the range.

Found in review 4: a team name merged over rows 2 and 3 (as finance sheets often
group a team's rows) shows on both rows, but a spreadsheet stores it in the first
row only; row 3's 139 people were costed under "(no team)" without a word. The
readers now refuse such a range (xlsx ``<mergeCell>``, ods ``number-rows-spanned``),
with the fix; ranges merged above or across the header row are still read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.io import xlsxscan
from pbrkit.io.ratings import read_ratings

MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
HEADER = ["team", "cluster", "service_users", "cluster_days"]
ROWS = [["North", 1, 120, 9600], ["North", 3, 200, 34000], ["South", 11, 90, 30600]]


def caseload_xlsx(path: Path, merge: str | None, *, title: bool = False) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("caseload")
    top = 2 if title else 0
    if title:
        sheet.merge_range("A1:D2", "Caseload 2024/25 (a title over two rows)")
    sheet.write_row(top, 0, HEADER)
    for r, row in enumerate(ROWS, start=top + 1):
        sheet.write_row(r, 0, row)
    if merge:
        sheet.merge_range(merge, "North")  # as Excel's Merge & Center keeps the first value
    book.close()
    return path


def run_cost(path: Path, tmp_path: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    return result.exit_code, result.output, out


def test_a_team_merged_down_two_rows_is_refused(tmp_path: Path) -> None:
    path = caseload_xlsx(tmp_path / "merged.xlsx", "A2:A3")
    code, output, out = run_cost(path, tmp_path)
    assert code == 2, output
    assert "sheet 'caseload', row 2: cells A2:A3 are merged across rows 2 to 3" in output
    assert "Unmerge" in output
    assert not out.exists()


def test_validate_refuses_it_too(tmp_path: Path) -> None:
    path = caseload_xlsx(tmp_path / "merged.xlsx", "A3:A4")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "cells A3:A4 are merged across rows 3 to 4" in result.output


def test_merges_above_or_across_the_header_are_read(tmp_path: Path) -> None:
    path = caseload_xlsx(tmp_path / "title.xlsx", None, title=True)
    code, output, _ = run_cost(path, tmp_path)
    assert code == 0, output
    assert "410 service users" in output  # 120 + 200 + 90: every row read


def test_ods_cells_spanning_rows_are_refused(tmp_path: Path) -> None:
    office = "urn:oasis:names:tc:opendocument:xmlns"

    def cell(value: object, spanned: int = 1) -> str:
        span = f' table:number-rows-spanned="{spanned}"' if spanned > 1 else ""
        kind = (
            'office:value-type="float" office:value="{0}"'
            if isinstance(value, int)
            else ('office:value-type="string"')
        )
        text = f"<text:p>{value}</text:p>"
        return f"<table:table-cell {kind.format(value)}{span}>{text}</table:table-cell>"

    rows = ["".join(cell(v) for v in HEADER)]
    rows.append(cell("North", spanned=2) + "".join(cell(v) for v in ROWS[0][1:]))
    rows.append("<table:covered-table-cell/>" + "".join(cell(v) for v in ROWS[1][1:]))
    rows.append("".join(cell(v) for v in ROWS[2]))
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{office}:office:1.0" xmlns:table="{office}:table:1.0" '
        f'xmlns:text="{office}:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="caseload">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "merged.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    code, output, out = run_cost(path, tmp_path)
    assert code == 2, output
    assert "cells A2:A3 are merged across rows 2 to 3" in output
    assert not out.exists()


def test_a_trait_merged_down_rows_of_ratings_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ratings"
    items = [str(i) for i in range(1, 14)] + list("ABCDE")
    sheet.append(["patient_id", *items, "team"])
    for number in range(1, 5):
        sheet.append([f"P{number}", *([1] * 18), "North" if number in (1, 3) else None])
    sheet.merge_cells("T2:T3")
    path = tmp_path / "ratings.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("cells T2:T3 are merged across rows 2 to 3") for m in messages)


@pytest.mark.parametrize("chunk", [64, 1 << 22])
def test_the_scans_find_every_range_merged_down_rows(chunk: int) -> None:
    # Fast path (cells written <c r=...>) and slow path (no references) alike; a range
    # within one row (B1:C1) is not listed.
    merges = '<mergeCells count="3"><mergeCell ref="B1:C1"/><mergeCell ref="a2:a4"/>'
    merges += "<x:mergeCell ref='D5:E9'/></mergeCells>"
    cells = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    plain = "<sheetData><row><c><v>1</v></c></row></sheetData>"
    for data in (cells, plain):
        part = f"<worksheet>{data}{merges}</worksheet>".encode()
        pieces = [part[i : i + chunk] for i in range(0, len(part), chunk)]
        scan = xlsxscan.scan_xlsx_sheet(lambda pieces=pieces: iter(pieces), max_cells=10**9)
        assert [(m.ref, m.first_row, m.last_row) for m in scan.merged_rows] == [
            ("A2:A4", 2, 4),
            ("D5:E9", 5, 9),
        ]


def test_a_cluster_merged_down_rows_of_a_profiles_grid_is_refused(tmp_path: Path) -> None:
    # A hand-made grid often merges a cluster over its rows: rows 3 and 4 would be
    # read as "cluster is blank" (one problem each) without saying why.
    from pbrkit.io.profiles import read_profiles

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "profiles"
    sheet.append(["cluster", "item", "rating", "band"])
    for rating in range(3):
        sheet.append([1, 1, rating, "may"])
    sheet.merge_cells("A2:A4")
    path = tmp_path / "profiles.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_profiles(path)
    [problem] = caught.value.problems
    assert problem.message.startswith("cells A2:A4 are merged across rows 2 to 4")
