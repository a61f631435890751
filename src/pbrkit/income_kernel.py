"""Each patient's tariff income, compiled: :func:`pbrkit.pricing.price_activity`'s
arithmetic in one pass per patient (issue 16).

The clinician audit prices every audited patient under two clusters and the cost
measures every measured patient under the cluster paid for: at 10 million patients
about a dozen temporary arrays a block, 2 s of CPU. Here each patient's income is
worked out on its own, with the same IEEE operations in the same order as
``price_activity`` (P·D, P·(D ÷ R) or (P·D) ÷ 365 by unit; plus the admitted-day
price × A where there is one; × 1.0 for no market-forces factor) and the audit's
defaults (no days: one review period of ``period`` cluster; no admitted days: 0), so
the same bits; ``tests/test_perf_income_kernel.py`` checks it against
``price_activity`` over random tariffs, units, blanks and codes without a price.
The tariff is looked up through tables indexed by code (:func:`tables`), made by
:func:`pbrkit.pricing.values_by_code` itself. Without numba, for few patients, or
for codes outside the tables, ``price_activity`` prices them as before.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import lazy_numba
from pbrkit.pricing import DAYS_PER_YEAR, TARIFF_UNITS, values_by_code

FloatArray = npt.NDArray[np.float64]

#: Codes below this are priced through the tables (cluster codes are 0-99).
TABLE_CODES: Final = 1024
#: Below this many patients price_activity prices them: loading the pass costs more.
MIN_ROWS: Final = 200_000


def _price(code: int, d: float, a: float, tables: Any) -> float:
    """One patient's income: ``price_activity`` for one row (``tables``: price, unit
    number, admitted-day price and review period by code)."""
    price, unit = tables[0, code], tables[1, code]
    if unit == 0.0:
        base = price * d
    elif unit == 1.0:
        base = price * (d / tables[3, code])
    elif unit == 2.0:
        base = (price * d) / DAYS_PER_YEAR
    else:
        base = np.nan
    admitted_price = tables[2, code]
    extra = 0.0 if admitted_price != admitted_price else admitted_price * a
    return (base + extra) * 1.0  # type: ignore[no-any-return]


def _incomes(codes: Any, period: Any, days: Any, admitted: Any, tables: Any, out: Any) -> None:
    """``out[i]``: patient ``i``'s income under ``codes[i]`` (days, else one review
    period of ``period[i]``; admitted days, else 0). ``days`` and ``admitted`` may be
    empty: none given."""
    for i in range(codes.shape[0]):
        d = days[i] if days.shape[0] else np.nan
        if d != d:
            d = tables[3, period[i]]
        a = admitted[i] if admitted.shape[0] else 0.0
        if a != a:
            a = 0.0
        out[i] = _PRICE(codes[i], d, a, tables)


def _audit_incomes(
    audited: Any,
    clinician: Any,
    suggested: Any,
    days: Any,
    admitted: Any,
    tables: Any,
    by_clinician: Any,
    by_suggested: Any,
) -> None:
    """Each audited patient's income under the clinician's cluster and the suggested
    one (``audit._incomes``: the suggested is the clinician's income where they agree;
    no days: one review period of the clinician's cluster). ``clinician`` and
    ``suggested`` hold the audited patients only, ``days`` and ``admitted`` everyone."""
    j = 0
    for i in range(audited.shape[0]):
        if not audited[i]:
            continue
        c, s = clinician[j], suggested[j]
        d = days[i] if days.shape[0] else np.nan
        if d != d:
            d = tables[3, c]
        a = admitted[i] if admitted.shape[0] else 0.0
        if a != a:
            a = 0.0
        by_clinician[j] = _PRICE(c, d, a, tables)
        by_suggested[j] = by_clinician[j] if s == c else _PRICE(s, d, a, tables)
        j += 1


#: The compiled _price, which the compiled passes call (set by _compile()).
_PRICE: Any = None


def installed() -> bool:
    """Whether numba (the optional ``fast`` extra) is installed."""
    return lazy_numba.installed()


def _compile(numba: Any) -> SimpleNamespace:
    global _PRICE
    _PRICE = numba.njit(cache=True, nogil=True, inline="always")(_price)
    return SimpleNamespace(
        incomes=numba.njit(cache=True, nogil=True)(_incomes),
        audit_incomes=numba.njit(cache=True, nogil=True)(_audit_incomes),
    )


#: The compiled passes, numba imported only on the first call (see :func:`usable`).
_passes = lazy_numba.loader(_compile)


def usable(n: int, *codes: npt.NDArray[np.integer]) -> bool:
    """Whether ``n`` patients with these cluster codes are priced by the compiled pass
    (numba is imported only for enough patients to pay for it)."""
    return (
        n >= MIN_ROWS
        and all(
            len(c) == 0 or (c.dtype.kind in "iu" and c.min() >= 0 and c.max() < TABLE_CODES)
            for c in codes
        )
        and _passes() is not None
    )


def _pass() -> SimpleNamespace:
    return lazy_numba.required(_passes)


def tables(tariff: pd.DataFrame, review_days: pd.Series) -> FloatArray:
    """Price, unit number (``TARIFF_UNITS`` order; NaN for another), admitted-day
    price and review period of each code below :data:`TABLE_CODES` (NaN: none),
    looked up as ``price_activity`` looks them up."""
    codes = np.arange(TABLE_CODES, dtype=np.int64)
    unit_number = tariff["unit"].map({u: i for i, u in enumerate(TARIFF_UNITS)})
    admitted = (
        values_by_code(tariff["admitted_day_price"], codes)
        if "admitted_day_price" in tariff.columns
        else np.full(TABLE_CODES, np.nan)
    )
    return np.ascontiguousarray(
        np.stack(
            [
                values_by_code(tariff["price"], codes),
                values_by_code(unit_number.astype(np.float64), codes),
                admitted,
                values_by_code(review_days, codes),
            ]
        ),
        dtype=np.float64,
    )


def _given(values: FloatArray | None) -> FloatArray:
    return np.empty(0) if values is None else np.ascontiguousarray(values, dtype=np.float64)


def incomes(
    codes: npt.NDArray[np.integer],
    period: npt.NDArray[np.integer],
    days: FloatArray | None,
    admitted: FloatArray | None,
    table: FloatArray,
) -> FloatArray:
    """Income per patient (see :func:`_incomes`); only where :func:`usable`."""
    out = np.empty(len(codes), dtype=np.float64)
    _pass().incomes(
        np.ascontiguousarray(codes, dtype=np.int64),
        np.ascontiguousarray(period, dtype=np.int64),
        _given(days),
        _given(admitted),
        table,
        out,
    )
    return out


def audit_incomes(
    audited: npt.NDArray[np.bool_],
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    days: FloatArray | None,
    admitted: FloatArray | None,
    table: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The audited patients' incomes under both clusters (see :func:`_audit_incomes`)."""
    by_clinician = np.empty(len(clinician), dtype=np.float64)
    by_suggested = np.empty(len(clinician), dtype=np.float64)
    _pass().audit_incomes(
        np.ascontiguousarray(audited),
        np.ascontiguousarray(clinician),
        np.ascontiguousarray(suggested),
        _given(days),
        _given(admitted),
        table,
        by_clinician,
        by_suggested,
    )
    return by_clinician, by_suggested
