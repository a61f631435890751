"""A whole cluster's bounds in ``tender --publish`` with the admitted part taken in, as
``pbrkit cost`` has them (docs/methodology.md §7, "Less what the reader already knows"):
tender/bounds.with_admitted, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbrkit.model import (
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_INCOME,
    KNOWN_SURPLUS,
    MOST_COST_A_PERSON,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_INCOME_A_PERSON,
)
from pbrkit.tender.bounds import with_admitted

TARIFF = pd.DataFrame(
    {"price": [10.0, 5000.0], "unit": ["per_day", "per_year"],
     "admitted_day_price": [300.0, float("nan")]},
    index=pd.Index([4, 11], name="cluster"),
)  # fmt: skip


def _bounds() -> pd.DataFrame:
    # The day's bounds cluster_bounds gives: 366 × £10 = 3,660 and 366 × 5,000 ÷ 365 =
    # 5,013.70; k = £5 (366 × 5 = 1,830) and an actual cost (no bound) in cluster 11.
    return pd.DataFrame({MOST_INCOME_A_PERSON: [3660.0, 5013.698630137],
                         MOST_COST_A_PERSON: [1830.0, math.inf]},
                        index=pd.Index([4, 11], name="cluster"))  # fmt: skip


def test_the_whole_cluster_bounds_worked_by_hand() -> None:
    admitted = pd.Series({4: 100.0, 11: 20.0})
    out = with_admitted(_bounds(), admitted, TARIFF, bed_day=400.0)
    # Cluster 4: income at most 3,660 + 366 × 300 = 113,460 a person; K = 300 × 100 =
    # 30,000; the rest at most the day's 3,660. Cost k × D + (b − k) × A: at most 366 ×
    # max(5, 400) = 146,400; K = (400 − 5) × 100 = 39,500; the rest at most 1,830.
    # Surplus K = 30,000 − 39,500 = −9,500; deficit K = 39,500 − 30,000 = 9,500.
    four = out.loc[4]
    assert four[MOST_INCOME_A_PERSON] == pytest.approx(113_460.0)
    assert four[MOST_DAY_INCOME_A_PERSON] == pytest.approx(3660.0)
    assert four[KNOWN_INCOME] == pytest.approx(30_000.0)
    assert four[MOST_COST_A_PERSON] == pytest.approx(146_400.0)
    assert four[MOST_DAY_COST_A_PERSON] == pytest.approx(1830.0)
    assert four[KNOWN_COST] == pytest.approx(39_500.0)
    assert four[KNOWN_SURPLUS] == pytest.approx(-9_500.0)
    assert four[KNOWN_DEFICIT] == pytest.approx(9_500.0)
    # Cluster 11: no admitted-day price (K = 0, the bound as it was); an actual cost
    # keeps no bound and no K.
    eleven = out.loc[11]
    assert eleven[MOST_INCOME_A_PERSON] == pytest.approx(5013.698630137)
    assert eleven[KNOWN_INCOME] == 0.0
    assert eleven[MOST_COST_A_PERSON] == math.inf and eleven[KNOWN_COST] == 0.0


def test_a_deflated_admitted_part() -> None:
    # d = 0.5 (the day's bound already deflated, as deflated() leaves it: 1,830): the
    # admitted part is × 0.5 too, 1,830 + 366 × 300 × 0.5 = 56,730; K = 0.5 × 30,000.
    bounds = _bounds().assign(**{MOST_INCOME_A_PERSON: [1830.0, 2506.849315068]})
    out = with_admitted(bounds, pd.Series({4: 100.0}), TARIFF, bed_day=None, deflator=0.5)
    assert out.loc[4, MOST_INCOME_A_PERSON] == pytest.approx(56_730.0)
    assert out.loc[4, KNOWN_INCOME] == pytest.approx(15_000.0)
    # No bed-day cost known: the cost keeps the day's bound and no K.
    assert out.loc[4, MOST_COST_A_PERSON] == pytest.approx(1830.0)
    assert out.loc[4, KNOWN_COST] == 0.0
