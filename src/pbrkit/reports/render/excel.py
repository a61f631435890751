"""report.xlsx from a document: a workbook a finance team can audit.

Each section is a sheet. Totals and worked-out figures are live formulas with their
values saved (viewers that never recalculate still show them); a headline figure that
is a table's total points at that total, so every number traces back to a row.
Headers are frozen, tables filtered, pages set up for A4 (``reports/xlsx_layout.py``).
A published document (``--publish``) is written with values only: see
:class:`~pbrkit.reports.xlsx.ValuesWorksheet`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from xlsxwriter.utility import xl_col_to_name

from pbrkit.reports.document import (
    DIFFERENCE_DECIMALS,
    Block,
    Chart,
    Comparison,
    Document,
    Findings,
    Grid,
    Headline,
    Notes,
    Pairs,
    Section,
    Table,
    Text,
)
from pbrkit.reports.figures import Figure, Unit, figure, label_of
from pbrkit.reports.formulas import Formula
from pbrkit.reports.render.excel_axes import whole_pound_steps
from pbrkit.reports.render.excel_bars import signed_bars
from pbrkit.reports.render.excel_grid import grid_height, write_grid
from pbrkit.reports.render.excel_sheets import write_banner, write_run_sheet
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import Row
from pbrkit.reports.xlsx import Formats, new_workbook, write_cell
from pbrkit.reports.xlsx import _saved as saved
from pbrkit.reports.xlsx_layout import PROSE_CHARS, PROSE_PIXELS
from pbrkit.reports.xlsx_types import Book, Sheet

#: The least column (0-based) a chart's hidden copy of its values starts right of.
HELPER_COLUMN = 30
#: Rows the banner (title, inputs, reference set, disclosure) takes on the first sheet.
BANNER_ROWS = 5

#: A bar of a surplus (or any figure) above £0, below it, and at exactly £0 (as
#: report.html: reports/charts.py's GAIN, LOSS and NEUTRAL).
GREEN: Final = "#2E7D32"
RED: Final = "#C62828"
NEUTRAL: Final = "#1F4E79"


@dataclass(frozen=True)
class Placed:
    """Where a table lands: sheet, header row, data rows, total row (0-based)."""

    sheet: str
    header: int
    first: int
    last: int
    total: int | None
    letters: Mapping[str, str]


@dataclass
class Plan:
    """Every block's first row, every table's place and every named value's cell."""

    rows: dict[int, int]  # id(block) → first row
    tables: dict[str, Placed]
    names: dict[str, str]


class RowCells:
    """The cells a formula in one row refers to (implements ``formulas.Cells``)."""

    def __init__(self, plan: Plan, letters: Mapping[str, str], row: int) -> None:
        self._plan, self._letters, self._row = plan, letters, row

    def here(self, key: str) -> str:
        return f"{self._letters[key]}{self._row + 1}"

    def column(self, table: str, key: str) -> str:
        p = self._plan.tables[table]
        col = p.letters[key]
        return f"'{p.sheet}'!${col}${p.first + 1}:${col}${p.last + 1}"

    def total(self, table: str, key: str) -> str:
        p = self._plan.tables[table]
        assert p.total is not None, f"table {table} has no total row"
        return f"'{p.sheet}'!${p.letters[key]}${p.total + 1}"

    def named(self, name: str) -> str:
        return self._plan.names[name]


class HeadlineCells(RowCells):
    """The cells a headline figure's formula refers to: the other shown figures' values."""

    def __init__(self, plan: Plan, block: Headline, row: int) -> None:
        super().__init__(plan, {}, row)
        self._rows = {key: row + 2 + i for i, key in enumerate(block.shown)}

    def here(self, key: str) -> str:
        return f"$B${self._rows[key]}"


def sheet_name(section: Section) -> str:
    return section.sheet or section.title


def write(document: Document, path: Path) -> None:
    """Write ``document`` as report.xlsx at ``path``."""
    workbook = new_workbook(path, title=f"pbrkit {document.command} report", meta=document.meta)
    formats = Formats(workbook)
    sections = [s for s in document.sections if s.excel]
    plan = plan_sections(sections)
    for index, section in enumerate(sections):
        ws = workbook.add_worksheet(sheet_name(section))
        if index == 0:
            write_banner(ws, formats, document)
        for block in section.blocks:
            if isinstance(block, Chart) and document.nothing_shown(block):
                continue  # every value hidden: no chart of nothing (as report.html)
            if isinstance(block, Chart):
                _write_chart(workbook, ws, plan, section, block, document.table(block.table))
                continue
            _write_block(workbook, ws, formats, plan, section, block)
    write_run_sheet(workbook.add_worksheet("Run"), formats, document.meta)
    workbook.close()


def plan_sections(sections: list[Section]) -> Plan:
    """Lay every block out before writing, so formulas can point at later sheets."""
    plan = Plan({}, {}, {})
    for index, section in enumerate(sections):
        row = BANNER_ROWS if index == 0 else 0
        for block in section.blocks:
            plan.rows[id(block)] = row
            if isinstance(block, Table) and block.excel:
                plan.tables[block.key] = _place(sheet_name(section), block, row)
            if isinstance(block, Pairs):
                start = row + (1 if block.title else 0)
                for i, name in block.names.items():
                    plan.names[name] = f"'{sheet_name(section)}'!$B${start + i + 1}"
            row += _height(block)
    return plan


def _place(sheet: str, table: Table, row: int) -> Placed:
    header = row + (1 if table.title else 0)
    first = header + 1
    last = first + len(table.rows) - 1
    total = last + 1 if table.total is not None and table.rows else None
    letters = {key: xl_col_to_name(i) for i, key in enumerate(table.columns)}
    return Placed(sheet, header, first, last, total, letters)


def _height(block: Block) -> int:
    """Rows a block takes, the gap after it included."""
    if isinstance(block, Text):
        return 1
    if isinstance(block, Findings):
        return len(block.sentences) + 1
    if isinstance(block, Headline):
        return len(block.shown) + 2 if block.shown else 0
    if isinstance(block, Pairs):
        return (1 if block.title else 0) + len(block.lines) + 1
    if isinstance(block, Notes):
        return (1 if block.title else 0) + 1 + len(block.notes) + 2
    if isinstance(block, Grid):
        return grid_height(block)
    if isinstance(block, Table):
        if not block.excel:
            return 0
        title = 1 if block.title else 0
        if not block.rows:
            return title + 1 + (1 if block.note else 0) + 1
        note = 1 if block.note else 0
        return title + 1 + len(block.rows) + (1 if block.total is not None else 0) + note + 2
    if isinstance(block, Comparison):
        return comparison_height(block)
    return 0  # charts float beside the tables


def _write_block(
    workbook: Book, ws: Sheet, formats: Formats, plan: Plan, section: Section, block: Block
) -> None:
    row = plan.rows[id(block)]
    if isinstance(block, Text):
        style = {"title": formats.title, "warning": formats.warning}.get(block.style)
        text = f"{block.label}: {block.text}" if block.label else block.text
        if block.style == "banner":
            style = formats.warning
        ws.write_string(row, 0, text, style or formats.subtitle)
    elif isinstance(block, Findings):
        _write_sentences(ws, formats, block.sentences, row)
    elif isinstance(block, Headline) and block.shown:
        _write_headline(ws, formats, plan, block, row)
    elif isinstance(block, Pairs):
        _write_pairs(ws, formats, block, row)
    elif isinstance(block, Notes):
        _write_notes(ws, formats, block, row)
    elif isinstance(block, Table) and block.excel:
        _write_table(ws, formats, plan, block, row)
    elif isinstance(block, Comparison):
        write_comparison(ws, formats, block, row)
    elif isinstance(block, Grid):
        write_grid(workbook, ws, formats, block, row)


def _write_sentences(ws: Sheet, formats: Formats, sentences: Sequence[str], row: int) -> None:
    """Each finding wrapped across the headline's two columns (the rows are made tall
    enough as the workbook closes): one unwrapped line as wide as the longest sentence
    would shrink the printed Summary to fit its width."""
    for i, sentence in enumerate(sentences):
        ws.merge_range(row + i, 0, row + i, 1, sentence, formats.wrap)


def _write_headline(ws: Sheet, formats: Formats, plan: Plan, block: Headline, row: int) -> None:
    for col, text in enumerate(("Figure", "Value")):
        ws.write_string(row, col, text, formats.header)
    cells = HeadlineCells(plan, block, row)
    for offset, key in enumerate(block.shown):
        fig, r = figure(key), row + 1 + offset
        ws.write_string(r, 0, fig.header)
        value, fmt = block.values.get(key), formats.get(block.figure_of(key).excel_format)
        formula = block.formulas.get(key)
        if formula is not None:
            ws.write_formula(r, 1, formula.excel(cells), fmt, saved(value))
        else:
            write_cell(ws, r, 1, value, fmt)
        ws.write_comment(r, 0, explain(fig, formula))


def explain(fig: Figure, formula: Formula | None = None) -> str:
    """The cell note on a figure's label: what it is and how it is worked out."""
    formula = formula or fig.formula
    words = formula.words(label_of) if formula is not None else None
    return f"{fig.label}: {fig.meaning}" + (f" (= {words})" if words else "")


def _write_pairs(ws: Sheet, formats: Formats, block: Pairs, row: int) -> None:
    if block.title:
        ws.write_string(row, 0, block.title, formats.title)
        row += 1
    for i, (label, value) in enumerate(block.lines):
        ws.write_string(row + i, 0, label, formats.label)
        unit = block.units.get(i)
        fmt = formats.get(figure(unit).excel_format) if unit else formats.wrap
        write_cell(ws, row + i, 1, value, fmt)


def _write_notes(ws: Sheet, formats: Formats, block: Notes, row: int) -> None:
    if block.title:
        ws.write_string(row, 0, block.title, formats.title)
        row += 1
    for col, key in enumerate(("check", "detail", "rows")):
        ws.write_string(row, col, figure(key).header, formats.header)
    for i, note in enumerate(block.notes):
        ws.write_string(row + 1 + i, 0, note.check)
        ws.write_string(row + 1 + i, 1, note.detail)
        write_cell(ws, row + 1 + i, 2, note.rows, formats.get(figure("rows").excel_format))
    if block.notes:
        ws.autofilter(row, 0, row + len(block.notes), 2)


def _write_table(ws: Sheet, formats: Formats, plan: Plan, table: Table, row: int) -> None:
    placed = plan.tables[table.key]
    if table.title:
        ws.write_string(row, 0, table.title, formats.title)
    columns = [figure(k) for k in table.columns]
    for i, fig in enumerate(columns):
        ws.write_string(placed.header, i, fig.header, formats.header)
        if fig.unit.is_number:
            ws.write_comment(placed.header, i, explain(fig, table.formulas.get(fig.key)))
    if not table.rows:
        if table.empty_note:
            ws.write_string(placed.header + 1, 0, table.empty_note)
        return
    for offset, values in enumerate(table.rows):
        _write_row(ws, formats, plan, table, columns, placed.first + offset, values, bold=False)
    _widen_prose_columns(ws, table, columns)
    if placed.total is not None and table.total is not None:
        _write_row(ws, formats, plan, table, columns, placed.total, table.total, bold=True)
        ws.write_string(placed.total, 0, "Total", formats.get(None, bold=True))
    if table.note:
        end = placed.total if placed.total is not None else placed.last
        ws.write_string(end + 1, 0, table.note, formats.subtitle)
    if table.frozen:
        ws.freeze_panes(placed.header + 1, 0)
        ws.repeat_rows(placed.header)  # printed: the header row on every page
        ws.autofilter(placed.header, 0, placed.last, len(columns) - 1)


def _write_row(
    ws: Sheet,
    formats: Formats,
    plan: Plan,
    table: Table,
    columns: list[Figure],
    row: int,
    values: Row,
    *,
    bold: bool,
) -> None:
    cells = RowCells(plan, plan.tables[table.key].letters, row)
    placed = plan.tables[table.key]
    top = any(_is_prose(values.get(fig.key)) for fig in columns)  # a row with wrapped text
    for i, fig in enumerate(columns):
        shown = table.figure_at(values, fig.key)
        fmt = formats.get(shown.excel_format, bold=bold, top=top, left=shown.unit is Unit.TEXT)
        value = values.get(fig.key)
        if bold and fig.total == "sum" and table.has_total(fig.key):
            col = placed.letters[fig.key]
            rng = f"{col}{placed.first + 1}:{col}{placed.last + 1}"
            ws.write_formula(row, i, f"=SUM({rng})", fmt, saved(value))
            continue
        if bold and not table.has_total(fig.key):
            ws.write_blank(row, i, None, fmt)
            continue
        formula = table.formulas.get(fig.key, fig.formula)
        if formula is not None and set(formula.row_operands) <= set(table.columns):
            ws.write_formula(row, i, formula.excel(cells), fmt, saved(value))
        elif _is_prose(value):  # wrapped: see _widen_prose_columns
            write_cell(ws, row, i, value, formats.wrap)
        else:
            write_cell(ws, row, i, value, fmt)


def _is_prose(value: object) -> bool:
    return isinstance(value, str) and len(value) > PROSE_CHARS


def _widen_prose_columns(ws: Sheet, table: Table, columns: Sequence[Figure]) -> None:
    """A table column holding a text longer than :data:`PROSE_CHARS` (a parameter's
    source) is made :data:`PROSE_PIXELS` wide; its texts wrap in it (rows made tall
    enough as the workbook closes). Left to run over the cells to its right, one such
    text widened the printed page (LibreOffice prints what a cell shows) and shrank every
    figure on the sheet to about a third of its size."""
    for i, fig in enumerate(columns):
        if any(_is_prose(values.get(fig.key)) for values in table.rows):
            ws.set_column_pixels(i, i, PROSE_PIXELS)


def _write_chart(
    workbook: Book, ws: Sheet, plan: Plan, section: Section, chart: Chart, table: Table
) -> None:
    placed = plan.tables[chart.table]
    columns = list(placed.letters)
    category = columns.index(chart.category)
    values = (chart.value,) if isinstance(chart.value, str) else chart.value
    horizontal = chart.kind == "signed_hbars"
    kind = {"lines": "line", "signed_hbars": "bar"}.get(chart.kind, "column")
    excel_chart = workbook.add_chart({"type": kind})
    ranges = _chart_ranges(ws, plan, placed, table, values)
    for key in values:
        series: dict[str, object] = {
            "name": figure(key).header,
            "categories": [placed.sheet, placed.first, category, placed.last, category],
            "values": ranges[key],
        }
        if kind != "line" and figure(key).signed:  # coloured where the sign is news
            points = (row.get(key) for row in table.rows)
            series.update(
                signed_bars(points, GREEN, RED, figure(key).fall_is_good, neutral=NEUTRAL)
            )
        elif kind != "line":  # a count of patients: one neutral colour, as report.html
            series["fill"] = {"color": NEUTRAL}
        excel_chart.add_series(series)
    excel_chart.set_title({"name": chart.title})
    excel_chart.show_blanks_as("gap")  # a hidden figure: no point, not one at 0
    excel_chart.show_hidden_data()  # the hidden copy of _chart_ranges
    steps = whole_pound_steps(row.get(k) for row in table.rows for k in values)
    money = {"name": "£", "num_format": "£#,##0", **steps}
    if figure(values[0]).unit not in (Unit.MONEY, Unit.MONEY_PENCE):  # a count of people
        money = {"name": figure(values[0]).label, "num_format": "#,##0"}
    if horizontal:  # labels at the left edge, clear of the bars of teams that lose money
        excel_chart.set_x_axis(money)
        excel_chart.set_y_axis({"label_position": "low"})
    else:  # labels at the foot of the plot, not on the zero line across negative bars
        excel_chart.set_x_axis({"name": chart.xlabel, "label_position": "low"})
        excel_chart.set_y_axis(money)
    excel_chart.set_legend({"none": True} if len(values) == 1 else {"position": "bottom"})
    rows = placed.last - placed.first + 1
    height = 60 + 28 * rows if horizontal else 380
    excel_chart.set_size({"width": 620 if horizontal else 760, "height": height})
    anchor = chart.anchor or _anchor(plan, section, placed, len(columns))
    ws.insert_chart(anchor, excel_chart)


def _chart_ranges(
    ws: Sheet, plan: Plan, placed: Placed, table: Table, values: Sequence[str]
) -> dict[str, list[str | int]]:
    """The cells each charted figure is read from: its column of the table, unless a
    value in it is hidden (``*``). Excel and LibreOffice plot text as 0, so a hidden
    figure would be drawn as a point or bar at 0, a false figure; then its values are
    copied to hidden columns of this sheet, right of everything on it, with the hidden
    ones left empty (charted as gaps), as the grid sheets do (excel_grid)."""
    columns = list(placed.letters)
    ranges: dict[str, list[str | int]] = {
        k: [placed.sheet, placed.first, columns.index(k), placed.last, columns.index(k)]
        for k in values
    }
    if not any(is_suppressed(row.get(k)) for row in table.rows for k in values):
        return ranges
    # Right of every table on the sheet and of anything written so far; the blocks
    # written after the chart (notes, pairs) are narrower than HELPER_COLUMN.
    widths = [len(p.letters) for p in plan.tables.values() if p.sheet == ws.name]
    start = max([ws.dim_colmax or 0, HELPER_COLUMN, *widths]) + 2
    for j, key in enumerate(values):
        for i, row in enumerate(table.rows):
            value = row.get(key)
            if isinstance(value, int | float) and not is_suppressed(value):
                ws.write_number(placed.first + i, start + j, float(value))
        ranges[key] = [ws.name, placed.first, start + j, placed.last, start + j]
    ws.set_column(start, start + len(values) - 1, None, None, {"hidden": True})
    return ranges


def _anchor(plan: Plan, section: Section, placed: Placed, width: int) -> str:
    """Beside its table on the table's own sheet; else beside the section's headline."""
    if placed.sheet == sheet_name(section):
        return f"{xl_col_to_name(width + 1)}{placed.header + 1}"
    rows = [plan.rows[id(b)] for b in section.blocks if isinstance(b, Headline) and b.shown]
    # Clear of every table on the sheet (the headline's figure/value pair is two wide).
    widths = [len(b.columns) for b in section.blocks if isinstance(b, Table) and b.excel]
    return f"{xl_col_to_name(max([3, *widths]) + 1)}{(rows[0] if rows else 0) + 1}"


def comparison_height(block: Comparison) -> int:
    """Rows a comparison takes: title, header, one per row, note, gap."""
    return (1 if block.title else 0) + 1 + len(block.rows) + (1 if block.note else 0) + 1


def write_comparison(ws: Sheet, formats: Formats, block: Comparison, row: int) -> None:
    """Runs side by side: a label column, a column per run in the figure's format, then
    each later run's difference from the first as a formula (``=ROUND(C5-B5,6)``) with
    its value."""
    if block.title:
        ws.write_string(row, 0, block.title, formats.title)
        row += 1
    runs = len(block.runs)
    headings = ["Figure", *block.runs, *(f"{r} − {block.runs[0]}" for r in block.runs[1:])]
    for col, text in enumerate(headings):
        ws.write_string(row, col, text, formats.header)
    first = xl_col_to_name(1)
    for offset, line in enumerate(block.rows, start=1):
        fig, r = figure(line.figure), row + offset
        fmt, change = formats.get(fig.excel_format), formats.get(fig.change_format)
        ws.write_string(r, 0, line.label)
        ws.write_comment(r, 0, explain(fig))
        for i, value in enumerate(line.values):
            write_cell(ws, r, 1 + i, value, fmt)
        for i in range(1, runs):
            difference = block.difference(line, i)
            col = 1 + runs + i - 1
            if difference is None:
                ws.write_blank(r, col, None, change)
                continue
            later = xl_col_to_name(1 + i)
            places = DIFFERENCE_DECIMALS
            cells = f"{later}{r + 1}-{first}{r + 1}"
            ws.write_formula(r, col, f"=ROUND({cells},{places})", change, saved(difference))
    if block.note:
        ws.write_string(row + len(block.rows) + 1, 0, block.note, formats.subtitle)
    ws.set_column(0, 0, 44)
    ws.set_column(1, len(headings) - 1, 16)
