"""Sums of each group of patients, exact and so the same whatever the rows' order.

Floating-point addition is not associative: 0.1 + 0.2 + 0.3 gives 0.6000000000000001,
0.3 + 0.2 + 0.1 gives 0.6. A running sum over a group's patients in the file's row
order can therefore change in its last digit when the same patients come in another
order, and "the order of the rows changes nothing" (docs/methodology.md §5) would hold
only to fifteen digits. Here each group's sum is the exact sum of its values rounded
once to the nearest double (ties to even), as Python's :func:`math.fsum` gives it
(Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
predicates", 1997): the exact sum does not depend on the order, so neither does the
rounded one.

The compiled pass adds every value exactly into a fixed-point accumulator (Kulisch's
"long accumulator"): a double is m·2^(p−1074) for a whole number |m| < 2^53 and a
place 0 ≤ p ≤ 2045, so 68 digits of base 2^32 below 2^(2176−1074) hold any sum of up
to 2^29 doubles without loss. Each value touches three digits; carries are settled at
the end (and every 2^28 values of a group, so no digit overflows). Where few groups are
summed, a value's mantissa is first added as a whole number to its group's bucket for
its exponent, which goes into the digits only when near full and at the end: one
addition a value instead of three, the same exact sum (round 21 of issue 16). NaN is
skipped, as pandas' sums skip it; an infinity makes the sum that infinity, and both
signs make NaN.
Without numba, :func:`math.fsum` over each group's values gives the same bits.
"""

from __future__ import annotations

import math
from fractions import Fraction
from types import SimpleNamespace
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from pbrkit import lazy_numba
from pbrkit.dyadic_sum import DyadicSums

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
Codes = npt.NDArray[np.integer[Any]]

#: Base-2^32 digits of the accumulator: the place of a double's last bit is at most
#: 2045 (2^971 below 2^1024), its 53 bits and a shift of up to 31 reach digit 65,
#: and two more take the carries of 2^29 values.
DIGITS: Final = 68
#: Values added into one group before its digits' carries are settled: each value
#: adds less than 2^33 to a digit, so 2^28 of them stay below 2^61.
SETTLE_EVERY: Final = 1 << 28
#: Below this many rows :func:`math.fsum` per group is quicker than loading the pass.
MIN_ROWS: Final = 50_000
#: A double's exponent fields but the one of infinity and NaN (2047).
FIELDS: Final = 2047
#: Accumulators kept with a bucket per exponent field (16 KB each, 8 MB for 512): as
#: many as the audit's pairs of clusters (441 for the 21 care clusters).
BUCKETED_SUMS: Final = 512
#: A bucket at or past this many of its place goes into the digits: adding one more
#: mantissa (below 2^53) could otherwise pass 2^63.
BUCKET_FULL: Final = 1 << 62


def _settle(digits: Any) -> None:
    """Carry each digit's excess into the next, leaving digits 0..DIGITS-2 in
    [0, 2^32) and the sign in the top digit."""
    for d in range(digits.shape[0] - 1):
        carry = digits[d] >> 32  # an arithmetic shift: floor division by 2^32
        digits[d] -= carry << 32
        digits[d + 1] += carry


def _add(digits: Any, bits: int) -> None:
    """Add the finite double whose IEEE 754 bits (as a signed 64-bit whole number)
    are ``bits`` to ``digits``: its 53-bit magnitude at its place, with its sign."""
    field = (bits >> 52) & 0x7FF
    mantissa = bits & 0xFFFFFFFFFFFFF
    if field != 0:  # a subnormal (or zero) has no hidden bit
        mantissa |= 1 << 52
    _ADD_AT(digits, mantissa, field, bits < 0)


def _add_at(digits: Any, magnitude: int, field: int, negative: bool) -> None:
    """Add ± ``magnitude`` (a whole number below 2^63) times the place of a double's
    last bit with exponent field ``field`` (2^(field − 1075); a subnormal's field, 0,
    has the place of field 1) to ``digits``: less than 2^33 to each of three digits."""
    place = field - 1 if field != 0 else 0
    sign = -1 if negative else 1
    digit, shift = place >> 5, place & 31
    low = (magnitude & 0xFFFFFFFF) << shift  # below 2^63
    high = (magnitude >> 32) << shift  # below 2^62, weighing 2^32 more than low
    digits[digit] += sign * (low & 0xFFFFFFFF)
    digits[digit + 1] += sign * ((low >> 32) + (high & 0xFFFFFFFF))
    digits[digit + 2] += sign * (high >> 32)


def _leading(digits: Any, top: int) -> tuple[int, int, bool]:
    """The place of the leading bit of a settled, positive accumulator whose top
    non-zero digit is ``top``; its 55 leading bits; whether any bit below is set."""
    x = digits[top]
    y = digits[top - 1] if top >= 1 else 0
    z = digits[top - 2] if top >= 2 else 0
    width = 0  # bits in the top digit
    while (x >> width) != 0:
        width += 1
    # x, then y and z below it, lined up so the leading one is bit 54.
    lead = x << (55 - width)
    below = False
    if width <= 23:
        lead |= y << (23 - width)
    else:
        lead |= y >> (width - 23)
        below = (y & ((1 << (width - 23)) - 1)) != 0
    lead |= z >> (width + 9)
    below = below or (z & ((1 << (width + 9)) - 1)) != 0
    for d in range(top - 2):
        below = below or digits[d] != 0
    return 32 * top + width - 1, lead, below


def _rounded(digits: Any) -> float:
    """The accumulator's value rounded to the nearest double, ties to even."""
    _SETTLE(digits)
    negative = digits[digits.shape[0] - 1] < 0
    if negative:
        for d in range(digits.shape[0]):
            digits[d] = -digits[d]
        _SETTLE(digits)
    top = digits.shape[0] - 1
    while top >= 0 and digits[top] == 0:
        top -= 1
    if top < 0:
        return 0.0
    first, lead, below = _LEADING(digits, top)
    if first < 53:  # the sum is a whole number of 2^-1074 below 2^53: held exactly
        value = math.ldexp(float((digits[1] << 32) | digits[0]), -1074)
    else:
        mantissa = lead >> 2
        if (lead >> 1) & 1 and ((lead & 1) or below or (mantissa & 1)):
            mantissa += 1  # to nearest, a tie to the even neighbour
        if mantissa >> 53:  # rounded up to the next power of two
            mantissa, first = mantissa >> 1, first + 1
        # Past the largest double's exponent (1023): infinity (ldexp raises in Python).
        value = math.inf if first > 1023 + 1074 else math.ldexp(float(mantissa), first - 1126)
    return -value if negative else value


def _group_sums(keys: Any, values: Any, centres: Any, width: int, pooled: bool) -> Any:
    """Each code's exact sum of ``values`` rounded once (or, when ``centres`` holds a
    value per code, of each value's squared distance from its code's centre), its
    count of non-NaN values and its rows; ``pooled``, one sum of every code's values
    (each code's count and rows still apart)."""
    kept = 1 if pooled else width
    digits = np.zeros((kept, DIGITS), dtype=np.int64)
    inf = np.zeros((kept, 2), dtype=np.int64)  # each sum's infinities, + and −
    counts = np.zeros(width, dtype=np.int64)
    sizes = np.zeros(width, dtype=np.int64)
    _ACCUMULATE(keys, values, centres, pooled, digits, counts, sizes, inf)
    return _ROUNDED_EACH(digits, inf), counts, sizes


def _group_sums_total(keys: Any, values: Any, centres: Any, width: int) -> Any:
    """:func:`_group_sums` of each code, and the pooled sum too, from the same pass:
    the codes' accumulators added exactly (each settled first, so that no digit
    overflows) and rounded once, the bits ``pooled`` gives."""
    digits = np.zeros((width, DIGITS), dtype=np.int64)
    inf = np.zeros((width, 2), dtype=np.int64)
    counts = np.zeros(width, dtype=np.int64)
    sizes = np.zeros(width, dtype=np.int64)
    _ACCUMULATE(keys, values, centres, False, digits, counts, sizes, inf)
    total = np.zeros((1, DIGITS), dtype=np.int64)
    total_inf = np.zeros((1, 2), dtype=np.int64)
    for group in range(width):
        _SETTLE(digits[group])
        for d in range(DIGITS):
            total[0, d] += digits[group, d]
        total_inf[0, 0] += inf[group, 0]
        total_inf[0, 1] += inf[group, 1]
    each = _ROUNDED_EACH(digits, inf)  # rounding changes the digits: after the total
    return each, counts, sizes, _ROUNDED_EACH(total, total_inf)[0]


def _accumulate(
    keys: Any,
    values: Any,
    centres: Any,
    pooled: bool,
    digits: Any,
    counts: Any,
    sizes: Any,
    inf: Any,
) -> None:
    """Add each row's value (or its squared distance from its code's ``centres``) into
    its code's accumulator (``pooled``: the one), counting rows and non-NaN values.

    Where few accumulators are kept (:data:`BUCKETED_SUMS`), each value's mantissa is
    first added, as a whole number, to its accumulator's bucket for the value's
    exponent: one addition a value instead of three digits' (round 21 of issue 16).
    A bucket holds whole multiples of one place exactly below 2^63, so it is moved
    into the digits (:func:`_add_at`) before it could pass that, and at the end: the
    same exact sum, so the same bits."""
    kept = digits.shape[0]
    bucketed = kept <= BUCKETED_SUMS
    buckets = np.zeros((kept if bucketed else 0, FIELDS), dtype=np.int64)
    added = np.zeros(kept, dtype=np.int64)  # additions into each accumulator's digits
    squares = centres.shape[0] > 0
    scratch = np.empty(1)  # a double and its bits, through an array's two views
    bits = scratch.view(np.int64)
    for i in range(keys.shape[0]):
        group = keys[i]
        sizes[group] += 1
        value = values[i]
        if value != value:  # NaN is skipped
            continue
        counts[group] += 1
        if squares:
            value = (value - centres[group]) * (value - centres[group])
        slot = 0 if pooled else group
        if value == np.inf:
            inf[slot, 0] += 1
        elif value == -np.inf:
            inf[slot, 1] += 1
        elif value == value and bucketed:  # (an infinite centre's NaN square is left out)
            scratch[0] = value
            b = bits[0]
            field = (b >> 52) & 0x7FF
            mantissa = b & 0xFFFFFFFFFFFFF
            if field != 0:  # a subnormal (or zero) has no hidden bit
                mantissa |= 1 << 52
            whole = buckets[slot, field] + (-mantissa if b < 0 else mantissa)
            if whole >= BUCKET_FULL or whole <= -BUCKET_FULL:  # below 2^62 + 2^53
                _ADD_AT(digits[slot], abs(whole), field, whole < 0)
                _SETTLE_SOMETIMES(digits[slot], added, slot)
                whole = 0
            buckets[slot, field] = whole
        elif value == value:
            scratch[0] = value
            _ADD(digits[slot], bits[0])
            _SETTLE_SOMETIMES(digits[slot], added, slot)
    _FLUSH_BUCKETS(buckets, digits, added)


def _add_chunk(keys: Any, values: Any, digits: Any, counts: Any, sizes: Any, inf: Any) -> None:
    """Add one chunk of rows into accumulators kept from chunk to chunk, then settle
    every accumulator's carries: each call starts from settled digits, so any number of
    chunks keeps every digit in range (:class:`GroupSums`)."""
    _ACCUMULATE(keys, values, np.empty(0), False, digits, counts, sizes, inf)
    for group in range(digits.shape[0]):
        _SETTLE(digits[group])


def _whole_within(values: Any, limit: float) -> bool:
    """Whether every value is a whole number and their magnitudes add up below
    ``limit`` (NaN and infinities are not whole): one pass, stopping at the first
    value that is not."""
    total = 0.0
    for i in range(values.shape[0]):
        value = values[i]
        if value != np.floor(value):  # a fraction, NaN or an infinity (inf − inf is NaN)
            return False
        total += abs(value)
    return total < limit


def _flush_buckets(buckets: Any, digits: Any, added: Any) -> None:
    """Each accumulator's buckets moved into its digits, at the end of a pass."""
    for slot in range(buckets.shape[0]):
        for field in range(FIELDS):
            whole = buckets[slot, field]
            if whole != 0:
                _ADD_AT(digits[slot], abs(whole), field, whole < 0)
                _SETTLE_SOMETIMES(digits[slot], added, slot)


def _settle_sometimes(digits: Any, added: Any, slot: int) -> None:
    """Count one more addition into accumulator ``slot``; settle its carries every
    :data:`SETTLE_EVERY` (each adds less than 2^33 to a digit)."""
    added[slot] += 1
    if added[slot] % SETTLE_EVERY == 0:
        _SETTLE(digits)


def _rounded_each(digits: Any, inf: Any) -> Any:
    """Each accumulator's sum: rounded once, or its infinity (NaN for both signs)."""
    sums = np.zeros(digits.shape[0])
    for group in range(digits.shape[0]):
        if inf[group, 0] > 0 and inf[group, 1] > 0:
            sums[group] = np.nan
        elif inf[group, 0] > 0:
            sums[group] = np.inf
        elif inf[group, 1] > 0:
            sums[group] = -np.inf
        else:
            sums[group] = _ROUNDED(digits[group])
    return sums


# The helpers the pass calls, by these names: numba compiles a call to a global that
# is itself compiled, so _compile rebinds them to their compiled selves (as
# allocation_kernel does); uncompiled, the same code runs as Python (tests use it).
_SETTLE, _ADD, _LEADING, _ROUNDED = _settle, _add, _leading, _rounded
_ADD_AT, _SETTLE_SOMETIMES, _FLUSH_BUCKETS = _add_at, _settle_sometimes, _flush_buckets
_ACCUMULATE, _ROUNDED_EACH = _accumulate, _rounded_each


def _compile(numba: Any) -> SimpleNamespace:
    global _SETTLE, _ADD, _LEADING, _ROUNDED, _ACCUMULATE, _ROUNDED_EACH
    global _ADD_AT, _SETTLE_SOMETIMES, _FLUSH_BUCKETS

    def jit(work: Any) -> Any:
        return numba.njit(cache=True, nogil=True)(work)

    _SETTLE, _ADD_AT = jit(_settle), jit(_add_at)
    _SETTLE_SOMETIMES, _ADD, _LEADING = jit(_settle_sometimes), jit(_add), jit(_leading)
    _ROUNDED, _FLUSH_BUCKETS = jit(_rounded), jit(_flush_buckets)
    _ACCUMULATE, _ROUNDED_EACH = jit(_accumulate), jit(_rounded_each)
    return SimpleNamespace(
        group_sums=jit(_group_sums),
        group_sums_total=jit(_group_sums_total),
        add_chunk=jit(_add_chunk),
        rounded_each=_ROUNDED_EACH,
        whole_within=jit(_whole_within),
    )


#: The compiled pass, numba imported only on its first call.
_passes = lazy_numba.loader(_compile)


Sums = tuple[FloatArray, CountArray, CountArray]
_NO_CENTRES: Final = np.empty(0)


def group_sums(
    keys: Codes,
    values: FloatArray,
    width: int,
    centres: FloatArray | None = None,
    *,
    pooled: bool = False,
) -> Sums:
    """Each code's sum of ``values`` (exact, rounded once: the same whatever the rows'
    order), count of non-NaN values and rows, for codes 0 to ``width`` − 1 (``keys``:
    whole numbers in that range). With ``centres`` (one per code), the sums of each
    value's squared distance from its code's centre instead. ``pooled`` gives one sum
    of all of them (the first array has one value), each code's counts apart."""
    keys = np.ascontiguousarray(keys)
    values = np.ascontiguousarray(values, dtype=np.float64)
    passes = _passes() if len(keys) >= MIN_ROWS else None
    if passes is not None:
        # Read-only views, whichever the caller's arrays are: numba types the two kinds
        # apart and loads the pass from its cache once per type (about 5 ms each).
        keys, values = _read_only(keys), _read_only(values)
        found = passes.group_sums(keys, values, _centres(centres), width, pooled)
        return np.asarray(found[0]), np.asarray(found[1]), np.asarray(found[2])
    return _fsums(keys, values, width, centres, pooled=pooled)


def group_sums_total(
    keys: Codes, values: FloatArray, width: int, centres: FloatArray | None = None
) -> tuple[FloatArray, CountArray, CountArray, float]:
    """:func:`group_sums` of each code, and their pooled sum (the one ``pooled=True``
    gives, the same bits) from the same pass: the sum of every value exact, rounded
    once. A reduction in variance needs both, and took a pass over every patient for
    each (round 19 of issue 16)."""
    keys = np.ascontiguousarray(keys)
    values = np.ascontiguousarray(values, dtype=np.float64)
    passes = _passes() if len(keys) >= MIN_ROWS else None
    if passes is not None:
        keys, values = _read_only(keys), _read_only(values)
        found = passes.group_sums_total(keys, values, _centres(centres), width)
        return np.asarray(found[0]), np.asarray(found[1]), np.asarray(found[2]), float(found[3])
    sums, counts, sizes = _fsums(keys, values, width, centres)
    total = _fsums(keys, values, width, centres, pooled=True)[0][0]
    return sums, counts, sizes, float(total)


#: Whole numbers whose magnitudes add up below this are added exactly by float64 in any
#: order (every partial sum is a whole number below 2^53); one bit of margin for the
#: rounding of the check's own sum.
WHOLE_LIMIT: Final = 2.0**52


def adds_exactly(values: FloatArray) -> bool:
    """Whether float64 adds ``values`` exactly in any order (so a plain sum is the exact
    sum): whole numbers whose magnitudes add up below :data:`WHOLE_LIMIT`; NaN and
    infinities never do. Compiled from :data:`MIN_ROWS` values (one pass, no copies)."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    passes = _passes() if len(values) >= MIN_ROWS else None
    if passes is not None:
        return bool(passes.whole_within(_read_only(values), WHOLE_LIMIT))
    if not np.array_equal(np.floor(values), values):
        return False
    return float(np.abs(values).sum()) < WHOLE_LIMIT


class GroupSums:
    """:func:`group_sums` of rows given in chunks (a file read batch by batch), without
    holding them: each chunk goes into the same exact accumulators, so the sums are the
    bits :func:`group_sums` gives for all the rows at once, in any order and however
    they are cut. Below :data:`MIN_ROWS` rows in all the chunks are kept and summed by
    :func:`math.fsum` at the end, as :func:`group_sums` does; from there without numba,
    by :class:`pbrkit.dyadic_sum.DyadicSums` (numpy, the same bits)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._held: list[tuple[Codes, FloatArray]] = []
        self._rows = 0
        self._state: tuple[CountArray, CountArray, CountArray, CountArray] | None = None
        self._dyadic: DyadicSums | None = None

    def add(self, keys: Codes, values: FloatArray) -> None:
        """Add rows: ``keys`` codes 0 to ``width`` − 1, ``values`` (NaN skipped)."""
        chunk = (_read_only(np.ascontiguousarray(keys)),
                 _read_only(np.ascontiguousarray(values, dtype=np.float64)))  # fmt: skip
        if self._dyadic is not None:
            self._dyadic.add(*chunk)
        elif self._state is None:
            self._held.append(chunk)
            self._rows += len(chunk[0])
            if self._rows < MIN_ROWS:
                return
            passes = _passes()
            if passes is None:
                self._dyadic = DyadicSums(self.width)
                held, self._held = self._held, []
                for keys_, values_ in held:
                    self._dyadic.add(keys_, values_)
                return
            width = self.width
            self._state = (np.zeros((width, DIGITS), dtype=np.int64),
                           np.zeros(width, dtype=np.int64), np.zeros(width, dtype=np.int64),
                           np.zeros((width, 2), dtype=np.int64))  # fmt: skip
            held, self._held = self._held, []
            for keys_, values_ in held:
                passes.add_chunk(keys_, values_, *self._state)
        else:
            self._compiled().add_chunk(chunk[0], chunk[1], *self._state)

    def sums(self) -> FloatArray:
        """Each code's sum, exact and rounded once (0 for a code with no rows)."""
        if self._dyadic is not None:
            return self._dyadic.sums()
        if self._state is None:
            if not self._held:
                return np.zeros(self.width)
            keys = np.concatenate([k for k, _ in self._held])
            values = np.concatenate([v for _, v in self._held])
            return _fsums(keys, values, self.width)[0]
        digits, _, _, inf = self._state
        return np.asarray(self._compiled().rounded_each(digits.copy(), inf))

    @staticmethod
    def _compiled() -> SimpleNamespace:
        passes = _passes()  # loaded when the accumulators were made
        if passes is None:
            raise RuntimeError("the exact sums' compiled pass is gone")
        return passes


def _read_only(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A view of ``array`` that cannot be written to (no copy)."""
    view = array.view()
    view.flags.writeable = False
    return view


def _centres(centres: FloatArray | None) -> FloatArray:
    return _NO_CENTRES if centres is None else np.ascontiguousarray(centres, dtype=np.float64)


def _fsums(
    keys: Codes,
    values: FloatArray,
    width: int,
    centres: FloatArray | None = None,
    *,
    pooled: bool = False,
) -> Sums:
    """:func:`group_sums` by :func:`math.fsum` over each code's values."""
    order = np.argsort(keys, kind="stable")
    sizes = np.bincount(keys, minlength=width).astype(np.int64)
    counts = np.zeros(width, dtype=np.int64)
    parts = []
    start = 0
    for code in range(width):
        group = values[order[start : start + sizes[code]]]
        start += int(sizes[code])
        group = group[~np.isnan(group)]
        counts[code] = len(group)
        if centres is not None:
            with np.errstate(over="ignore"):  # a square past the largest double: inf
                group = (group - centres[code]) * (group - centres[code])
            group = group[~np.isnan(group)]
        parts.append(group)
    if pooled:
        return np.array([exact_sum(np.concatenate(parts))]), counts, sizes
    return np.array([exact_sum(part) for part in parts], dtype=np.float64), counts, sizes


def exact_sum(values: FloatArray) -> float:
    """The sum of ``values`` (no NaN), exact and rounded once, as :func:`math.fsum`;
    an infinity gives that infinity, both give NaN, and a sum too large for a double
    gives an infinity of its sign (where :func:`math.fsum` raises on any partial sum
    that large)."""
    rising, falling = bool(np.any(values == np.inf)), bool(np.any(values == -np.inf))
    if rising or falling:
        return math.nan if rising and falling else (math.inf if rising else -math.inf)
    try:
        return math.fsum(values.tolist()) + 0.0  # a sum of -0.0s is 0.0, as the pass gives
    except OverflowError:  # a partial sum passed the largest double: add exactly
        exact = sum((Fraction(v) for v in values.tolist()), Fraction(0))
        try:
            return float(exact)  # int / int: correctly rounded
        except OverflowError:
            return math.inf if exact > 0 else -math.inf
