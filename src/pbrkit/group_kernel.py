"""Sums, means and standard deviations of patients' figures per group of codes,
exact and so the same whatever the order of the rows.

The cost measures and the audit group the same patients a dozen times: by cluster,
by trait group, by pair of clusters. A group's sum is the exact sum of its values
rounded once (:mod:`pbrkit.exact_sum`), so the figures do not depend on the order of
the file's rows, to the last digit (docs/methodology.md §5); a pandas group-by adds in
row order and can differ in the 16th digit when the same patients come in another
order. A mean is that sum over the count; a standard deviation is the square root of
the exact sum of squared distances from the group's mean, over n − ddof.

Small non-negative whole-number codes (care clusters, trait groups) name their groups
directly, through a table indexed by code; other keys are numbered first
(``pandas.factorize``, ascending). With numba (the optional ``fast`` extra) and
enough rows, one compiled pass adds up every group; otherwise :func:`math.fsum` over
each group's values gives the same bits.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import exact_sum, lazy_numba

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
Codes = npt.NDArray[np.integer[Any]]

#: Codes below this (and not negative) are grouped through a table indexed by code.
DENSE_CODES: Final = 1 << 16
#: Keys counted at a time (8 MB of int64 for np.bincount's copy of a block).
_BLOCK: Final = 1 << 20
#: Below this many rows numpy puts them in order: loading the compiled pass would cost more.
MIN_ROWS: Final = 200_000


def _in_order(keys: Any, values: Any, width: int) -> Any:
    """``values`` put in order of their codes (each code's in row order: what
    ``values[np.argsort(keys, kind="stable")]`` gives) and the rows of each code,
    by counting: no array of positions, no sort."""
    counts = np.zeros(width, dtype=np.int64)
    for i in range(keys.shape[0]):
        counts[keys[i]] += 1
    position = np.empty(width, dtype=np.int64)
    total = 0
    for group in range(width):
        position[group] = total
        total += counts[group]
    placed = np.empty(keys.shape[0], dtype=values.dtype)
    for i in range(keys.shape[0]):
        group = keys[i]
        placed[position[group]] = values[i]
        position[group] += 1
    return placed, counts


def _counted(keys: Any, width: int) -> Any:
    """Each code's rows, and its first row (the number of rows for a code with none)."""
    sizes = np.zeros(width, dtype=np.int64)
    first = np.full(width, keys.shape[0], dtype=np.int64)
    for i in range(keys.shape[0]):
        key = keys[i]
        if sizes[key] == 0:
            first[key] = i
        sizes[key] += 1
    return sizes, first


def _numbered(keys: Any, width: int) -> Any:
    """Each row's group, the groups numbered by the first row of their code below
    ``width`` (as ``pd.factorize`` numbers them), and each group's last row."""
    number = np.full(width, -1, dtype=np.int64)
    groups = np.empty(keys.shape[0], dtype=np.int64)
    last = np.empty(min(width, keys.shape[0]), dtype=np.int64)
    found = 0
    for i in range(keys.shape[0]):
        group = number[keys[i]]
        if group < 0:
            group = found
            number[keys[i]] = group
            found += 1
        groups[i] = group
        last[group] = i
    return groups, last[:found]


#: The radix sort's digits: 11 bits, so six passes cover 64 and a pass's counts
#: (2,048) stay in the first-level cache.
_BITS: Final = 11
_PASSES: Final = 6
_RADIX: Final = 1 << _BITS


def _sorted_runs(values: Any, starts: Any, sizes: Any, largest: int) -> None:
    """Sort each run ``values[start : start + size]`` of at most ``largest`` floats in
    place, ascending, by a least-significant-digit radix sort of their bits: a
    positive float's bits with the sign bit set, a negative one's inverted, order as
    the floats do (no NaN or -0.0 among them: see :func:`sort_runs`)."""
    sign = np.uint64(1) << np.uint64(63)
    mask = np.uint64(_RADIX - 1)
    keys = values.view(np.uint64)
    spare = np.empty(largest, dtype=np.uint64)
    counts = np.zeros((_PASSES, _RADIX), dtype=np.int64)
    for r in range(starts.shape[0]):
        start, size = starts[r], sizes[r]
        if size < 2 or size > largest:
            continue
        run, other = keys[start : start + size], spare[:size]
        counts[:] = 0
        for i in range(size):  # the bits made to order as the floats, and counted
            u = run[i]
            u = ~u if u & sign else u | sign
            run[i] = u
            for p in range(_PASSES):
                counts[p, (u >> np.uint64(_BITS * p)) & mask] += 1
        source, target = run, other
        for p in range(_PASSES):
            if counts[p].max() == size:  # every key has this digit: nothing moves
                continue
            total = 0
            for digit in range(_RADIX):  # each digit's first place
                count = counts[p, digit]
                counts[p, digit] = total
                total += count
            shift = np.uint64(_BITS * p)
            for i in range(size):  # stable: each digit's keys in their present order
                u = source[i]
                digit = (u >> shift) & mask
                target[counts[p, digit]] = u
                counts[p, digit] += 1
            source, target = target, source
        for i in range(size):  # back to the floats' own bits, in the run
            u = source[i]
            run[i] = u & ~sign if u & sign else ~u


def installed() -> bool:
    """Whether numba (the optional ``fast`` extra) is installed."""
    return lazy_numba.installed()


def _compile(numba: Any) -> SimpleNamespace:
    def jit(work: Any) -> Any:
        return numba.njit(cache=True, nogil=True)(work)

    return SimpleNamespace(
        in_order=jit(_in_order),
        counted=jit(_counted),
        numbered=jit(_numbered),
        sorted_runs=jit(_sorted_runs),
    )


#: The compiled passes, numba imported only on the first call: a run of a few
#: patients, or a command that never groups this many, does not pay for importing it.
_passes = lazy_numba.loader(_compile)


def compiled(keys: Codes) -> bool:
    """Whether ``keys`` are put in order by the compiled pass: there are enough rows to
    pay for loading it, the codes are small whole numbers, and numba is installed."""
    return len(keys) >= MIN_ROWS and dense(keys) and _passes() is not None


def dense(keys: Codes) -> bool:
    """Whether ``keys`` are small non-negative whole numbers, each its group's number."""
    return keys.dtype.kind in "iu" and (
        len(keys) == 0 or (int(keys.min()) >= 0 and int(keys.max()) < DENSE_CODES)
    )


def numbered(keys: Codes, width: int) -> tuple[CountArray, CountArray]:
    """``pd.factorize(keys)`` of codes in ``0 .. width - 1``: each row's group, the
    groups numbered in order of first appearance; and each group's last row.

    In one compiled pass through a table indexed by code, where :func:`compiled`
    would group them but for the width, which may be as large as the rows (the
    table is then no larger than the keys); else by ``pd.factorize``: the same
    numbers (round 17 of issue 16: the reasons' cases, 210,881 combined codes in
    blocks of a million patients)."""
    keys = np.ascontiguousarray(keys)
    usable = (
        len(keys) >= MIN_ROWS
        and keys.dtype.kind in "iu"
        and 0 < width <= max(DENSE_CODES, len(keys))
        and int(keys.min()) >= 0
        and int(keys.max()) < width
        and _passes() is not None
    )
    if usable:
        groups, last = _pass().numbered(keys, width)
        return np.asarray(groups, dtype=np.int64), np.asarray(last, dtype=np.int64)
    found, uniques = pd.factorize(keys)
    last = np.empty(len(uniques), dtype=np.int64)
    last[found] = np.arange(len(found))  # of repeated positions numpy keeps the last
    return np.asarray(found, dtype=np.int64), last


#: Runs longer than this are sorted by numpy: the radix sort's spare array is as long
#: as the longest run it sorts (32 MB at most).
RADIX_RUN: Final = 1 << 22


def sort_runs(values: FloatArray, starts: Codes, sizes: Codes) -> None:
    """Sort each run ``values[start : start + size]`` in place, ascending, as
    ``ndarray.sort`` does each: the same floats in the same places, for the runs
    hold no NaN and no -0.0 (equal floats are then the same bits, so any correct
    sort gives the same array; :func:`pbrkit.homogeneity._measured` makes -0.0 0.0
    and leaves NaN out).

    By a compiled radix sort where :func:`compiled` would group this many rows
    (0.2 s against numpy's 0.5 s for 10 million costs in 21 runs: round 17 of issue
    16); numpy sorts the rest, and every run without numba.
    """
    fast = (
        len(values) >= MIN_ROWS
        and values.dtype == np.float64
        and values.flags.c_contiguous
        and _passes() is not None
    )
    if fast and len(sizes):
        largest = min(int(sizes.max()), RADIX_RUN)
        _pass().sorted_runs(values, starts.astype(np.int64), sizes.astype(np.int64), largest)
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if not fast or size > RADIX_RUN:
            values[start : start + size].sort()


def _pass() -> SimpleNamespace:
    return lazy_numba.required(_passes)


class Groups:
    """The groups of ``keys``, ascending by key as ``pd.Series(values).groupby(keys)``
    forms them, or with ``appearance`` in order of first appearance (``sort=False``)."""

    def __init__(self, keys: npt.ArrayLike, *, appearance: bool = False) -> None:
        keys = np.asarray(keys)
        self._labels: npt.NDArray[Any] | None = None
        if not dense(keys):  # numbered first, ascending: the groups keep their order
            numbers, labels = pd.factorize(keys, sort=True)
            keys, self._labels = numbers, np.asarray(labels)
        self.keys: Codes = np.ascontiguousarray(keys)
        self.width = int(self.keys.max()) + 1 if len(self.keys) else 0
        sizes, first = _counted_rows(self.keys, self.width, appearance=appearance)
        present = np.flatnonzero(sizes).astype(np.int64)
        if appearance:
            present = present[np.argsort(first[present], kind="stable")]
        self._present = present
        self._sizes = sizes[present]

    def sums(self, values: FloatArray) -> tuple[FloatArray, CountArray, CountArray]:
        """Each group's sum (NaN skipped; 0 for none), count of non-NaN values and rows."""
        sums, counts, _ = exact_sum.group_sums(self.keys, values, self.width)
        return sums[self._present], counts[self._present], self._sizes

    def sums_total(self, values: FloatArray) -> tuple[FloatArray, CountArray, float]:
        """:meth:`sums`' sums and counts, and the sum of every value (exact, rounded
        once: :func:`pbrkit.exact_sum.group_sums_total`), from one pass."""
        sums, counts, _, total = exact_sum.group_sums_total(self.keys, values, self.width)
        return sums[self._present], counts[self._present], total

    def sums_of(self, *columns: FloatArray) -> list[tuple[FloatArray, CountArray, CountArray]]:
        """:meth:`sums` of each column."""
        return [self.sums(column) for column in columns]

    def means_of(self, *columns: FloatArray) -> list[tuple[FloatArray, CountArray]]:
        """:meth:`means` of each column."""
        return [self.means(column) for column in columns]

    def means(self, values: FloatArray) -> tuple[FloatArray, CountArray]:
        """Each group's mean (its exact sum over its count; NaN for no values) and rows."""
        sums, counts, sizes = self.sums(values)
        return _over(sums, counts, 0), sizes

    def std(self, values: FloatArray, ddof: int = 1) -> FloatArray:
        """Each group's standard deviation: √(Σ (x − mean)² / (n − ddof)), NaN where
        n ≤ ddof; the squares' sum exact, as the mean's."""
        return self.mean_std(values, ddof)[1]

    def mean_std(
        self, values: FloatArray, ddof: int = 1
    ) -> tuple[FloatArray, FloatArray, CountArray]:
        """Each group's mean (:meth:`means`), standard deviation (:meth:`std`) and count
        of non-NaN values, from two passes over ``values``."""
        means, std, counts, _ = self.mean_std_totals(values, ddof)
        return means, std, counts

    def mean_std_totals(
        self, values: FloatArray, ddof: int = 1
    ) -> tuple[FloatArray, FloatArray, CountArray, tuple[float, float]]:
        """:meth:`mean_std`, and from the same two passes the sum of every value and
        the sum of every value's squared distance from its group's mean (each exact,
        rounded once: :func:`pbrkit.exact_sum.group_sums_total`), a reduction in
        variance's total and within-group sum (round 19 of issue 16)."""
        sums, counts, _, total = exact_sum.group_sums_total(self.keys, values, self.width)
        means = _over(sums, counts, 0)
        squares, _, _, within = exact_sum.group_sums_total(self.keys, values, self.width, means)
        present = self._present
        with np.errstate(invalid="ignore"):
            std = np.sqrt(_over(squares[present], counts[present], ddof))
        return means[present], std, counts[present], (total, within)

    def in_order(self, values: FloatArray) -> tuple[FloatArray, Codes]:
        """``values`` in order of their codes, ascending, each code's in row order (as
        a stable sort of the keys puts them), and each row's code in that order."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        if not compiled(self.keys):
            order = np.argsort(self.keys, kind="stable")
            return values[order], self.keys[order]
        placed, counts = _pass().in_order(self.keys, values, self.width)
        present = np.flatnonzero(counts)
        keys = np.repeat(present.astype(self.keys.dtype), counts[present])
        return np.asarray(placed, dtype=np.float64), keys

    @property
    def numbers(self) -> CountArray:
        """The groups' numbers (their codes, or the keys' numbers), in their order."""
        return self._present

    @property
    def codes(self) -> npt.NDArray[Any]:
        """The groups' keys, in their order (int64 codes, or the keys numbered)."""
        if self._labels is None:
            return self._present
        return self._labels[self._present]

    def index(self, name: str | None = None) -> pd.Index:
        """The groups' keys as pandas indexes them."""
        index: pd.Index = pd.Index(self.codes, name=name)
        return index


def _counted_rows(keys: Codes, width: int, *, appearance: bool) -> tuple[CountArray, CountArray]:
    """Each code's rows and (with ``appearance``) its first row, the number of rows for
    a code with none. In one compiled pass where there are enough rows (0.01 s for 10
    million against numpy's 0.06 s, 0.1 s with the first rows: round 21 of issue 16);
    else by numpy, the same arrays."""
    if len(keys) >= MIN_ROWS and _passes() is not None:
        view = keys.view()
        view.flags.writeable = False  # one compiled pass per key type (see exact_sum)
        sizes, first = _pass().counted(view, width)
        return np.asarray(sizes, dtype=np.int64), np.asarray(first, dtype=np.int64)
    # A block of keys at a time: np.bincount makes int64 of the keys it counts, and
    # each row's number is int64 too (80 MB each at 10 million patients).
    sizes = np.zeros(width, dtype=np.int64)
    first = np.full(width, len(keys), dtype=np.int64)
    for start in range(0, len(keys), _BLOCK):
        block = keys[start : start + _BLOCK]
        sizes += np.bincount(block, minlength=width)
        if appearance:  # each code's first row
            np.minimum.at(first, block, np.arange(start, start + len(block)))
    return sizes, first


def means_from(sums: FloatArray, counts: CountArray) -> FloatArray:
    """Each group's mean from its sum and count of values, as :meth:`Groups.means`
    gives it (NaN for no values)."""
    return _over(sums, counts, 0)


def _over(sums: FloatArray, counts: CountArray, ddof: int) -> FloatArray:
    """``sums / (counts − ddof)``, NaN where ``counts`` ≤ ``ddof``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = sums / (counts - ddof).astype(np.float64)
    return np.asarray(np.where(counts > ddof, ratio, np.nan), dtype=np.float64)
