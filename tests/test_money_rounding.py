"""£ totals under ``--publish``: rounded to five times the run's largest price.

docs/methodology.md §7, "£ figures": a total is a count times a price, so an exact
total over a public price gives the unrounded count back. Each case is worked by hand.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.pricing import tariff_rates
from pbrkit.reports.suppression import NHSD_HES_2018, nice_ceiling

P = NHSD_HES_2018


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40_150, 50_000),  # 5 × £8,030: between 2 × 10^4 and 5 × 10^4
        (50_000, 50_000),  # already round
        (50_001, 100_000),  # just above 5 × 10^4: the next step is 10^5
        (5 * 1.0000000000000002, 10),  # a hair above 5 is above 5 (found by hypothesis)
        (1_785, 2_000),  # 5 × £357
        (10_000, 10_000),  # a power of ten
        (2, 2),
        (0.3, 0.5),
    ],
)
def test_nice_ceiling_by_hand(value: float, expected: float) -> None:
    assert nice_ceiling(value) == pytest.approx(expected)


@given(st.floats(min_value=1e-3, max_value=1e12))
def test_nice_ceiling_is_the_smallest_round_sum_not_below(value: float) -> None:
    base = nice_ceiling(value)
    assert base >= value * (1 - 1e-9)
    assert base < 2.5 * value  # 1 → 2 → 5 → 10: no step more than 2.5 times the last
    mantissa = base / 10 ** math.floor(math.log10(base) + 1e-12)
    assert round(mantissa, 9) in (1, 2, 5)


def test_for_rates_takes_the_largest_price_times_the_rounding_base() -> None:
    # 5 × £8,030 = £40,150 → £50,000; NaN (no price) and the smaller prices are ignored.
    policy = P.for_rates([357.0, float("nan"), 8_030.0, 12.0])
    assert policy.largest_rate == 8_030.0
    assert policy.money_base == 50_000
    assert P.money_base == 0  # the preset itself is unchanged
    assert P.for_rates([]) is P  # no price: money is not rounded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (350_574.0, 350_000.0),  # cluster 1's income: 7.01 steps → 7
        (374_999.0, 350_000.0),  # 7.49998 steps → 7
        (375_000.0, 400_000.0),  # 7.5 steps: halves away from zero → 8
        (-375_000.0, -400_000.0),  # and below zero too
        (-24_999.0, 0.0),  # under half a step: 0, never −0
        (float("nan"), float("nan")),
    ],
)
def test_round_money_by_hand(value: float, expected: float) -> None:
    got = P.for_rates([8_030.0]).round_money(value)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected
        assert math.copysign(1.0, got) == math.copysign(1.0, expected) or got == 0.0
        assert str(got) != "-0.0"


def test_money_is_not_rounded_without_a_base() -> None:
    assert P.round_money(350_574.0) == 350_574.0


@given(st.floats(min_value=-1e9, max_value=1e9), st.floats(min_value=1, max_value=1e5))
def test_a_rounded_total_over_any_price_is_not_one_persons_precision(
    total: float, largest: float
) -> None:
    """Within half a base of the true total; a multiple of the base, so over the
    largest price it is a multiple of 5 (the counts' own rounding) or coarser."""
    policy = P.for_rates([largest])
    rounded = policy.round_money(total)
    assert abs(rounded - total) <= policy.money_base / 2 * (1 + 1e-12)
    steps = rounded / policy.money_base
    assert steps == pytest.approx(round(steps))
    assert policy.money_base >= 5 * largest


def test_tariff_rates_are_every_price_as_paid() -> None:
    # Prices × the market-forces factor 1.1; the admitted-day price too; NaN left out.
    tariff = pd.DataFrame(
        {"price": [357.0, 8.0, float("nan")], "admitted_day_price": [330.0, 360.0, 350.0]},
        index=[1, 0, 99],
    )
    assert sorted(tariff_rates(tariff, 1.1)) == pytest.approx(
        sorted([392.7, 8.8, 363.0, 396.0, 385.0])
    )
    assert len(tariff_rates(tariff[["price"]])) == 2
