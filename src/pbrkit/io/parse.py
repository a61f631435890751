"""Turn text cells into typed values, column at a time (vectorised).

Each parser returns the parsed values and a boolean mask of cells that were present
but could not be parsed; blank cells are neither (they are missing). The schema layer
turns the mask into located problems.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.currency import ALL_CODES_WORDS, LIST_SEPARATOR, RANGE_JOIN, active_currency

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
#: A date as a reader gives an Excel date (``2024-04-01 00:00:00``), or as text: typed
#: or saved to CSV (``01/04/2024``, ``1.4.24``), or as Excel shows ``1-4`` once it has
#: made it a date (``01-Apr``, ``1 April 2024``, ``Apr-24``): walk 9.
_DATE_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.](\d{2}|\d{4})"
    rf"|\d{{1,2}}[- ]{_MONTH}([- ]\d{{2,4}})?"
    rf"|{_MONTH}[- ]\d{{2,4}})$",
    re.IGNORECASE,
)
_YES = frozenset({"yes", "y", "true", "t", "1", "1.0"})
_NO = frozenset({"no", "n", "false", "f", "0", "0.0"})


def as_text(values: pd.Series) -> pd.Series:
    """Values as stripped strings with NaN for blanks (works for any input dtype)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        # Formatted once per distinct value (an age or cluster column of millions of
        # rows holds a few dozen), not once per cell.
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        words = np.array([_number_text(u) for u in uniques] + [np.nan], dtype=object)
        return pd.Series(words[codes], index=values.index, dtype=object)
    else:
        text = values.astype("string").str.strip()
    return text.where(text.notna() & (text != ""), other=np.nan).astype(object)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_number(values: pd.Series, *, percent: bool = False) -> tuple[FloatArray, BoolArray]:
    """Numbers, accepting money written as text: ``£1,234.50``, ``(1,234)``, ``1 234``.

    With ``percent``, ``25%`` means 0.25.
    """
    if isinstance(values.dtype, np.dtype) and values.dtype in (np.float32, np.float16):
        return _narrow_floats(values), np.zeros(len(values), dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return numbers, np.zeros(len(values), dtype=bool)
    text = values.astype("string").str.strip()
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    # Plain numbers (nearly every cell) parse directly; only the rest go through the
    # cleaning below, so a million-row sheet is not put through it cell by cell.
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    rest = np.flatnonzero(~blank & np.isnan(numbers))
    is_percent = np.zeros(len(values), dtype=bool)
    misplaced = np.zeros(len(values), dtype=bool)
    if len(rest):
        numbers[rest], is_percent[rest], misplaced[rest] = _written_numbers(
            text.iloc[rest], percent=percent
        )
    bad = ~blank & (~np.isfinite(numbers) | misplaced)
    if not percent:
        bad |= is_percent & ~blank
    return numbers, bad


def _narrow_floats(values: pd.Series) -> FloatArray:
    """A 32- or 16-bit float column (Parquet) as the decimals it was written from.

    Widened bit for bit, float32 1200.1 is 1200.0999755859375; its shortest decimal,
    ``1200.1``, is the amount written whenever the float can tell it from its
    neighbours (below :func:`narrow_float_limit`; found in review 4). Each distinct
    value is converted once.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    widened = np.array([float(str(u)) for u in np.asarray(uniques)] + [np.nan], dtype=np.float64)
    return widened[codes]


def narrow_float_limit(dtype: object) -> float:
    """The amount in £ from which a float of ``dtype`` can no longer hold every penny.

    A float with p significand bits is spaced 2^(e - p + 1) apart in [2^e, 2^(e+1));
    pennies stay apart while that is under 0.01, so up to 2^(p - 7) (2^-7 = 0.0078):
    £131,072 for float32 (p = 24), £16 for float16 (p = 11).
    """
    if isinstance(dtype, type) and issubclass(dtype, np.generic):
        dtype = np.dtype(dtype)
    if not isinstance(dtype, np.dtype):
        return float("inf")  # text, or an extension type: not a narrow float
    bits = {np.dtype(np.float32): 24, np.dtype(np.float16): 11}.get(dtype)
    return float("inf") if bits is None else 2.0 ** (bits - 7)


def _written_numbers(text: pd.Series, *, percent: bool) -> tuple[FloatArray, BoolArray, BoolArray]:
    """Numbers written with £, GBP, spaces, thousands commas, brackets or a % sign."""
    # Spaces between digits are thousands separators only in groups of three (`1 234`,
    # `12 500.00`), as commas are below: `2 00` or `3 4` is a slip, not 200 or 34.
    spaced = text.str.replace(r"£|GBP", "", regex=True).str.strip()
    gaps = spaced.str.contains(r"\d\s+\d", regex=True, na=False) & ~spaced.str.fullmatch(
        r"\(?[-+]?\d{1,3}(?:\s\d{3})+(?:\.\d*)?\)?\s*%?", na=False
    )
    cleaned = text.str.replace(r"[£\s]|GBP", "", regex=True)
    negative = cleaned.str.match(r"^\(.*\)$", na=False)
    cleaned = cleaned.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    # Accounting brackets make a number negative; a sign inside them as well (`(-5)`)
    # is refused rather than cancelled into +5.
    signed = negative & cleaned.str.match(r"^[-+]", na=False)
    # Commas are thousands separators only: `1,234.50`. A decimal comma (`1234,50`,
    # `1.234,50`, continental locales) is refused rather than misread as 123450.
    misplaced = cleaned.str.contains(",", regex=False, na=False) & ~cleaned.str.fullmatch(
        r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?%?", na=False
    )
    cleaned = cleaned.str.replace(",", "", regex=False)
    is_percent = cleaned.str.endswith("%", na=False).to_numpy(dtype=bool)
    cleaned = cleaned.str.replace(r"%$", "", regex=True)  # one % sign: "5%%" is not 5%
    numbers = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    numbers = np.where(negative.to_numpy(dtype=bool), -numbers, numbers)
    wrong = (misplaced | gaps | signed).to_numpy(dtype=bool)
    numbers = np.where(wrong, np.nan, numbers)
    if percent:
        numbers = np.where(is_percent, numbers / 100.0, numbers)
    return numbers, is_percent, wrong


#: One dot or comma with exactly three digits after it (``1.234``, ``(£12,500)``): in
#: the UK a decimal or a thousand and more, in continental locales the other way round.
_ONE_GROUP = r"\(?[-+]?[1-9]\d{0,2}[.,]\d{3}\)?%?"


def one_group(values: pd.Series) -> BoolArray:
    """Cells that read as a decimal with three places or as thousands in one group
    (``1.234`` and ``1,234``: 1.234 or 1234), depending on the locale that wrote them."""
    text = as_text(values).astype("string").str.replace(r"£|GBP|\s", "", regex=True)
    return text.str.fullmatch(_ONE_GROUP).fillna(False).to_numpy(dtype=bool)


def looks_like_date(values: pd.Series) -> BoolArray:
    """Cells holding a date (Excel dates read as ``2024-04-01 00:00:00``)."""
    text = values.astype("string").str.strip()
    return text.str.match(_DATE_RE, na=False).to_numpy(dtype=bool)


def parse_cluster(values: pd.Series) -> tuple[FloatArray, BoolArray]:
    """Codes of the active currency from any spelling its set accepts; NaN where blank.

    The valid codes and their spellings come from the reference set
    (:func:`pbrkit.currency.active_currency`; docs/methodology.md §3). The result is
    each code's key. A recognisable number that is not a valid code (an unused code,
    22, -1) is marked bad, as is anything unrecognisable ("abc").
    """
    currency = active_currency()
    valid_keys = list(currency.valid)
    if (
        isinstance(values.dtype, np.dtype)
        and values.dtype.kind in "iu"
        and currency.code_kind == "integer"
    ):
        # A Parquet integer column (numpy's, not pandas' nullable Int16): whole, finite
        # and never blank, so the codes are looked up as they are (numpy's table, not a
        # sort of 10 million floats: round 17 of issue 16); the same codes and the same
        # bad cells as the floats below.
        whole_codes = values.to_numpy()
        valid = np.isin(whole_codes, valid_keys)
        return np.where(valid, whole_codes, np.nan), ~valid
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)  # Parquet: no text
        if currency.code_kind != "integer":
            return np.full(len(values), np.nan), ~np.isnan(numbers)
        whole = np.isfinite(numbers) & (numbers == np.round(numbers))
        valid = whole & np.isin(numbers, valid_keys)
        return np.where(valid, numbers, np.nan), ~np.isnan(numbers) & ~valid
    text = as_text(values)
    strings = text.astype("string")
    codes = np.full(len(text), np.nan)
    plain = np.zeros(len(text), dtype=bool)
    if currency.code_kind == "integer" and not currency.aliases:
        # Bare numbers (`3`, `03`, `3.0`: nearly every cell) are matched column-wide;
        # only the rest (`C3`, `Cluster 3`, ...) go through the full pattern.
        plain = strings.str.fullmatch(r"0*\d{1,3}(?:\.0*)?", na=False).to_numpy(dtype=bool)
        codes[plain] = pd.to_numeric(strings[plain], errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    rest = np.flatnonzero(~plain & text.notna().to_numpy(dtype=bool))
    if len(rest):
        # Each distinct spelling is looked up once (a column holds a few dozen).
        words, inverse = np.unique(strings.iloc[rest].to_numpy(dtype=object), return_inverse=True)
        found = [currency.key_of(w) for w in words]
        keys = np.array([np.nan if k is None else float(k) for k in found], dtype=np.float64)
        codes[rest] = keys[inverse]
    blank = text.isna().to_numpy(dtype=bool)
    valid = np.isin(codes, valid_keys)
    codes = np.where(valid, codes, np.nan)
    return codes, ~blank & ~valid


def cluster_number(text: object) -> int | None:
    """The key a spelling names (``C9`` → 9), valid code or not; None if none."""
    return active_currency().key_of(text)


def is_unused_cluster(text: object) -> bool:
    """True when the text names a code the reference set lists as unused."""
    return active_currency().spelled_unused(text)


def parse_yes_no(values: pd.Series) -> tuple[npt.NDArray[np.object_], BoolArray]:
    """yes/no, true/false, y/n, 1/0 (docs/methodology.md §8) as True/False, None where blank."""
    text = as_text(values).astype("string").str.casefold()
    result = np.full(len(values), None, dtype=object)
    yes = text.isin(_YES).to_numpy(dtype=bool)
    no = text.isin(_NO).to_numpy(dtype=bool)
    result[yes] = True
    result[no] = False
    blank = text.isna().to_numpy(dtype=bool)
    return result, ~blank & ~yes & ~no


#: A range of codes: two ends and what joins them (``1-4``, ``1–4``, ``1 to 4``).
_RANGE: Final = re.compile(rf"(\S+?)\s*{RANGE_JOIN}\s*(\S+)")


def parse_cluster_list(text: str) -> frozenset[int] | None:
    """``1, 2, 3`` or ``1-4`` or both, or ``all``; None when the text is not valid.

    ``all`` is every valid code but "not assessed"; a range (integer codes) or a
    span of the set's row order (text codes) leaves out the unused codes inside it.
    """
    currency = active_currency()
    text = text.strip()
    if text.casefold() in ALL_CODES_WORDS:
        return frozenset(currency.valid - {currency.not_assessed})
    codes: set[int] = set()
    for part in re.split(LIST_SEPARATOR, text):
        part = part.strip()
        if not part:
            continue
        single = currency.parse(part)
        bounds = None if single is not None else _RANGE.fullmatch(part)
        if bounds:
            low, high = currency.parse(bounds.group(1)), currency.parse(bounds.group(2))
            if low is None or high is None:
                return None
            order = currency.natural_order(currency.valid)
            if order.index(low) > order.index(high):
                return None
            codes.update(order[order.index(low) : order.index(high) + 1])
        elif single is not None:
            codes.add(single)
        else:
            return None
    return frozenset(codes) if codes else None


def parse_share(value: object) -> float | None:
    """One share or rate written ``0.05``, ``5%`` or ``5 %`` (docs/methodology.md §8) as a float;
    None when it is not a finite number. For scenario files and options, which hold
    one value at a time; sheet columns use :func:`parse_number` with ``percent``."""
    if isinstance(value, bool):
        return None
    numbers, bad = parse_number(pd.Series([value], dtype=object), percent=True)
    number = float(numbers[0])
    return None if bad[0] or not np.isfinite(number) else number
