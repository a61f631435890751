"""Mutation round mut20 on the cluster audit's agreement lines
(``excel_counts._write_agreement``, whose saved values left20 took from the audit):
the formulas themselves, the labels beside them, and a grid with no agreement from the
audit (benchmarks/mutation-session20.md). The earlier tests read only the saved values.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import xlsxwriter

from pbrkit.reports.document import Grid
from pbrkit.reports.figures import figure
from pbrkit.reports.render.excel_counts import write_counts
from pbrkit.reports.xlsx import Formats
from test_left20_agreement_from_the_audit import _grid

P_O = "Observed agreement p_o (diagonal ÷ total)"
P_E = "Chance agreement p_e (Σ row total × column total ÷ total²)"
KAPPA = "Cohen's kappa (p_o − p_e) ÷ (1 − p_e)"
# kappa from the two cells above it, blank where p_o is blank or p_e = 1 (0/0).
KAPPA_FORMULA = '=IF(OR($B$7="",$B$8=1),"",($B$7-$B$8)/(1-$B$8))'


def _lines(grid: Grid, path: Path, *, values: bool = False) -> list[list[object]]:
    """Rows 7-9 (1-based) of the sheet, columns A and B: the three agreement lines of a
    2 × 2 grid (title 1, header 2, cells 3-4, total 5, a gap, the lines)."""
    book = xlsxwriter.Workbook(str(path))
    write_counts(book.add_worksheet("Confusion"), Formats(book), grid, 0)
    book.close()
    ws = openpyxl.load_workbook(path, data_only=values)["Confusion"]
    return [[ws.cell(r, 1).value, ws.cell(r, 2).value] for r in (7, 8, 9)]


def test_the_formulas_of_a_two_by_two_grid(tmp_path: Path) -> None:
    # Cells B3 C3 / B4 C4, row totals D3, D4, column totals B5, C5, grand total D5.
    # p_o: the diagonal (1,1) = B3 and (2,2) = C4 over D5; p_e: row 1's total × column
    # 1's + row 2's × column 2's, over D5².
    lines = _lines(_grid(((40, 3), (12, 45)), (0.85, 0.4972, 0.7)), tmp_path / "a.xlsx")
    assert lines == [
        [P_O, '=IF($D$5=0,"",($B$3+$C$4)/$D$5)'],
        [P_E, '=IF($D$5=0,"",($D$3*$B$5+$D$4*$C$5)/$D$5^2)'],
        [KAPPA, KAPPA_FORMULA],
    ]
    # Shown in their registered formats (p_o and p_e percentages, kappa a number).
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Confusion"]
    formats = [figure(k).excel_format for k in ("agreement", "expected_agreement", "kappa")]
    assert formats[0].endswith("%") and not formats[2].endswith("%")
    assert [ws.cell(r, 2).number_format for r in (7, 8, 9)] == formats


def test_a_row_cluster_with_no_column_adds_nothing(tmp_path: Path) -> None:
    # Rows 1 and 9, columns 1 and 2: only row 1 meets its column (B3; D3 × B5).
    grid = dataclasses.replace(_grid(((40, 3), (12, 45)), (0.4, 0.2, 0.25)), row_values=(1, 9))
    assert [line[1] for line in _lines(grid, tmp_path / "b.xlsx")[:2]] == [
        '=IF($D$5=0,"",($B$3)/$D$5)',
        '=IF($D$5=0,"",($D$3*$B$5)/$D$5^2)',
    ]
    # No row meets a column: the sums are 0.
    grid = dataclasses.replace(grid, row_values=(8, 9))
    assert [line[1] for line in _lines(grid, tmp_path / "c.xlsx")[:2]] == [
        '=IF($D$5=0,"",(0)/$D$5)',
        '=IF($D$5=0,"",(0)/$D$5^2)',
    ]


def test_a_grid_without_the_audits_figures_saves_none(tmp_path: Path) -> None:
    # GridCounts.agreement left None: the formulas are written, no value saved.
    grid = _grid(((40, 3), (12, 45)), (0.85, 0.4972, 0.7))
    assert grid.counts is not None
    grid = dataclasses.replace(grid, counts=dataclasses.replace(grid.counts, agreement=None))
    lines = _lines(grid, tmp_path / "d.xlsx")
    assert lines[2] == [KAPPA, KAPPA_FORMULA]
    assert [line[1] for line in _lines(grid, tmp_path / "e.xlsx", values=True)] == [
        None,
        None,
        None,
    ]
