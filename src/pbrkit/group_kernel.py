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


def installed() -> bool:
    """Whether numba (the optional ``fast`` extra) is installed."""
    return lazy_numba.installed()


def _compile(numba: Any) -> SimpleNamespace:
    def jit(work: Any) -> Any:
        return numba.njit(cache=True, nogil=True)(work)

    return SimpleNamespace(in_order=jit(_in_order))


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
        sizes = np.bincount(self.keys, minlength=self.width).astype(np.int64)
        present = np.flatnonzero(sizes).astype(np.int64)
        if appearance:  # by each code's first row
            first = np.full(self.width, len(self.keys), dtype=np.int64)
            np.minimum.at(first, self.keys, np.arange(len(self.keys)))
            present = present[np.argsort(first[present], kind="stable")]
        self._present = present
        self._sizes = sizes[present]

    def sums(self, values: FloatArray) -> tuple[FloatArray, CountArray, CountArray]:
        """Each group's sum (NaN skipped; 0 for none), count of non-NaN values and rows."""
        sums, counts, _ = exact_sum.group_sums(self.keys, values, self.width)
        return sums[self._present], counts[self._present], self._sizes

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
        sums, counts, _ = exact_sum.group_sums(self.keys, values, self.width)
        means = _over(sums, counts, 0)
        squares, _, _ = exact_sum.group_sums(self.keys, values, self.width, means)
        present = self._present
        with np.errstate(invalid="ignore"):
            return np.sqrt(_over(squares[present], counts[present], ddof))

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


def _over(sums: FloatArray, counts: CountArray, ddof: int) -> FloatArray:
    """``sums / (counts − ddof)``, NaN where ``counts`` ≤ ``ddof``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = sums / (counts - ddof).astype(np.float64)
    return np.asarray(np.where(counts > ddof, ratio, np.nan), dtype=np.float64)
