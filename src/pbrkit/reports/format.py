"""Number formatting for people (HTML and messages): £, thousands, per cent.

GBP style: £ and numerals, commas over 999, no pence on large amounts, "£1.2m" only
where space is short (GOV.UK style guide, "Money").

One rounding rule everywhere: half away from zero, as Excel's number formats round,
so report.html and report.xlsx show the same £10,613 for £10,612.50 (Python's own
formatting rounds half to even and would show £10,612). The value is rounded from the
15 significant digits Excel shows, so 2.675 (stored as 2.67499999…) shows as 2.68 and
£151,925 − £148,772.50 worked out as 3152.4999999999995 shows as £3,153 in both.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pbrkit.reports.suppression import is_suppressed

#: The significant digits Excel shows of a number (and rounds a number format from).
EXCEL_DIGITS = 15


def half_away(value: float, digits: int = 0) -> Decimal:
    """``value`` rounded to ``digits`` places, halves away from zero (Excel's rule).

    ``Decimal``'s ROUND_HALF_UP rounds a half away from zero for either sign, from the
    value to 15 significant digits (what Excel shows: a half left a hair short by float
    arithmetic is still a half there). A value that rounds to zero is zero without a
    sign (adding 0 turns -0.00 into 0.00), so a report never shows "-0.00" for a
    difference too small to show.
    """
    shown = Decimal(f"{float(value):.{EXCEL_DIGITS}g}")
    rounded = shown.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return rounded + 0


def money(value: Any, *, pence: bool = False) -> str:
    """``£1,234`` or ``-£1,234`` (``£1,234.50`` with ``pence``); a dash when missing.

    Every function here shows a hidden (published) figure as ``*``.
    """
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    digits = 2 if pence else 0
    amount = half_away(abs(value), digits)
    sign = "-" if value < 0 and amount else ""
    return f"{sign}£{amount:,.{digits}f}"


def money_short(value: Any) -> str:
    """``£1.2m``, ``£350k``: for sentences and chart labels."""
    if is_suppressed(value):
        return str(value)
    v = abs(value)
    if v >= 1e6:
        text = f"£{half_away(v / 1e6, 1):,.1f}m"
    elif v >= 1e4:
        text = f"£{half_away(v / 1e3):,.0f}k"
    else:
        text = f"£{half_away(v):,.0f}"
    return f"-{text}" if value < 0 and text not in ("£0", "£0k", "£0.0m") else text


def count(value: Any) -> str:
    """``12,345``; a dash when missing; words (a capacity's "unlimited") as they are."""
    if is_suppressed(value) or isinstance(value, str):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{half_away(value):,.0f}"


def percent(value: Any, digits: int = 1) -> str:
    """``12.5%``; a dash when missing."""
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    return f"{half_away(value * 100, digits):.{digits}f}%"


def plain(value: float, significant: int = 6) -> str:
    """``0.15``, ``1,500``, ``5,239,000``: a parameter's value in a sentence, to
    ``significant`` figures as ``:g`` gives them but never in scientific notation
    (``:g`` wrote a pool of £5,239,000 as 5.239e+06), thousands grouped."""
    if not math.isfinite(value):
        return str(value)
    return f"{Decimal(f'{value:.{significant}g}'):,f}"


def fixed(value: Any, digits: int = 2) -> str:
    """``0.43``: a ratio to ``digits`` places; a dash when missing."""
    return decimal(value, digits, grouping=False)


def decimal(value: Any, digits: int = 2, *, grouping: bool = True) -> str:
    """``1,158.70``: a number to ``digits`` places (with thousands separators unless
    ``grouping`` is off); a dash when missing."""
    if is_suppressed(value):
        return str(value)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{half_away(value, digits):{',' if grouping else ''}.{digits}f}"


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
