"""Mutation round mut20 on left20's lower limits (``schema.lowest``, ``_below_lowest``,
``limit_text``): every kind's lower limit in its message, and two defects the
survivors led to (benchmarks/mutation-session20.md).

- A factor (cost_factor, mff: "a number greater than 0") below 0 was told "enter at
  least 0", which is refused too: it now says "at or below the lowest limit, 0" and
  "enter more than 0", as a hurdle margin's -1 does; 0 itself, plain "value out of
  range" before, says the same.
- A number column's lower limit (the uncertainty sheet's low, high and mode: -10¹²)
  was written -1e+12, the form ``limit_text`` exists to avoid: now
  -1,000,000,000,000.
"""

from __future__ import annotations

import pytest

from pbrkit.io.schema import Column, Kind, _describe_bad_number, limit_text, lowest

FACTOR = Column("cost_factor", Kind.FACTOR)
NUMBER = Column("low", Kind.NUMBER)
RATE = Column("growth", Kind.RATE)


def test_each_kinds_lowest() -> None:
    # Counts, money, fractions, factors: 0. A rate: -100 (-10,000%). Any other number:
    # minus its largest, -10¹² (SECURITY.md), or minus its own maximum (here 50).
    assert [lowest(Column("c", kind)) for kind in (Kind.COUNT, Kind.MONEY, Kind.FRACTION)] == [
        0.0,
        0.0,
        0.0,
    ]
    assert lowest(FACTOR) == 0.0
    assert lowest(RATE) == -100.0
    assert lowest(NUMBER) == -1e12
    assert lowest(Column("n", Kind.NUMBER, maximum=50.0)) == -50.0


def test_a_rate_below_its_lowest_names_it() -> None:
    assert _describe_bad_number("-150", RATE) == (
        "value out of range (below the lowest accepted, -100)",
        "enter at least -100: a rate such as 0.05 or 5%",
    )
    assert _describe_bad_number("-99", RATE) != _describe_bad_number("-150", RATE)


def test_a_number_below_its_lowest_is_written_out() -> None:
    assert _describe_bad_number("-2000000000000", NUMBER) == (
        "value out of range (below the lowest accepted, -1,000,000,000,000)",
        "enter at least -1,000,000,000,000: a number",
    )


@pytest.mark.parametrize("cell", ["-5", "-0.5", "0"])
def test_a_factor_at_or_below_0_is_told_to_enter_more_than_0(cell: str) -> None:
    assert _describe_bad_number(cell, FACTOR) == (
        "value out of range (at or below the lowest limit, 0)",
        "enter more than 0: a number greater than 0",
    )


def test_limits_as_a_user_reads_them() -> None:
    # Whole limits from 1 up with thousands commas; -1 and below too; 0 and fractions
    # as they are (to 10 significant digits).
    assert limit_text(1e12) == "1,000,000,000,000"
    assert limit_text(1.0) == "1"
    assert limit_text(-1e12) == "-1,000,000,000,000"
    assert limit_text(-100.0) == "-100"
    assert limit_text(0.0) == "0"
    assert limit_text(0.5) == "0.5"
    assert limit_text(1234.5) == "1,234.5"


def test_a_percentage_where_a_count_belongs_is_called_one() -> None:
    # Outside left20's change but in the function it changed: "5%" in a count column
    # (no percentages there) is read as a percentage and refused as one, not called
    # "not a number".
    assert _describe_bad_number("5%", Column("service_users", Kind.COUNT)) == (
        "a percentage where a number belongs",
        "enter a number of 0 or more (a ratio such as a CV as a number: 80% as 0.8)",
    )
