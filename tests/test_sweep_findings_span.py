"""The sweep's findings read a figure that does not move as one value, not a range.

Found in review 6: "the casemix index of the people left from 1.66 to 1.66" when only
the NHS fixed cost share varied (it moves no patient).
"""

from __future__ import annotations

from pbrkit.reports.format import fixed, money_short
from pbrkit.reports.layouts.sweep import _span


def test_a_constant_figure_is_one_value() -> None:
    assert _span("the casemix index", [1.6601, 1.6599], fixed) == (
        "the casemix index is 1.66 at every setting"
    )


def test_a_moving_figure_is_a_range_from_lowest_to_highest() -> None:
    assert _span("the change", [-3_139_704.0, -6_178_025.0], money_short) == (
        "the change runs from -£6.2m to -£3.1m"
    )
