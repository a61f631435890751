"""Sums, means and standard deviations per group of small integer codes, as pandas
makes them, bit for bit, without pandas' factorisation (issue 16).

A pandas group-by of 10 million patients by their cluster first factorises the codes
(a hash table and two arrays of every patient: about 0.1 s and 60k fresh pages a
call), then adds up each group. The cost measures and the audit group the same
patients a dozen times. Cluster codes are small whole numbers, so a table indexed by
code names each group, and one compiled pass adds up every group:

- a sum or mean is pandas' own: a compensated (Kahan) sum of each group's values in
  row order, NaN skipped (``pandas/_libs/groupby.pyx``, ``group_sum``/``group_mean``),
  unless the groups come one after another and no value is NaN, where pandas adds
  them with ``np.add.reduceat`` (``pandas.core.groupby.ops._reduceat_aggregate``),
  which is called here the same way;
- a standard deviation is pandas' Welford update in row order (``group_var``).

The same arithmetic in the same order gives the same bits; ``tests/test_perf_group_kernel.py``
checks each against pandas over random groups, orders, ties, NaN and magnitudes.
Without numba (an optional extra), or for codes outside the small range, pandas
itself does the group-by: the same figures.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import lazy_numba

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
Codes = npt.NDArray[np.integer[Any]]

#: Codes below this (and not negative) are grouped through a table indexed by code.
DENSE_CODES: Final = 1 << 16
#: Below this many rows pandas groups them: loading the compiled pass would cost more.
MIN_ROWS: Final = 200_000


def _kahan(keys: Any, columns: Any, width: int) -> Any:
    """Compensated sum and count of the non-NaN values of each code below ``width``,
    for each column of ``columns`` (a tuple), in row order (pandas' ``group_sum``:
    ``y = val - comp; t = sum + y; comp = t - sum - y``, the compensation reset when
    it is NaN); each code's rows (NaN included); and whether the keys never fall.
    The columns are added up side by side in one pass, each on its own."""
    k = len(columns)
    sums = np.zeros((k, width))
    compensation = np.zeros((k, width))
    counts = np.zeros((k, width), dtype=np.int64)
    sizes = np.zeros(width, dtype=np.int64)
    ordered = True
    for i in range(keys.shape[0]):
        group = keys[i]
        if i > 0 and group < keys[i - 1]:
            ordered = False
        sizes[group] += 1
        for c in range(k):
            value = columns[c][i]
            if value != value:  # NaN is skipped
                continue
            counts[c, group] += 1
            y = value - compensation[c, group]
            t = sums[c, group] + y
            compensation[c, group] = t - sums[c, group] - y
            if compensation[c, group] != compensation[c, group]:
                compensation[c, group] = 0.0
            sums[c, group] = t
    return sums, counts, sizes, ordered


def _welford(keys: Any, values: Any, width: int) -> Any:
    """Count and M2 of the non-NaN values of each code below ``width``, in row order
    (pandas' ``group_var``: ``mean += (val - old) / n; M2 += (val - mean) * (val - old)``)."""
    means = np.zeros(width)
    m2 = np.zeros(width)
    counts = np.zeros(width, dtype=np.int64)
    for i in range(keys.shape[0]):
        value = values[i]
        if value != value:
            continue
        group = keys[i]
        counts[group] += 1
        old = means[group]
        means[group] += (value - old) / counts[group]
        m2[group] += (value - means[group]) * (value - old)
    return counts, m2


def _first_rows(keys: Any, width: int) -> Any:
    """The first row of each code below ``width`` (-1 where it never occurs), and how
    many runs of equal keys there are."""
    first = np.full(width, -1, dtype=np.int64)
    runs = 0
    for i in range(keys.shape[0]):
        group = keys[i]
        if first[group] < 0:
            first[group] = i
        if i == 0 or group != keys[i - 1]:
            runs += 1
    return first, runs


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
        kahan=jit(_kahan),
        welford=jit(_welford),
        first_rows=jit(_first_rows),
        in_order=jit(_in_order),
        numbered=jit(_numbered),
        sorted_runs=jit(_sorted_runs),
    )


#: The compiled passes, numba imported only on the first call: a run of a few
#: patients, or a command that never groups this many, does not pay for importing it.
_passes = lazy_numba.loader(_compile)


def compiled(keys: Codes) -> bool:
    """Whether ``keys`` are grouped by the compiled passes: there are enough rows to
    pay for loading them, the codes are small whole numbers, and numba is installed."""
    return (
        len(keys) >= MIN_ROWS
        and keys.dtype.kind in "iu"
        and int(keys.min()) >= 0
        and int(keys.max()) < DENSE_CODES
        and _passes() is not None
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
    """The groups of ``keys`` (small non-negative integer codes, :func:`compiled`),
    ascending by code as ``pd.Series(values).groupby(keys)`` forms them, or with
    ``appearance`` in order of first appearance (``sort=False``)."""

    def __init__(self, keys: Codes, *, appearance: bool = False) -> None:
        self.keys = np.ascontiguousarray(keys)
        self.width = int(self.keys.max()) + 1
        self.appearance = appearance
        self._present: CountArray | None = None
        self._contiguous = False
        if appearance:  # codes by first row; pandas' group numbers rise iff each is one run
            first, runs = _pass().first_rows(self.keys, self.width)
            present = np.flatnonzero(first >= 0)
            self._present = present[np.argsort(first[present], kind="stable")].astype(np.int64)
            self._contiguous = runs == len(present)

    def sums(self, values: FloatArray) -> tuple[FloatArray, CountArray, CountArray]:
        """Each group's sum (``groupby(...).sum()``), count of non-NaN values
        (``count()``) and rows (``size()``)."""
        return self.sums_of(values)[0]

    def sums_of(self, *columns: FloatArray) -> list[tuple[FloatArray, CountArray, CountArray]]:
        """:meth:`sums` of each column, the columns added up in one pass."""
        values = tuple(np.ascontiguousarray(c, dtype=np.float64) for c in columns)
        sums, counts, sizes, ascending = _pass().kahan(self.keys, values, self.width)
        if self._present is None:
            self._present = np.flatnonzero(sizes).astype(np.int64)
        present = self._present
        in_order = self._contiguous if self.appearance else ascending
        found = []
        for column, column_sums, column_counts in zip(values, sums, counts, strict=True):
            if in_order and column_counts.sum() == sizes.sum():
                # pandas' own path for groups in order and no NaN: np.add.reduceat.
                starts = np.flatnonzero(np.r_[True, self.keys[1:] != self.keys[:-1]])
                column_sums[self.keys[starts]] = np.add.reduceat(column, starts)
            found.append((column_sums[present], column_counts[present], sizes[present]))
        return found

    def means_of(self, *columns: FloatArray) -> list[tuple[FloatArray, CountArray]]:
        """:meth:`means` of each column, the columns added up in one pass."""
        found = []
        for sums, counts, sizes in self.sums_of(*columns):
            with np.errstate(invalid="ignore", divide="ignore"):
                means = np.where(counts > 0, sums / counts.astype(np.float64), np.nan)
            found.append((np.asarray(means, dtype=np.float64), sizes))
        return found

    def means(self, values: FloatArray) -> tuple[FloatArray, CountArray]:
        """Each group's mean (``groupby(...).mean()``; NaN for no values) and rows."""
        return self.means_of(values)[0]

    def std(self, values: FloatArray, ddof: int = 1) -> FloatArray:
        """Each group's standard deviation (``groupby(...).std(ddof)``)."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        counts, m2 = _pass().welford(self.keys, values, self.width)
        present = self.codes
        counts, m2 = counts[present], m2[present]
        with np.errstate(invalid="ignore", divide="ignore"):
            std = np.sqrt(m2 / (counts - ddof).astype(np.float64))
        return np.asarray(np.where(counts > ddof, std, np.nan), dtype=np.float64)

    def in_order(self, values: FloatArray) -> tuple[FloatArray, Codes]:
        """``values`` in order of their codes, ascending, each code's in row order (as
        a stable sort of the keys puts them), and each row's code in that order."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        placed, counts = _pass().in_order(self.keys, values, self.width)
        present = np.flatnonzero(counts)
        keys = np.repeat(present.astype(self.keys.dtype), counts[present])
        return np.asarray(placed, dtype=np.float64), keys

    @property
    def codes(self) -> CountArray:
        """The groups' codes, in their order (int64)."""
        if self._present is None:
            self._present = np.flatnonzero(np.bincount(self.keys)).astype(np.int64)
        return self._present

    def index(self, name: str | None = None) -> pd.Index:
        """The groups' codes as pandas indexes them (int64)."""
        return pd.Index(self.codes, name=name)
