"""An order of a table's rows that depends on their values alone.

Results must not depend on the order of the rows in a sheet: the same caseload sorted
another way must give the same people (a synthetic population is drawn row by row) and
the same totals to the last bit (floating-point sums depend on the order of their
terms). Computations that draw or add row by row first put the rows in this order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd


def canonical_order(
    rows: pd.DataFrame, first: Sequence[str] = ("cluster", "team")
) -> npt.NDArray[np.intp]:
    """Positions that sort ``rows`` by the ``first`` columns present, then every other
    column by name. Rows equal in every column are interchangeable, so their order among
    themselves changes nothing; blanks sort last."""
    names = [c for c in first if c in rows.columns]
    names += sorted((c for c in rows.columns if c not in names), key=str)
    keys = [_sort_key(rows[name]) for name in names]
    order: npt.NDArray[np.intp] = np.lexsort(keys[::-1]) if keys else np.arange(len(rows))
    return order  # lexsort's primary key is its last, hence the reversal


def _sort_key(values: pd.Series) -> npt.NDArray[np.generic]:
    """A column's values as numbers that sort as they do, or as the ranks of their text."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers: npt.NDArray[np.float64] = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return numbers
    codes, _ = pd.factorize(values.astype("string").fillna("\uffff"), sort=True)
    return codes
