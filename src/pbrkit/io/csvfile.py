"""Read a CSV file as a grid of text cells, whatever Excel or a clinical system wrote.

Exports from English NHS systems arrive as UTF-8 (often with a byte-order mark from
Excel's "CSV UTF-8"), as Windows-1252 (Excel's plain "CSV"), and with commas,
semicolons (continental locales), tabs or pipes (database exports). All are accepted;
every cell stays text.

A CSV is untrusted input too: its size is checked before it is read
(``ReadLimits.max_uncompressed_bytes``), and its width is taken from the widest of
its first rows (so a title line above the header is fine) and checked against
``ReadLimits.max_columns`` before pandas allocates a column per field.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pbrkit.errors import InputError, Problem, ResourceLimitExceeded
from pbrkit.io.limits import DEFAULT_LIMITS, MIB, ReadLimits

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = ",;\t|"  # pipes: database and warehouse exports (review 7)
#: Rows whose field counts set the grid's width (a title block and the header).
_WIDTH_ROWS = 64


def read_csv_grid(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> pd.DataFrame:
    """Return every cell of ``path`` as text (NaN when empty), without a header row.

    Raises:
        InputError: the file cannot be read or decoded, or is not well-formed.
        ResourceLimitExceeded: the file is larger or wider than ``limits``.
    """
    return read_csv_rows(path, limits).grid


@dataclass(frozen=True)
class CsvRows:
    """A CSV file's cells (every cell a string, NaN when empty), the number of fields on
    each of its first rows as written (a header row with fewer fields than a row under
    it is how an unquoted ``£1,234.50`` shows: the grid alone cannot tell it from an
    empty header cell), and the delimiter found (``;`` is a continental locale's, where
    a dot may group thousands)."""

    grid: pd.DataFrame
    field_counts: tuple[int, ...] = ()
    delimiter: str = ","


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    """The file's bytes, refused unread when it is larger than ``limits`` allow."""
    try:
        size = path.stat().st_size
        if size > limits.max_uncompressed_bytes:
            raise ResourceLimitExceeded(
                Problem(
                    f"'{path.name}' is {size / MIB:,.0f} MB, more than the limit of "
                    f"{limits.max_uncompressed_bytes / MIB:,.0f} MB",
                    fix="raise the limit with --max-unzipped-mb if the file is genuine",
                )
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"cannot read '{path.name}': {exc.strerror or exc}")) from None


def read_csv_rows(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> CsvRows:
    """:func:`read_csv_grid`, with the fields on each of the first rows and the
    delimiter (:class:`CsvRows`).

    Raises:
        InputError: the file cannot be read or decoded, or is not well-formed.
        ResourceLimitExceeded: the file is larger or wider than ``limits``.
    """
    raw = _read_bytes(path, limits)
    _check_not_binary(path.name, raw[:8])
    text = _decode(path.name, raw)
    _refuse_nul(path.name, text)
    delimiter = _sniff_delimiter(text[:_SNIFF_BYTES])
    counts = _field_counts(text[:_SNIFF_BYTES], delimiter)
    width = max(counts, default=0)
    if width > limits.max_columns:
        raise ResourceLimitExceeded(
            Problem(
                f"'{path.name}' has a row of {width:,} fields, more than the limit of "
                f"{limits.max_columns:,} columns",
                fix="check the delimiter and quoting, or remove the empty columns",
            )
        )
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(width) if width else None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        if isinstance(exc, pd.errors.EmptyDataError):
            return CsvRows(pd.DataFrame())
        long_row = _LONG_ROW.search(str(exc))
        if long_row:
            width, line, seen = (int(n) for n in long_row.groups())
            raise InputError(_long_row_problem(path.name, width, line, seen)) from None
        raise InputError(
            Problem(
                f"'{path.name}' is not a well-formed CSV file ({str(exc).strip()[:160]})",
                fix="check quoting and that every row has the same number of columns",
            )
        ) from None
    grid.columns = pd.RangeIndex(grid.shape[1])
    return CsvRows(grid, tuple(counts), delimiter)


#: pandas' words for a row wider than the grid (past the rows that set its width).
_LONG_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _long_row_problem(name: str, width: int, line: int, seen: int) -> Problem:
    """The problem :func:`pbrkit.io.schema.report_overlong_rows` gives near the top,
    for a row further down (found in review 4: pandas' own message before)."""
    return Problem(
        f"the row of '{name}' has {seen} values, more than the {width} of its header row: "
        "a comma inside a value not in quotes, such as £1,234.50?",
        row=line,
        expected=f"at most {width} values, one per header",
        fix='put such values in quotes ("£1,234.50") or write them without the comma (1234.50)',
    )


#: The first bytes of files that are not text, and what each is.
_BINARY_KINDS = (
    (b"PAR1", "a Parquet file", "rename it to end in .parquet"),
    (b"PK\x03\x04", "a spreadsheet (.xlsx or .ods)", "rename it to end in .xlsx or .ods"),
    (b"\xd0\xcf\x11\xe0", "an old Excel file (.xls) or a password-protected workbook",
     "open it in Excel or LibreOffice and save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document", "export the table from its source as CSV"),
)  # fmt: skip


def _check_not_binary(name: str, head: bytes) -> None:
    """A Parquet file or a spreadsheet with a .csv name is named for what it is; read
    as text it was "no header row found" (found in review 4)."""
    for magic, what, fix in _BINARY_KINDS:
        if head.startswith(magic):
            raise InputError(Problem(f"'{name}' is {what}, not text (CSV)", fix=fix))


#: Bytes read at a time by :func:`checked_blocks` (files of gigabytes stream through).
_BLOCK = 8 * MIB


def checked_blocks(path: Path, *, block: int = _BLOCK) -> Iterator[bytes]:
    """The bytes of ``path`` as read, block by block, each checked as CSV text in UTF-8
    (a byte-order mark allowed) before it is given: for readers that take nothing else
    (pyarrow's CSV reader, in ``pbrkit import mhsds``), with the checks this module
    makes of a caseload CSV. A caller reads the file only after the last block.

    Raises:
        InputError: the file is binary (a Parquet file, a spreadsheet…), UTF-16 (with
            or without a byte-order mark), or holds a NUL or a byte that is not UTF-8:
            one problem naming the file and, for the last two, the line.
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        _check_not_binary(path.name, head[:8])
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head):
            raise InputError(_utf16_problem(path.name))
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines = 1  # the line the next block starts on
        for chunk in iter(lambda: handle.read(block), b""):
            _check_utf8(path.name, decoder, chunk, lines)
            lines += chunk.count(b"\n")
            yield chunk
        _check_utf8(path.name, decoder, b"", lines, final=True)


def _check_utf8(
    name: str,
    decoder: codecs.IncrementalDecoder,
    chunk: bytes,
    line: int,
    *,
    final: bool = False,
) -> None:
    """Refuse a NUL, or a byte that is not UTF-8, in ``chunk`` (which starts on ``line``);
    a character cut in two by the block's end is held for the next block."""
    at = chunk.find(b"\x00")
    if at != -1:
        raise InputError(_nul_problem(name, line + chunk.count(b"\n", 0, at)))
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError as error:
        # error.object is the bytes held from the last block (part of one character,
        # never a newline) followed by this chunk.
        bad = error.object[error.start]
        where = line + error.object.count(b"\n", 0, error.start)
        raise InputError(_not_utf8_problem(name, where, bad)) from None


def _utf16_problem(name: str) -> Problem:
    return Problem(
        f"'{name}' is UTF-16 text (Excel's 'Unicode Text'), which this reader does not take",
        fix=_SAVE_AS_UTF8,
    )


def _not_utf8_problem(name: str, line: int, byte: int) -> Problem:
    return Problem(
        f"'{name}' is not UTF-8 text: line {line} holds the byte 0x{byte:02X} (Excel's "
        "plain CSV writes '£' and accented letters so)",
        fix=_SAVE_AS_UTF8,
    )


def _field_counts(sample: str, delimiter: str) -> list[int]:
    """The fields on each of the first rows (quotes respected; a blank line has 0)."""
    lines = sample.splitlines(keepends=True)
    if len(sample) >= _SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    try:
        rows = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
        return [len(row) for row in itertools.islice(rows, _WIDTH_ROWS)]
    except csv.Error:
        return [line.count(delimiter) + 1 for line in lines[:_WIDTH_ROWS]]


def _decode(name: str, raw: bytes) -> str:
    """UTF-8 (with or without BOM) first; UTF-16 with a BOM (Excel's "Unicode Text"), or
    without one when its zero bytes show it (:func:`_utf16_without_bom`); Windows-1252
    as Excel's legacy fallback."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    encoding = _utf16_without_bom(raw[:_SNIFF_BYTES])
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            raise InputError(_nul_problem(name, None)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when every other byte of ``head`` is mostly zero
    and the others never are, as in UTF-16 text of Latin letters, digits and £ written
    without a byte-order mark; None otherwise (UTF-8 and Windows-1252 text holds no zero
    byte). Before, such a file was decoded as UTF-8 with its zero bytes dropped: right
    for plain ASCII by accident, and silently wrong for other characters (review 8)."""
    if b"\x00" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    if not odd:
        return None
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= len(zeros) / 2 and others.count(0) <= len(others) / 100:
            return encoding
    return None


def _refuse_nul(name: str, text: str) -> None:
    """A NUL (zero) character, which no text cell holds: the file is most likely UTF-16
    or binary. It was dropped without a word before (review 8)."""
    at = text.find("\x00")
    if at != -1:
        raise InputError(_nul_problem(name, text.count("\n", 0, at) + 1))


def _nul_problem(name: str, line: int | None) -> Problem:
    """A NUL on ``line``, or (None) a file that looked like UTF-16 and would not decode."""
    if line is None:
        what = (
            f"'{name}' looks like UTF-16 text saved without a byte-order mark (every "
            "other byte is zero) but cannot be read as such: cut short, or not text"
        )
    else:
        what = (
            f"'{name}' holds a NUL (zero) byte on line {line}, which no CSV text holds "
            "(was it saved as UTF-16 without a byte-order mark?)"
        )
    return Problem(what, fix=_SAVE_AS_UTF8)


_SAVE_AS_UTF8 = (
    "save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8 (Comma delimited)), "
    "or export it again from its source"
)


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # One-column files and files the sniffer cannot decide: count per first line.
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","
