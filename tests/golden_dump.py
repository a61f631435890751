"""Normalised, diff-friendly text dumps of pbrkit's report files, for the golden tests.

``dump_xlsx`` turns report.xlsx into tab-separated lines: first each sheet's layout
(state, frozen panes, autofilter, merged ranges, print setup, charts with their type,
titles and data ranges), then one line per non-empty cell: ``sheet!ref``, the value
as Python ``repr`` (the value Excel shows; for a formula, the value saved with it),
the formula, the number format and the cell's note. ``dump_html`` turns report.html
into its headings, sentences (paragraphs, list items, figure captions, notes, headline
figures) and tables (the heading they sit under, caption, header and body rows as text).

Numbers are written exactly (``repr``), never rounded, so any change in any figure
shows. What is left out, and why:

- SVG chart internals in report.html: matplotlib draws text as glyph paths whose
  coordinates change with the matplotlib and font version, not with pbrkit. The
  number of charts is kept; the Excel charts (titles, series ranges) are kept in full.
- Cell styles other than the number format (fonts, fills, column widths): they are
  presentation, and the figures are what must survive the refactor.

What is rewritten (``Normaliser``), and why:

- the pbrkit version → ``{version}``: it changes with every release;
- the repository's absolute path → ``{repo}`` and the run's output folder → ``{out}``:
  they depend on the checkout and the temporary folder;
- an input's SHA-256 → ``{sha256 of <path>}``, but only when it equals the hash the
  test itself computes of that committed file: the golden then checks that the hash
  is right without changing when an example workbook is re-saved.

The run's timestamp is not rewritten: the golden runs set ``SOURCE_DATE_EPOCH``, which
pbrkit honours (model.generation_time), so the timestamp is fixed and checked.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class Normaliser:
    """Rewrites the parts of an output that legitimately vary (module docstring)."""

    version: str
    repo: Path
    out: Path
    inputs: tuple[Path, ...] = ()
    _swaps: list[tuple[str, str]] = field(default_factory=list, init=False, compare=False)

    def __post_init__(self) -> None:
        for path in self.inputs:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            rel = path.resolve().relative_to(self.repo.resolve()).as_posix()
            self._swaps.append((digest, f"{{sha256 of {rel}}}"))
        # Longest first, so the output folder (inside /tmp) and repo paths never clash.
        paths = [(str(self.out.resolve()), "{out}"), (str(self.repo.resolve()), "{repo}")]
        self._swaps.extend(sorted(paths, key=lambda p: -len(p[0])))

    def text(self, value: str) -> str:
        for old, new in self._swaps:
            value = value.replace(old, new)
        # The version only where it is named as pbrkit's, never a bare "0.1.0" in data.
        return re.sub(
            rf"(pbrkit[ _-]?v?(?:ersion)?[\"':= ]*){re.escape(self.version)}", r"\1{version}", value
        )

    def json(self, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: self.json(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self.json(v) for v in data]
        if isinstance(data, str):
            return self.text(data)
        return data


def dump_json(path: Path, norm: Normaliser) -> str:
    """summary.json with the varying parts rewritten, keys in the order pbrkit wrote them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "pbrkit_version" in data:
        data["pbrkit_version"] = "{version}"
    return json.dumps(norm.json(data), indent=2, ensure_ascii=False) + "\n"


# --- report.xlsx ---------------------------------------------------------------------


def dump_xlsx(path: Path, norm: Normaliser) -> str:
    """Every sheet's layout and every non-empty cell of ``path``, one TSV line each."""
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    charts = _charts_by_sheet(path)
    props = formulas.properties
    lines = [
        _tsv("#workbook", "created", repr(props.created)),
        _tsv("#workbook", "title", repr(props.title)),
        _tsv("#workbook", "sheets", repr(formulas.sheetnames)),
    ]
    for name in formulas.defined_names:
        lines.append(_tsv("#workbook", "name", name, formulas.defined_names[name].attr_text))
    for ws in formulas.worksheets:
        lines += _sheet_layout(ws, charts.get(ws.title, []))
        lines += _cells(ws, values[ws.title], norm.version)
    return "\n".join(norm.text(line) for line in lines) + "\n"


def _tsv(*fields: object) -> str:
    # repr() already escapes tabs and newlines inside values, so a line is one record.
    return "\t".join(str(f) for f in fields)


def _sheet_layout(ws: Worksheet, charts: list[str]) -> list[str]:
    tag = f"#sheet {ws.title}"
    setup, props = ws.page_setup, ws.sheet_properties
    fit = props.pageSetUpPr.fitToPage if props.pageSetUpPr is not None else None
    lines = [
        _tsv(tag, "state", ws.sheet_state),
        _tsv(tag, "dimensions", ws.dimensions),
        _tsv(tag, "freeze_panes", ws.freeze_panes),
        _tsv(tag, "autofilter", ws.auto_filter.ref),
        _tsv(tag, "merged", " ".join(sorted(str(r) for r in ws.merged_cells.ranges))),
        _tsv(
            tag,
            "print",
            f"orientation={setup.orientation} paper={setup.paperSize} "
            f"fitToPage={fit} fitToWidth={setup.fitToWidth} fitToHeight={setup.fitToHeight} "
            f"titles={ws.print_title_rows}|{ws.print_title_cols} area={ws.print_area} "
            f"gridlines={ws.print_options.gridLines}",
        ),
        _tsv(tag, "header_footer", repr(ws.oddHeader.center.text), repr(ws.oddFooter.center.text)),
        _tsv(tag, "charts", len(charts)),
    ]
    lines += [_tsv(tag, "chart", chart) for chart in charts]
    return lines


def _cells(ws: Worksheet, saved: Worksheet, version: str) -> Iterator[str]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and cell.comment is None:
                continue
            ref = f"{ws.title}!{cell.coordinate}"
            is_formula = cell.data_type == "f"
            value = saved[cell.coordinate].value if is_formula else cell.value
            formula = str(cell.value) if is_formula else ""
            if value == version:  # the Run sheet's "pbrkit version" cell
                value = "{version}"
            note = repr(cell.comment.text) if cell.comment is not None else ""
            yield _tsv(ref, repr(value), formula, cell.number_format, note)


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def _charts_by_sheet(path: Path) -> dict[str, list[str]]:
    """Sheet name → its charts, each as "type | title | axis titles | series ranges".

    openpyxl drops charts when it reads a workbook, so they are read from the package:
    workbook.xml → sheet → its drawing → the drawing's charts.
    """
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        book_rels = _rels(z, "xl/workbook.xml")
        found: dict[str, list[str]] = {}
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            sheet_path = book_rels[sheet.attrib[f"{{{_NS['r']}}}id"]]
            drawings = _rels(z, sheet_path).values()
            charts = [
                _describe_chart(ET.fromstring(z.read(chart)))
                for drawing in drawings
                if "/drawings/" in drawing
                for chart in _rels(z, drawing).values()
                if "/charts/" in chart
            ]
            found[sheet.attrib["name"]] = charts
    return found


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → target part path (resolved against ``part``'s folder)."""
    p = PurePosixPath(part)
    rels_name = str(p.parent / "_rels" / f"{p.name}.rels")
    if rels_name not in z.namelist():
        return {}
    out: dict[str, str] = {}
    for rel in ET.fromstring(z.read(rels_name)).iterfind("pr:Relationship", _NS):
        target = PurePosixPath(p.parent, rel.attrib["Target"])
        parts: list[str] = []
        for piece in target.parts:  # resolve "../" by hand: PurePath keeps it
            if piece == "..":
                parts.pop()
            else:
                parts.append(piece)
        out[rel.attrib["Id"]] = "/".join(parts)
    return out


def _describe_chart(chart: ET.Element) -> str:
    plot = chart.find("c:chart/c:plotArea", _NS)
    kinds = [el.tag.split("}")[1] for el in plot or [] if el.tag.endswith("Chart")]
    title = _text(chart.find("c:chart/c:title", _NS))
    axes = [_text(ax.find("c:title", _NS)) for ax in plot or [] if ax.tag.endswith("Ax")]
    series = [
        " ".join(f.text or "" for f in ser.iterfind(".//c:f", _NS))
        for ser in chart.iterfind(".//c:ser", _NS)
    ]
    return " | ".join([",".join(kinds), repr(title), repr(axes), repr(series)])


def _text(el: ET.Element | None) -> str:
    return "" if el is None else "".join(t.text or "" for t in el.iterfind(".//a:t", _NS))


# --- report.html ---------------------------------------------------------------------

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "dt", "dd", "title"}
_SKIP = {"svg", "style", "script"}
_INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "sub", "sup"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class _Table:
    under: str
    caption: str = ""
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


class _ReportParser(HTMLParser):
    """Collects sentences (block text) and tables of a report, skipping SVG and CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sentences: list[list[str]] = []  # [tag, text…], in document order
        self.tables: list[_Table] = []
        self.charts = 0
        # Every open element: (tag, index into sentences if it is a sentence block).
        self._stack: list[tuple[str, int | None]] = []
        self._skip = 0
        self._heading = ""
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_thead = False
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in _SKIP:
            self.charts += tag == "svg"
            self._skip += 1
        if self._skip:
            return
        if tag not in _INLINE:
            self.handle_data(" ")  # a block boundary separates words ("label" "value")
        if tag == "table":
            self.tables.append(_Table(under=self._heading))
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._caption = []
        label = self._block(tag, attr) if self._cell is None else None
        if tag not in _VOID:
            self._stack.append((tag, None if label is None else len(self.sentences)))
        if label is not None:
            self.sentences.append([label])

    @staticmethod
    def _block(tag: str, attr: Mapping[str, str | None]) -> str | None:
        """The label of a block whose text is a sentence, or None."""
        classes = (attr.get("class") or "").split()
        if "data-figure" in attr:
            return f"figure {attr['data-figure']}"
        if attr.get("role") == "note" or "kpi" in classes:
            return f"{tag}.{'.'.join(classes) or 'note'}"
        return tag if tag in _BLOCKS else None

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip -= 1
            return
        if self._skip:
            return
        if tag not in _INLINE:
            self.handle_data(" ")
        if tag == "thead":
            self._in_thead = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_squash(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].rows.append(("H" if self._in_thead else "R", self._row))
            self._row = None
        elif tag == "caption" and self._caption is not None and self.tables:
            self.tables[-1].caption = _squash(self._caption)
            self._caption = None
        self._close(tag)

    def _close(self, tag: str) -> None:
        """Close ``tag`` (and anything left open inside it), finishing its sentence."""
        if tag in _VOID or all(t != tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, index = self._stack.pop()
            if index is not None:
                text = _squash(self.sentences[index][1:])
                self.sentences[index] = [self.sentences[index][0], text]
                if open_tag in ("h1", "h2", "h3", "h4"):
                    self._heading = text
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for buffer in (self._cell, self._caption):
            if buffer is not None:
                buffer.append(data)
        if self._cell is None:
            # Text belongs to every open block (a kpi holds its label and value).
            for _, index in self._stack:
                if index is not None:
                    self.sentences[index].append(data)


def _squash(parts: Iterable[str]) -> str:
    return " ".join("".join(parts).split())


def dump_html(path: Path, norm: Normaliser) -> str:
    """report.html's sentences, then its tables, as plain text lines."""
    parser = _ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    lines = [f"charts (inline SVG): {parser.charts}", "", "== sentences"]
    lines += [f"{label}: {text}" for label, text in (s[:2] for s in parser.sentences) if text]
    for n, table in enumerate(parser.tables, 1):
        lines += ["", f"== table {n} under {table.under!r}"]
        if table.caption:
            lines.append(f"caption: {table.caption}")
        lines += [f"{kind} | " + " | ".join(cells) for kind, cells in table.rows]
    return "\n".join(norm.text(line) for line in lines) + "\n"


def dump_listing(folder: Path) -> str:
    """The names of the files a run wrote (so a file appearing or vanishing shows)."""
    return "".join(f"{p.relative_to(folder).as_posix()}\n" for p in sorted(folder.rglob("*")))
