"""Tests written against the survivors of mutmut on ``pbrkit.pricing``.

Each is worked by hand; the survivors and their verdicts are in
benchmarks/mutation-cost.md. ``values_by_code`` has two ways to look codes up: a dense
table for small non-negative integer codes, and ``reindex`` for anything else; the run
showed no test reached the second, nor the guards that choose between them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.pricing import price_activity, tariff_rates, values_by_code
from pbrkit.reference import tariff_frame

NAN = float("nan")

# Review periods R (days).
REVIEW = pd.Series({1: 84.0, 19: 182.0})

# Cluster 1: £420 per episode, no admitted-day price; cluster 19: £12 a day, £300 an
# admitted day.
TARIFF = tariff_frame(
    pd.DataFrame(
        {
            "cluster": [1, 19],
            "price": [420.0, 12.0],
            "unit": ["per_episode", "per_day"],
            "admitted_day_price": [NAN, 300.0],
        }
    )
)


def test_cluster_codes_written_as_floats_are_read_as_codes() -> None:
    # A code read from a spreadsheet as 19.0 is cluster 19: D = 10, A = 2.
    # income = 12 × 10 + 300 × 2 = 120 + 600 = 720
    income = price_activity(np.array([19.0]), [10], [2], TARIFF, REVIEW)
    assert income.tolist() == pytest.approx([720.0], rel=1e-12)


def test_days_held_as_objects_are_priced_as_numbers() -> None:
    # A pandas column of Python numbers (dtype object), as a workbook reader may give.
    # Cluster 19, D = 10, A = 2: 12 × 10 + 300 × 2 = 720; cluster 1, D = 42, A = 0:
    # E = 42 ÷ 84 = 0.5, 420 × 0.5 = 210.
    days = np.array([10, 42], dtype=object)
    admitted = np.array([2, 0], dtype=object)
    income = price_activity([19, 1], days, admitted, TARIFF, REVIEW)
    assert income.dtype == np.float64
    assert income.tolist() == pytest.approx([720.0, 210.0], rel=1e-12)


def test_a_blank_admitted_count_without_an_admitted_price_is_the_day_income() -> None:
    # Cluster 1 has no admitted-day price, so A does not enter its income: a blank A
    # (None) still gives P·E = 420 × (84 ÷ 84) = 420; cluster 19's blank A is unknown,
    # so its income is unknown (NaN), never a crash.
    income = price_activity([1, 19], [84, 10], np.array([None, None], dtype=object), TARIFF, REVIEW)
    assert income[0] == pytest.approx(420.0, rel=1e-12)
    assert np.isnan(income[1])


def test_blank_episodes_in_a_list_fall_back_to_d_over_r() -> None:
    # Cluster 1, D = 42: a blank E (None) is the default 42 ÷ 84 = 0.5 episodes, £210;
    # E = 3 given pays 420 × 3 = 1,260.
    income = price_activity(
        [1, 1], [42, 42], [0, 0], TARIFF, REVIEW, episodes=np.array([None, 3], dtype=object)
    )
    assert income.tolist() == pytest.approx([210.0, 1_260.0], rel=1e-12)


# -- values_by_code: which lookup, and the same values from either ----------------------


def test_a_code_beyond_the_dense_table_is_looked_up_by_label() -> None:
    # Codes 3 and 2000: 2000 is past the 1024-entry table, so the lookup is by label.
    series = pd.Series([5.0, 7.0], index=[3, 2000])
    assert values_by_code(series, np.array([2000, 3, 4])).tolist() == pytest.approx(
        [7.0, 5.0, NAN], nan_ok=True
    )
    # Codes asked for all small, but the series has 2000: still by label (a table of 1024
    # cannot hold 2000).
    assert values_by_code(series, np.array([3, 4])).tolist() == pytest.approx(
        [5.0, NAN], nan_ok=True
    )
    # One index entry, out of range.
    one = pd.Series([9.0], index=[2000])
    assert np.isnan(values_by_code(one, np.array([3]))).all()


def test_codes_and_index_at_the_table_edge() -> None:
    # 1023 is the table's last entry; 1024 is past it.
    at_edge = pd.Series([1.5], index=[1023])
    assert values_by_code(at_edge, np.array([1023, 0])).tolist() == pytest.approx(
        [1.5, NAN], nan_ok=True
    )
    past = pd.Series([2.5], index=[1024])
    assert values_by_code(past, np.array([1024, 0])).tolist() == pytest.approx(
        [2.5, NAN], nan_ok=True
    )
    # Only small codes asked for, but the series holds 1024: by label, not the table.
    assert np.isnan(values_by_code(past, np.array([0]))).all()
    small = pd.Series([5.0], index=[3])
    assert values_by_code(small, np.array([3, 1024])).tolist() == pytest.approx(
        [5.0, NAN], nan_ok=True
    )


def test_an_empty_series_gives_nan_for_every_code() -> None:
    empty = pd.Series([], dtype=np.float64, index=pd.Index([], dtype=np.int64))
    assert np.isnan(values_by_code(empty, np.array([3, 19]))).all()


def test_values_held_as_objects_come_back_as_floats_either_way() -> None:
    # Object dtype (a column with a blank read from a workbook): float64 out, NaN for
    # the blank, by the table (codes < 1024) and by label (code 2000).
    series = pd.Series([5.0, None, 7.0], index=[3, 4, 2000], dtype=object)
    by_label = values_by_code(series, np.array([2000, 4, 3]))
    assert by_label.dtype == np.float64
    assert by_label.tolist() == pytest.approx([7.0, NAN, 5.0], nan_ok=True)
    table = values_by_code(series.iloc[:2], np.array([4, 3]))
    assert table.dtype == np.float64
    assert table.tolist() == pytest.approx([NAN, 5.0], nan_ok=True)


# -- tariff_rates --------------------------------------------------------------------


def test_tariff_rates_are_each_price_times_the_mff_without_blanks() -> None:
    # Cluster 1: £420 a per-episode price, no admitted price; cluster 19: £12 and £300.
    # × mff 1.5: 630, 18, 450; the blank admitted price of cluster 1 is left out.
    assert sorted(tariff_rates(TARIFF, 1.5).tolist()) == pytest.approx([18.0, 450.0, 630.0])
    # Default mff 1; a tariff with no admitted_day_price column gives its prices alone.
    assert sorted(tariff_rates(TARIFF).tolist()) == pytest.approx([12.0, 300.0, 420.0])
    only_price = TARIFF.drop(columns=["admitted_day_price"])
    assert sorted(tariff_rates(only_price).tolist()) == pytest.approx([12.0, 420.0])
    assert tariff_rates(TARIFF).dtype == np.float64
    # A column held as objects with a blank (None): the same rates, as floats.
    mixed = TARIFF.assign(
        admitted_day_price=pd.Series([None, 300.0], index=TARIFF.index, dtype=object)
    )
    rates = tariff_rates(mixed, 2.0)
    assert rates.dtype == np.float64
    assert sorted(rates.tolist()) == pytest.approx([24.0, 600.0, 840.0])
