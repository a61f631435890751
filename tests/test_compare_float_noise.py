"""A comparison shows no difference where two runs differ only by floating-point noise.

Found in the last stop's re-read: the same figure worked out by two runs as
-5,236.099999999996 and -5,236.099999999995 (their sums added in another order) left a
difference of about -1e-12, which report.xlsx showed as "-£0": Excel's number formats
have no tolerance, and the cell was a bare ``=C5-B5``. The difference is now rounded to
six places, in the document and in the Excel formula.
"""

from __future__ import annotations

import math

from pbrkit.reports.document import DIFFERENCE_DECIMALS, Comparison, ComparisonRow


def _comparison(*values: float) -> tuple[Comparison, ComparisonRow]:
    row = ComparisonRow("nhs_surplus_change", "Change in NHS surplus", values)
    return Comparison("runs", None, tuple(f"run {i}" for i in range(len(values))), (row,)), row


def test_noise_in_the_last_digits_is_no_difference() -> None:
    block, row = _comparison(-5_236.099999999996, -5_236.099999999995)
    assert DIFFERENCE_DECIMALS == 6
    difference = block.difference(row, 1)
    # Rounded, -1e-12 is -0.0: it must be a plain 0 (a signed zero can show as "-£0").
    assert difference == 0.0 and math.copysign(1.0, difference) == 1.0


def test_a_real_difference_is_kept_to_six_places() -> None:
    # £15,000.004 − £10,000 = £5,000.004: kept (a report shows pounds, or pence).
    block, row = _comparison(10_000.0, 15_000.004, 9_999.5)
    assert block.difference(row, 1) == 5_000.004
    assert block.difference(row, 2) == -0.5
