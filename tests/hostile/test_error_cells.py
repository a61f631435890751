"""Spreadsheet error values (#N/A, #DIV/0!, Err:502) are input errors, never blanks.

calamine reads an Excel error cell (``<c t="e"><v>#N/A</v></c>``) and an .ods formula
cell whose result is an error as an empty cell, so a failed lookup in ``actual_cost``
was silently replaced by the modelled cost and ``validate`` said "valid". The sheet
scan (``pbrkit.io.xlsxscan``) now finds them before calamine reads the sheet; each is
refused with exit 2, naming the cell and the error, and nothing is written.

Text that merely looks like an error (a string cell "#N/A") is not an error cell: it
is text, and the column's own parsing judges it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
import xlsxwriter

from pbrkit.errors import InputError
from pbrkit.io import xlsxscan
from pbrkit.io.workbook import open_workbook

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_corpus_errors", ROOT / "tests" / "hostile" / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


def _xlsx_scan(xml: str, *, chunk: int = 0) -> xlsxscan.SheetScan:
    data = xml.encode()

    def open_part() -> list[bytes]:
        step = chunk or len(data)
        return [data[i : i + step] for i in range(0, len(data), step)]

    return xlsxscan.scan_xlsx_sheet(open_part, max_cells=10**9)


def _prefixed(xml: str) -> str:
    """The same sheet with every element in an `x:` prefix (forces the tag-by-tag walk)."""
    return xml.replace("<", "<x:").replace("<x:/", "</x:").replace('xmlns="', 'xmlns:x="')


def _errors(scan: xlsxscan.SheetScan) -> list[tuple[str | None, str]]:
    return [(cell.ref, cell.error) for cell in scan.errors]


# --- the scan, in process -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "found"),
    [
        ('<c r="C2" t="e"><v>#N/A</v></c>', [("C2", "#N/A")]),  # a typed-in error
        ('<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', [("C2", "#DIV/0!")]),  # as Excel saves
        ("<c r='C2' t = 'e'><v>#REF!</v></c>", [("C2", "#REF!")]),  # other quoting
        ('<c r="C2" s="1" t="e"><v>#VALUE!</v></c>', [("C2", "#VALUE!")]),  # styled
        ('<c r="C2" t="e"><v/></c>', [("C2", "(unknown error)")]),  # no text saved
        ('<c r="C2" t="inlineStr"><is><t>#N/A</t></is></c>', []),  # text, not an error
        ('<c r="C2" t="str"><f>"e"</f><v>e</v></c>', []),  # a string result "e"
        ('<c r="C2"><v>5</v></c>', []),
    ],
)
def test_scan_finds_xlsx_error_cells(cell: str, found: list[tuple[str, str]]) -> None:
    """Error cells are found by the quick scan and by the tag-by-tag walk alike."""
    xml = corpus.sheet_xml(corpus.cells(1, corpus.HEADER) + f'<row r="2">{cell}</row>')
    assert _errors(_xlsx_scan(xml)) == found
    assert _errors(_xlsx_scan(_prefixed(xml))) == found
    assert _xlsx_scan(xml).formula_count == 0  # an error is a saved result


def test_scan_finds_error_cells_across_chunks() -> None:
    """Every chunking of the part finds the same cells (chunks cut mid-tag too)."""
    rows = "".join(corpus.cells(r, [1, 2, 3]) for r in range(2, 40))
    rows += '<row r="40"><c r="A40" t="e"><f>NA()</f><v>#N/A</v></c></row>'
    rows += "".join(corpus.cells(r, [1, 2, 3]) for r in range(41, 60))
    rows += '<row r="60"><c r="B60" t="e"><v>#NUM!</v></c></row>'
    xml = corpus.sheet_xml(rows)
    for chunk in (0, 7, 50, 333):
        assert _errors(_xlsx_scan(xml, chunk=chunk)) == [("A40", "#N/A"), ("B60", "#NUM!")]


def test_scan_counts_error_cells_beyond_those_it_names() -> None:
    """25 error cells: the first 20 named, all 25 counted."""
    rows = "".join(f'<row r="{r}"><c r="C{r}" t="e"><v>#N/A</v></c></row>' for r in range(2, 27))
    scan = _xlsx_scan(corpus.sheet_xml(rows))
    assert scan.error_count == 25
    assert [cell.ref for cell in scan.errors] == [f"C{r}" for r in range(2, 22)]


_ODS_ROW = (
    '<table:table-row><table:table-cell office:value-type="float" office:value="1"/>'
    '<table:table-cell office:value-type="float" office:value="120"/>{}</table:table-row>'
)


@pytest.mark.parametrize(
    ("cell", "found"),
    [
        # LibreOffice 7+: the result's type is recorded as an error.
        (
            '<table:table-cell table:formula="of:=#N/A" office:value-type="string" '
            'office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p>'
            "</table:table-cell>",
            [("C2", "#N/A")],
        ),
        # Older writers: a string result whose text is one of Calc's error texts.
        (
            '<table:table-cell table:formula="of:=FOO()" office:value-type="string" '
            'office:string-value=""><text:p>Err:502</text:p></table:table-cell>',
            [("C2", "Err:502")],
        ),
        (
            '<table:table-cell table:formula="of:=1/0" office:value-type="string">'
            "<text:p>#DIV/0!</text:p></table:table-cell>",
            [("C2", "#DIV/0!")],
        ),
        # A formula whose result is ordinary text, and text that only looks like an error.
        (
            '<table:table-cell table:formula="of:=&quot;x&quot;" office:value-type="string">'
            "<text:p>x</text:p></table:table-cell>",
            [],
        ),
        (
            '<table:table-cell office:value-type="string"><text:p>#N/A</text:p></table:table-cell>',
            [],
        ),
    ],
)
def test_scan_finds_ods_error_cells(cell: str, found: list[tuple[str, str]]) -> None:
    """An .ods formula cell with an error result is found, however the XML is cut."""
    content = _ods_content(_ODS_ROW.format(cell)).encode()
    for step in (len(content), 1, 13, 64):
        pieces = [content[i : i + step] for i in range(0, len(content), step)]
        tables = xlsxscan.scan_ods_content(pieces)
        assert _errors(tables["caseload"]) == found, step
        assert tables["caseload"].formula_count == 0


def _ods_content(rows_xml: str) -> str:
    """content.xml as ``make_corpus._ods`` writes it (header row first)."""
    path_rows = (
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
            for h in corpus.HEADER
        )
        + "</table:table-row>"
        + rows_xml
    )
    office = "urn:oasis:names:tc:opendocument:xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{office}:office:1.0" xmlns:table="{office}:table:1.0" '
        f'xmlns:text="{office}:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="caseload">{path_rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


# --- whole workbooks ------------------------------------------------------------------


def _openpyxl_caseload(path: Path, cost: object) -> Path:
    """A caseload whose D3 (actual_cost) is ``cost``: openpyxl writes '#N/A' as t="e"."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append([*corpus.HEADER, "actual_cost"])
    sheet.append([1, 120, 9600, 5000])
    sheet.append([3, 200, 34000, cost])
    book.save(path)
    return path


def _xlsxwriter_caseload(path: Path) -> Path:
    """A caseload as Excel saves a failed lookup: a formula with its error result."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("caseload")
    sheet.write_row(0, 0, [*corpus.HEADER, "actual_cost"])
    sheet.write_row(1, 0, [1, 120, 9600, 5000])
    sheet.write_row(2, 0, [3, 200, 34000])
    sheet.write_formula(2, 3, "=VLOOKUP(3,F1:G2,2,FALSE)", None, "#N/A")
    book.close()
    return path


def test_xlsxwriter_saves_the_error_as_excel_does(tmp_path: Path) -> None:
    """The fixture is what it claims: D3 is ``t="e"`` with a formula and #N/A."""
    path = _xlsxwriter_caseload(tmp_path / "lookup.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="D3" t="e"><f>VLOOKUP(3,F1:G2,2,FALSE)</f><v>#N/A</v></c>' in xml


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_open_workbook_refuses_error_cells(tmp_path: Path, writer: str) -> None:
    """The library call names the sheet, the cell and the error."""
    if writer == "openpyxl":
        path = _openpyxl_caseload(tmp_path / "e.xlsx", "#N/A")
    else:
        path = _xlsxwriter_caseload(tmp_path / "e.xlsx")
    book = open_workbook(path)
    with pytest.raises(InputError) as raised:
        book.sheet("caseload")
    (problem,) = raised.value.problems
    # The column by its header, as every read message names it; the letter is in the ref.
    assert (problem.sheet, problem.row, problem.column) == ("caseload", 3, "actual_cost")
    assert "cell D3 holds the spreadsheet error #N/A" in problem.message


def test_error_cells_beyond_twenty_are_summarised(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append([*corpus.HEADER, "actual_cost"])
    for _ in range(30):
        sheet.append([1, 1, 30, "#DIV/0!"])
    book.save(tmp_path / "many.xlsx")
    with pytest.raises(InputError) as raised:
        open_workbook(tmp_path / "many.xlsx").sheet("caseload")
    problems = raised.value.problems
    assert len(problems) == 21
    assert problems[-1].message == "10 more cells hold spreadsheet errors"


def _run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pbrkit", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", ["cost", "validate"])
def test_cli_refuses_na_in_actual_cost(tmp_path: Path, command: str) -> None:
    """Exit 2 and the cell named; before, cost used the modelled cost for row 3 and
    validate said the workbook was valid."""
    path = _xlsxwriter_caseload(tmp_path / "lookup.xlsx")
    out = tmp_path / "out"
    args = [command, path] + (["--out", out] if command == "cost" else [])
    run = _run(*args)
    assert run.returncode == 2, run.stderr
    assert "cell D3 holds the spreadsheet error #N/A" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_cli_refuses_ods_error_result(tmp_path: Path) -> None:
    """The same for an .ods whose C2 (cluster_days) is a formula that gave #DIV/0!."""
    path = corpus._ods(
        tmp_path / "errors.ods",
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
            for h in corpus.HEADER
        )
        + "</table:table-row>"
        + _ODS_ROW.format(
            '<table:table-cell table:formula="of:=1/0" office:value-type="string" '
            'office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
            "</table:table-cell>"
        ),
    )
    out = tmp_path / "out"
    run = _run("cost", path, "--out", out)
    assert run.returncode == 2, run.stderr
    assert "cell C2 holds the spreadsheet error #DIV/0!" in run.stderr
    assert not out.exists()
