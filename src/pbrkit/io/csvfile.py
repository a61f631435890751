"""Read a CSV file as a grid of text cells, whatever Excel or a clinical system wrote.

Exports from English NHS systems arrive as UTF-8 (often with a byte-order mark from
Excel's "CSV UTF-8"), as Windows-1252 (Excel's plain "CSV"), and with commas,
semicolons (continental locales) or tabs. All are accepted; every cell stays text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from pbrkit.errors import InputError, Problem

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = ",;\t"


def read_csv_grid(path: Path) -> pd.DataFrame:
    """Return every cell of ``path`` as text (NaN when empty), without a header row.

    Raises:
        InputError: the file cannot be read or decoded.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"cannot read '{path.name}': {exc.strerror or exc}")) from None
    text = _decode(raw)
    delimiter = _sniff_delimiter(text[:_SNIFF_BYTES])
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        if isinstance(exc, pd.errors.EmptyDataError):
            return pd.DataFrame()
        raise InputError(
            Problem(
                f"'{path.name}' is not a well-formed CSV file ({str(exc).strip()[:160]})",
                fix="check quoting and that every row has the same number of columns",
            )
        ) from None
    grid.columns = pd.RangeIndex(grid.shape[1])
    return grid


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1252 as Excel's legacy fallback."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # One-column files and files the sniffer cannot decide: count per first line.
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","
