"""--publish hides an index, ratio or share worked out from rounded £ totals when the
rounding alone could move it over more than 0.1 (methodology §7, "£ figures").

Hand-worked with the £50,000 base (each rounded total ± £25,000):
- margin = surplus ÷ income, published £50,000 ÷ £700,000 = 7.1%; its corners
  25,000 ÷ 725,000 = 3.4% and 75,000 ÷ 675,000 = 11.1%: a spread of 7.7 points, shown;
- cost ÷ income, £650,000 ÷ £700,000 = 0.93; corners 625/725 = 0.862 and 675/675 =
  1.000: a spread of 0.138, hidden;
- margin £100,000 ÷ £350,000 = 28.6%; corners 75/375 = 20% and 125/325 = 38.5%: 18.5
  points, hidden.
"""

from __future__ import annotations

import pytest

from pbrkit.reports.formulas import Ratio
from pbrkit.reports.publishing import ROUNDING_SPREAD, _rounding_spread

HALF = {"surplus": 25_000.0, "income": 25_000.0, "cost": 25_000.0}


@pytest.mark.parametrize(
    ("numerator", "row", "hidden"),
    [
        ("surplus", {"surplus": 50_000.0, "income": 700_000.0}, False),
        ("cost", {"cost": 650_000.0, "income": 700_000.0}, True),
        ("surplus", {"surplus": 100_000.0, "income": 350_000.0}, True),
        # A denominator that could be £0 (published £0 ± £25,000): no ratio at all.
        ("surplus", {"surplus": 50_000.0, "income": 0.0}, True),
    ],
)
def test_corners_by_hand(numerator: str, row: dict[str, float], hidden: bool) -> None:
    assert ROUNDING_SPREAD == 0.1
    assert _rounding_spread(Ratio(numerator, "income"), row, HALF) is hidden


def test_operands_that_are_not_rounded_totals_are_left_alone() -> None:
    # Counts, prices and means are not widened here (no half-base for them).
    ratio = Ratio("surplus", "income")
    assert not _rounding_spread(ratio, {"surplus": 1.0, "income": 3.0}, {})
