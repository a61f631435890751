"""Exact per-group sums in numpy alone, chunk by chunk: the exact sums' path without numba.

:class:`pbrkit.exact_sum.GroupSums` adds a file's rows, batch by batch, into compiled
long accumulators; without numba it needs another way that does not hold the rows (a
10-million-row patient table would otherwise be kept whole and summed by ``math.fsum``,
a Python float each). Every finite double is a whole number times a power of two:
``numpy.frexp`` gives x = m × 2^(e − 53) with m a whole number below 2^53 and e from
−1073 (the least subnormal) to 1024. Each m is split into a high part below 2^27 and a
low part below 2^26, and each part is summed per (group, e) by ``numpy.bincount``: up to
2^25 parts at a time, every partial sum a whole number below 2^52, which float64 adds
exactly. The bins are kept as int64 from chunk to chunk, and at the end each group's
bins are added as Python integers (in units of 2^−1126, the least place of any double)
and divided once: Python's int ÷ int is correctly rounded, so each sum is the exact sum
rounded once to the nearest double (ties to even), the bits ``math.fsum`` gives.
Infinities and NaN follow :func:`pbrkit.exact_sum.exact_sum`: NaN is skipped, an
infinity makes the sum that infinity, and both signs make NaN.
"""

from __future__ import annotations

import math
from typing import Any, Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Codes = npt.NDArray[np.integer[Any]]

#: frexp's exponent of the least subnormal double (5e-324 = 0.5 × 2^−1073) and of the
#: largest double: every finite double's exponent is in between.
_LEAST: Final = -1073
_EXPONENTS: Final = 1024 - _LEAST + 1
#: A double's 53-bit whole number m is split at this bit: high parts below 2^27.
_SPLIT: Final = 26
#: Parts summed by one bincount: 2^25 parts below 2^27 add up below 2^52.
ROWS_AT_ONCE: Final = 1 << 25
#: The least place of any double is 2^(_LEAST − 53) = 2^−1126.
_PLACES: Final = 53 - _LEAST


class DyadicSums:
    """Each code's exact sum of rows given in chunks, codes 0 to ``width`` − 1."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._high = np.zeros(width * _EXPONENTS, dtype=np.int64)
        self._low = np.zeros(width * _EXPONENTS, dtype=np.int64)
        self._infinite = np.zeros((2, width), dtype=np.int64)  # + and − infinities

    def add(self, keys: Codes, values: FloatArray) -> None:
        """Add rows: ``keys`` codes, ``values`` (NaN skipped)."""
        for start in range(0, len(values), ROWS_AT_ONCE):
            end = start + ROWS_AT_ONCE
            self._add(np.asarray(keys[start:end], dtype=np.int64), values[start:end])

    def _add(self, keys: npt.NDArray[np.int64], values: FloatArray) -> None:
        finite = np.isfinite(values)
        if not finite.all():
            for side, infinity in enumerate((math.inf, -math.inf)):
                self._infinite[side] += np.bincount(keys[values == infinity], minlength=self.width)
            keys, values = keys[finite], values[finite]
        fraction, exponent = np.frexp(values)
        whole = (fraction * 2.0**53).astype(np.int64)  # values = whole × 2^(exponent − 53)
        bins = keys * _EXPONENTS + (exponent.astype(np.int64) - _LEAST)
        size = self.width * _EXPONENTS
        for kept, part in ((self._high, whole >> _SPLIT), (self._low, whole & ((1 << _SPLIT) - 1))):
            kept += np.bincount(bins, part.astype(np.float64), minlength=size).astype(np.int64)

    def sums(self) -> FloatArray:
        """Each code's sum, exact and rounded once (0.0 for a code with no rows)."""
        found = np.zeros(self.width)
        for code in range(self.width):
            plus, minus = self._infinite[:, code]
            if plus or minus:
                found[code] = math.nan if plus and minus else (math.inf if plus else -math.inf)
                continue
            bins = slice(code * _EXPONENTS, (code + 1) * _EXPONENTS)
            high, low = self._high[bins], self._low[bins]
            total = 0
            for at in np.flatnonzero(high | low).tolist():
                # bin ``at`` holds multiples of 2^(at + _LEAST − 53): ``at`` places of 2^−1126
                total += ((int(high[at]) << _SPLIT) + int(low[at])) << at
            found[code] = _rounded(total)
        return found


def _rounded(total: int) -> float:
    """``total`` × 2^−1126 rounded once to the nearest double (0 is +0.0)."""
    try:
        return total / (1 << _PLACES) + 0.0
    except OverflowError:  # past the largest double
        return math.inf if total > 0 else -math.inf
