"""What a single cell may hold: Excel error values, finite numbers in range, short text.

These bounds are part of the input contract (SECURITY.md, "Values read from cells").
A value outside them is an input error naming the cell, never a figure: a £1e308
cost or a NaN would otherwise flow into totals (a 309-digit £ figure, or a cluster
"actual" cost of £0 when one NaN is dropped by a sum).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import Problem
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

#: Spaces that look like an ordinary space but differ from it: no-break, figure and
#: narrow no-break space (text pasted from web pages and Word holds them).
LOOKALIKE_SPACES: Final = frozenset("\u00a0\u2007\u202f")
_SPACES: Final = " \t\n\r\f\v" + "".join(sorted(LOOKALIKE_SPACES))
# An invisible character anywhere, or an unusual space with text on both sides. Written
# with literal characters only, so that Arrow's RE2 and Python's re read it alike.
_HIDDEN_PATTERN: Final = (
    f"[{''.join(sorted(INVISIBLE))}]"
    f"|[^{_SPACES}][{_SPACES}]*[{''.join(sorted(LOOKALIKE_SPACES))}][{_SPACES}]*[^{_SPACES}]"
)
_HIDDEN_RE: Final = re.compile(_HIDDEN_PATTERN)


def excel_errors(values: pd.Series) -> BoolArray:
    """Cells holding an Excel error value such as ``#N/A`` or ``Err:502``."""
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, _is_error)
    # Only a cell starting with '#', 'E' or 'e' can hold an error (see _is_error): find
    # those from each text's first byte, then test just them (a column of IDs has none).
    hits = np.zeros(len(values), dtype=bool)
    candidates = np.flatnonzero(starting_with(text, ERROR_FIRST_BYTES))
    if candidates.size:
        hits[candidates] = _per_distinct(values.iloc[candidates], _is_error)
    return hits


#: The first byte of every text an Excel error value can be (:func:`_is_error`).
ERROR_FIRST_BYTES: Final = b"#Ee"


def starting_with(text: Any, firsts: bytes) -> BoolArray:
    """Which texts of an Arrow text array (or chunked array) start with one of the
    bytes ``firsts`` (ASCII, so a byte is a whole character); empty and null cells
    never do.

    Read from the arrays' offsets and bytes: Arrow's ``starts_with`` took three passes
    and two ``or``s over every text, about 0.1 s a column of 10 million patient IDs
    (round 19 of issue 16); this is one gather of each text's first byte.
    """
    import pyarrow as pa

    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    wanted = np.zeros(256, dtype=bool)
    wanted[list(firsts)] = True
    found = np.zeros(len(text), dtype=bool)
    done = 0
    for chunk in chunks:
        found[done : done + len(chunk)] = _chunk_starting_with(chunk, wanted)
        done += len(chunk)
    return found


def _chunk_starting_with(chunk: Any, wanted: BoolArray) -> BoolArray:
    """:func:`starting_with` of one Arrow text array (``wanted``: a table by byte)."""
    import pyarrow as pa

    if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
        chunk = chunk.cast(pa.large_string())  # e.g. text views: offsets and bytes
    n = len(chunk)
    _, offsets_buffer, data_buffer = chunk.buffers()
    if n == 0 or data_buffer is None:
        return np.zeros(n, dtype=bool)
    offsets_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    window = np.frombuffer(offsets_buffer, dtype=offsets_type)
    offsets = cast(npt.NDArray[np.int64], window[chunk.offset : chunk.offset + n + 1])
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    if data.size == 0:
        return np.zeros(n, dtype=bool)
    starts = offsets[:-1]
    # An empty text's start may be the end of the bytes: clipped, and not counted.
    first: BoolArray = wanted[data[np.minimum(starts, data.size - 1)]]
    first &= offsets[1:] > starts
    if chunk.null_count:  # a null's offsets may span bytes: it never starts with one
        first &= np.asarray(chunk.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return first


def too_long(values: pd.Series, limit: int = MAX_TEXT_CHARS) -> BoolArray:
    """Text cells longer than ``limit`` characters."""
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, lambda text: len(text) > limit)
    import pyarrow.compute as pc

    # utf8_length counts code points, as Python's len() does.
    return _filled(pc.greater(pc.utf8_length(text), limit))


def has_invisible(values: pd.Series) -> BoolArray:
    """Text cells holding an invisible character (:data:`INVISIBLE`) anywhere, or a
    space other than an ordinary one (:data:`LOOKALIKE_SPACES`) between other characters.

    Either makes two cells that look alike read as two values (``Team A`` with a
    no-break space is not ``Team A``). Leading and trailing spaces of any kind are
    trimmed from every text cell (:func:`pbrkit.io.parse.as_text`), so only inner ones count.
    """
    text = _arrow_text(values)
    if text is None:
        return _per_distinct(values, lambda text: _HIDDEN_RE.search(text) is not None)
    import pyarrow.compute as pc

    return _filled(pc.match_substring_regex(text, _HIDDEN_PATTERN))


def _hidden_characters(value: object) -> list[str]:
    return sorted({c for c in str(value).strip() if c in INVISIBLE or c in LOOKALIKE_SPACES})


def invisible_message(value: object, noun: str, subject: str | None = None) -> tuple[str, str]:
    """Message and fix for a ``subject`` (an ID, a team) holding an invisible character
    or an unusual space, so read as a ``noun`` other than the one it looks like (review 7:
    ``P1`` and ``P1`` + U+200B were read as two patients; review 8: two teams)."""
    found = _hidden_characters(value)
    codes = ", ".join(f"U+{ord(c):04X}" for c in found)
    if all(c in LOOKALIKE_SPACES for c in found):
        what, fix = "a space that is not an ordinary space", "retype the space"
    elif any(c in LOOKALIKE_SPACES for c in found):
        what, fix = "invisible characters and unusual spaces", "delete them and retype the spaces"
    else:
        what, fix = "an invisible character", f"delete the character (retype the {subject or noun})"
    return (
        f"the {subject or noun} holds {what} ({codes}), so it would be read as a "
        f"{noun} other than the one it looks like",
        f"{fix}; such characters come with text pasted from web pages, e-mails and chat",
    )


def invisible_problem(
    value: object, *, noun: str, subject: str | None, sheet: str, row: int, column: str
) -> Problem:
    """The problem of :func:`invisible_message` at one cell."""
    message, fix = invisible_message(value, noun, subject)
    return Problem(message, sheet=sheet, row=row, column=column, value=value, fix=fix)


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
    codes: npt.NDArray[np.integer[Any]]
    uniques: Any
    if isinstance(values.dtype, pd.CategoricalDtype):
        # A Parquet dictionary column: its categories are its distinct values and its
        # codes (as narrow as int8, -1 for a blank) say which each cell holds, so
        # pd.factorize's 8-byte codes (80 MB at 10 million patients, made again for
        # each check: round 17 of issue 16) are not needed. An unused category is
        # tested too and never picked.
        codes, uniques = values.cat.codes.to_numpy(), values.dtype.categories
    else:
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
