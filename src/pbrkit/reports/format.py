"""Number formatting for people (HTML and messages): £, thousands, per cent.

GBP style: £ and numerals, commas over 999, no pence on large amounts, "£1.2m" only
where space is short (reference/ecosystem.md §4.2).
"""

from __future__ import annotations

import math
from typing import Any

from pbrkit.reports.suppression import is_suppressed


def money(value: Any, *, pence: bool = False) -> str:
    """``£1,234`` or ``-£1,234`` (``£1,234.50`` with ``pence``); a dash when missing.

    Every function here shows a hidden (published) figure as ``*``.
    """
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    amount = abs(value)
    return f"{sign}£{amount:,.2f}" if pence else f"{sign}£{amount:,.0f}"


def money_short(value: Any) -> str:
    """``£1.2m``, ``£350k``: for sentences and chart labels."""
    if is_suppressed(value):
        return str(value)
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e6:
        return f"{sign}£{v / 1e6:,.1f}m"
    if v >= 1e4:
        return f"{sign}£{v / 1e3:,.0f}k"
    return f"{sign}£{v:,.0f}"


def count(value: Any) -> str:
    """``12,345``; a dash when missing."""
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.0f}"


def percent(value: Any, digits: int = 1) -> str:
    """``12.5%``; a dash when missing."""
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    return f"{value * 100:.{digits}f}%"


def fixed(value: Any, digits: int = 2) -> str:
    """``0.43``: a ratio to ``digits`` places; a dash when missing."""
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{float(value):.{digits}f}"


#: Plurals that are not the singular + "s".
IRREGULAR_PLURALS = {
    "person": "people",
    "this": "these",
    "is": "are",
    "loses": "lose",
    "has": "have",
}


def plural(value: Any, singular: str, many: str | None = None) -> str:
    """``1 cluster``, ``2 clusters``, ``1 person``, ``1,234 people``; hidden: ``* people``.

    The number is formatted as :func:`count`; the noun agrees with it (only exactly 1
    is singular, so 0 and 1.5 take the plural).
    """
    return f"{count(value)} {noun(value, singular, many)}"


def noun(value: Any, singular: str, many: str | None = None) -> str:
    """The word for ``value`` things without the number: ``cluster`` or ``clusters``.

    Also agrees a verb with its subject: ``noun(n, "loses")`` gives ``loses`` for 1 and
    ``lose`` otherwise.
    """
    one = not is_suppressed(value) and value is not None and value == 1
    if one:
        return singular
    return many or IRREGULAR_PLURALS.get(singular) or f"{singular}s"
