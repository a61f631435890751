"""money_short never rounds an amount that one more decimal shows exactly: a published
£ total (a multiple of its base) is read in a sentence as the figure the tables give.

The defect (the independent re-check, session 22): `pbrkit cost --publish` on the
example publishes the cross-subsidy as £2,450,000 (true £2,442,734, ± £25,000), and the
sentences said "£2.5m", £57,266 from the truth.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pbrkit.reports.format import money_short

UNITS = {"bn": Decimal(10) ** 9, "m": Decimal(10) ** 6, "k": Decimal(10) ** 3}


def pounds(text: str) -> Decimal:
    """ "-£2.45m" → -2450000 (the amount a reader takes from the short form)."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-").removeprefix("£").replace(",", "")
    for suffix, factor in UNITS.items():
        if body.endswith(suffix):
            return sign * Decimal(body.removesuffix(suffix)) * factor
    return sign * Decimal(body)


def test_the_published_cross_subsidy_reads_as_published() -> None:
    # 2,450,000 / 1e6 = 2.45: exact at two decimals, so not rounded to 2.5.
    assert money_short(2_450_000) == "£2.45m"
    # The true figure, unpublished, keeps the unit's one decimal: 2.442734 -> 2.4.
    assert money_short(2_442_734) == "£2.4m"


@given(st.integers(min_value=100, max_value=99_999), st.booleans())
def test_a_multiple_of_ten_thousand_in_millions_is_given_back_exactly(
    tens: int, negative: bool
) -> None:
    # £1m to £999.99m in steps of £10,000 (a published total's base or coarser):
    # two decimals of a million hold every such amount.
    amount = tens * 10_000 * (-1 if negative else 1)
    assert pounds(money_short(amount)) == amount


@given(st.integers(min_value=10, max_value=999), st.booleans())
def test_a_multiple_of_five_hundred_in_thousands_is_given_back_exactly(
    halves: int, negative: bool
) -> None:
    # £10,000 to £999,500 in steps of £500: one decimal of a thousand holds each.
    amount = halves * 1_000 + (500 if halves % 2 else 0)
    amount *= -1 if negative else 1
    assert pounds(money_short(amount)) == amount


@given(st.floats(min_value=1e4, max_value=9.9e11, allow_nan=False))
def test_never_more_than_half_its_last_shown_place_off(amount: float) -> None:
    # Whatever the amount, the short form is within half of its last shown place.
    text = money_short(amount)
    body = text.removeprefix("£").replace(",", "")
    unit = next((u for s, u in UNITS.items() if body.endswith(s)), Decimal(1))
    decimals = len(body.rstrip("bnmk").partition(".")[2])
    place = unit / 10**decimals
    assert abs(Decimal(repr(amount)) - pounds(text)) <= place / 2 * Decimal("1.000001")
