"""The fill of report.xlsx's bars for a signed figure: red below £0, green otherwise.

One rule for every bar chart the workbook draws (render/excel.py's table charts and
render/excel_grid.py's one-parameter sweep grids). Each bar gets its own fill, as
report.html colours its bars: Excel's "invert if negative" colour is an Excel 2010
extension that LibreOffice ignores, so there every deficit was drawn green (rev7a).
"""

from __future__ import annotations

from collections.abc import Iterable

from pbrkit.reports.values import is_number


def signed_bars(values: Iterable[object], positive: str, negative: str) -> dict[str, object]:
    """XlsxWriter series options: ``negative`` for each bar below 0, else ``positive``
    (a hidden or missing value is a gap, coloured ``positive`` and never drawn)."""
    points = [
        {"fill": {"color": negative if is_number(value) and value < 0 else positive}}
        for value in values
    ]
    return {"fill": {"color": positive}, "points": points}
