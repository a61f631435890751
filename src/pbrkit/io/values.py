"""What a single cell may hold: Excel error values, finite numbers in range, short text.

These bounds are part of the input contract (SECURITY.md, "Values read from cells").
A value outside them is an input error naming the cell, never a figure: a £1e308
cost or a NaN would otherwise flow into totals (a 309-digit £ figure, or a cluster
"actual" cost of £0 when one NaN is dropped by a sum).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.io.headers import INVISIBLE as INVISIBLE
from pbrkit.io.headers import MAX_TEXT_CHARS as MAX_TEXT_CHARS

#: Largest £ amount one cell may hold (a trust's whole annual mental-health spend is
#: in the hundreds of millions).
MAX_MONEY: Final = 1e12
#: Largest count of people, days or episodes one cell may hold.
MAX_COUNT: Final = 1e9
#: Days one person can spend in a cluster (or in hospital) in a year, leap years too.
MAX_DAYS_PER_PERSON: Final = 366
#: Largest absolute value of any other number (factors, margins).
MAX_NUMBER: Final = 1e12
#: A column total above this loses whole pennies (2^53 is a float's exact range).
MAX_EXACT_TOTAL: Final = float(2**53)

#: Error values as Excel, LibreOffice and Google Sheets show them (and as CSV exports
#: and string cells hold them): a failed lookup, division by zero, a bad reference...
EXCEL_ERROR_RE: Final = re.compile(
    r"^(?:#(?:N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!"
    r"|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)|Err:\d{3})$",
    re.IGNORECASE,
)

BoolArray = npt.NDArray[np.bool_]

_INVISIBLE_CLASS: Final = "[" + "".join(sorted(INVISIBLE)) + "]"


def excel_errors(values: pd.Series) -> BoolArray:
    """Cells holding an Excel error value such as ``#N/A`` or ``Err:502``."""
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, _is_error)
    # Only a cell starting with '#', 'E' or 'e' can hold an error (see _is_error): find
    # those in one Arrow pass, then test just them (a column of IDs has none).
    import pyarrow.compute as pc

    starts = pc.or_(
        pc.or_(pc.starts_with(text, "#"), pc.starts_with(text, "E")), pc.starts_with(text, "e")
    )
    hits = np.zeros(len(values), dtype=bool)
    candidates = np.flatnonzero(_filled(starts))
    if candidates.size:
        hits[candidates] = _per_distinct(values.iloc[candidates], _is_error)
    return hits


def too_long(values: pd.Series, limit: int = MAX_TEXT_CHARS) -> BoolArray:
    """Text cells longer than ``limit`` characters."""
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, lambda text: len(text) > limit)
    import pyarrow.compute as pc

    # utf8_length counts code points, as Python's len() does.
    return _filled(pc.greater(pc.utf8_length(text), limit))


def has_invisible(values: pd.Series) -> BoolArray:
    """Text cells holding an invisible character (:data:`INVISIBLE`)."""
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, lambda text: not INVISIBLE.isdisjoint(text))
    import pyarrow.compute as pc

    return _filled(pc.match_substring_regex(text, _INVISIBLE_CLASS))


def invisible_id_message(value: object) -> tuple[str, str]:
    """Message and fix for an ID holding an invisible character (review 7: ``P1`` and
    ``P1`` + U+200B look alike but were read as two patients)."""
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in str(value) if c in INVISIBLE}))
    return (
        f"the ID holds an invisible character ({codes}), so it would be read as a "
        "patient other than the one it looks like",
        "delete the character (retype the ID); such characters come with text pasted "
        "from web pages, e-mails and chat",
    )


def _arrow_text(values: pd.Series) -> Any:
    """The column as an Arrow string array when every cell is text or empty, else None.

    A million distinct patient IDs would otherwise be tested one Python string at a
    time; Arrow tests them in one pass. Mixed columns (numbers and text) and text Arrow
    cannot hold (lone surrogates) take the per-distinct path, with the same results.
    """
    if isinstance(values.dtype, pd.StringDtype):
        pass
    elif values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) != "string":
        return None
    import pyarrow as pa

    try:
        return pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, UnicodeError):
        return None


def _filled(mask: Any) -> BoolArray:
    """An Arrow boolean array as numpy, empty cells False."""
    return np.asarray(mask.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _is_error(text: str) -> bool:
    return text[:1] in ("#", "E", "e") and EXCEL_ERROR_RE.match(text.strip()) is not None


def _per_distinct(values: pd.Series, test: Callable[[str], bool]) -> BoolArray:
    """``test`` on each distinct text value once (a column of a million cells holds
    far fewer distinct values, and numbers never need testing)."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    hits = np.array([isinstance(u, str) and test(u) for u in uniques] + [False], dtype=bool)
    return hits[codes]


def error_message(value: object) -> tuple[str, str]:
    """Message and fix for an Excel error value in a cell."""
    shown = str(value).strip()
    return (
        f"the cell holds the spreadsheet error {shown} (a formula that failed), not a value",
        "correct the formula or type the value in; pbrkit never guesses a value for an error cell",
    )
