"""The fill of report.xlsx's bars for a signed figure: red for bad news (below £0, or
above it for a figure whose fall is good news), neutral at exactly £0, green otherwise.

One rule for every bar chart the workbook draws (render/excel.py's table charts and
render/excel_grid.py's one-parameter sweep grids). Each bar gets its own fill, as
report.html colours its bars: Excel's "invert if negative" colour is an Excel 2010
extension that LibreOffice ignores, so there every deficit was drawn green (rev7a).
"""

from __future__ import annotations

from collections.abc import Iterable

from pbrkit.reports.figures import Tone, sign_tone
from pbrkit.reports.values import is_number


def signed_bars(
    values: Iterable[object],
    good: str,
    bad: str,
    fall_is_good: bool = False,
    *,
    neutral: str,
) -> dict[str, object]:
    """XlsxWriter series options: ``bad`` for each bar below 0 (above it when
    ``fall_is_good``), ``neutral`` for a bar of exactly 0 (no news), else ``good`` (a
    hidden or missing value is a gap, coloured ``good`` and never drawn)."""
    colour = {Tone.GAIN: good, Tone.LOSS: bad, Tone.NEUTRAL: neutral}
    points = [
        {"fill": {"color": colour[sign_tone(value, fall_is_good)] if is_number(value) else good}}
        for value in values
    ]
    return {"fill": {"color": good}, "points": points}
