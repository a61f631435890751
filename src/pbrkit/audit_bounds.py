"""The most one person adds in a year to a cluster audit's £ at stake by the
clinician's cluster, from the public tariff alone (docs/methodology.md §7, "A total's
floor under its count").

``--publish`` hides a total V (± h) beside a count p where V − h > m × (f − 1); these
are the m of the money table's rows, carried in row fields (``pbrkit.model``) that the
registry names and no output writes. An audited patient's income is priced on their
own days under the clinician's cluster and under the suggested one, each episode
lasting the clinician's cluster's review period (:mod:`pbrkit.audit`), so one person
adds at most 366 × the price of a day of either; the admitted-day price is left out
(a reader who knows the admitted days can take their income off first), which hides a
row with admitted days a little sooner than it need be, never later.
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
    TARIFF_UNITS,
)
from pbrkit.pricing import DAYS_PER_YEAR, values_by_code

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


def pair_bounds(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    tariff: pd.DataFrame,
    review_days: pd.Series,
) -> pd.DataFrame:
    """Per pair of a clinician's cluster and a suggested one of the audited patients
    (``clinician`` and ``suggested``: their codes; the index ``clinician_cluster``,
    ``suggested_cluster``): 366 × the price of a day under the clinician's cluster,
    366 × that under the suggested one, and 366 × the gap of the two on each side (a
    person in a dearer clinician's cluster adds at most that to the difference, one in
    a cheaper one takes at most that off it): the bounds of a disagreement's £."""
    codes = {"clinician": np.asarray(clinician, dtype=np.int64),
             "suggested": np.asarray(suggested, dtype=np.int64)}  # fmt: skip
    pairs = pd.DataFrame(codes).drop_duplicates()
    period = pairs["clinician"].to_numpy(dtype=np.int64)
    own = _day_price(period, period, tariff, review_days)
    other = _day_price(pairs["suggested"].to_numpy(dtype=np.int64), period, tariff, review_days)
    year = float(DAYS_A_PERSON_AT_MOST)
    pairs[MOST_INCOME_A_PERSON] = year * own
    pairs[MOST_INCOME_SUGGESTED_A_PERSON] = year * other
    pairs[MOST_PAID_ABOVE_A_PERSON] = year * np.maximum(own - other, 0.0)
    pairs[MOST_PAID_BELOW_A_PERSON] = year * np.maximum(other - own, 0.0)
    names = {"clinician": "clinician_cluster", "suggested": "suggested_cluster"}
    return pairs.rename(columns=names).set_index(list(names.values())).sort_index()


def _day_price(
    codes: npt.NDArray[np.int64],
    period: npt.NDArray[np.int64],
    tariff: pd.DataFrame,
    review_days: pd.Series,
) -> npt.NDArray[np.float64]:
    """The price of a day in cluster ``codes`` with episodes as long as the review
    period of ``period``: P a day, P ÷ review days an episode, P ÷ 365 a year."""
    price = values_by_code(tariff["price"], codes)
    unit = values_by_code(tariff["unit"].map({u: i for i, u in enumerate(TARIFF_UNITS)})
                          .astype(np.float64), codes)  # fmt: skip
    review = values_by_code(review_days, period)
    with np.errstate(divide="ignore", invalid="ignore"):
        day = np.select([unit == 0, unit == 1, unit == 2],
                        [price, price / review, price / DAYS_PER_YEAR], np.nan)  # fmt: skip
    return np.asarray(day, dtype=np.float64)
