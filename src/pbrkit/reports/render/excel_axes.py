"""The £ axis of report.xlsx's native charts: whole-pound steps when the values are small.

One rule for every chart the workbook draws (render/excel.py's table charts and
render/excel_grid.py's sweep grids), so none draws £0, £0, £0, £1, £1, £1 (fix6).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final

#: A £ axis whose values span less than this gets steps of £1 (see whole_pound_steps).
SMALL_SPAN: Final = 5.0


def whole_pound_steps(values: Iterable[object]) -> dict[str, int]:
    """A step of £1 for a £ axis whose values (and 0) span under £5, else Excel's own
    step on an axis that reaches 0.

    Excel draws bars that are all £0 (a small trust under --publish) on 0 to 1 in
    steps of 0.2, labelled "£#,##0" as £0, £0, £0, £1, £1, £1 (review3 found the
    matplotlib charts' twin, in pennies); with a span of £5 or more its step is £1 or
    more. Hidden values (``*``) and missing ones are left out, as the chart leaves them
    out.
    """
    shown = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    low, high = min([0.0, *shown]), max([0.0, *shown])
    if high - low >= SMALL_SPAN:
        # 0 always on the axis: left to itself Excel starts an axis whose values are
        # close together near the lowest (a line chart from £700k drew a £50k rounding
        # step as a crash, fix9); bars are then drawn from 0 too.
        return {"min": 0} if low == 0 else {"max": 0} if high == 0 else {}
    bottom = math.floor(low)
    return {"min": bottom, "max": max(math.ceil(high), bottom + 1), "major_unit": 1}
