"""The workbook's agreement lines save the audit's p_o, p_e and kappa, not its own.

Left by the previous reviews: ``excel_counts._write_agreement`` worked p_o, p_e and
kappa out again from the grid's cells to save beside its formulas: a second
implementation of Cohen's kappa (docs/methodology.md §5.3) that could drift from the
audit's (pbrkit.audit.agreement), and whose float sums are not the audit's (its p_e a
Python sum of products, the audit's a numpy dot product). The grid now carries the
audit's figures (``GridCounts.agreement``) and the writer saves those; the formulas
stay, so Excel still works them out from the cells.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import xlsxwriter

from pbrkit.audit import agreement
from pbrkit.reports.document import Grid, GridCounts
from pbrkit.reports.render.excel_counts import write_counts
from pbrkit.reports.xlsx import Formats


def _saved(grid: Grid, path: Path) -> list[object]:
    """The values saved beside the three agreement formulas (below the grid)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Confusion")
    write_counts(sheet, Formats(book), grid, 0)
    book.close()
    ws = openpyxl.load_workbook(path, data_only=True)["Confusion"]
    # 0-based: title 0, header 1, rows from 2, the total, a gap, then the lines; 1-based + 1.
    first = 2 + len(grid.row_values) + 2 + 1
    return [ws.cell(first + i, 2).value for i in range(3)]


def _grid(cells: tuple[tuple[int, ...], ...], said: tuple[float, float, float]) -> Grid:
    labels = tuple(range(1, len(cells) + 1))
    counts = GridCounts("confusion", "confusion_row", "confusion_column",
                        "clinician_cluster_patients", "patients", "audited",
                        diagonal_total="agreeing", agreement=said)  # fmt: skip
    return Grid("confusion_patients", "t", "Clinician", labels, "Suggested", labels, cells,
                counts=counts)  # fmt: skip


def test_the_saved_values_are_the_audits(tmp_path: Path) -> None:
    # Cells 40 3 / 12 45 (n = 100). Hand-worked: p_o = (40 + 45) / 100 = 0.85; row
    # totals 43, 57, column totals 52, 48: p_e = (43 × 52 + 57 × 48) / 100² = (2,236 +
    # 2,736) / 10,000 = 0.4972; kappa = (0.85 − 0.4972) / (1 − 0.4972) = 0.3528 / 0.5028
    # = 0.70167... The audit gives these; the grid carries them and they are saved.
    audit = agreement([1] * 43 + [2] * 57, [1] * 40 + [2] * 3 + [1] * 12 + [2] * 45)
    assert audit.agreement == 0.85
    assert math.isclose(audit.expected, 0.4972, rel_tol=1e-15)
    assert math.isclose(audit.kappa, 0.3528 / 0.5028, rel_tol=1e-12)
    said = (audit.agreement, audit.expected, audit.kappa)
    assert _saved(_grid(((40, 3), (12, 45)), said), tmp_path / "a.xlsx") == list(said)


def test_the_writer_does_not_work_them_out_again(tmp_path: Path) -> None:
    # Figures that are not the cells' (0.5, 0.25, 1/3): saved as given, so the values
    # come from the audit, never from a second sum over the cells.
    said = (0.5, 0.25, 1 / 3)
    assert _saved(_grid(((40, 3), (12, 45)), said), tmp_path / "b.xlsx") == list(said)


def test_a_kappa_that_does_not_exist_is_saved_blank(tmp_path: Path) -> None:
    # Everyone in one cluster on both sides: p_o = p_e = 1, kappa is 0/0 (NaN in the
    # audit), saved as an empty value as the formula's "" gives.
    audit = agreement([1] * 10, [1] * 10)
    assert math.isnan(audit.kappa)
    said = (audit.agreement, audit.expected, audit.kappa)
    saved = _saved(_grid(((10,),), said), tmp_path / "c.xlsx")
    assert saved[:2] == [1.0, 1.0]
    assert saved[2] in (None, "")
