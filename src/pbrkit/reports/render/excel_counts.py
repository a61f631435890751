"""A grid of counts (:class:`~pbrkit.reports.document.GridCounts`) in report.xlsx.

A confusion matrix: the counts with row and column totals as ``SUM`` formulas (values
saved), shaded white to blue. A square grid of exact counts is followed by its
observed agreement, chance agreement and Cohen's kappa as formulas over the cells
(Cohen 1960; docs/methodology.md §5.3), so a reader can check them in Excel. A
published grid is written with values only (its rounded cells need not add up to its
published margins, and the agreement figures are the published ones elsewhere).
"""

from __future__ import annotations

from pbrkit.reports.document import Grid
from pbrkit.reports.figures import figure
from pbrkit.reports.xlsx import Formats, cell, write_cell
from pbrkit.reports.xlsx import _saved as saved
from pbrkit.reports.xlsx_types import Sheet

#: The agreement figures written under an exact square grid: their words (any square
#: grid's, so not a registered label) and the figure whose format they take.
AGREEMENT = (
    ("Observed agreement p_o (diagonal ÷ total)", "agreement"),
    ("Chance agreement p_e (Σ row total × column total ÷ total²)", "expected_agreement"),
    ("Cohen's kappa (p_o − p_e) ÷ (1 − p_e)", "kappa"),
)


def _exact(grid: Grid) -> bool:
    """True for a grid of exact counts (published grids carry their own margins)."""
    return grid.counts is not None and grid.counts.grand_total is None


def counts_height(grid: Grid) -> int:
    """Title, header, rows, total row, the agreement lines when exact, and a gap."""
    return 2 + len(grid.row_values) + 1 + (1 + len(AGREEMENT) if _exact(grid) else 0) + 1


def write_counts(ws: Sheet, formats: Formats, grid: Grid, row: int) -> None:
    """Write the grid of counts from ``row``: title, header, cells, margins, agreement."""
    fig = figure(grid.figure)
    ws.write_string(row, 0, grid.title, formats.title)
    header, first, k = row + 1, row + 2, len(grid.column_values)
    total_row = first + len(grid.row_values)
    ws.write_string(header, 0, f"{grid.row_parameter} ↓  {grid.column_parameter} →",
                    formats.header)  # fmt: skip
    ws.write_comment(header, 0, f"{fig.label}: {fig.meaning}")
    for j, label in enumerate(grid.column_values):
        write_cell(ws, header, 1 + j, label, formats.header)
    ws.write_string(header, 1 + k, "Total", formats.header)
    count, bold = formats.get(fig.excel_format), formats.get(fig.excel_format, bold=True)
    for i, (label, values) in enumerate(zip(grid.row_values, grid.cells, strict=True)):
        write_cell(ws, first + i, 0, label, formats.get(None, bold=False))
        for j, value in enumerate(values):
            write_cell(ws, first + i, 1 + j, value, count)
        span = f"{cell(first + i, 1, absolute=False)}:{cell(first + i, k, absolute=False)}"
        ws.write_formula(first + i, 1 + k, f"=SUM({span})", bold, saved(grid.row_totals()[i]))
    ws.write_string(total_row, 0, "Total", formats.get(None, bold=True))
    margins = (*grid.column_totals(), grid.grand_total())
    for j, value in enumerate(margins):
        span = f"{cell(first, 1 + j, absolute=False)}:{cell(total_row - 1, 1 + j, absolute=False)}"
        ws.write_formula(total_row, 1 + j, f"=SUM({span})", bold, saved(value))
    if grid.row_values and k:
        ws.conditional_format(first, 1, total_row - 1, k, {
            "type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#2F6FAD"})  # fmt: skip
    ws.freeze_panes(first, 1)
    ws.repeat_rows(header)  # printed: the clinicians' clusters on every page
    if _exact(grid):
        _write_agreement(ws, formats, grid, first, total_row + 2)


def _write_agreement(ws: Sheet, formats: Formats, grid: Grid, first: int, row: int) -> None:
    """p_o, p_e and kappa as formulas over the cells, with the audit's values saved
    (:attr:`GridCounts.agreement`: one implementation of kappa, pbrkit.audit's)."""
    k, n = len(grid.column_values), len(grid.row_values)
    total_row, grand = first + n, cell(first + n, 1 + k)
    where = {label: j for j, label in enumerate(grid.column_values)}
    pairs = [(i, where[r]) for i, r in enumerate(grid.row_values) if r in where]
    diagonal = "+".join(cell(first + i, 1 + j) for i, j in pairs) or "0"
    products = "+".join(f"{cell(first + i, 1 + k)}*{cell(total_row, 1 + where[r])}"
                        for i, r in enumerate(grid.row_values) if r in where) or "0"  # fmt: skip
    said = grid.counts.agreement if grid.counts is not None else None
    po, pe, kappa = said if said is not None else (None, None, None)
    po_cell, pe_cell = cell(row, 1), cell(row + 1, 1)
    lines = (
        (f'=IF({grand}=0,"",({diagonal})/{grand})', po),
        (f'=IF({grand}=0,"",({products})/{grand}^2)', pe),
        (f'=IF(OR({po_cell}="",{pe_cell}=1),"",({po_cell}-{pe_cell})/(1-{pe_cell}))', kappa),
    )
    for offset, ((words, key), (formula, value)) in enumerate(zip(AGREEMENT, lines, strict=True)):
        ws.write_string(row + offset, 0, words)
        number_format = formats.get(figure(key).excel_format)
        ws.write_formula(row + offset, 1, formula, number_format, saved(value))
