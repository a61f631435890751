"""The most one person adds in a year to a cluster audit's £ at stake by the
clinician's cluster, from the public tariff alone (docs/methodology.md §7, "A total's
floor under its count").

``--publish`` hides a total V (± h) beside a count p where V − h > m × (f − 1); these
are the m of the money table's rows, carried in row fields (``pbrkit.model``) that the
registry names and no output writes. An audited patient's income is priced on their
own days under the clinician's cluster and under the suggested one, each episode
lasting the clinician's cluster's review period (:mod:`pbrkit.audit`), and their
admitted days at the admitted-day price, so one person brings at most 366 × (the price
of a day + the admitted-day price) under either, as :func:`~pbrkit.pricing.
income_a_person_at_most` bounds a costing's income. No output of ``pbrkit cluster``
publishes admitted days, so no reader can take their part off first (the second floor
of ``pbrkit cost``, :class:`~pbrkit.reports.figures.KnownPart`, has no K here).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.model import (
    DAYS_A_PERSON_AT_MOST,
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)
from pbrkit.pricing import admitted_day_prices, day_price, unit_numbers, values_by_code

#: The money table's bound fields: income under the clinician's clusters, under the
#: suggested ones, and the difference above and below zero.
MONEY_BOUNDS: Final = (
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)

#: A disagreement's bound fields: its £ above and below zero (one pair of clusters).
DISAGREEMENT_BOUNDS: Final = (MOST_PAID_ABOVE_A_PERSON, MOST_PAID_BELOW_A_PERSON)


def money_bounds(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    tariff: pd.DataFrame,
    review_days: pd.Series,
) -> pd.DataFrame:
    """Per clinician's cluster (the index) of the audited patients (``clinician`` and
    ``suggested``: their codes) the bounds of :func:`pair_bounds`, the largest of its
    pairs'."""
    return clinician_bounds(pair_bounds(clinician, suggested, tariff, review_days))


def clinician_bounds(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per clinician's cluster (the index ``cluster``) the largest of its pairs' bounds
    (:func:`pair_bounds`), since each of its people is in one of them."""
    by = pairs.reset_index().groupby("clinician_cluster")[list(MONEY_BOUNDS)].max()
    return by.rename_axis("cluster")


def confusion_pairs(
    confusion: pd.DataFrame,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs of a clinician's cluster and a suggested one that some audited patient
    is in: the non-zero cells of the audit's confusion matrix (clinician's codes down,
    suggested across). :func:`pair_bounds` needs only these, and reading them off the
    matrix the agreement has already counted spares a table as long as the caseload
    (about 370 MB on the peak of a 10,000,000-patient run)."""
    rows, columns = np.nonzero(confusion.to_numpy() > 0)
    return (confusion.index.to_numpy(dtype=np.int64)[rows],
            confusion.columns.to_numpy(dtype=np.int64)[columns])  # fmt: skip


def pair_bounds(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    tariff: pd.DataFrame,
    review_days: pd.Series,
) -> pd.DataFrame:
    """Per pair of a clinician's cluster and a suggested one of the audited patients
    (``clinician`` and ``suggested``: their codes; the index ``clinician_cluster``,
    ``suggested_cluster``): the most one person brings in a year under each, and adds
    to the difference on each side of zero: the bounds of a disagreement's £.

    A person's income under a cluster is d × D + a × A (d the price of a day, a the
    admitted-day price, A ≤ D ≤ 366 days), at most 366 × (d + a), or 366 × d where a is
    below zero. The difference is (d − d′) × D + (a − a′) × A, at most 366 × the largest
    of 0, d − d′ and (d − d′) + (a − a′) (no day, every day outside hospital, every day
    in it), and at least −366 × the largest of 0, d′ − d and (d′ − d) + (a′ − a)."""
    codes = {"clinician": np.asarray(clinician, dtype=np.int64),
             "suggested": np.asarray(suggested, dtype=np.int64)}  # fmt: skip
    pairs = pd.DataFrame(codes).drop_duplicates()
    period = pairs["clinician"].to_numpy(dtype=np.int64)
    own, other = (_day_price(pairs[who].to_numpy(dtype=np.int64), period, tariff, review_days)
                  for who in ("clinician", "suggested"))  # fmt: skip
    own_admitted, other_admitted = (
        admitted_day_prices(pairs[who].to_numpy(dtype=np.int64), tariff)
        for who in ("clinician", "suggested")
    )
    year = float(DAYS_A_PERSON_AT_MOST)
    pairs[MOST_INCOME_A_PERSON] = year * (own + np.maximum(own_admitted, 0.0))
    pairs[MOST_INCOME_SUGGESTED_A_PERSON] = year * (other + np.maximum(other_admitted, 0.0))
    day_gap, admitted_gap = own - other, own_admitted - other_admitted
    pairs[MOST_PAID_ABOVE_A_PERSON] = year * _most_of(day_gap, day_gap + admitted_gap)
    pairs[MOST_PAID_BELOW_A_PERSON] = year * _most_of(-day_gap, -day_gap - admitted_gap)
    names = {"clinician": "clinician_cluster", "suggested": "suggested_cluster"}
    return pairs.rename(columns=names).set_index(list(names.values())).sort_index()


def _most_of(*gaps: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The largest of 0 and ``gaps``, element by element (NaN where a gap is)."""
    return np.asarray(np.maximum.reduce([np.zeros_like(gaps[0]), *gaps]), dtype=np.float64)


def _day_price(
    codes: npt.NDArray[np.int64],
    period: npt.NDArray[np.int64],
    tariff: pd.DataFrame,
    review_days: pd.Series,
) -> npt.NDArray[np.float64]:
    """The price of a day in cluster ``codes`` with episodes as long as the review
    period of ``period`` (:func:`~pbrkit.pricing.day_price`), as the audit prices them."""
    price = values_by_code(tariff["price"], codes)
    return day_price(price, unit_numbers(tariff, codes), values_by_code(review_days, period))
