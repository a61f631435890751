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
from typing import Final

from pbrkit.reports.suppression import Suppressed, is_suppressed
from pbrkit.reports.values import Value

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


def money(value: Value, *, pence: bool = False) -> str:
    """``£1,234`` or ``-£1,234`` (``£1,234.50`` with ``pence``); a dash when missing.

    Every function here shows a hidden (published) figure as ``*``.
    """
    if isinstance(value, Suppressed):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = _number(value)
    digits = 2 if pence else 0
    amount = half_away(abs(number), digits)
    sign = "-" if number < 0 and amount else ""
    return f"{sign}£{amount:,.{digits}f}"


#: A £ figure that rounds to nothing, as :func:`money_short` shows it.
ZERO_POUNDS: Final = "£0"


#: The short format's units, largest first: (from, scale, suffix, decimals). £10k and
#: up are in thousands (whole thousands below that hid pounds, review 10).
SHORT_UNITS: Final = ((1e9, 1e9, "bn", 1), (1e6, 1e6, "m", 1), (1e4, 1e3, "k", 0))
#: One decimal more than a unit's own, for an amount that it shows exactly.
EXACT_EXTRA: Final = 1


def money_short(value: Value) -> str:
    """``£44.9bn``, ``£1.2m``, ``£350k``: for sentences and chart labels. A sum is in
    the larger unit once the smaller one would show it as a whole one (999,950,000 is
    "£1.0bn", not "£1,000.0m"; 999,500 is "£1.0m", not "£1,000k").

    An amount that one more decimal shows exactly is shown so: £2,450,000 is "£2.45m",
    £12,500 "£12.5k". A figure already rounded (a published £ total, a multiple of
    £50,000: docs/methodology.md §7) is then not rounded a second time: "£2.5m" for a
    published £2,450,000 was £57,266 from the true £2,442,734, past the ± £25,000 the
    reader is told."""
    if isinstance(value, Suppressed):
        return str(value)
    number = _number(value)
    v = abs(number)
    text = f"£{half_away(v):,.0f}"
    shown = float(half_away(v))  # ``v`` as the unit below the one tried shows it
    for start, scale, suffix, digits in reversed(SHORT_UNITS):
        if shown < start:
            break
        places = _places(v / scale, digits)
        text = f"£{half_away(v / scale, places):,.{places}f}{suffix}"
        shown = float(half_away(v / scale, places)) * scale
    return f"-{text}" if number < 0 and text != "£0" else text


def _places(amount: float, digits: int) -> int:
    """``digits``, or one more where that shows ``amount`` exactly and ``digits`` not."""
    more = digits + EXACT_EXTRA
    exact = half_away(amount, more) == Decimal(f"{amount:.{EXCEL_DIGITS}g}")
    return more if exact and half_away(amount, digits) != half_away(amount, more) else digits


def count(value: Value) -> str:
    """``12,345``; a dash when missing; words (a capacity's "unlimited") as they are."""
    if isinstance(value, Suppressed | str):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{half_away(value):,.0f}"


def percent(value: Value, digits: int = 1) -> str:
    """``12.5%``; a dash when missing."""
    if isinstance(value, Suppressed):
        return str(value)
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    return f"{half_away(_number(value) * 100, digits):.{digits}f}%"


def _number(value: int | float | str | None) -> int | float:
    """``value`` as a number: a text or a blank where a figure is shown is a layout's
    mistake (as ``abs`` of one would say)."""
    if isinstance(value, str) or value is None:
        raise TypeError(f"not a figure: {value!r}")
    return value


def plain(value: float | Suppressed, significant: int = 6) -> str:
    """``0.15``, ``1,500``, ``5,239,000``: a parameter's value in a sentence, to
    ``significant`` figures as ``:g`` gives them but never in scientific notation
    (``:g`` wrote a pool of £5,239,000 as 5.239e+06), thousands grouped; a hidden one
    (a capacity's range end, published) as hidden figures show."""
    if not math.isfinite(value):
        return str(value)
    return f"{Decimal(f'{value:.{significant}g}'):,f}"


def fixed(value: Value, digits: int = 2) -> str:
    """``0.43``: a ratio to ``digits`` places; a dash when missing."""
    return decimal(value, digits, grouping=False)


def decimal(value: Value, digits: int = 2, *, grouping: bool = True) -> str:
    """``1,158.70``: a number to ``digits`` places (with thousands separators unless
    ``grouping`` is off); a dash when missing."""
    if isinstance(value, Suppressed):
        return str(value)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{half_away(_number(value), digits):{',' if grouping else ''}.{digits}f}"


#: Plurals that are not the singular + "s".
IRREGULAR_PLURALS = {
    "person": "people",
    "this": "these",
    "is": "are",
    "loses": "lose",
    "has": "have",
}


def plural(value: Value, singular: str, many: str | None = None) -> str:
    """``1 cluster``, ``2 clusters``, ``1 person``, ``1,234 people``; hidden: ``* people``.

    The number is formatted as :func:`count`; the noun agrees with the number as shown
    (a median of 0.5 people is shown "1 person", not "1 people"), so only a figure shown
    as 1 is singular: 0 and 1.5 ("2") take the plural.
    """
    shown = count(value)
    return f"{shown} {noun(1 if shown == '1' else value, singular, many)}"


def noun(value: Value, singular: str, many: str | None = None) -> str:
    """The word for ``value`` things without the number: ``cluster`` or ``clusters``.

    Also agrees a verb with its subject: ``noun(n, "loses")`` gives ``loses`` for 1 and
    ``lose`` otherwise.
    """
    one = not is_suppressed(value) and value is not None and value == 1
    if one:
        return singular
    return many or IRREGULAR_PLURALS.get(singular) or f"{singular}s"
