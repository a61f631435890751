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

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: Valid cluster codes: 0 (variance), 1-8, 10-21, 99 (not assessed). 9 is unused
#: ("Cluster under review - should not be used", NHS Data Dictionary; docs/methodology.md).
UNUSED_CLUSTER: Final = 9
NOT_ASSESSED: Final = 99
VALID_CLUSTERS: Final = frozenset([*range(0, 9), *range(10, 22), NOT_ASSESSED])

# `1`, `01`, `1.0`, `C1`, `C01`, `Cluster 1`, `cluster_01`, `MHCC01`, `MHCC 1`.
_CLUSTER_RE = re.compile(r"^(?:(?:mhcc|cluster|cl|c)[\s_\-]*)?0*(\d{1,3})(?:\.0*)?$", re.IGNORECASE)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
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


def _written_numbers(text: pd.Series, *, percent: bool) -> tuple[FloatArray, BoolArray, BoolArray]:
    """Numbers written with £, GBP, spaces, thousands commas, brackets or a % sign."""
    cleaned = text.str.replace(r"[£\s]|GBP", "", regex=True)
    negative = cleaned.str.match(r"^\(.*\)$", na=False)
    cleaned = cleaned.str.replace(r"^\((.*)\)$", r"\1", regex=True)
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
    wrong = misplaced.to_numpy(dtype=bool)
    numbers = np.where(wrong, np.nan, numbers)
    if percent:
        numbers = np.where(is_percent, numbers / 100.0, numbers)
    return numbers, is_percent, wrong


def looks_like_date(values: pd.Series) -> BoolArray:
    """Cells holding a date (Excel dates read as ``2024-04-01 00:00:00``)."""
    text = values.astype("string").str.strip()
    return text.str.match(_DATE_RE, na=False).to_numpy(dtype=bool)


def parse_cluster(values: pd.Series) -> tuple[FloatArray, BoolArray]:
    """Cluster codes from any common spelling (docs/methodology.md §1); NaN where blank.

    A recognisable number that is not a valid code (9, 22, -1) is marked bad, as is
    anything unrecognisable ("abc").
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)  # Parquet: no text
        whole = np.isfinite(numbers) & (numbers == np.round(numbers))
        valid = whole & np.isin(numbers, list(VALID_CLUSTERS))
        return np.where(valid, numbers, np.nan), ~np.isnan(numbers) & ~valid
    text = as_text(values)
    strings = text.astype("string")
    # Bare numbers (`3`, `03`, `3.0`: nearly every cell) are matched column-wide; only
    # the rest (`C3`, `Cluster 3`, ...) go through the full pattern cell by cell.
    plain = strings.str.fullmatch(r"0*\d{1,3}(?:\.0*)?", na=False).to_numpy(dtype=bool)
    codes = np.full(len(text), np.nan)
    codes[plain] = pd.to_numeric(strings[plain], errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    rest = np.flatnonzero(~plain & text.notna().to_numpy(dtype=bool))
    if len(rest):
        extracted = strings.iloc[rest].str.extract(_CLUSTER_RE, expand=False)
        codes[rest] = pd.to_numeric(extracted, errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    blank = text.isna().to_numpy(dtype=bool)
    valid = np.isin(codes, list(VALID_CLUSTERS))
    codes = np.where(valid, codes, np.nan)
    return codes, ~blank & ~valid


def cluster_number(text: object) -> int | None:
    """The number a cluster spelling names (``C9`` → 9), valid code or not; None if none."""
    match = _CLUSTER_RE.fullmatch(str(text).strip())
    return int(match.group(1)) if match else None


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


def parse_cluster_list(text: str) -> frozenset[int] | None:
    """``1, 2, 3`` or ``1-4`` or both, or ``all``; None when the text is not valid."""
    text = text.strip()
    if text.casefold() in {"all", "*", "any"}:
        return frozenset(VALID_CLUSTERS - {NOT_ASSESSED})
    codes: set[int] = set()
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            continue
        bounds = re.fullmatch(r"(\S+?)\s*(?:-|–|to)\s*(\S+)", part)
        if bounds:
            low, high = _one_cluster(bounds.group(1)), _one_cluster(bounds.group(2))
            if low is None or high is None or low > high:
                return None
            codes.update(c for c in range(low, high + 1) if c in VALID_CLUSTERS)
        else:
            code = _one_cluster(part)
            if code is None:
                return None
            codes.add(code)
    return frozenset(codes) if codes else None


def _one_cluster(text: str) -> int | None:
    match = _CLUSTER_RE.fullmatch(text.strip())
    if not match:
        return None
    code = int(match.group(1))
    return code if code in VALID_CLUSTERS else None


def parse_share(value: object) -> float | None:
    """One share or rate written ``0.05``, ``5%`` or ``5 %`` (docs/methodology.md §8) as a float;
    None when it is not a finite number. For scenario files and options, which hold
    one value at a time; sheet columns use :func:`parse_number` with ``percent``."""
    if isinstance(value, bool):
        return None
    numbers, bad = parse_number(pd.Series([value], dtype=object), percent=True)
    number = float(numbers[0])
    return None if bad[0] or not np.isfinite(number) else number
