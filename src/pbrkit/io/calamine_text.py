"""Numbers loaded typed, as the text load would have given them.

A number cell loaded as text reads as calamine's text of it: fastexcel (0.21) writes a
float with nine decimal places and drops the trailing zeros, so 0.1234567891 reads as
``0.123456789``, 1e-10 as ``0`` and 99999999999.99 as ``99999999999.990005493``
(measured: tests/test_calamine_text.py compares the rule with fastexcel's own text).
A reader that parses that text gets the float nearest to it, which is not always the
cell's float. :func:`as_read_from_text` gives, from the cell's float, the float that
parsing calamine's text gives, so a column loaded typed reads as the text load read it
(benchmarks/analysis.md, "Round 16: the xlsx read").

Most cells need no change, and that is proved without formatting them: a float ``x``
with ``|x| < 2**23`` that is the nearest float to a decimal ``d`` of at most nine
places lies within half a unit in its last place of ``d``, at most 2**-31 < 0.5e-9
(its unit is at most 2**-30), so its text is ``d``'s and parses back to ``x``. That
holds when ``r / 1e9 == x`` for ``r = rint(x * 1e9)``: ``r`` is a whole number below
2**53 (exact), and IEEE division rounds ``r / 10**9`` to its nearest float. From 2**23
up a float's unit is at least 2**-29, more than twice the 0.5e-9 the nine places can
move it, so its text parses back to it too. The rest are formatted one by one.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: The decimal places of calamine's text of a number cell (fastexcel 0.21).
PLACES: Final = 9

#: From here up a float's text always parses back to it (module docstring).
_EXACT_FROM: Final = float(2**23)


def text_of(number: float) -> str:
    """calamine's text of a number cell: nine places, trailing zeros dropped."""
    text = f"{number:.{PLACES}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_read_from_text(numbers: FloatArray) -> FloatArray:
    """``numbers`` (NaN for blank) as parsing calamine's text of each gives them; the
    same array when no number changes (nearly always: see the module docstring)."""
    with np.errstate(invalid="ignore", over="ignore"):
        small = np.abs(numbers) < _EXACT_FROM  # NaN is not: a blank stays blank
        scaled = np.rint(numbers * 1e9) / 1e9
        changed = np.flatnonzero(small & (scaled != numbers))
    if not changed.size:
        return numbers
    read = numbers.copy()
    read[changed] = [float(text_of(float(value))) for value in numbers[changed]]
    return read
