"""price_activity (docs/methodology.md §2 income), worked by hand for each currency unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.pricing import price_activity
from pbrkit.reference import tariff_frame

NAN = float("nan")

# Review periods R (days) for the clusters used here (docs/methodology.md §1).
REVIEW = pd.Series({1: 84.0, 11: 365.0, 14: 28.0, 19: 182.0})

# A small tariff, one cluster per unit; 11 and 19 have an admitted-day price.
TARIFF = tariff_frame(
    pd.DataFrame(
        {
            "cluster": [1, 11, 14, 19],
            "price": [420.0, 3650.0, 700.0, 12.0],
            "unit": ["per_episode", "per_year", "per_episode", "per_day"],
            "admitted_day_price": [NAN, 360.0, 345.0, 300.0],
        }
    )
)


def test_per_day_pays_every_cluster_day_plus_admitted_days() -> None:
    # Cluster 19, per_day £12, admitted £300; D = 100, A = 20.
    # income = 12 × 100 + 300 × 20 = 1,200 + 6,000 = 7,200
    income = price_activity([19], [100], [20], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([7_200.0], rel=1e-12)


def test_per_episode_uses_default_episodes_d_over_r() -> None:
    # Cluster 14, per_episode £700, admitted £345, R = 28; D = 56, A = 7.
    # E = D / R = 56 / 28 = 2; income = 700 × 2 + 345 × 7 = 1,400 + 2,415 = 3,815
    income = price_activity([14], [56], [7], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([3_815.0], rel=1e-12)


def test_per_episode_default_episodes_are_fractional() -> None:
    # Cluster 1, per_episode £420, no admitted price, R = 84; D = 21.
    # E = 21 / 84 = 0.25; income = 420 × 0.25 = 105
    income = price_activity([1], [21], [0], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([105.0], rel=1e-12)


def test_per_episode_uses_episodes_when_given() -> None:
    # Cluster 14, D = 56 (default E would be 2) but E = 5 given, A = 0.
    # income = 700 × 5 = 3,500
    income = price_activity([14], [56], [0], TARIFF, REVIEW, episodes=[5.0])
    assert income.tolist() == pytest.approx([3_500.0], rel=1e-12)


def test_episodes_nan_falls_back_to_d_over_r_row_by_row() -> None:
    # Row 1: E given = 3 → 700 × 3 = 2,100.
    # Row 2: E NaN → D / R = 84 / 28 = 3 → also 2,100, via the default.
    # Row 3: E NaN → 140 / 28 = 5 → 3,500.
    income = price_activity(
        [14, 14, 14], [10, 84, 140], [0, 0, 0], TARIFF, REVIEW, episodes=[3.0, NAN, NAN]
    )
    assert income.tolist() == pytest.approx([2_100.0, 2_100.0, 3_500.0], rel=1e-12)


def test_episodes_do_not_change_per_day_or_per_year_income() -> None:
    # Cluster 19 per_day: 12 × 91 = 1,092 whatever E is.
    # Cluster 11 per_year £3,650: 3,650 × 73 / 365 = 730 whatever E is.
    with_e = price_activity([19, 11], [91, 73], [0, 0], TARIFF, REVIEW, episodes=[50.0, 50.0])
    without = price_activity([19, 11], [91, 73], [0, 0], TARIFF, REVIEW)
    assert with_e.tolist() == pytest.approx([1_092.0, 730.0], rel=1e-12)
    assert without.tolist() == pytest.approx([1_092.0, 730.0], rel=1e-12)


def test_per_year_pays_price_times_days_over_365() -> None:
    # Cluster 11, per_year £3,650, admitted £360; D = 730 (two person-years), A = 10.
    # income = 3,650 × 730 / 365 + 360 × 10 = 7,300 + 3,600 = 10,900
    income = price_activity([11], [730], [10], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([10_900.0], rel=1e-12)


def test_no_admitted_day_price_means_no_admitted_supplement() -> None:
    # Cluster 1 has no admitted price: E = 84 / 84 = 1 → 420 × 1 = 420, A earns nothing extra.
    income = price_activity([1], [84], [30], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([420.0], rel=1e-12)


def test_tariff_without_admitted_price_column() -> None:
    # Same cluster 19 row as above but the tariff has no admitted_day_price column:
    # income = 12 × 100 = 1,200 (the 20 admitted days are paid as cluster days only).
    bare = TARIFF[["price", "unit"]]
    income = price_activity([19], [100], [20], bare, REVIEW)
    assert income.tolist() == pytest.approx([1_200.0], rel=1e-12)


def test_mff_multiplies_all_income_including_admitted() -> None:
    # Cluster 19 as in the per-day test: 7,200 × 1.05 = 7,560.
    income = price_activity([19], [100], [20], TARIFF, REVIEW, mff=1.05)
    assert income.tolist() == pytest.approx([7_560.0], rel=1e-12)


def test_unpriced_cluster_is_nan_never_zero() -> None:
    # Cluster 4 has no tariff row: NaN, while the priced row beside it is still priced
    # (19: 12 × 10 = 120).
    income = price_activity([4, 19], [100, 10], [0, 0], TARIFF, REVIEW)
    assert np.isnan(income[0])
    assert income[1] == pytest.approx(120.0, rel=1e-12)


def test_unknown_unit_is_nan() -> None:
    odd = tariff_frame(pd.DataFrame({"cluster": [19], "price": [12.0], "unit": ["per_month"]}))
    assert np.isnan(price_activity([19], [30], [0], odd, REVIEW)[0])


def test_rows_are_priced_independently_in_one_call() -> None:
    # The four cases above in one vectorised call give the same four answers.
    income = price_activity([19, 14, 11, 1], [100, 56, 730, 21], [20, 7, 10, 0], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([7_200.0, 3_815.0, 10_900.0, 105.0], rel=1e-12)


def _former_base(price: np.ndarray, unit: np.ndarray, d: np.ndarray, e: np.ndarray) -> np.ndarray:
    # The formula as first written: all three products, then the unit's one chosen.
    return np.select(
        [unit == 0, unit == 1, unit == 2], [price * d, price * e, price * d / 365.0], np.nan
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([1, 2, 11, 19, 99]),  # 99: no tariff row
            st.floats(0, 5_000, allow_nan=False),
            st.floats(0, 400, allow_nan=False),
            st.one_of(st.just(NAN), st.floats(0, 20, allow_nan=False)),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["per_day", "per_episode", "per_year", "per_fortnight"]),
)
def test_each_unit_priced_only_where_it_applies_is_the_select_of_all_three(
    rows: list, unit_19: str
) -> None:
    # Cluster 19's unit varies (an unknown unit gives NaN); admitted days 0, so the
    # income is the base alone: bit for bit the former formula's.
    tariff = TARIFF.copy()
    tariff.loc[19, "unit"] = unit_19
    codes, prices, days, episodes = (np.array(column) for column in zip(*rows, strict=True))
    tariff = tariff.assign(admitted_day_price=NAN)
    for code, price in zip(codes, prices, strict=True):
        if code in tariff.index:
            tariff.loc[code, "price"] = price
    got = price_activity(codes, days, np.zeros(len(codes)), tariff, REVIEW, episodes=episodes)
    units = {"per_day": 0, "per_episode": 1, "per_year": 2}
    unit = np.array([units.get(tariff["unit"].get(c), 9) if c in tariff.index else 9
                     for c in codes], dtype=float)  # fmt: skip
    price = np.array([tariff["price"].get(c, NAN) for c in codes])
    review = REVIEW.reindex(codes).to_numpy(dtype=float)
    e = np.where(np.isnan(episodes), days / review, episodes)
    expected = _former_base(price, unit, days, e)
    expected[np.isnan(price)] = NAN
    assert np.array_equal(got, expected, equal_nan=True)
