"""Look inside a sheet's XML before calamine reads it: the grid, formulas and errors.

Three things calamine cannot be trusted with (measured with fastexcel 0.21):

- **The grid.** calamine allocates every cell between the top-left and bottom-right
  cells it finds, empty or not. A 1 KB .xlsx with values in A1 and XFD1048576 asks
  for 17 billion cells and the process aborts; a 1 KB .ods with one cell repeated
  (``number-columns-repeated``) costs gigabytes. :func:`scan_xlsx_sheet` and
  :func:`scan_ods_content` compute the grid from the cell references first.
- **Formulas without a saved value.** calamine reads such a cell as blank, so a
  workbook written by a script (openpyxl writes ``<f>`` and an empty ``<v/>``)
  would be costed with silent zeros. docs/methodology.md §8 makes it an input error.
- **Error values.** A cell holding ``#N/A`` (a failed lookup), ``#DIV/0!`` or
  another Excel error (``<c t="e">``; in an .ods, a formula cell whose result is an
  error such as ``#N/A`` or ``Err:502``) is read as blank, so a missing actual cost
  would silently become the modelled one. Each is an input error naming the cell.
- **Times in an .ods.** A cell LibreOffice saves as a time or duration
  (``office:value-type="time"``) is read as blank, so an actual cost typed in a
  time-formatted cell would become the modelled one; each is listed to refuse.
- **Cells merged down rows.** calamine reads a merged range's value in its first
  row only: a team merged over three rows shows on all three, but two are read as
  blank. Ranges spanning rows are listed for the readers to refuse (review 4).

Both scans stream the part in chunks. Sheets written the usual way (every cell
``<c r="A1" ...>``, as Excel, LibreOffice, XlsxWriter and openpyxl write them) take a
fast path of a few regular-expression searches per chunk; anything else (cells
without references, namespace prefixes, odd spacing) is walked tag by tag, with
calamine's rules: a start tag ends at the first ``>``, the first ``r`` attribute
counts, a cell without one follows the previous cell, a row without one follows the
previous row, and an empty ``<c .../>`` takes a place but does not widen the grid.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np
import numpy.typing as npt

from pbrkit.io import scan_kernel
from pbrkit.io.limits import CHUNK_BYTES

#: Excel's grid: columns A..XFD, rows 1..1,048,576. References beyond it are refused.
EXCEL_MAX_COLUMN = 16_384
EXCEL_MAX_ROW = 1_048_576
#: Formula cells listed one by one before the rest are counted.
MAX_FORMULA_CELLS = 20
#: Error cells listed one by one before the rest are counted.
MAX_ERROR_CELLS = 20
#: .ods time cells kept with their places (the readers judge those below the header);
#: a sheet with more is refused whole.
MAX_TIME_CELLS = 1_000

_NAME = rb"[A-Za-z_][\w.\-]*"
# Fast path (the usual writers): every cell is `<c r="B12"` with the reference first,
# read for all the cells of a piece at once with numpy (see _canonical_extent).
_MAX_ROW_DIGITS = 7  # a row number of 8 digits is beyond the grid: the slow path says so
_TAG_END = frozenset(b" \t\r\n/>")
# An error cell's type attribute, however it is quoted or spaced (``t="e"``).
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_CELL_START = re.compile(rb"<(?:" + _NAME + rb":)?c[\s/>]")
_PREFIXED_CELL = re.compile(rb":(?:c|row)[\s/>]")
_PREFIXED_FORMULA = re.compile(rb":f[\s/>]")
# Slow path: every start and end tag of the elements that matter, any prefix.
_TAG = re.compile(rb"<(/?)(?:" + _NAME + rb":)?(row|c|f|v)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_T_ATTR = re.compile(rb"""(?:^|\s)t\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"([A-Za-z]{0,4})(\d{0,8})")
_ROOT = re.compile(rb"<(?!\?|!)(?:(" + _NAME + rb"):)?(" + _NAME + rb")")


# A merged range (``<mergeCell ref="A2:A4"/>``, any prefix, either quote).
_MERGE = re.compile(
    rb"<(?:" + _NAME + rb":)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7}):"
    rb"([A-Za-z]{1,3})(\d{1,7})[\"']"
)
#: Ranges merged down rows listed one by one before the rest are counted.
MAX_MERGED_RANGES = 20
#: Ranges of hidden rows kept (a filter can hide every other row).
MAX_HIDDEN_RANGES = 10_000
# A row start tag, and a hidden attribute in it (``hidden="1"``, either quote).
_ROW_START = re.compile(rb"<(?:" + _NAME + rb":)?row\s([^>]*)>")
_HIDDEN = re.compile(rb"""(?:^|\s)hidden\s*=\s*["'](?:1|true)["']""")
_COL_START = re.compile(rb"<(?:" + _NAME + rb":)?col\s([^>]*)>")
_COL_MIN = re.compile(rb"""(?:^|\s)min\s*=\s*["'](\d{1,5})["']""")
_COL_MAX = re.compile(rb"""(?:^|\s)max\s*=\s*["'](\d{1,5})["']""")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d{1,7})["']""")


@dataclass(frozen=True)
class MergedRows:
    """Cells merged across rows (``A2:A4``): the value is stored in the first row only."""

    ref: str
    first_row: int
    last_row: int


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell without a saved value: where it is and what it says."""

    ref: str | None
    row: int | None
    column: str | None
    formula: str


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding a spreadsheet error value (``#N/A``, ``#DIV/0!``, ``Err:502``)."""

    ref: str | None
    row: int | None
    column: str | None
    error: str


@dataclass
class SheetScan:
    """What a sheet's XML holds: the grid it spans, formula cells with no value, and
    cells holding error values.

    ``rows`` may be an upper bound (10^digits - 1) unless the grid was near the limit.
    """

    rows: int = 0
    columns: int = 0
    beyond_grid: str | None = None
    formulas: list[FormulaCell] = field(default_factory=list)
    formula_count: int = 0
    errors: list[ErrorCell] = field(default_factory=list)
    error_count: int = 0
    merged_rows: list[MergedRows] = field(default_factory=list)
    #: Rows hidden in the spreadsheet (filtered out, hidden or collapsed), as ranges.
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)
    #: Columns hidden in the spreadsheet, as ranges of column numbers (A is 1).
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    #: .ods cells typed as a time or duration (calamine reads them as blank).
    times: list[ErrorCell] = field(default_factory=list)
    time_count: int = 0
    #: Numbers formatted as percentages: each column's (column number, A is 1) ranges
    #: of rows, first to last. A money column refuses them (a paste of 5% is not £0.05).
    percent_rows: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: Per column number (A is 1), the last row holding something other than a plain
    #: number (text, a boolean, an error, a date or percentage, anything unusual); 0
    #: when every cell is one. Recorded only when the compiled pass read the whole part
    #: (:func:`scan_xlsx_sheet` given ``unsafe``); None otherwise.
    last_other: npt.NDArray[np.int64] | None = None
    #: Whether every cell came after the cells of earlier rows (recorded with
    #: ``last_other``): the sheet's first rows are then at the start of its XML.
    rows_in_order: bool = False

    @property
    def cells(self) -> int:
        """Cells in the grid calamine will allocate (rows x columns)."""
        return self.rows * self.columns

    def add_merged(self, ref: str, first_row: int, last_row: int) -> None:
        """Keep a range merged down rows (the first :data:`MAX_MERGED_RANGES`)."""
        if last_row > first_row and len(self.merged_rows) < MAX_MERGED_RANGES:
            self.merged_rows.append(MergedRows(ref, first_row, last_row))

    def add_hidden(self, first: int, last: int) -> None:
        """Keep rows ``first``..``last`` as hidden, joined to the last range when they
        follow it (at most :data:`MAX_HIDDEN_RANGES` ranges are kept)."""
        ranges = self.hidden_rows
        if ranges and ranges[-1][1] + 1 == first:
            ranges[-1] = (ranges[-1][0], last)
        elif len(ranges) < MAX_HIDDEN_RANGES:
            ranges.append((first, last))

    def add_hidden_columns(self, first: int, last: int) -> None:
        """Keep columns ``first``..``last`` as hidden (at most :data:`MAX_HIDDEN_RANGES`)."""
        if len(self.hidden_columns) < MAX_HIDDEN_RANGES:
            self.hidden_columns.append((first, last))

    def add_percent(self, row: int, column: int, rows: int = 1) -> None:
        """Keep ``rows`` cells from ``row`` down in ``column`` as percentages, joined to
        the column's last range when they follow it (a whole column is one range)."""
        ranges = self.percent_rows.setdefault(column, [])
        if ranges and ranges[-1][1] + 1 == row:
            ranges[-1] = (ranges[-1][0], row + rows - 1)
        elif ranges and ranges[-1][0] <= row <= ranges[-1][1]:
            return
        else:
            ranges.append((row, row + rows - 1))

    def add_error(self, ref: str | None, row: int | None, column: str | None, error: str) -> None:
        """Count an error cell; the first :data:`MAX_ERROR_CELLS` are kept to name."""
        self.error_count += 1
        if len(self.errors) < MAX_ERROR_CELLS:
            self.errors.append(ErrorCell(ref, row, column, error))


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Each sheet's name, mapped to the archive parts calamine may read for it.

    Read from ``xl/workbook.xml`` and its relationships (defusedxml: no DTDs, no
    entities). A relationship target is resolved every way a reader might resolve
    it, so that the part scanned is the part read.
    """
    from defusedxml import ElementTree

    names = set(archive.namelist())
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if _local(rel.tag) == "Relationship"
    }
    parts: dict[str, list[str]] = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next(
            (v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"), ""
        )
        target = targets.get(rid) or ""
        candidates = {
            target.lstrip("/"),
            posixpath.normpath("xl/" + target.lstrip("/")),
            posixpath.normpath(posixpath.join("xl", target)),
        }
        parts[sheet.get("name", "")] = sorted(c for c in candidates if c in names)
    return parts


#: Excel's built-in percentage formats (``0%`` and ``0.00%``, ECMA-376 §18.8.30).
_PERCENT_FORMATS = frozenset({9, 10})
#: A styles part larger than this is not read for percentage formats (a real one is
#: tens of kilobytes; the grid limits still apply to every sheet).
MAX_STYLES_BYTES = 16 * 1024 * 1024


# Text a number format shows as written: quoted ("%"), escaped (\\%) or a bracketed
# colour, condition or locale ([Red], [$£-809]). A % in them does not multiply by 100.
_LITERAL_TEXT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The cell styles (indexes into ``cellXfs``) whose number format shows a
    percentage: built-in formats 9 and 10, or a custom format holding ``%``.

    A cell of such a style shows 0.05 as 5%; calamine gives the 0.05 alone.
    """
    from defusedxml import ElementTree

    try:
        info = archive.getinfo("xl/styles.xml")
        if info.file_size > MAX_STYLES_BYTES:
            return frozenset()
        root = ElementTree.fromstring(archive.read(info))
    except (KeyError, ElementTree.ParseError):
        return frozenset()
    percent = set(_PERCENT_FORMATS)
    for element in root.iter():
        code = _LITERAL_TEXT.sub("", element.get("formatCode", ""))
        if _local(element.tag) == "numFmt" and "%" in code:
            percent.add(_int(element.get("numFmtId")))
    styles: set[int] = set()
    for element in root.iter():
        if _local(element.tag) == "cellXfs":
            xfs = [x for x in element if _local(x.tag) == "xf"]
            styles = {i for i, x in enumerate(xfs) if _int(x.get("numFmtId")) in percent}
    return frozenset(styles)


#: Excel's built-in formats that show a number as written: General, 0, 0.00, #,##0 and
#: #,##0.00 (ECMA-376 §18.8.30). Every other built-in format (dates, times,
#: percentages, fractions, text) may be read as something else, or shown otherwise.
_PLAIN_FORMATS = frozenset({0, 1, 2, 3, 4})
# A custom format that only places digits: 0, #, ?, grouping and decimal marks, signs,
# spaces and sections, or "General" (LibreOffice writes it as a custom format). Nothing
# in it can make a date, a time or a percentage.
_PLAIN_CODE = re.compile(r"(?i:general)|[0#?,.;\- ]*")


def unsafe_styles(archive: zipfile.ZipFile) -> npt.NDArray[np.uint8]:
    """Per cell style (an index into ``cellXfs``), 1 when its number format may show a
    number as something else than a number (a date, a time, a percentage, a fraction)
    and 0 when it is one of :data:`_PLAIN_FORMATS` or a custom format of digits only.

    A column may be loaded typed only if no cell in it has a style flagged here
    (calamine reads a date-formatted number as a date). Without a readable styles part
    every style is flagged (an empty answer), so nothing is loaded typed.
    """
    from defusedxml import ElementTree

    try:
        info = archive.getinfo("xl/styles.xml")
        if info.file_size > MAX_STYLES_BYTES:
            return np.ones(0, dtype=np.uint8)
        root = ElementTree.fromstring(archive.read(info))
    except (KeyError, ElementTree.ParseError):
        return np.ones(0, dtype=np.uint8)
    plain = set(_PLAIN_FORMATS)
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            number, code = _int(element.get("numFmtId")), element.get("formatCode", "")
            if number in plain and not _PLAIN_CODE.fullmatch(code):
                plain.discard(number)  # a built-in number given another format
            elif number >= 0 and code and _PLAIN_CODE.fullmatch(code):
                plain.add(number)
    flags = np.ones(0, dtype=np.uint8)
    for element in root.iter():
        if _local(element.tag) == "cellXfs":
            xfs = [x for x in element if _local(x.tag) == "xf"]
            flags = np.array([_int(x.get("numFmtId", "0")) not in plain for x in xfs], np.uint8)
    return flags


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else -1


# A number cell's start tag as the usual writers put it: its reference, and its type
# when it has one (no type, or t="n", is a number).
_PERCENT_CELL = re.compile(
    rb"<(?:" + _NAME + rb":)?c\s(?:[^>]*?\s)?r\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7})[\"']"
)


def _find_percent_cells(piece: bytes, scan: SheetScan, styles: frozenset[int]) -> None:
    """Number cells of a percentage style (``<c r="B3" s="9">``, its attributes in any
    order, apart by any whitespace, either quote). Text, booleans and errors are not
    numbers; an empty cell (``<c r="B3" s="9"/>``) holds nothing. The style attribute
    is found by one regular-expression search starting at its letter ``s`` (measured
    faster than the plain search of `` s="9"`` it replaces, which missed a newline or a
    tab before ``s`` and spaces around ``=``, all legal XML)."""
    columns: dict[bytes, int] = {}
    for found in _style_attribute(styles).finditer(piece):
        at = found.start()
        if at == 0 or piece[at - 1 : at] not in _XML_SPACE:
            continue  # the end of another attribute's name (xs="9")
        start, end = piece.rfind(b"<", 0, at), piece.find(b">", at)
        if start == -1 or end == -1 or piece.find(b">", start, at) != -1:
            continue  # not inside a start tag (text that reads s="9")
        tag = piece[start : end + 1]
        cell = _PERCENT_CELL.match(tag)
        if cell is None or tag.endswith(b"/>"):
            continue
        if (_attr(_T_ATTR, tag[2:-1]) or "n") != "n":
            continue
        letters = cell.group(1)
        if letters not in columns:
            columns[letters] = column_number(letters.decode().upper())
        scan.add_percent(int(cell.group(2)), columns[letters])


#: The whitespace XML allows between attributes.
_XML_SPACE = (b" ", b"\t", b"\n", b"\r")


@functools.lru_cache(maxsize=32)
def _style_attribute(styles: frozenset[int]) -> re.Pattern[bytes]:
    """``s="9"`` for any of ``styles``, with the whitespace and quotes XML allows."""
    numbers = b"|".join(b"%d" % style for style in sorted(styles))
    return re.compile(rb"""s\s*=\s*["'](?:""" + numbers + rb""")["']""")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """A part's bytes in :data:`CHUNK_BYTES` pieces."""
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def scan_xlsx_sheet(
    open_part: Callable[[], Iterable[bytes]],
    *,
    max_cells: int,
    declared_size: int = 0,
    percent: frozenset[int] = frozenset(),
    unsafe: npt.NDArray[np.uint8] | None = None,
) -> SheetScan:
    """The grid a worksheet part spans, and its formula cells without a saved value.

    ``open_part`` gives the part's bytes afresh each time it is called: once for a
    part written the usual way, again if it is not (then it is walked tag by tag).
    ``max_cells`` is not needed to scan (the extent found is exact); it is kept for
    callers that pass it. ``declared_size`` (the zip header's, which may lie) only
    chooses how the references are read: a large part by the compiled loop from its
    first byte, which gives the same answers as numpy. ``percent`` are the styles
    showing a percentage (:func:`percent_styles`): their number cells are listed.
    With ``unsafe`` (:func:`unsafe_styles`), a part read by the compiled loop from its
    first byte records which columns hold plain numbers alone
    (:attr:`SheetScan.last_other`).
    """
    del max_cells
    large = declared_size >= scan_kernel.COMPILED_FROM_BYTES
    compiled_from = 0 if large else scan_kernel.COMPILED_FROM_BYTES
    track = unsafe if large and scan_kernel.available() else None
    scan = _fast_scan(open_part(), compiled_from=compiled_from, percent=percent, unsafe=track)
    if scan is None:
        scan = SheetScan()
        walker = _Walker(scan)
        for piece in _pieces(open_part()):
            walker.walk(piece, formulas=True)
            _find_merges(piece, scan)
            _find_hidden_rows(piece, scan)
            if percent:
                _find_percent_cells(piece, scan, percent)
    return scan


def _find_hidden_rows(piece: bytes, scan: SheetScan) -> None:
    """Rows written ``<row r="5" hidden="1">`` (a filter, or rows hidden by hand), and
    columns ``<col min="4" max="4" hidden="1"/>``."""
    if b"hidden" not in piece:
        return
    for match in _COL_START.finditer(piece):  # <cols> comes before the cells
        attrs = match.group(1)
        low, high = _COL_MIN.search(attrs), _COL_MAX.search(attrs)
        if b"hidden" in attrs and _HIDDEN.search(attrs) and low and high:
            scan.add_hidden_columns(int(low.group(1)), int(high.group(1)))
    for match in _ROW_START.finditer(piece):
        attrs = match.group(1)
        if b"hidden" in attrs and _HIDDEN.search(attrs) and (row := _ROW_NUMBER.search(attrs)):
            scan.add_hidden(int(row.group(1)), int(row.group(1)))


def _find_merges(piece: bytes, scan: SheetScan) -> None:
    """Ranges merged down rows, from the ``<mergeCells>`` after the cells (a piece
    never ends inside a tag, so no range is cut in two)."""
    if b"mergeCell" not in piece:
        return
    for match in _MERGE.finditer(piece):
        first, last = int(match.group(2)), int(match.group(4))
        ref = (match.group(1) + match.group(2) + b":" + match.group(3) + match.group(4)).decode()
        scan.add_merged(ref.upper(), min(first, last), max(first, last))


def _fast_scan(
    chunks: Iterable[bytes],
    compiled_from: int,
    percent: frozenset[int] = frozenset(),
    unsafe: npt.NDArray[np.uint8] | None = None,
) -> SheetScan | None:
    """Scan a part whose every cell is ``<c r="..."``; None as soon as one is not.
    From ``compiled_from`` bytes on, pieces are read by the compiled loop (if numba
    is installed); with ``unsafe`` (and ``compiled_from`` 0) it records which columns
    hold plain numbers alone."""
    scan = SheetScan()
    width = EXCEL_MAX_COLUMN + 1 + scan_kernel.ORDER_SLOTS
    last_other = None if unsafe is None else np.zeros(width, dtype=np.int64)
    walker = _Walker(scan)
    columns = rows = scanned = 0
    compiled = False  # a large sheet's references are read by the compiled loop
    previous = b""  # the last piece not walked: a cell it opens may end in this one
    for index, piece in enumerate(_pieces(chunks)):
        if index == 0:
            root = _ROOT.search(piece)
            if root and root.group(1):
                return None
        if not compiled and scanned >= compiled_from:
            compiled = scan_kernel.available()
        scanned += len(piece)
        if compiled:
            extent, formulas, marks = _compiled_facts(piece, unsafe, last_other)
        else:
            extent, formulas, marks = _piece_facts(piece)
            last_other = None  # a piece read by numpy: its cells' types are not known
        if extent is None:
            return None
        columns, rows = max(columns, extent[0]), max(rows, extent[1])
        if marks & scan_kernel.MERGE_CELL:
            _find_merges(piece, scan)
        if marks & scan_kernel.HIDDEN:
            _find_hidden_rows(piece, scan)
        if percent:
            _find_percent_cells(piece, scan, percent)
        if walker.cell is not None or formulas:
            if previous:
                tail = previous[max(0, _last_cell_start(previous)) :]
                walker.walk(tail, formulas=False, extent=False)
            walker.walk(piece, formulas=True, extent=False)
            previous = b""
        else:
            previous = piece
    scan.columns = columns
    scan.rows = rows
    if last_other is not None:
        order = last_other[EXCEL_MAX_COLUMN + 1 :]
        scan.last_other = last_other[: EXCEL_MAX_COLUMN + 1]
        scan.rows_in_order = not order[scan_kernel.OUT_OF_ORDER]
    if scan.columns > EXCEL_MAX_COLUMN:
        scan.beyond_grid = f"column {column_letters(scan.columns)}"
    elif rows > EXCEL_MAX_ROW:
        scan.beyond_grid = f"row {rows:,}"
    return scan


#: The searches a piece may need (bits of :func:`scan_kernel.piece_facts`' flags):
#: merged ranges (``mergeCell``) and hidden rows or columns (``hidden``).
_SEARCHES = scan_kernel.MERGE_CELL | scan_kernel.HIDDEN


def _piece_facts(piece: bytes) -> tuple[tuple[int, int] | None, bool, int]:
    """The piece's extent (None: walk the part tag by tag), whether it may hold a
    formula or an error cell (then the piece is walked for them), and the searches
    it may need (:data:`_SEARCHES`: each search then tests the piece itself)."""
    extent = None if _PREFIXED_CELL.search(piece) else _canonical_extent(piece)
    if extent is None:
        return None, False, 0  # the whole part is walked
    formulas = b"<f" in piece or bool(_PREFIXED_FORMULA.search(piece)) or _has_error_cell(piece)
    return extent, formulas, _SEARCHES


def _compiled_facts(
    piece: bytes,
    unsafe: npt.NDArray[np.uint8] | None = None,
    last_other: npt.NDArray[np.int64] | None = None,
) -> tuple[tuple[int, int] | None, bool, int]:
    """:func:`_piece_facts` from one compiled pass over the bytes (a large sheet),
    raising ``last_other`` (:attr:`SheetScan.last_other`) when given. The searches
    are only those whose words (``mergeCell``, ``hidden``) the pass found."""
    data = _padded(piece)
    columns, rows, flags = scan_kernel.piece_facts(data, len(piece), unsafe, last_other)
    if (columns, rows) == scan_kernel.NOT_CANONICAL:
        return None, False, 0
    formulas = bool(flags & (scan_kernel.FORMULA | scan_kernel.PREFIXED_FORMULA)) or bool(
        flags & scan_kernel.QUOTED_E and _ERROR_TYPE.search(piece)
    )
    return (columns, rows), formulas, flags & _SEARCHES


def _has_error_cell(piece: bytes) -> bool:
    """Whether a piece may hold an error cell (a quick substring test first)."""
    return (b'"e"' in piece or b"'e'" in piece) and _ERROR_TYPE.search(piece) is not None


def _padded(piece: bytes) -> npt.NDArray[np.uint8]:
    """The piece's bytes and 16 zeros after them, so that reads never overrun."""
    return np.frombuffer(piece + b"\0" * 16, dtype=np.uint8)


def _canonical_extent(piece: bytes) -> tuple[int, int] | None:
    """The largest column and row referenced by the piece's cells, or None if a cell
    is not written ``<c r="REF"`` (then the part is walked tag by tag).

    Every cell start is read at once with numpy (a few passes over the bytes, then
    one gather per character of the references), by calamine's rules: a cell whose
    start tag ends ``/>`` holds nothing and does not widen the grid; the reference is
    1-3 capital letters and a row of up to 7 digits not starting with 0, followed by
    the closing quote and a space, ``/`` or ``>``. A large sheet's pieces are read by
    the same rules in one compiled loop (:mod:`pbrkit.io.scan_kernel`).
    """
    data = _padded(piece)
    opens = np.flatnonzero(data[: len(piece)] == ord("<"))
    cells = opens[(data[opens + 1] == ord("c")) & _is_tag_end(data[opens + 2])]
    canonical = _bytes_at(data, cells + 2, b' r="')
    if not canonical.all():
        return None
    ref = cells + 6
    first, second, third = data[ref], data[ref + 1], data[ref + 2]
    n_letters = _is_letter(first).astype(np.intp)
    n_letters += _is_letter(first) & _is_letter(second)
    n_letters += _is_letter(first) & _is_letter(second) & _is_letter(third)
    digits_at = ref + n_letters
    row = np.zeros(len(cells), dtype=np.int64)
    n_digits = np.zeros(len(cells), dtype=np.intp)
    reading = np.ones(len(cells), dtype=bool)
    for k in range(_MAX_ROW_DIGITS + 1):
        char = data[digits_at + k]
        reading &= (char >= ord("0")) & (char <= ord("9"))
        n_digits += reading
        row = np.where(reading, row * 10 + (char.astype(np.int64) - ord("0")), row)
    end = digits_at + n_digits
    canonical = (
        (n_letters >= 1)
        & ~_is_letter(data[digits_at])
        & (n_digits >= 1)
        & (n_digits <= _MAX_ROW_DIGITS)
        & (data[digits_at] != ord("0"))
        & (data[end] == ord('"'))
        & _is_tag_end(data[end + 1])
    )
    if not canonical.all():
        return None
    holds = _holds_something(data, len(piece), cells)
    if not holds.any():
        return 0, 0
    letters = [x[holds].astype(np.int64) - 64 for x in (first, second, third)]
    n = n_letters[holds]
    column = np.where(n >= 2, letters[0] * 26 + letters[1], letters[0])
    column = np.where(n == 3, column * 26 + letters[2], column)
    return int(column.max()), int(row[holds].max())


def _is_letter(char: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    return (char >= ord("A")) & (char <= ord("Z"))


def _is_tag_end(char: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """A space, tab, line break, ``/`` or ``>``: what may follow a tag's name."""
    found: npt.NDArray[np.bool_] = (
        (char == ord(" "))
        | (char == ord("/"))
        | (char == ord(">"))
        | (char == ord("\t"))
        | (char == ord("\n"))
        | (char == ord("\r"))
    )
    return found


def _bytes_at(
    data: npt.NDArray[np.uint8], at: npt.NDArray[np.intp], text: bytes
) -> npt.NDArray[np.bool_]:
    found = np.ones(len(at), dtype=bool)
    for offset, char in enumerate(text):
        found &= data[at + offset] == char
    return found


def _holds_something(
    data: npt.NDArray[np.uint8], size: int, starts: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Which cell start tags end ``>`` rather than ``/>`` (an empty cell takes no room);
    a tag not closed within the piece holds nothing, as the tag-by-tag walk reads it."""
    closes = np.flatnonzero(data[:size] == ord(">"))
    if len(closes) == 0:
        return np.zeros(len(starts), dtype=bool)
    at = np.searchsorted(closes, starts)
    found = at < len(closes)
    ends = closes[np.minimum(at, len(closes) - 1)]
    holds: npt.NDArray[np.bool_] = found & (data[np.maximum(ends - 1, 0)] != ord("/"))
    return holds


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut chunks so that no piece ends inside a cell (cut before a cell's ``<``)."""
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = _last_cell_start(buffer)
        if cut <= 0:
            cut = buffer.rfind(b"<")
        if cut <= 0:
            if len(buffer) <= 4 * CHUNK_BYTES:
                carry = buffer
                continue
            cut = len(buffer)  # no tag in 16 MB: not a spreadsheet's XML, keep memory flat
        yield buffer[:cut]
        carry = buffer[cut:]
    if carry:
        yield carry


def _last_cell_start(buffer: bytes) -> int:
    """Where the last cell start tag in the buffer's last 64 KB begins; -1 if none."""
    offset = max(0, len(buffer) - 64 * 1024)
    last = -1
    for match in _CELL_START.finditer(buffer, offset):
        last = match.start()
    return last


class _Walker:
    """Calamine's reading of rows and cells, one tag at a time (the slow path)."""

    def __init__(self, scan: SheetScan) -> None:
        self.scan = scan
        self.row = 0
        self.col = 0
        self.cell: tuple[str | None, int, int, bytes] | None = None
        self.formula = b""
        self.has_formula = False
        self.formula_start = 0
        self.value: bytes | None = None

    def walk(self, piece: bytes, *, formulas: bool, extent: bool = True) -> None:
        self.formula_start = 0  # a formula's text begun in an earlier piece is cut short
        for match in _TAG.finditer(piece):
            closing, name, attrs = match.group(1), match.group(2), match.group(3)
            empty = attrs.endswith(b"/")
            if closing:
                if name == b"c":
                    self._end_cell(formulas)
                elif name == b"f" and self.cell is not None and self.has_formula:
                    self.formula = piece[self.formula_start : match.start()]
                continue
            if name == b"row":
                self._start_row(attrs)
            elif name == b"c":
                self._start_cell(attrs, extent and not empty)
                if empty:
                    self._end_cell(formulas)
            elif name == b"f" and self.cell is not None:
                self.has_formula = True
                self.formula_start = match.end()
            elif name == b"v" and self.cell is not None:
                if empty:
                    self.value = b""
                else:
                    end = piece.find(b"<", match.end())
                    self.value = piece[match.end() : end if end >= 0 else len(piece)]

    def _start_row(self, attrs: bytes) -> None:
        ref = _attr(_R_ATTR, attrs)
        self.row = int(ref) if ref and ref.isdigit() else self.row + 1
        self.col = 0

    def _start_cell(self, attrs: bytes, extent: bool) -> None:
        ref = _attr(_R_ATTR, attrs)
        row, col = self.row, self.col + 1
        if ref:
            match = _REF.fullmatch(ref)
            if match and match.group(1):
                col = column_number(match.group(1).upper())
            if match and match.group(2):
                row = int(match.group(2))
            if not match:
                row, col = EXCEL_MAX_ROW + 1, EXCEL_MAX_COLUMN + 1
        self.col = col
        if extent:
            self._check(row, col, ref)
        kind = _attr(_T_ATTR, attrs) or ""
        self.cell = (ref, row, col, kind.encode())
        self.has_formula = False
        self.formula = b""
        self.value = None

    def _check(self, row: int, col: int, ref: str | None) -> None:
        scan = self.scan
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, col)
        if scan.beyond_grid is None and (row > EXCEL_MAX_ROW or col > EXCEL_MAX_COLUMN):
            scan.beyond_grid = ref or f"row {row}, column {col}"

    def _end_cell(self, formulas: bool) -> None:
        cell, self.cell = self.cell, None
        if not formulas or cell is None:
            return
        if cell[3] == b"e":
            # Excel saves the error's text as the value (``<v>#N/A</v>``).
            ref, row, col, _ = cell
            error = _unescape((self.value or b"").decode("utf-8", errors="replace")).strip()
            self.scan.add_error(
                ref, row or None, column_letters(col) if col else None, error or "(unknown error)"
            )
            return
        if not self.has_formula:
            return
        value = self.value
        saved = value is not None and (value.strip() != b"" or cell[3] in (b"str", b"inlineStr"))
        if saved:
            return
        self.scan.formula_count += 1
        if len(self.scan.formulas) < MAX_FORMULA_CELLS:
            ref, row, col, _ = cell
            text = _unescape(self.formula.decode("utf-8", errors="replace"))
            self.scan.formulas.append(
                FormulaCell(ref, row or None, column_letters(col) if col else None, text)
            )


def _attr(pattern: re.Pattern[bytes], attrs: bytes) -> str | None:
    match = pattern.search(attrs)
    if not match:
        return None
    raw = match.group(1) if match.group(1) is not None else match.group(2)
    return raw.decode("utf-8", errors="replace").strip()


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def column_number(letters: str) -> int:
    """A -> 1, AB -> 28, XFD -> 16384 (upper-case letters)."""
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - 64)
    return number


def column_letters(number: int) -> str:
    """1 -> A, 28 -> AB, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- OpenDocument -------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)(?:" + _NAME + rb":)?(table|table-row|table-cell|covered-table-cell|table-column)"
    rb"(?=[\s/>])([^>]*)>"
)
_ODS_ROWS = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d+)")
_ODS_COLS = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d+)")
_ODS_HIDDEN_ROW = re.compile(rb"""visibility\s*=\s*["'](?:collapse|filter)["']""")
_ODS_TIME = re.compile(rb"""value-type\s*=\s*["']time["']""")
_ODS_PERCENT = re.compile(rb"""value-type\s*=\s*["']percentage["']""")
_ODS_TIME_VALUE = re.compile(rb"""time-value\s*=\s*["']([^"']*)["']""")
_ODS_SPANNED = re.compile(rb"number-rows-spanned\s*=\s*[\"'](\d+)")
_ODS_SPANNED_COLS = re.compile(rb"number-columns-spanned\s*=\s*[\"'](\d+)")
_ODS_FORMULA = re.compile(
    rb"""(?:^|\s)(?:""" + _NAME + rb""":)?formula\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
_ODS_NAME = re.compile(rb"""(?:^|\s)(?:""" + _NAME + rb""":)?name\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _ods_formula(scan: SheetScan, row: int, col: int, attrs: bytes) -> None:
    """A formula cell with no value type: never calculated, so nothing saved."""
    scan.formula_count += 1
    if len(scan.formulas) < MAX_FORMULA_CELLS:
        found = _ODS_FORMULA.search(attrs)
        text = (found.group(1) or found.group(2) or b"") if found else b""
        formula = _unescape(text.decode("utf-8", errors="replace")).removeprefix("of:=")
        letters = column_letters(col)
        scan.formulas.append(FormulaCell(f"{letters}{row}", row, letters, formula))


def scan_ods_content(chunks: Iterable[bytes]) -> dict[str, SheetScan]:
    """The grid each table of an .ods ``content.xml`` spans, repeats expanded, its
    formula cells without a saved value (``table:formula`` and no value type), and
    its formula cells whose saved result is an error (``#N/A``, ``Err:502``).

    A repeated row or cell counts only when it holds something (a value type or
    content); the empty runs LibreOffice writes to the sheet's edge do not.
    """
    scanner = _OdsScanner()
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:  # a tag may still be open: wait for more, up to a bound
            cut = len(buffer) if len(buffer) > 4 * CHUNK_BYTES else 0
        carry = buffer[scanner.feed(buffer, cut, final=False) :]
    if carry:
        scanner.feed(carry, len(carry), final=True)
    return scanner.tables


# LibreOffice's error texts (``Err:502`` and the like) and the Excel-style ones it
# shows for the errors Excel also has (LibreOffice Help, "Error Codes in Calc").
_ODS_ERROR_TEXT = re.compile(r"#NULL!|#DIV/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N/A|Err:\d{3}")
_ODS_CELL_END = re.compile(rb"</(?:" + _NAME + rb":)?table-cell\s*>")
_XML_TAG = re.compile(rb"<[^>]*>")


class _OdsScanner:
    """The state of :func:`scan_ods_content` between pieces of ``content.xml``."""

    def __init__(self) -> None:
        self.tables: dict[str, SheetScan] = {}
        self.scan = SheetScan()
        self.row_index = 0
        self.column_index = 0
        self.row_repeat = 1
        self.position = 0
        self.width = 0

    def feed(self, buffer: bytes, cut: int, *, final: bool) -> int:
        """Walk the tags of ``buffer[:cut]``; return where the unread rest starts.

        A formula cell whose content runs past ``cut`` is left for the next piece
        (its text is needed to tell an error result), unless the buffer is already
        far larger than a chunk: no genuine cell holds megabytes of text.
        """
        for match in _ODS_TAG.finditer(buffer, 0, cut):
            closing, name, attrs = match.group(1), match.group(2), match.group(3)
            if name == b"table":
                if not closing:
                    self._start_table(attrs)
            elif name == b"table-row":
                self._row(attrs, closing=bool(closing))
            elif name == b"table-column":
                if not closing:
                    self._column(attrs)
            elif not closing:
                if b"formula" in attrs and _ODS_FORMULA.search(attrs):
                    end = _ODS_CELL_END.search(buffer, match.end())
                    incomplete = end is None and not final and len(buffer) <= 4 * CHUNK_BYTES
                    if incomplete:
                        return match.start()
                    content = buffer[match.end() : end.start() if end else len(buffer)]
                    self._formula_cell(attrs, content)
                self._cell(attrs)
        return cut

    def _column(self, attrs: bytes) -> None:
        """A column's style: hidden when its visibility is collapse (or filter)."""
        repeat = _ODS_COLS.search(attrs)
        count = int(repeat.group(1)) if repeat else 1
        if b"visibility" in attrs and _ODS_HIDDEN_ROW.search(attrs):
            first = self.column_index + 1
            self.scan.add_hidden_columns(first, first + count - 1)
        self.column_index += count

    def _start_table(self, attrs: bytes) -> None:
        found = _ODS_NAME.search(attrs)
        label = (found.group(1) or found.group(2)) if found else None
        self.scan = SheetScan()
        self.tables[_unescape((label or b"").decode("utf-8", errors="replace"))] = self.scan
        self.row_index = 0
        self.column_index = 0

    def _row(self, attrs: bytes, *, closing: bool) -> None:
        if closing:
            if self.width:
                self.scan.rows = max(self.scan.rows, self.row_index + self.row_repeat)
                self.scan.columns = max(self.scan.columns, self.width)
            self.row_index += self.row_repeat
            return
        repeat = _ODS_ROWS.search(attrs)
        self.row_repeat = int(repeat.group(1)) if repeat else 1
        if b"visibility" in attrs and _ODS_HIDDEN_ROW.search(attrs):
            self.scan.add_hidden(self.row_index + 1, self.row_index + self.row_repeat)
        self.position = self.width = 0
        if attrs.endswith(b"/"):
            self.row_index += self.row_repeat

    def _cell(self, attrs: bytes) -> None:
        if b"rows-spanned" in attrs and (spanned := _ODS_SPANNED.search(attrs)):
            row, last = self.row_index + 1, self.row_index + int(spanned.group(1))
            across = _ODS_SPANNED_COLS.search(attrs)
            first_col = self.position + 1
            last_col = first_col + (int(across.group(1)) - 1 if across else 0)
            ref = f"{column_letters(first_col)}{row}:{column_letters(last_col)}{last}"
            self.scan.add_merged(ref, row, last)
        repeat = _ODS_COLS.search(attrs)
        if b"time" in attrs and _ODS_TIME.search(attrs):
            self._time_cell(attrs, int(repeat.group(1)) if repeat else 1)
        if b"percentage" in attrs and _ODS_PERCENT.search(attrs):
            # LibreOffice's percentage cells (0.05 shown as 5%); repeats across a row are
            # capped by the grid limit already checked for the table.
            for column in range(min(int(repeat.group(1)) if repeat else 1, EXCEL_MAX_COLUMN)):
                self.scan.add_percent(
                    self.row_index + 1, self.position + 1 + column, self.row_repeat
                )
        self.position += int(repeat.group(1)) if repeat else 1
        if b"value-type" in attrs or not attrs.endswith(b"/"):
            self.width = self.position

    def _time_cell(self, attrs: bytes, repeat: int) -> None:
        """A time or duration cell (repeated ``repeat`` times across the row)."""
        scan = self.scan
        if len(scan.times) < MAX_TIME_CELLS:
            row, letters = self.row_index + 1, column_letters(self.position + 1)
            found = _ODS_TIME_VALUE.search(attrs)
            value = found.group(1).decode("ascii", errors="replace") if found else "a time"
            scan.times.append(ErrorCell(f"{letters}{row}", row, letters, value))
        scan.time_count += repeat * self.row_repeat

    def _formula_cell(self, attrs: bytes, content: bytes) -> None:
        """A formula never calculated (no value type), or one whose result is an error."""
        row, col = self.row_index + 1, self.position + 1
        if b"value-type" not in attrs:
            _ods_formula(self.scan, row, col, attrs)
            return
        text = _unescape(_XML_TAG.sub(b"", content).decode("utf-8", errors="replace")).strip()
        is_error = b'value-type="error"' in attrs or b"value-type='error'" in attrs
        if is_error or _ODS_ERROR_TEXT.fullmatch(text):
            letters = column_letters(col)
            self.scan.add_error(f"{letters}{row}", row, letters, text or "(unknown error)")
