"""A partial local tariff, completed from the reference set's prices while reading.

A tariff sheet or ``--tariff`` file may price only some clusters: each cluster with
activity that it omits takes the reference price instead, and each such fallback is
listed (docs/methodology.md §2). This is a reading rule: nothing is costed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

#: A caseload row's figures: any of them above 0 is activity a tariff must price.
ACTIVITY_COLUMNS: Final = (
    "service_users",
    "cluster_days",
    "admitted_days",
    "episodes",
    "actual_cost",
)


@dataclass(frozen=True)
class Fallback:
    """A cluster the local tariff omits, priced at the reference set's price instead."""

    cluster: int
    price: float
    unit: str


def has_activity(caseload: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """The rows with any people, days, episodes or actual cost above 0.

    A row of zeros (an empty cluster listed for completeness) prices nothing: its
    income is £0 at any price, so it borrows no reference price and stops no run for
    want of one (docs/methodology.md §2).
    """
    active = np.zeros(len(caseload), dtype=bool)
    for column in ACTIVITY_COLUMNS:
        if column in caseload:
            values = caseload[column].to_numpy(dtype=np.float64, na_value=np.nan)
            active |= np.nan_to_num(values) > 0
    return active


def complete_tariff(
    local: pd.DataFrame, reference: pd.DataFrame, active: Iterable[int]
) -> tuple[pd.DataFrame, list[Fallback]]:
    """The local tariff with a reference price for each active cluster it omits.

    Only clusters with activity are filled: a price nobody uses changes nothing and
    would only lengthen the list. A cluster neither tariff prices stays unpriced, for
    ``--on-missing`` to decide.
    """
    missing = sorted({int(c) for c in active} - {int(c) for c in local.index})
    borrowed = [c for c in missing if c in reference.index]
    if not borrowed:
        return local, []
    # The reference's basis and status come too, so a borrowed illustrative price is
    # labelled illustrative wherever the tariff used is listed.
    described = [c for c in ("basis", "status") if c not in local.columns]
    columns = [c for c in (*local.columns, *described) if c in reference.columns]
    rows = reference.loc[borrowed, columns]
    import pandas as pd

    completed = pd.concat([local, rows]).sort_index()
    completed.index.name = local.index.name
    prices, units = reference["price"].astype(float), reference["unit"].astype(str)
    fallbacks = [Fallback(code, float(prices[code]), str(units[code])) for code in borrowed]
    return completed, fallbacks
