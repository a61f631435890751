"""A :class:`~pbrkit.reports.document.Grid` in report.xlsx: a parameter × parameter sheet.

The values are written in the cells with the figure's number format (a published
grid's hidden figures as ``*``), the header row and column frozen, the cells shaded by
a colour scale and charted. The scale is centred on 0 for a signed figure (a change,
a gap: white is no change) — red/white/green, or green/white/red when a rise is bad —
and spans the data's range otherwise (Excel's own 3- and 2-colour scales, so the
shading follows the numbers if a user edits them).
"""

from __future__ import annotations

from typing import Final

from pbrkit.reports.document import Grid
from pbrkit.reports.figures import Figure, Unit, figure
from pbrkit.reports.render.excel_axes import whole_pound_steps
from pbrkit.reports.render.excel_bars import signed_bars
from pbrkit.reports.render.excel_counts import counts_height, write_counts
from pbrkit.reports.values import is_number
from pbrkit.reports.xlsx import Formats, write_cell
from pbrkit.reports.xlsx_types import Book, Sheet, XlsxChart

RED: Final = "#F8696B"
WHITE: Final = "#FFFFFF"
GREEN: Final = "#63BE7B"
BLUE: Final = "#5A8AC6"

#: Most lines one chart draws (Excel's limit on a chart's series).
MAX_SERIES: Final = 255


def grid_height(grid: Grid) -> int:
    """Rows a grid takes: title, header, its rows and a gap (the chart floats below)."""
    if grid.counts is not None:
        return counts_height(grid)
    return 2 + len(grid.row_values) + 1


def write_grid(workbook: Book, ws: Sheet, formats: Formats, grid: Grid, row: int) -> None:
    """Write ``grid`` on ``ws`` from ``row``: title, header, cells, scale and chart."""
    if grid.counts is not None:
        write_counts(ws, formats, grid, row)
        return
    fig = figure(grid.figure)
    ws.write_string(row, 0, grid.title, formats.title)
    header, first = row + 1, row + 2
    last, width = first + len(grid.row_values) - 1, len(grid.column_values)
    corner = (
        f"{grid.row_parameter} ↓ / {grid.column_parameter} →"
        if grid.row_parameter
        else grid.column_parameter
    )
    ws.write_string(header, 0, corner, formats.header)
    ws.write_comment(header, 0, f"{fig.label}: {fig.meaning}")
    for j, value in enumerate(grid.column_values):
        write_cell(ws, header, 1 + j, value, formats.header)
    cell_format = formats.get(fig.excel_format)
    for i, (label, values) in enumerate(zip(grid.row_values, grid.cells, strict=True)):
        write_cell(ws, first + i, 0, label, formats.header)
        for j, value in enumerate(values):
            write_cell(ws, first + i, 1 + j, value, cell_format)
    ws.conditional_format(first, 1, last, width, colour_scale(fig, grid))
    ws.freeze_panes(first, 1)
    ws.set_column(0, 0, 28)
    ws.set_column(1, width, 14)
    source = _chart_source(ws, grid, header)
    ws.insert_chart(last + 2, 1, _chart(workbook, ws.name, fig, grid, header, source))


def _chart_source(ws: Sheet, grid: Grid, header: int) -> int:
    """The first column the chart reads its values from.

    The cells themselves, unless one is hidden (``*``): Excel and LibreOffice plot text
    as 0, so a hidden figure would show as a point at £0. Then the values are copied to
    hidden columns beside the grid with the hidden ones left blank, and charted as gaps.
    """
    if all(is_number(v) or v is None for r in grid.cells for v in r):
        return 1
    start = len(grid.column_values) + 2
    for i, values in enumerate(grid.cells):
        for j, value in enumerate(values):
            if is_number(value):
                ws.write_number(header + 1 + i, start + j, float(value))
    ws.set_column(start, start + len(grid.column_values) - 1, None, None, {"hidden": True})
    return start


def colour_scale(fig: Figure, grid: Grid) -> dict[str, object]:
    """The conditional format of the cells: centred on 0 for a signed figure."""
    low, high = (GREEN, RED) if grid.higher_is_worse else (RED, GREEN)
    if not fig.signed:
        return {"type": "2_color_scale", "min_color": WHITE, "max_color": low if
                grid.higher_is_worse else BLUE}  # fmt: skip
    numbers = [abs(float(v)) for r in grid.cells for v in r if is_number(v)]
    half = max(numbers, default=0.0) or 1.0  # symmetric: 0 is white, ± the largest at full
    return {
        "type": "3_color_scale",
        "min_type": "num", "min_value": -half, "min_color": low,
        "mid_type": "num", "mid_value": 0, "mid_color": WHITE,
        "max_type": "num", "max_value": half, "max_color": high,
    }  # fmt: skip


def _chart(
    workbook: Book, sheet: str, fig: Figure, grid: Grid, header: int, source: int
) -> XlsxChart:
    """A line over the first parameter for each value of the second; or, with one
    parameter, a column per value. Values from column ``source`` on (a hidden figure:
    a gap, not a point at 0)."""
    first, last = header + 1, header + len(grid.row_values)
    width = len(grid.column_values)
    if grid.row_parameter is None:
        chart = workbook.add_chart({"type": "column"})
        series: dict[str, object] = {
            "name": fig.header,
            "categories": [sheet, header, 1, header, width],
            "values": [sheet, first, source, first, source + width - 1],
        }
        if fig.signed:
            series.update(signed_bars(grid.cells[0], GREEN, RED, fig.fall_is_good, neutral=BLUE))
        chart.add_series(series)
        chart.set_legend({"none": True})
        xlabel = grid.column_parameter
    else:
        chart = workbook.add_chart({"type": "line"})
        for j in range(min(width, MAX_SERIES)):
            chart.add_series({
                "name": [sheet, header, 1 + j],
                "categories": [sheet, first, 0, last, 0],
                "values": [sheet, first, source + j, last, source + j],
                "marker": {"type": "circle", "size": 4},
            })  # fmt: skip
        chart.set_legend({"position": "bottom"})
        xlabel = grid.row_parameter
    chart.show_blanks_as("gap")
    chart.show_hidden_data()
    chart.set_title({"name": grid.title})
    chart.set_x_axis({"name": xlabel, "label_position": "low"})
    axis: dict[str, object] = {"name": fig.header, "num_format": fig.excel_format or "General"}
    if fig.unit in (Unit.MONEY, Unit.MONEY_PENCE):  # the £1 step of every £ chart (fix6)
        lines = None if grid.row_parameter is None else MAX_SERIES  # the series drawn
        charted = (v for row in grid.cells for v in row[:lines])
        axis.update(whole_pound_steps(charted))
    chart.set_y_axis(axis)
    chart.set_size({"width": 760, "height": 380})
    return chart
