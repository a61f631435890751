"""A sweep grid's £ chart gets the £1 step when every value spans under £5 (fix7, item 7).

fix6 gave report.xlsx's £ charts a step of £1 when their bars (and 0) span under £5
(render/excel.py's whole-pound steps): Excel's own axis for bars of £0 runs 0 to 1 in
steps of 0.2, labelled "£#,##0" as £0, £0, £0, £1, £1, £1. The sweep's grid charts
(render/excel_grid.py) did not get it. They now take the same rule, not a copy of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from pbrkit.reports.document import Grid
from pbrkit.reports.render.excel_grid import write_grid
from pbrkit.reports.xlsx import Formats


def _y_axis(tmp_path: Path, figure: str, cells: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    book = xlsxwriter.Workbook(str(tmp_path / "g.xlsx"))
    ws = book.add_worksheet("grid")
    row_parameter = "bidders.*.info_quality" if len(cells) > 1 else None
    grid = Grid(figure, "A grid", row_parameter, tuple(range(len(cells))),
                "nhs.fixed_cost_share", tuple(range(len(cells[0]))), cells)  # fmt: skip
    write_grid(book, ws, Formats(book), grid, 0)
    chart = ws.charts[0][2]
    axis: dict[str, Any] = chart.y_axis
    book.close()
    return axis


def _steps(axis: dict[str, Any]) -> tuple[Any, Any, Any]:
    return axis.get("min"), axis.get("max"), axis.get("major_unit")


def test_a_small_money_grid_steps_by_one_pound(tmp_path: Path) -> None:
    # -£0.3 to £0.4 (and 0): floor(-0.3) = -1 to ceil(0.4) = 1, in steps of £1.
    axis = _y_axis(tmp_path, "public_spending_change", ((0.0, 0.4, -0.3),))
    assert _steps(axis) == (-1, 1, 1)


def test_all_zero_two_parameter_grid(tmp_path: Path) -> None:
    # Every value £0 (one hidden, "*", left out as the chart leaves it): 0 to 0 + 1.
    axis = _y_axis(tmp_path, "nhs_surplus_change", ((0.0, "*"), (0.0, 0.0)))
    assert _steps(axis) == (0, 1, 1)


def test_a_grid_of_ordinary_sums_keeps_excels_own_steps(tmp_path: Path) -> None:
    # -£60,000 to £3.0m: a span far over £5, so Excel chooses.
    axis = _y_axis(tmp_path, "public_spending_change", ((-60_000.0, 3_000_000.0),))
    assert _steps(axis) == (None, None, None)


def test_a_count_of_people_is_no_money_axis(tmp_path: Path) -> None:
    axis = _y_axis(tmp_path, "taken_patients", ((0.0, 2.0),))
    assert _steps(axis) == (None, None, None)
