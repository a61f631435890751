"""Each patient's income from the compiled pass (pbrkit.income_kernel): the same bits
as pricing.price_activity through the audit's blocks (issue 16, round 12).

Random tariffs mix the three units, admitted-day prices (some blank), a unit that is
none of them and clusters with no price or review period; patients have blank or
given days and admitted days. Each income is compared bit for bit (NaN where NaN).
A worked case: per episode, P = £700, R = 90 days, D = 45 days: 700 × (45 ÷ 90) =
£350; with A = 3 admitted days at £150, 350 + 450 = £800.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import audit, income_kernel

pytestmark = pytest.mark.skipif(
    not income_kernel.installed(), reason="numba (the fast extra) is absent"
)

_UNITS = ["per_day", "per_episode", "per_year", "per_visit"]
_DAYS = st.one_of(st.just(np.nan), st.floats(0, 800, allow_nan=False), st.sampled_from([0.1, 365]))


def _same_bits(got: Any, want: Any) -> None:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    nan = np.isnan(got)
    assert (nan == np.isnan(want)).all()
    np.testing.assert_array_equal(got[~nan].view(np.int64), want[~nan].view(np.int64))


@st.composite
def _tariffs(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.Series]:
    clusters = sorted(draw(st.sets(st.integers(0, 30), min_size=1, max_size=8)))
    rows = len(clusters)
    price = draw(st.lists(st.floats(0, 1e5) | st.just(np.nan), min_size=rows, max_size=rows))
    unit = draw(st.lists(st.sampled_from(_UNITS), min_size=rows, max_size=rows))
    tariff = pd.DataFrame({"price": price, "unit": unit}, index=clusters)
    if draw(st.booleans()):
        tariff["admitted_day_price"] = draw(
            st.lists(st.floats(0, 1e4) | st.just(np.nan), min_size=rows, max_size=rows)
        )
    review = draw(st.lists(st.floats(1, 400) | st.just(np.nan), min_size=rows, max_size=rows))
    return tariff, pd.Series(review, index=clusters)


def _compiled(work: Any) -> Any:
    with patch.object(income_kernel, "MIN_ROWS", 1):
        return work()


def _priced_as_before(work: Any) -> Any:
    with patch.object(income_kernel, "MIN_ROWS", 1 << 62):
        return work()


@settings(max_examples=120, deadline=None)
@given(
    tariff=_tariffs(),
    patients=st.lists(st.tuples(st.integers(0, 35), _DAYS, _DAYS), min_size=1, max_size=40),
    days_given=st.booleans(),
    admitted_given=st.booleans(),
)
def test_patient_income_is_price_activity_bits(
    tariff: tuple[pd.DataFrame, pd.Series],
    patients: list[tuple[int, float, float]],
    days_given: bool,
    admitted_given: bool,
) -> None:
    prices, review = tariff
    codes = np.array([p[0] for p in patients], dtype=np.int64)
    period = codes[::-1].copy()
    days = np.array([p[1] for p in patients]) if days_given else None
    admitted = np.array([p[2] for p in patients]) if admitted_given else None

    def income() -> Any:
        return audit.patient_income(
            codes, prices, review, days=days, admitted_days=admitted, period_clusters=period
        )

    _same_bits(_compiled(income), _priced_as_before(income))


@settings(max_examples=120, deadline=None)
@given(
    tariff=_tariffs(),
    patients=st.lists(
        st.tuples(st.integers(0, 35), st.integers(0, 35), st.booleans(), _DAYS, _DAYS),
        min_size=1,
        max_size=40,
    ),
    days_given=st.booleans(),
)
def test_audit_incomes_are_the_blocks_bits(
    tariff: tuple[pd.DataFrame, pd.Series],
    patients: list[tuple[int, int, bool, float, float]],
    days_given: bool,
) -> None:
    prices, review = tariff
    audited = np.array([p[2] for p in patients])
    clinician = np.array([p[0] for p in patients], dtype=np.int16)[audited]
    suggested = np.array([p[1] for p in patients], dtype=np.int16)[audited]
    days = np.array([p[3] for p in patients]) if days_given else None
    admitted = np.array([p[4] for p in patients])

    def money() -> Any:
        return audit._audited_money(suggested, clinician, audited, prices, review, days, admitted)

    got, got_table = _compiled(money)
    want, want_table = _priced_as_before(money)
    _same_bits(got.difference, want.difference)
    for name in ("income_clinician", "income_suggested", "difference"):
        _same_bits(got_table[name], want_table[name])


def test_a_worked_episode_with_admitted_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(income_kernel, "MIN_ROWS", 1)
    tariff = pd.DataFrame(
        {"price": [700.0], "unit": ["per_episode"], "admitted_day_price": [150.0]}, index=[4]
    )
    income = audit.patient_income(
        np.array([4]), tariff, pd.Series([90.0], index=[4]), days=[45.0], admitted_days=[3.0]
    )
    assert income.tolist() == [800.0]


def test_codes_outside_the_tables_are_priced_as_before() -> None:
    assert not income_kernel.usable(10**6, np.array([0, income_kernel.TABLE_CODES]))
    assert not income_kernel.usable(10**6, np.array([-1, 3]))
    assert not income_kernel.usable(10, np.array([1, 3]))
