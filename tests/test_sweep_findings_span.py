"""The sweep's findings read a figure that does not move as one value, not a range.

Found in review 6: "the casemix index of the people left from 1.66 to 1.66" when only
the NHS fixed cost share varied (it moves no patient).
"""

from __future__ import annotations

from pbrkit.reports.format import fixed, money_short
from pbrkit.reports.layouts.sweep import _range, _span


def test_a_constant_figure_is_one_value() -> None:
    assert _span("the casemix index", [1.6601, 1.6599], fixed) == (
        "the casemix index is 1.66 at every setting"
    )


def test_a_moving_figure_is_a_range_from_lowest_to_highest() -> None:
    assert _span("the change", [-3_139_704.0, -6_178_025.0], money_short) == (
        "the change runs from -£6.2m to -£3.1m"
    )


def test_public_spending_reads_one_value_when_it_does_not_move() -> None:
    # £2,961,234 and £3,038,766 both show as £3.0m: one value, not "between £3.0m and £3.0m".
    assert _range([2_961_234.0, 3_038_766.0], money_short, "by {} at every setting",
                  "by between {} and {}") == "by £3.0m at every setting"  # fmt: skip
    # £2,960,000 and £3,040,000 are shown as they are (one more decimal): they differ.
    assert _range([2_960_000.0, 3_040_000.0], money_short, "by {} at every setting",
                  "by between {} and {}") == "by between £2.96m and £3.04m"  # fmt: skip
    assert _range([-65_000.0, 3_038_766.0], money_short, "by {} at every setting",
                  "by between {} and {}") == "by between -£65k and £3.0m"  # fmt: skip
