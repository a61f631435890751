"""Round 10 (issue 16 item 1): a large .xlsx's item columns load typed, when proved.

The typed read must give what the text read gives: the same ratings, patients, rows,
notes, and the same problems word for word. Each test reads a workbook twice, once
with the typed read allowed and once with it turned off (the text read of before),
and compares; the compiled scan is forced on from the first byte (it otherwise
starts at 128 MB), so these small books take the large sheet's path.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from pbrkit.allocation import ratings_array
from pbrkit.errors import InputError
from pbrkit.io import ratings, scan_kernel, workbook, xlsxscan

pytestmark = pytest.mark.skipif(not scan_kernel.available(), reason="numba not installed")

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
HEADER = ["patient_id", *ITEMS, "cluster", "days", "cost", "team"]


def _row(i: int) -> list[Any]:
    return [f"P{i:04d}", *[(i + j) % 5 for j in range(18)], 10 + i % 3, 30 + i, 120.5 + i, "North"]


def _book(path: Path, rows: list[list[Any]], **options: Any) -> Path:
    """An .xlsx of ``rows`` (a str is written as text, a number as a number)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, **options})
    sheet = book.add_worksheet("ratings")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


@pytest.fixture(autouse=True)
def _large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_kernel, "COMPILED_FROM_BYTES", 0)


class _Reads:
    """Reads a workbook with the typed read allowed, or not, noting which it took."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.patch = monkeypatch
        self.taken: list[bool] = []
        self.original = workbook._typed_sheet

    def _spy(self, *args: Any, **kwargs: Any) -> Any:
        found = self.original(*args, **kwargs)
        self.taken.append(found is not None)
        return found

    def read(self, path: Path, *, typed: bool) -> tuple[Any, ...]:
        self.patch.setattr(workbook, "_typed_sheet", self._spy if typed else lambda *a, **k: None)
        try:
            data = ratings.read_ratings(path)
        except InputError as error:
            return ("refused", str(error))
        try:
            codes: object = ratings_array(data.items, sheet=data.sheet, rows=data.rows)
        except InputError as error:
            codes = str(error)
        return (data, codes)

    def same(self, path: Path) -> tuple[bool, tuple[Any, ...]]:
        """Whether the typed read was taken, after checking both reads agree."""
        self.taken.clear()
        typed, text = self.read(path, typed=True), self.read(path, typed=False)
        taken = bool(self.taken and self.taken[-1])
        if text[0] == "refused" or typed[0] == "refused":
            assert typed == text
            return taken, text
        (got, got_codes), (want, want_codes) = typed, text
        assert got.sheet == want.sheet and got.traits == want.traits and got.notes == want.notes
        assert np.array_equal(got.rows, want.rows)
        pd.testing.assert_frame_equal(got.patients, want.patients)
        if isinstance(want_codes, str):
            assert got_codes == want_codes
        else:
            assert np.array_equal(got_codes, want_codes)
        return taken, text


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> _Reads:
    return _Reads(monkeypatch)


def test_a_clean_book_reads_its_items_typed_and_alike(tmp_path: Path, reads: _Reads) -> None:
    # Shared strings (XlsxWriter's default) and inline strings (constant memory).
    for options in ({}, {"constant_memory": True}):
        path = _book(tmp_path / "clean.xlsx", [HEADER, *(_row(i) for i in range(40))], **options)
        taken, (data, _) = reads.same(path)
        assert taken
        assert data.rows.tolist() == list(range(2, 42))


def test_one_text_cell_in_an_item_column_is_refused_at_that_cell(
    tmp_path: Path, reads: _Reads
) -> None:
    rows = [HEADER, *(_row(i) for i in range(60))]
    rows[50][3] = "x"  # item 3 of the 50th patient: sheet row 51, column D
    taken, (_, codes) = reads.same(_book(tmp_path / "text.xlsx", rows))
    assert taken  # the other 17 item columns are typed; item 3 is read as text
    assert "row 51, column '3': not a rating (found 'x')" in codes


def test_a_text_cell_just_below_the_header_keeps_its_column_text(
    tmp_path: Path, reads: _Reads
) -> None:
    rows = [HEADER, *(_row(i) for i in range(10))]
    rows[2][1] = "two"  # within the rows searched for the header, below it
    taken, (_, codes) = reads.same(_book(tmp_path / "below.xlsx", rows))
    assert taken
    assert "row 3, column '1': not a rating (found 'two')" in codes


def test_a_bad_rating_is_quoted_as_written(tmp_path: Path, reads: _Reads) -> None:
    # 5 is a number, so item 1 is proved numeric; but 5 is not a rating, and the
    # message quotes the text ('5', not 5.0): the sheet is read as text instead.
    rows = [HEADER, *(_row(i) for i in range(10))]
    rows[4][1] = 5
    taken, (_, codes) = reads.same(_book(tmp_path / "five.xlsx", rows))
    assert not taken
    assert "row 5, column '1': not a rating (found '5')" in codes


def test_a_date_in_an_item_column_keeps_it_text(tmp_path: Path, reads: _Reads) -> None:
    import datetime as dt

    path = tmp_path / "date.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("ratings")
    sheet.write_row(0, 0, HEADER)
    for r in range(1, 12):
        sheet.write_row(r, 0, _row(r))
    sheet.write_datetime(7, 2, dt.datetime(2024, 1, 2), book.add_format({"num_format": "dd/mm/yy"}))
    book.close()
    # The cell is a number (45293) with a date style: calamine reads it as a date.
    taken, (_, codes) = reads.same(path)
    assert taken
    assert "row 8, column '2': not a rating" in codes


def test_an_id_column_of_leading_zeros_stays_text(tmp_path: Path, reads: _Reads) -> None:
    rows = [HEADER, *(_row(i) for i in range(12))]
    for i, row in enumerate(rows[1:]):
        row[0] = f"{i:05d}"
    taken, (data, _) = reads.same(_book(tmp_path / "ids.xlsx", rows))
    assert taken
    assert data.patients["patient_id"].tolist()[:3] == ["00000", "00001", "00002"]


def test_numeric_ids_are_never_typed(tmp_path: Path, reads: _Reads) -> None:
    # An ID column of numbers is proved numeric, but IDs are read as text (only the
    # 18 items are ever typed): "7", not 7.0.
    rows = [HEADER, *(_row(i) for i in range(12))]
    for i, row in enumerate(rows[1:]):
        row[0] = 1000 + i
    taken, (data, _) = reads.same(_book(tmp_path / "numeric_ids.xlsx", rows))
    assert taken
    assert data.patients["patient_id"].tolist()[0] == "1000"


def test_a_title_above_the_header_and_numbers_as_headers(tmp_path: Path, reads: _Reads) -> None:
    # Item headers written as numbers (1 to 13), a title and a note above them.
    header: list[Any] = ["patient_id", *range(1, 14), *"ABCDE", "cluster", "days", "cost", "team"]
    rows: list[list[Any]] = [["MHCT ratings, Q1", None, "draft"], [], header]
    rows += [_row(i) for i in range(20)]
    taken, (data, _) = reads.same(_book(tmp_path / "title.xlsx", rows))
    assert taken
    assert data.rows.tolist()[0] == 4


def test_a_header_with_a_fraction_is_read_as_text(tmp_path: Path, reads: _Reads) -> None:
    # A number that is not whole in the header row: its text is not known exactly
    # (calamine writes 0.30000000000000004 as 0.3), so the typed read is not taken.
    rows = [[*HEADER, 0.1 + 0.2], *(_row(i) for i in range(8))]
    taken, _ = reads.same(_book(tmp_path / "fraction.xlsx", rows))
    assert not taken


def test_blank_ratings_and_nines(tmp_path: Path, reads: _Reads) -> None:
    rows = [HEADER, *(_row(i) for i in range(12))]
    rows[3][5] = None
    rows[4][6] = 9
    rows[5] = [rows[5][0], *[None] * 18, *rows[5][19:]]
    taken, (_, codes) = reads.same(_book(tmp_path / "blank.xlsx", rows))
    assert taken
    assert codes[2, 4] == -1 and codes[3, 5] == -1 and (codes[4] == -1).all()


def test_the_shipped_example(reads: _Reads) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx"
    taken, _ = reads.same(example)
    assert taken


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_written_book(tmp_path: Path, reads: _Reads) -> None:
    frame = pd.DataFrame([_row(i) for i in range(30)], columns=HEADER)
    frame.to_csv(tmp_path / "ratings.csv", index=False)  # the sheet is named after the file
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(tmp_path / "ratings.csv")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    taken, (data, _) = reads.same(tmp_path / "ratings.xlsx")
    assert taken  # LibreOffice's "General" custom format is a plain number format
    assert len(data.rows) == 30


def _corpus_books(folder: Path) -> Iterator[Path]:
    spec = importlib.util.spec_from_file_location(
        "make_corpus", Path(__file__).parent / "hostile" / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    for name, build in module.CASES.items():
        if "1m" in name or "full" in name or "bomb" in name:
            continue  # built in minutes, or refused before any sheet is read
        out = folder / name
        out.mkdir()
        try:
            path = build(out)
        except Exception:  # a case needing a tool not installed here
            continue
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            yield path


def test_the_hostile_corpus_reads_alike(tmp_path: Path, reads: _Reads) -> None:
    checked = 0
    for path in _corpus_books(tmp_path):
        reads.same(path)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ('<c r="B2"><v>3</v></c>', True),
        ('<c r="B2" s="1" t="n"><v>-1.5E+3</v></c>', True),
        ('<c r="B2"><f>A1+1</f><v>3</v></c>', True),
        ('<c r="B2"><f t="shared" si="0"/><v>3</v></c>', True),
        ('<c r="B2" t="s"><v>3</v></c>', False),  # a shared string
        ('<c r="B2" t="inlineStr"><is><t>3</t></is></c>', False),
        ('<c r="B2" t="b"><v>1</v></c>', False),  # TRUE
        ('<c r="B2" t="str"><f>A1</f><v>3</v></c>', False),  # a formula's text
        ('<c r="B2" t="d"><v>2024-01-02</v></c>', False),
        ('<c r="B2" s="2"><v>3</v></c>', False),  # style 2 is a date below
        ('<c r="B2"><v>NaN</v></c>', False),
        ('<c r="B2"><v>inf</v></c>', False),
        ('<c r="B2"><v></v></c>', False),
        ('<c r="B2"></c>', False),
        ('<c r="B2"><v> 3</v></c>', False),
        ('<c r="B2" vm="1"><v>3</v></c>', False),  # an attribute not known
        ('<c r="B2" s="1"/>', True),  # empty: holds nothing, proves nothing either way
    ],
)
def test_the_compiled_pass_proves_plain_numbers(cell: str, number: bool) -> None:
    piece = ('<row r="2">' + cell + "</row>").encode()
    last_other = np.zeros(4 + scan_kernel.ORDER_SLOTS, dtype=np.int64)
    unsafe = np.array([0, 0, 1], dtype=np.uint8)
    data = np.frombuffer(piece + b"\0" * 16, dtype=np.uint8)
    scan_kernel.piece_facts(data, len(piece), unsafe, last_other)
    assert last_other[2] == (0 if number else 2)


def test_date_time_and_percentage_styles_are_not_plain(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "styles.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    formats = ["0.00", "dd/mm/yy", "[h]:mm", "0%", "#,##0", "@", "General", "# ?/?"]
    for c, code in enumerate(formats):
        sheet.write_number(0, c, 1, book.add_format({"num_format": code}))
    sheet.write_number(1, 0, 1)
    book.close()
    with zipfile.ZipFile(path) as archive:
        flags = xlsxscan.unsafe_styles(archive)
    # cellXfs: 0 is the default (General), then one per format in order.
    assert flags.tolist() == [0, 0, 1, 1, 1, 0, 1, 0, 1]


def test_a_table_starting_in_column_c(tmp_path: Path, reads: _Reads) -> None:
    # calamine starts the grid at its first column in use; the typed columns are named
    # by their place in the sheet, so the two empty columns must not shift them.
    rows = [[None, None, *row] for row in [HEADER, *(_row(i) for i in range(15))]]
    rows[9][5] = "x"  # item 3 (column F): refused there, as before
    taken, (_, codes) = reads.same(_book(tmp_path / "column_c.xlsx", rows))
    assert taken
    assert "row 10, column '3': not a rating (found 'x')" in codes


def _rewritten(path: Path, change: Any) -> Path:
    """``path`` with its sheet's XML changed by ``change`` (bytes to bytes)."""
    import zipfile

    out = path.with_name("rewritten_" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dest.writestr(info, data)
    return out


def test_rows_written_out_of_order(tmp_path: Path, reads: _Reads) -> None:
    # calamine places cells by their references, whatever their order in the XML; the
    # header row written last must not let a data row be taken for the header.
    import re

    def header_last(xml: bytes) -> bytes:
        header = re.search(rb'<row r="1".*?</row>', xml)
        assert header is not None
        xml = xml.replace(header.group(0), b"")
        return xml.replace(b"</sheetData>", header.group(0) + b"</sheetData>")

    path = _book(tmp_path / "order.xlsx", [HEADER, *(_row(i) for i in range(40))])
    taken, (data, _) = reads.same(_rewritten(path, header_last))
    assert not taken
    assert len(data.rows) == 40


def test_a_cell_written_twice(tmp_path: Path, reads: _Reads) -> None:
    def twice(xml: bytes) -> bytes:
        return xml.replace(b'<c r="B1" t="s"><v>1</v></c>', b'<c r="B1" t="s"><v>1</v></c>' * 2)

    path = _book(tmp_path / "twice.xlsx", [HEADER, *(_row(i) for i in range(10))])
    taken, _ = reads.same(_rewritten(path, twice))
    assert not taken


@pytest.mark.parametrize(
    ("cells", "in_order"),
    [
        ('<c r="A1"><v>1</v></c><c r="B1"><v>1</v></c><c r="A2"><v>1</v></c>', True),
        ('<c r="B1"><v>1</v></c><c r="A1"><v>1</v></c>', True),  # columns in any order
        ('<c r="A2"><v>1</v></c><c r="A1"><v>1</v></c>', False),
        ('<c r="A2"><v>1</v></c><c r="A1"/>', False),  # an empty cell is placed too
    ],
)
def test_the_compiled_pass_sees_rows_out_of_order(cells: str, in_order: bool) -> None:
    piece = cells.encode()
    last_other = np.zeros(4 + scan_kernel.ORDER_SLOTS, dtype=np.int64)
    data = np.frombuffer(piece + b"\0" * 16, dtype=np.uint8)
    scan_kernel.piece_facts(data, len(piece), np.zeros(1, dtype=np.uint8), last_other)
    assert last_other[4 + scan_kernel.OUT_OF_ORDER] == (0 if in_order else 1)
