"""Tariff income for cluster activity (docs/methodology.md §2), vectorised over rows.

One function prices any activity: a caseload row, a patient, or a simulated patient.
Costing, the clinician audit and the tender model all call it, so the three
capabilities can never disagree on what the tariff pays.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.model import DAYS_A_PERSON_AT_MOST
from pbrkit.model import TARIFF_UNITS as TARIFF_UNITS  # io's tariff sheet uses it too

#: Days in a year of care, for ``per_year`` prices (docs/methodology.md §2).
DAYS_PER_YEAR: Final = 365.0

FloatArray = npt.NDArray[np.float64]

#: Codes below this are looked up in a dense table (cluster codes are 0-99).
_DENSE_CODES: Final = 1024


def price_activity(
    clusters: npt.ArrayLike,
    days: npt.ArrayLike,
    admitted_days: npt.ArrayLike,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    episodes: npt.ArrayLike | None = None,
    mff: float = 1.0,
) -> FloatArray:
    """Return the tariff income for each row of activity.

    Args:
        clusters: cluster code per row (integers).
        days: cluster days D per row.
        admitted_days: admitted (inpatient) days A per row, part of D.
        tariff: indexed by cluster code, with columns ``price``, ``unit`` (one of
            :data:`TARIFF_UNITS`) and optionally ``admitted_day_price`` (NaN = none).
        review_days: review period R in days, indexed by cluster code.
        episodes: episodes E per row; NaN (or ``None`` for all rows) means the
            default D / R, fractional (docs/methodology.md §2).
        mff: market-forces factor applied to all income.

    Returns:
        Income per row in £. Rows whose cluster has no tariff row are NaN: the
        caller decides whether that is an error or an "unpriced" line, never zero.
    """
    codes = np.asarray(clusters, dtype=np.int64)
    d = np.asarray(days, dtype=np.float64)
    a = np.asarray(admitted_days, dtype=np.float64)

    price = values_by_code(tariff["price"], codes)
    # The unit as a small integer per tariff row, then per row of activity: comparing
    # millions of unit strings three times would cost more than the pricing itself.
    unit = unit_numbers(tariff, codes)
    admitted_price = (
        values_by_code(tariff["admitted_day_price"], codes)
        if "admitted_day_price" in tariff.columns
        else np.full(codes.shape, np.nan)
    )
    review = values_by_code(review_days, codes)

    if episodes is None:
        e = d / review
    else:
        e = np.asarray(episodes, dtype=np.float64)
        e = np.where(np.isnan(e), d / review, e)

    # P·D, P·E or P·D ÷ 365 by unit (TARIFF_UNITS order), each worked out only where
    # its unit applies (the same products as computing all three and selecting, at
    # half the time); NaN where the unit is none of them.
    base = np.full(codes.shape, np.nan)
    np.multiply(price, d, out=base, where=unit == 0)
    np.multiply(price, e, out=base, where=unit == 1)
    per_year = unit == 2
    product = np.multiply(price, d, out=np.empty_like(base), where=per_year)  # read where set
    np.divide(product, DAYS_PER_YEAR, out=base, where=per_year)
    admitted = np.where(np.isnan(admitted_price), 0.0, admitted_price * a)
    return np.asarray((base + admitted) * mff, dtype=np.float64)


def income_a_person_at_most(
    clusters: npt.ArrayLike,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    mff: float = 1.0,
    episodes_given: npt.ArrayLike | None = None,
) -> FloatArray:
    """The most tariff income one person can bring in a year in each row's cluster, from
    the public tariff alone: 366 days × (the price of a day + the admitted-day price) ×
    MFF (:func:`day_income_a_person_at_most` plus the admitted days' part).

    Income ÷ this is a floor under the people behind it, which ``--publish`` keeps
    below what their published count says (docs/methodology.md §7). NaN where unpriced.
    """
    codes = np.asarray(clusters, dtype=np.int64)
    # A negative admitted-day price lowers income: at most, a person has no admitted day.
    admitted = np.maximum(admitted_day_prices(codes, tariff), 0.0)
    day = day_income_a_person_at_most(codes, tariff, review_days, mff, episodes_given)
    return np.asarray(day + DAYS_A_PERSON_AT_MOST * admitted * mff, dtype=np.float64)


def day_income_a_person_at_most(
    clusters: npt.ArrayLike,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    mff: float = 1.0,
    episodes_given: npt.ArrayLike | None = None,
) -> FloatArray:
    """The most one person brings in a year in each row's cluster besides the
    admitted-day price (m′ of docs/methodology.md §7): 366 × the price of a day × MFF, a
    day's price being P (per day), P ÷ review days (per episode: one episode per review
    period) or P ÷ 365 (per year), as :func:`price_activity` pays them. Where the
    caseload gives the episodes (``episodes_given``) they are at most the days (the
    caseload sheet refuses more), so a per-episode price is at most P a day. NaN where
    unpriced."""
    codes = np.asarray(clusters, dtype=np.int64)
    given = (
        np.zeros(codes.shape, dtype=bool)
        if episodes_given is None
        else np.asarray(episodes_given, dtype=bool)
    )
    review = np.where(given, 1.0, values_by_code(review_days, codes))
    per_day = day_price(values_by_code(tariff["price"], codes), unit_numbers(tariff, codes), review)
    return np.asarray(DAYS_A_PERSON_AT_MOST * per_day * mff, dtype=np.float64)


def day_price(price: npt.ArrayLike, unit: npt.ArrayLike, review: npt.ArrayLike) -> FloatArray:
    """The price of one day of care, as :func:`price_activity` pays it (docs/methodology.md
    §2): P per day, P ÷ the review days per episode (one episode a review period), P ÷
    365 per year; ``unit`` a :func:`unit_numbers` number (NaN: none of them, NaN)."""
    p, u, r = (np.asarray(x, dtype=np.float64) for x in (price, unit, review))
    with np.errstate(divide="ignore", invalid="ignore"):
        day = np.select([u == 0, u == 1, u == 2], [p, p / r, p / DAYS_PER_YEAR], np.nan)
    return np.asarray(day, dtype=np.float64)


def unit_numbers(tariff: pd.DataFrame, codes: npt.NDArray[np.integer]) -> FloatArray:
    """Each code's tariff unit as its place in :data:`TARIFF_UNITS` (NaN where the code
    has no tariff row): comparing numbers, not strings, per row of activity."""
    number = tariff["unit"].map({u: i for i, u in enumerate(TARIFF_UNITS)})
    return values_by_code(number.astype(np.float64), codes)


def admitted_income(
    clusters: npt.ArrayLike, admitted_days: npt.ArrayLike, tariff: pd.DataFrame, mff: float = 1.0
) -> FloatArray:
    """The admitted-day part of each row's income, MFF × admitted-day price × A, as
    :func:`price_activity` pays it (0 with no admitted-day price): a reader works it
    out from the published admitted days and the public tariff (the offset K of the
    income's floor, docs/methodology.md §7)."""
    codes = np.asarray(clusters, dtype=np.int64)
    a = np.asarray(admitted_days, dtype=np.float64)
    return np.asarray(admitted_day_prices(codes, tariff) * a * mff, dtype=np.float64)


def admitted_day_prices(codes: npt.NDArray[np.integer], tariff: pd.DataFrame) -> FloatArray:
    """Each row's admitted-day price, 0 where the tariff gives none."""
    if "admitted_day_price" not in tariff.columns:
        return np.zeros(codes.shape)
    return np.nan_to_num(values_by_code(tariff["admitted_day_price"], codes), nan=0.0)


def values_by_code(series: pd.Series, codes: npt.NDArray[np.integer]) -> FloatArray:
    """Values of ``series`` for each code, NaN where the code is absent.

    Cluster codes are small, so a dense table indexed by code does the lookup in one
    gather (a hash lookup per row, as ``reindex`` does, is several times slower; a
    binary search, ten times: 0.48 s against 0.04 s for 10 million codes).
    """
    index = series.index.to_numpy()
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    if (
        len(codes)
        and pd.api.types.is_integer_dtype(index.dtype)
        and series.index.is_unique
        and (len(index) == 0 or (index.min() >= 0 and index.max() < _DENSE_CODES))
        and codes.min() >= 0
        and codes.max() < _DENSE_CODES
    ):
        table = np.full(_DENSE_CODES, np.nan)
        table[index] = values
        return np.asarray(table[codes])
    return np.asarray(series.reindex(codes).to_numpy(dtype=np.float64, na_value=np.nan))


def tariff_rates(tariff: pd.DataFrame, mff: float = 1.0) -> FloatArray:
    """Every price in ``tariff`` as it is paid (× the market-forces factor): per day,
    per episode, per year and per admitted day, NaN and absent columns left out.

    ``--publish`` rounds £ totals to a multiple of the largest (docs/methodology.md §7),
    since a total is a count times one of these.
    """
    columns = [c for c in ("price", "admitted_day_price") if c in tariff.columns]
    values = tariff[columns].to_numpy(dtype=np.float64, na_value=np.nan).ravel() * mff
    return np.asarray(values[np.isfinite(values)], dtype=np.float64)
