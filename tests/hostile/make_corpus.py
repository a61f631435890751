"""Build pbrkit's hostile-input corpus: every case, generated, into a folder.

Nothing here is checked in as a binary: each case is written by code at test time
(``tests/test_hostile.py``), so a reader can see exactly what a case holds. Most are
small; the zip bombs are a few MB on disk and are built in well under a second by
compressing one megabyte of spaces with a full flush and repeating the resulting
deflate block (identical input after a full flush gives identical output), so the
bomb's central directory can truthfully declare gigabytes.

Usage::

    python tests/hostile/make_corpus.py DIR            # build every case into DIR
    python tests/hostile/make_corpus.py DIR NAME ...   # build the named cases
    python tests/hostile/make_corpus.py --list         # list the cases

Each builder takes the output folder and returns the path pbrkit should be given (a
file or a folder of CSVs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

Builder = Callable[[Path], Path]
CASES: dict[str, Builder] = {}

#: Rows in the "full sheet" cases: Excel's maximum, header included.
EXCEL_ROWS = 1_048_576
MIB = 1024 * 1024

#: A small caseload that pbrkit costs without complaint against the shipped reference.
GOOD_CASELOAD: list[dict[str, Any]] = [
    {"team": "North", "cluster": 1, "service_users": 120, "cluster_days": 9600},
    {"team": "North", "cluster": 3, "service_users": 200, "cluster_days": 34000},
    {"team": "South", "cluster": 11, "service_users": 90, "cluster_days": 30600},
    {"team": "South", "cluster": 13, "service_users": 40, "cluster_days": 13600},
]


def case(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``."""

    def register(builder: Builder) -> Builder:
        CASES[name] = builder
        return builder

    return register


def build(folder: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Build the named cases (all by default) into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: CASES[name](folder) for name in (names or CASES)}


# --- writers ---------------------------------------------------------------------------


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], **options: Any) -> Path:
    """An ordinary workbook written by XlsxWriter; strings always stay text."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, **options})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def table(rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Dicts as a header row and data rows."""
    header = list(dict.fromkeys(k for row in rows for k in row))
    return [header] + [[row.get(k) for k in header] for row in rows]


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet_xml(rows_xml: str, prolog: str = "") -> str:
    """A worksheet part with ``rows_xml`` inside ``<sheetData>``."""
    return f'{_XML}{prolog}<worksheet xmlns="{_MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'


def cells(row: int, values: Sequence[Any]) -> str:
    """One ``<row>`` of inline-string and number cells, written the usual way."""
    out = []
    for col, value in enumerate(values):
        ref = f"{chr(65 + col)}{row}"
        if isinstance(value, str):
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        else:
            out.append(f'<c r="{ref}"><v>{value}</v></c>')
    return f'<row r="{row}">{"".join(out)}</row>'


HEADER = ["cluster", "service_users", "cluster_days"]


def raw_parts(
    sheets: dict[str, str], shared_strings: str | None = None, workbook_extra: str = ""
) -> dict[str, bytes]:
    """The parts of a minimal .xlsx, with each worksheet's XML given by hand."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels += f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    listing = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    parts = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{workbook_extra}'
            f"<sheets>{listing}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PKG}">{rels}</Relationships>',
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return {name: text.encode() for name, text in parts.items()}


def write_raw_xlsx(path: Path, parts: dict[str, bytes]) -> Path:
    """Zip ``parts`` with the standard library, deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@dataclass
class Entry:
    """One entry for :func:`write_zip`: deflate-compressed pieces and the header fields."""

    name: str
    pieces: Callable[[], Iterable[bytes]]
    crc: int
    size: int
    packed: int
    declared_size: int | None = None
    flags: int = 0


def deflated(name: str, data: bytes) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    blob = packer.compress(data) + packer.flush()
    return Entry(name, lambda: [blob], zlib.crc32(data), len(data), len(blob))


def write_zip(path: Path, entries: Sequence[Entry]) -> Path:
    """A zip archive written field by field, so that headers can say anything."""
    with path.open("wb") as out:
        directory = []
        for entry in entries:
            offset = out.tell()
            name = entry.name.encode()
            declared = entry.size if entry.declared_size is None else entry.declared_size
            fields = (20, entry.flags, 8, 0, 0x21, entry.crc, entry.packed, declared, len(name))
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + name)
            for piece in entry.pieces():
                out.write(piece)
            directory.append(
                struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name
            )
        start = out.tell()
        blob = b"".join(directory)
        out.write(blob)
        count = len(entries)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(blob), start, 0))
    return path


def bomb_entry(name: str, head: bytes, tail: bytes, megabytes: int, declared: int | None) -> Entry:
    """``head``, then ``megabytes`` MiB of spaces, then ``tail``: deflated, fast.

    After ``Z_FULL_FLUSH`` the compressor forgets its history, so compressing the
    same megabyte again gives the same bytes: the block is made once and repeated.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b" " * MIB
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH) == repeat
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + megabytes * MIB + len(tail)

    def pieces() -> Iterator[bytes]:
        yield first
        for _ in range(megabytes):
            yield repeat
        yield last

    packed = len(first) + megabytes * len(repeat) + len(last)
    return Entry(name, pieces, crc, size, packed, declared_size=declared)


def _good_parts() -> dict[str, bytes]:
    rows = cells(1, HEADER) + cells(2, [1, 120, 9600]) + cells(3, [3, 200, 34000])
    return raw_parts({"caseload": sheet_xml(rows)})


def _bomb(path: Path, megabytes: int, *, lie: bool) -> Path:
    entries = []
    for name, data in _good_parts().items():
        if name == "xl/worksheets/sheet1.xml":
            cut = data.index(b"</sheetData>")
            declared = len(data) if lie else None
            entries.append(bomb_entry(name, data[:cut], data[cut:], megabytes, declared))
        else:
            entries.append(deflated(name, data))
    return write_zip(path, entries)


def _good_xlsx(path: Path) -> Path:
    return write_xlsx(path, {"caseload": table(GOOD_CASELOAD)})


# --- archive-level cases -----------------------------------------------------------------


@case("zip_bomb")
def zip_bomb(folder: Path) -> Path:
    """sheet1.xml declares (truthfully) 3,000 MiB of spaces; about 3 MB on disk."""
    return _bomb(folder / "zip_bomb.xlsx", 3000, lie=False)


@case("zip_bomb_ratio")
def zip_bomb_ratio(folder: Path) -> Path:
    """300 MiB of spaces: under the size limit, but compressed about 1,000:1."""
    return _bomb(folder / "zip_bomb_ratio.xlsx", 300, lie=False)


@case("zip_bomb_lying")
def zip_bomb_lying(folder: Path) -> Path:
    """sheet1.xml's headers declare 200-odd bytes; it inflates to 1 GiB."""
    return _bomb(folder / "zip_bomb_lying.xlsx", 1024, lie=True)


@case("zip_entry_bomb")
def zip_entry_bomb(folder: Path) -> Path:
    """A workbook plus 70,000 empty entries (more than 65,535: a Zip64 count)."""
    path = folder / "zip_entry_bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in _good_parts().items():
            archive.writestr(name, data)
        for i in range(70_000):
            archive.writestr(f"xl/media/pad{i}.bin", b"")
    return path


@case("zip_encrypted_entry")
def zip_encrypted_entry(folder: Path) -> Path:
    """A zip whose sheet entry has the 'encrypted' flag set (traditional zip crypto)."""
    entries = [deflated(name, data) for name, data in _good_parts().items()]
    for entry in entries:
        if entry.name.endswith("sheet1.xml"):
            entry.flags = 0x1
    return write_zip(folder / "zip_encrypted_entry.xlsx", entries)


@case("truncated_zip")
def truncated_zip(folder: Path) -> Path:
    """A genuine workbook cut to its first half (an interrupted download)."""
    data = _good_xlsx(folder / "truncated_source.xlsx").read_bytes()
    path = folder / "truncated_zip.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


@case("corrupt_zip")
def corrupt_zip(folder: Path) -> Path:
    """A genuine workbook with 64 bytes of its sheet's compressed data overwritten."""
    source = _good_xlsx(folder / "corrupt_source.xlsx")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    name_len, extra_len = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 8, min(start + 72, start + info.compress_size)):
        data[i] ^= 0x5A
    path = folder / "corrupt_zip.xlsx"
    path.write_bytes(bytes(data))
    return path


@case("csv_named_xlsx")
def csv_named_xlsx(folder: Path) -> Path:
    path = folder / "csv_named_xlsx.xlsx"
    path.write_text("cluster,service_users,cluster_days\n1,120,9600\n", encoding="utf-8")
    return path


@case("pdf_named_xlsx")
def pdf_named_xlsx(folder: Path) -> Path:
    path = folder / "pdf_named_xlsx.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    return path


@case("password_protected")
def password_protected(folder: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE2 compound file.

    A minimal compound-file header (signature D0 CF 11 E0 A1 B1 1A E1, version 3,
    little-endian, 512-byte sectors) padded to one sector; Excel's real file holds
    an ``EncryptionInfo`` and an ``EncryptedPackage`` stream inside.
    """
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    path = folder / "password_protected.xlsx"
    path.write_bytes(bytes(header) + b"\x00" * 512)
    return path


@case("zero_bytes")
def zero_bytes(folder: Path) -> Path:
    path = folder / "zero_bytes.xlsx"
    path.write_bytes(b"")
    return path


@case("xml_bomb_sheet")
def xml_bomb_sheet(folder: Path) -> Path:
    """Billion laughs in sheet1.xml: ten levels of ten, expanding to 3 GB if expanded."""
    rows = cells(1, HEADER) + cells(2, [1, 120, 9600, "&lol9;"])
    return write_raw_xlsx(
        folder / "xml_bomb_sheet.xlsx", raw_parts({"caseload": sheet_xml(rows, LAUGHS)})
    )


@case("xml_bomb_shared_strings")
def xml_bomb_shared_strings(folder: Path) -> Path:
    """Billion laughs in sharedStrings.xml, which calamine reads when a file is opened."""
    strings = "".join(f"<si><t>{s}</t></si>" for s in [*HEADER, "&lol9;"])
    shared = f'{_XML}{LAUGHS}<sst xmlns="{_MAIN}" count="4" uniqueCount="4">{strings}</sst>'
    refs = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(4))
    rows = f'<row r="1">{refs}</row>' + cells(2, [1, 120, 9600])
    parts = raw_parts({"caseload": sheet_xml(rows)}, shared_strings=shared)
    return write_raw_xlsx(folder / "xml_bomb_shared_strings.xlsx", parts)


@case("xml_bomb_hidden_dtd")
def xml_bomb_hidden_dtd(folder: Path) -> Path:
    """Billion laughs and an external entity behind 100 KB of comments.

    pbrkit looks for entity declarations in the first 64 KB of each part only; this
    file puts them further in, to show that calamine itself never expands them.
    """
    padding = "<!--" + "x" * 100_000 + "-->\n"
    dtd = LAUGHS.replace("]>", '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    rows = cells(1, HEADER) + cells(2, [1, 120, 9600, "&lol9;&xxe;"])
    parts = raw_parts({"caseload": sheet_xml(rows, padding + dtd)})
    return write_raw_xlsx(folder / "xml_bomb_hidden_dtd.xlsx", parts)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


@case("grid_bomb_xlsx")
def grid_bomb_xlsx(folder: Path) -> Path:
    """A 1 KB workbook with one cell in A1 and one in XFD1048576 (17 billion cells)."""
    rows = cells(1, HEADER) + cells(2, [1, 120, 9600])
    rows += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_raw_xlsx(folder / "grid_bomb_xlsx.xlsx", raw_parts({"caseload": sheet_xml(rows)}))


@case("grid_bomb_no_refs")
def grid_bomb_no_refs(folder: Path) -> Path:
    """The same bomb without cell references: calamine counts positions instead."""
    body = "".join(f"<c><v>{v}</v></c>" for v in (1, 120, 9600))
    rows = cells(1, HEADER) + f"<row>{body}</row>"
    rows += '<row r="1048576">' + "<c/>" * 16_383 + "<c><v>1</v></c></row>"
    path = folder / "grid_bomb_no_refs.xlsx"
    return write_raw_xlsx(path, raw_parts({"caseload": sheet_xml(rows)}))


@case("grid_bomb_ods")
def grid_bomb_ods(folder: Path) -> Path:
    """A 1 KB .ods whose one cell is repeated 1,000 columns x 1,000,000 rows."""
    return _ods(
        folder / "grid_bomb_ods.ods",
        '<table:table-row><table:table-cell office:value-type="string"><text:p>cluster'
        "</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row>",
    )


def _ods(path: Path, rows_xml: str) -> Path:
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (
        f'{_XML}<office:document-content xmlns:office="{office}:office:1.0" '
        f'xmlns:table="{office}:table:1.0" xmlns:text="{office}:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="caseload">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        f'{_XML}<manifest:manifest xmlns:manifest="{office}:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


@case("ods_formula_no_value")
def ods_formula_no_value(folder: Path) -> Path:
    """An .ods whose C2 holds ``table:formula="of:=SUM([.A1:.A3])"`` and no value."""
    return _ods(
        folder / "ods_formula_no_value.ods",
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
            for h in HEADER
        )
        + '</table:table-row><table:table-row><table:table-cell office:value-type="float" '
        'office:value="1"/><table:table-cell office:value-type="float" office:value="120"/>'
        '<table:table-cell table:formula="of:=SUM([.A1:.A3])"/></table:table-row>',
    )


# --- workbook-shape cases ----------------------------------------------------------------


@case("no_sheets")
def no_sheets(folder: Path) -> Path:
    """A workbook whose ``<sheets>`` list is empty (XlsxWriter always adds one)."""
    return write_raw_xlsx(folder / "no_sheets.xlsx", raw_parts({}))


@case("empty_sheet")
def empty_sheet(folder: Path) -> Path:
    return write_xlsx(folder / "empty_sheet.xlsx", {"caseload": []})


@case("missing_caseload")
def missing_caseload(folder: Path) -> Path:
    rows = table([{"cluster": 1, "price": 100.0, "unit": "per_day"}])
    return write_xlsx(folder / "missing_caseload.xlsx", {"tariff": rows, "Notes": [["notes"]]})


@case("ambiguous_sheets")
def ambiguous_sheets(folder: Path) -> Path:
    """Two sheets that both match 'caseload' loosely."""
    rows = table(GOOD_CASELOAD)
    return write_xlsx(folder / "ambiguous_sheets.xlsx", {"caseload": rows, "Case Load": rows})


@case("misspelt_headers")
def misspelt_headers(folder: Path) -> Path:
    rows = [["clustr", "servce_users", "cluster_days"], [1, 120, 9600], [3, 200, 34000]]
    return write_xlsx(folder / "misspelt_headers.xlsx", {"caseload": rows})


@case("title_block")
def title_block(folder: Path) -> Path:
    """Three lines of title and notes, a blank row, then the header on row 5."""
    rows: list[list[Any]] = [
        ["Community mental health: caseload by cluster"],
        ["Prepared by finance, 2024/25 (synthetic)"],
        ["Source: clinical system extract"],
        [],
        *table(GOOD_CASELOAD),
    ]
    return write_xlsx(folder / "title_block.xlsx", {"caseload": rows})


@case("merged_group_header")
def merged_group_header(folder: Path) -> Path:
    """Merged group labels ("Who", "Activity") above the real header row."""
    path = folder / "merged_group_header.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("caseload")
    bold = book.add_format({"bold": True, "align": "center"})
    sheet.merge_range("A1:B1", "Who", bold)
    sheet.merge_range("C1:D1", "Activity", bold)
    for r, row in enumerate(table(GOOD_CASELOAD), start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return path


@case("merged_header_cell")
def merged_header_cell(folder: Path) -> Path:
    """'service_users' merged across B1:C1, with a figure under C as well as under B."""
    path = folder / "merged_header_cell.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("caseload")
    sheet.write(0, 0, "cluster")
    sheet.merge_range("B1:C1", "service_users", book.add_format({"bold": True}))
    sheet.write(0, 3, "cluster_days")
    sheet.write_row(1, 0, [1, 120, None, 9600])
    sheet.write_row(2, 0, [3, 200, 15, 34000])
    book.close()
    return path


@case("hidden_caseload")
def hidden_caseload(folder: Path) -> Path:
    """The caseload sheet is hidden; a visible 'About' sheet is active."""
    path = folder / "hidden_caseload.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    about = book.add_worksheet("About")
    about.write(0, 0, "Nothing to see here")
    sheet = book.add_worksheet("caseload")
    for r, row in enumerate(table(GOOD_CASELOAD)):
        sheet.write_row(r, 0, row)
    sheet.hide()
    about.activate()
    book.close()
    return path


# --- cell-content cases ------------------------------------------------------------------


@case("duplicate_tariff")
def duplicate_tariff(folder: Path) -> Path:
    tariff = [
        {"cluster": 1, "price": 40.0, "unit": "per_day"},
        {"cluster": 3, "price": 30.0, "unit": "per_day"},
        {"cluster": 3, "price": 35.0, "unit": "per_day"},
        {"cluster": 11, "price": 20.0, "unit": "per_day"},
        {"cluster": 13, "price": 25.0, "unit": "per_day"},
    ]
    sheets = {"caseload": table(GOOD_CASELOAD), "tariff": table(tariff)}
    return write_xlsx(folder / "duplicate_tariff.xlsx", sheets)


@case("duplicate_caseload")
def duplicate_caseload(folder: Path) -> Path:
    """Cluster 3 on two rows, one per team (the usual shape of a team-level extract)."""
    rows = [
        *GOOD_CASELOAD,
        {"team": "South", "cluster": 3, "service_users": 50, "cluster_days": 8500},
    ]
    return write_xlsx(folder / "duplicate_caseload.xlsx", {"caseload": table(rows)})


@case("bad_clusters")
def bad_clusters(folder: Path) -> Path:
    rows = [[*HEADER], [9, 10, 100], [22, 10, 100], [-1, 10, 100], ["abc", 10, 100], [3, 10, 100]]
    return write_xlsx(folder / "bad_clusters.xlsx", {"caseload": rows})


@case("negative_counts")
def negative_counts(folder: Path) -> Path:
    rows = [[*HEADER], [1, -5, 100], [3, 10, -100]]
    return write_xlsx(folder / "negative_counts.xlsx", {"caseload": rows})


@case("admitted_over_days")
def admitted_over_days(folder: Path) -> Path:
    rows = [[*HEADER, "admitted_days"], [1, 10, 100, 50], [13, 10, 100, 250]]
    return write_xlsx(folder / "admitted_over_days.xlsx", {"caseload": rows})


@case("text_in_numbers")
def text_in_numbers(folder: Path) -> Path:
    rows = [[*HEADER], [1, "lots", 100], [3, 10, "n/a"], [11, "£1,234", 3000]]
    return write_xlsx(folder / "text_in_numbers.xlsx", {"caseload": rows})


@case("dates_in_numbers")
def dates_in_numbers(folder: Path) -> Path:
    """cluster_days typed as a date (Excel turns '1/4' into 1 April)."""
    path = folder / "dates_in_numbers.xlsx"
    book = xlsxwriter.Workbook(str(path), {"default_date_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet("caseload")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, [1, 120])
    sheet.write_datetime(1, 2, dt.datetime(2024, 4, 1))
    book.close()
    return path


@case("formula_no_value")
def formula_no_value(folder: Path) -> Path:
    """C2 holds ``<f>SUM(A1:A3)</f>`` and no ``<v>``: a formula never calculated."""
    rows = cells(1, HEADER) + '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>120</v></c>'
    rows += '<c r="C2"><f>SUM(A1:A3)</f></c></row>'
    path = folder / "formula_no_value.xlsx"
    return write_raw_xlsx(path, raw_parts({"caseload": sheet_xml(rows)}))


@case("formula_openpyxl")
def formula_openpyxl(folder: Path) -> Path:
    """Formulas written by openpyxl, which stores them with an empty ``<v/>``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(HEADER)
    sheet.append([1, 120, "=120*80"])
    sheet.append([3, "=100+100", 34000])
    path = folder / "formula_openpyxl.xlsx"
    book.save(path)
    return path


@case("formula_with_value")
def formula_with_value(folder: Path) -> Path:
    """Formulas with their results saved (as Excel and XlsxWriter write them)."""
    path = folder / "formula_with_value.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("caseload")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, [1, 120])
    sheet.write_formula(1, 2, "=120*80", None, 9600)
    sheet.write_row(2, 0, [3])
    sheet.write_formula(2, 1, "=100+100", None, 200)
    sheet.write(2, 2, 34000)
    book.close()
    return path


@case("unicode_rtl")
def unicode_rtl(folder: Path) -> Path:
    """Team names in Arabic, Hebrew, Welsh, with emoji and combining accents."""
    teams = ["فريق الشمال", "צוות דרום", "Tîm Gogledd", "Ｅａｓｔ 🧠", "Cafe\u0301 \u202eRTL\u202c"]
    rows = [
        {"team": team, "cluster": cluster, "service_users": 10, "cluster_days": 1000}
        for team, cluster in zip(teams, (1, 3, 4, 11, 12), strict=True)
    ]
    return write_xlsx(folder / "unicode_rtl.xlsx", {"caseload": table(rows)})


@case("injection_strings")
def injection_strings(folder: Path) -> Path:
    """Text that spreadsheet programs would run as formulas, in a file named like one.

    Team names and an extra column's header begin with ``=``, ``+``, ``-`` and ``@``;
    another header is an HTML script tag; the file name itself is a formula.
    """
    teams = ['=HYPERLINK("http://evil.invalid","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
    rows = [
        {
            "team": team,
            "cluster": cluster,
            "service_users": 10,
            "cluster_days": 1000,
            '=HYPERLINK("http://evil.invalid")': "=1+1",
            "<script>alert(1)</script>": "<b>x</b>",
        }
        for team, cluster in zip(teams, (1, 3, 4, 11), strict=True)
    ]
    return write_xlsx(folder / "=SUM(1+1).xlsx", {"caseload": table(rows)})


@case("xlsm_with_macros")
def xlsm_with_macros(folder: Path) -> Path:
    """An .xlsm carrying a vbaProject.bin (a stub compound file: never run, never read)."""
    stub = folder / "vbaProject.bin"
    stub.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016)
    path = folder / "xlsm_with_macros.xlsm"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("caseload")
    for r, row in enumerate(table(GOOD_CASELOAD)):
        sheet.write_row(r, 0, row)
    book.add_vba_project(str(stub))
    book.close()
    return path


# --- CSV cases ----------------------------------------------------------------------------


def _csv_folder(folder: Path, name: str, data: bytes) -> Path:
    target = folder / name
    target.mkdir(exist_ok=True)
    (target / "caseload.csv").write_bytes(data)
    return target


@case("csv_bom")
def csv_bom(folder: Path) -> Path:
    """Excel's 'CSV UTF-8': a byte-order mark, CRLF line ends, non-ASCII team names."""
    text = "team,cluster,service_users,cluster_days\r\nNörth,1,120,9600\r\nSouth,3,200,34000\r\n"
    return _csv_folder(folder, "csv_bom", b"\xef\xbb\xbf" + text.encode("utf-8"))


@case("csv_semicolon")
def csv_semicolon(folder: Path) -> Path:
    """A continental-locale export: semicolons, quoted fields with commas inside."""
    text = 'team;cluster;service_users;cluster_days\n"North, East";1;120;9600\nSouth;3;200;34000\n'
    return _csv_folder(folder, "csv_semicolon", text.encode("utf-8"))


@case("csv_cp1252")
def csv_cp1252(folder: Path) -> Path:
    """Excel's plain 'CSV' on Windows: Windows-1252 bytes (é, ’, –, £)."""
    text = (
        "team,cluster,service_users,cluster_days\n"
        "Café Team – O’Neil,1,120,9600\nSouth £,3,200,34000\n"
    )
    return _csv_folder(folder, "csv_cp1252", text.encode("cp1252"))


@case("csv_wide")
def csv_wide(folder: Path) -> Path:
    """A first line of 100,000 fields (pandas would make a column for each)."""
    text = ",".join(["x"] * 100_000) + "\ncluster,service_users,cluster_days\n1,120,9600\n"
    return _csv_folder(folder, "csv_wide", text.encode())


@case("csv_1m_rows")
def csv_1m_rows(folder: Path) -> Path:
    """A folder with caseload.csv of 1,048,576 lines: a header and 1,048,575 team rows."""
    target = folder / "csv_1m_rows"
    target.mkdir(exist_ok=True)
    clusters = [c for c in range(22) if c != 9]
    with (target / "caseload.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("team,cluster,service_users,cluster_days,admitted_days\n")
        out.writelines(
            f"T{r % 50},{clusters[r % 21]},{1 + r % 7},{30 + r % 300},{r % 3}\n"
            for r in range(1, EXCEL_ROWS)
        )
    return target


@case("xlsx_1m_rows")
def xlsx_1m_rows(folder: Path) -> Path:
    """A full Excel sheet (1,048,576 rows) written by XlsxWriter in constant_memory mode.

    About 15 MB on disk, 130 MB of sheet XML; XlsxWriter takes half a minute.
    """
    path = folder / "xlsx_1m_rows.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("caseload")
    sheet.write_row(0, 0, HEADER)
    clusters = [c for c in range(22) if c != 9]
    number = sheet.write_number
    for r in range(1, EXCEL_ROWS):
        number(r, 0, clusters[r % 21])
        number(r, 1, 1 + r % 7)
        number(r, 2, 30 + r % 300)
    book.close()
    return path


@case("parquet_row_bomb")
def parquet_row_bomb(folder: Path) -> Path:
    """A caseload Parquet file of 20,000,000 identical rows: about 200 KB on disk."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 20_000_000
    data = pa.table(
        {
            "cluster": pa.array(np.full(rows, 3, dtype=np.int8)),
            "service_users": pa.array(np.ones(rows, dtype=np.int8)),
            "cluster_days": pa.array(np.full(rows, 100, dtype=np.int16)),
        }
    )
    path = folder / "parquet_row_bomb.parquet"
    pq.write_table(data, path, compression="zstd")
    return path


# --- LibreOffice ---------------------------------------------------------------------------


@case("ods_libreoffice")
def ods_libreoffice(folder: Path) -> Path:
    """The good caseload saved as .ods by LibreOffice (skipped if soffice is absent)."""
    return _soffice(folder, "ods", "ods_libreoffice.ods")


@case("xlsx_libreoffice")
def xlsx_libreoffice(folder: Path) -> Path:
    """The good caseload round-tripped through LibreOffice's .xlsx writer."""
    return _soffice(folder, "xlsx", "xlsx_libreoffice.xlsx")


def _soffice(folder: Path, target: str, name: str) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as work:
        source = write_xlsx(Path(work) / "source.xlsx", {"caseload": table(GOOD_CASELOAD)})
        profile = Path(work) / "profile"
        filter_name = "calc8" if target == "ods" else "Calc MS Excel 2007 XML"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                f"{target}:{filter_name}",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        out = folder / name
        shutil.copyfile(Path(work) / f"source.{target}", out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("names", nargs="*", help="cases to build (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    args = parser.parse_args(argv)
    if args.list or args.folder is None:
        print("\n".join(CASES))
        return 0
    unknown = [n for n in args.names if n not in CASES]
    if unknown:
        parser.error(f"unknown cases: {', '.join(unknown)}")
    for name, path in build(args.folder, args.names or None).items():
        print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
