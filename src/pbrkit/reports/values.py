"""The values a report holds, as one type: what a document's cells, figures and formulas
take and give (the registry's figures are numbers, texts, hidden figures or blanks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeGuard

from pbrkit.reports.suppression import Suppressed

#: One value in a document: a number, a text, a hidden figure (SUPPRESSED) or None
#: (blank). The values every command's document holds on the shipped examples.
Value = int | float | str | Suppressed | None
Row = Mapping[str, Value]
#: A figure to work with: a number, or hidden (arithmetic on it gives it back).
Amount = int | float | Suppressed


def amount(value: Value) -> Amount:
    """``value`` as a figure to work with (a text or a blank would be a layout's mistake)."""
    if isinstance(value, str) or value is None:
        raise TypeError(f"not a figure: {value!r}")
    return value


def is_number(value: object) -> TypeGuard[int | float]:
    """True for a number: not a text, a blank, a hidden figure or a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
