"""``pricing.day_price`` worked by hand at a review period of 0 days, against the
survivors of mutation-testing it (benchmarks/mutation-session22.md): a reference set's
review days are "a number of 0 or more", and P ÷ the review days is worked out for
every row before the unit picks one, so a 0 must neither change a per-day price nor
spill numpy's division warnings on the user's terminal."""

from __future__ import annotations

import warnings

import numpy as np

from pbrkit.pricing import day_price


def test_a_review_period_of_0_days_leaves_a_per_day_price_and_warns_nothing() -> None:
    # Per day (unit 0) the price of a day is P whatever the review period: £10 and £0.
    # P ÷ 0 is still worked out for both rows (10 ÷ 0: a division by zero; 0 ÷ 0: an
    # invalid value), and not kept; neither may warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = day_price(np.array([10.0, 0.0]), np.array([0.0, 0.0]), np.array([0.0, 0.0]))
    assert got.tolist() == [10.0, 0.0]
