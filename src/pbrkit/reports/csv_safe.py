"""Neutralise spreadsheet formulas in CSV text cells (OWASP "CSV injection").

A CSV file has no cell types: Excel and LibreOffice run a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can
smuggle one past a naive check. OWASP's advice is to prefix such a cell with a single
quote, which spreadsheets show as text and never run
(https://owasp.org/www-community/attacks/CSV_Injection).

The price is that such a value gains a visible ``'``: a patient ID written ``-123``
comes out as ``'-123`` (its digits unchanged). Strip a leading ``'`` to recover the
exact input, or ask for Parquet, which keeps every value as it was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

#: First characters that make a spreadsheet treat a CSV cell as a formula.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_text(value: str) -> str:
    """``value``, with ``'`` put in front when it starts with a formula character."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def neutralise_csv_column(values: pd.Series) -> pd.Series:
    """:func:`neutralise_csv_text` applied to every text cell of a column (vectorised).

    Numeric columns and blank cells are returned unchanged: ``-5`` in a number
    column is a number, not a formula.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return values
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
    if not risky.any():
        return values
    out = values.astype(object).copy()
    # A number in a mixed column (-5 beside a '*' a published report hid) is a number.
    positions = [int(p) for p in np.flatnonzero(risky) if isinstance(out.iloc[p], str)]
    out.iloc[positions] = ["'" + str(v) for v in out.iloc[positions]]
    return out


def write_safe_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as UTF-8 CSV with every text column and every header neutralised.

    Headers can come from the input (a trait column in the ratings), so a header such
    as ``=HYPERLINK(…)`` gets the same ``'`` as a cell. Whole-number floats are
    written without ``.0`` (a score of 24 reads ``24``) and missing values as empty
    cells.
    """
    safe = frame.copy()
    headers = [neutralise_csv_text(str(name)) for name in frame.columns]
    for name in safe.columns:
        column = safe[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # neutralise each category once
            categories = [neutralise_csv_text(str(c)) for c in column.cat.categories]
            if len(set(categories)) == len(categories):
                safe[name] = column.cat.rename_categories(categories)
                continue
            column = column.astype(object)
        safe[name] = neutralise_csv_column(column)
    safe.to_csv(
        path,
        index=False,
        header=headers,
        encoding="utf-8",
        float_format="%.15g",
        lineterminator="\n",
    )
