"""The first rows of a large worksheet as text, read from its XML (the typed read).

A large sheet whose columns the scan proved to hold plain numbers is loaded with
those columns typed (:mod:`pbrkit.io.workbook`), which turns the text above the
numbers (the header, a title) into blanks. The header is found first, from the
sheet's first rows read here, so that calamine parses the sheet once.

Only the cells the usual writers write are read: shared strings and inline strings
of plain text, and numbers in a plain format whose text is known exactly (whole
numbers). The rows are given up to the first holding anything else (rich text,
escapes, booleans, dates, formulas): a header found above it stands only if the
search stopped there. A number that is not whole is kept as "approximate": it never
names a column, and the typed read is given up if it falls in the header row.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pbrkit.io.limits import CHUNK_BYTES
from pbrkit.io.xlsxscan import column_number

#: The most of a part read to find its first rows (a real header is a few kilobytes).
MAX_TOP_BYTES = 2 * CHUNK_BYTES

_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_TYPE = re.compile(rb"""(?:^|\s)t="([^"]*)\"""")
_STYLE = re.compile(rb"""(?:^|\s)s="(\d{1,7})\"""")
_NUMBER = re.compile(rb"<v>(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)</v>")
_SHARED = re.compile(rb"<v>(\d{1,9})</v>")
_INLINE = re.compile(rb'<is><t(?: xml:space="preserve")?>([^<]*)</t></is>')
_SI = re.compile(rb"<si(?:\s[^>]*?)?(?:/>|>(.*?)</si>)", re.S)
_SI_TEXT = re.compile(rb'<t(?: xml:space="preserve")?>([^<]*)</t>')
_ENTITIES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&apos;", b"'"))


@dataclass(frozen=True)
class TopRows:
    """The sheet's rows 1 to ``len(cells)``, each a list of cell texts (None if empty)
    as wide as the widest; ``approximate`` holds the (row, column) places, from 0, of
    numbers whose text calamine may write otherwise (not whole numbers). ``complete``
    is False when the rows stop short of those asked for, at a row holding a cell
    whose text is not known here."""

    cells: list[list[str | None]]
    approximate: frozenset[tuple[int, int]]
    complete: bool


def read_top_rows(
    archive: zipfile.ZipFile, part: str, count: int, unsafe: npt.NDArray[np.uint8]
) -> TopRows | None:
    """Rows 1 to ``count`` of worksheet ``part`` as text, up to the first holding a
    cell :func:`_cell_text` does not read exactly; None if the part's first rows are
    not within :data:`MAX_TOP_BYTES`, or its cells are not written row after row, each
    once (calamine places cells by their references, in whatever order they come)."""
    head = _head(archive, part, count)
    if head is None:
        return None
    found: dict[tuple[int, int], bytes | str] = {}
    approximate: set[tuple[int, int]] = set()
    stop, seen, last_row = count, set(), 0
    for match in _CELL.finditer(head):
        row = int(match.group(2))
        place = (row - 1, column_number(match.group(1).decode("ascii")) - 1)
        if row < last_row or place in seen:
            return None
        if row > stop:
            break
        last_row = row
        seen.add(place)
        text = _cell_text(match.group(3), match.group(4), unsafe)
        if text is None:
            stop = row - 1
            continue
        if isinstance(text, tuple):
            text, _ = text
            approximate.add(place)
        if text != "":
            found[place] = text
    texts, stop = _resolve_shared(archive, found, stop)
    texts = {place: text for place, text in texts.items() if place[0] < stop}
    width = max((c for _, c in texts), default=-1) + 1
    height = min(stop, max((r for r, _ in texts), default=-1) + 1)
    cells: list[list[str | None]] = [[None] * width for _ in range(height)]
    for (row, column), text in texts.items():
        cells[row][column] = text
    return TopRows(cells, frozenset(approximate), complete=stop == count)


def _head(archive: zipfile.ZipFile, part: str, count: int) -> bytes | None:
    """The part's bytes up to past row ``count`` (None if not within MAX_TOP_BYTES)."""
    beyond = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"|</sheetData>')
    head = b""
    with archive.open(part) as stream:
        while len(head) < MAX_TOP_BYTES:
            chunk = stream.read(CHUNK_BYTES // 16)
            head += chunk
            if not chunk or any(
                m.group(1) is None or int(m.group(1)) > count
                for m in beyond.finditer(head, max(0, len(head) - len(chunk) - 64))
            ):
                return head
    return None


def _cell_text(
    attrs: bytes, content: bytes | None, unsafe: npt.NDArray[np.uint8]
) -> bytes | str | tuple[str, bool] | None:
    """A cell's text as calamine gives it: "" when empty, a shared string's index as
    bytes, (text, True) for an approximate number, None when not read exactly."""
    if content is None:
        return ""
    kind = _TYPE.search(attrs)
    kind_name = kind.group(1) if kind else b"n"
    if kind_name == b"s":
        shared = _SHARED.fullmatch(content)
        return shared.group(1) if shared else None
    if kind_name == b"inlineStr":
        inline = _INLINE.fullmatch(content)
        return _text(inline.group(1)) if inline else None
    number = _NUMBER.fullmatch(content)
    style = _STYLE.search(attrs)
    at = int(style.group(1)) if style else 0
    if kind_name != b"n" or number is None or at >= len(unsafe) or unsafe[at]:
        return None
    return _number_text(float(number.group(1)))


def _number_text(value: float) -> str | tuple[str, bool] | None:
    """A whole number's text as calamine writes it ("7", not "7.0"); a number that is
    not whole and cannot round to one, as (its repr, True); None otherwise."""
    negative_zero = value == 0 and math.copysign(1, value) < 0  # calamine writes "-0"
    if value.is_integer() and abs(value) < 2**53 and not negative_zero:
        return str(int(value))
    if abs(value) < 1e9 and abs(value - round(value)) > 1e-6:
        return repr(value), True
    return None


def _text(raw: bytes) -> str | None:
    """Cell text with the five XML entities read; None for anything calamine may read
    otherwise (character references, _xHHHH_ escapes, carriage returns) or empty text."""
    if not raw or b"&#" in raw or b"_x" in raw or b"\r" in raw:
        return None
    for entity, char in _ENTITIES:
        raw = raw.replace(entity, char)
    try:
        return raw.replace(b"&amp;", b"&").decode("utf-8")
    except UnicodeDecodeError:
        return None


def _resolve_shared(
    archive: zipfile.ZipFile, found: dict[tuple[int, int], bytes | str], stop: int
) -> tuple[dict[tuple[int, int], str], int]:
    """The cells with shared-string indexes replaced by their texts, and the rows
    known: they stop short of a row holding a shared string not of plain text within
    the first MAX_TOP_BYTES of the shared strings."""
    wanted = {int(v) for v in found.values() if isinstance(v, bytes)}
    strings: dict[int, str | None] = {}
    if wanted and "xl/sharedStrings.xml" in archive.namelist():
        for index, text in enumerate(_shared_strings(archive)):
            strings[index] = text
            if index >= max(wanted):
                break
    texts: dict[tuple[int, int], str] = {}
    for place, value in found.items():
        text = strings.get(int(value)) if isinstance(value, bytes) else value
        if text is None:
            stop = min(stop, place[0])
        else:
            texts[place] = text
    return texts, stop


def _shared_strings(archive: zipfile.ZipFile) -> Iterator[str | None]:
    """The shared strings in order (None for one not of plain text), read no further
    than MAX_TOP_BYTES."""
    buffer, read = b"", 0
    with archive.open("xl/sharedStrings.xml") as stream:
        while read < MAX_TOP_BYTES and (chunk := stream.read(CHUNK_BYTES // 16)):
            read += len(chunk)
            buffer += chunk
            if b":si" in buffer:
                return  # prefixed elements: not counted here, so no index is trusted
            end = 0
            for match in _SI.finditer(buffer):
                plain = _SI_TEXT.fullmatch(match.group(1) or b"")
                yield _text(plain.group(1)) if plain else None
                end = match.end()
            buffer = buffer[end:]
