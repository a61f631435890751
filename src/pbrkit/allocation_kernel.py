"""The allocation kernel compiled with numba: one pass per patient, on both cores.

:func:`pbrkit.allocation.allocate` scores every patient against every cluster through
three lookup tables and keeps the best and second-best cluster. In numpy that is a
dozen passes over memory (group codes, three gathers, two ``argmax``, fancy indexing,
the outcome arrays): about 3.5M patients/s on a 2-core machine. Here the same
arithmetic runs in one loop per patient, compiled by numba, with patients split over
the cores: the per-patient figures are identical, bit for bit (the same float
additions in the same order, and ``argmax``'s rule: the first of equal maxima wins).
Tables whose sums could overflow into inf or NaN (absurd weights) are left to numpy.

numba is optional (``pip install 'pbrkit[fast]'``): without it, or for a small
caseload where compiling would cost more than it saves, the numpy kernel runs and
gives the same results (``tests/test_allocation_kernel.py``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import numpy.typing as npt

from pbrkit import lazy_numba
from pbrkit.currency import active_currency

#: Below this many patients the numpy kernel is used: importing numba and loading
#: the compiled kernel from its cache takes longer than numpy takes for them.
MIN_PATIENTS: int = 200_000


def installed() -> bool:
    """Whether numba is installed (the ``fast`` extra); numba is imported only when
    the kernel first runs."""
    return lazy_numba.installed()


def available() -> bool:
    """Whether the compiled kernel can be used: numba is installed, and
    ``PBRKIT_KERNEL=numpy`` (for checking one kernel against the other) is not set."""
    return installed() and os.environ.get("PBRKIT_KERNEL", "") != "numpy"


def safe_tables(tables: list[npt.NDArray[Any]]) -> bool:
    """Whether every sum of one row of each table is finite or -inf (never NaN or
    +inf), so that :func:`_top_two` needs no NaN rule."""
    finite = [t[np.isfinite(t)] for t in tables]
    if any(np.isposinf(t).any() or np.isnan(t).any() for t in tables):
        return False
    largest = sum(float(np.abs(f).max()) if f.size else 0.0 for f in finite)
    return largest < float(np.finfo(tables[0].dtype).max) / 2


def run(
    ratings: npt.NDArray[np.int8],
    tables: list[npt.NDArray[Any]],
    clusters: npt.NDArray[np.int64],
    breaks: npt.NDArray[np.int64],
    min_score: float,
    max_unknown: int,
) -> dict[str, npt.NDArray[Any]]:
    """Every per-patient array of :class:`pbrkit.allocation.Allocation`, compiled.

    ``ratings`` is ``(n, 18)`` int8 (-1 unknown); ``tables`` the three group tables
    of ``allocation._group_tables`` (items 0-5, 6-11 and 12-17, rows in base 6);
    ``breaks`` an ``[18, 6]`` table of the item bit each level breaks (0 if none).
    """
    n = ratings.shape[0]
    out: dict[str, npt.NDArray[Any]] = {
        "suggested": np.empty(n, dtype=np.int64),
        "score": np.empty(n, dtype=np.float64),
        "runner_up": np.empty(n, dtype=np.int64),
        "runner_up_score": np.empty(n, dtype=np.float64),
        "margin": np.empty(n, dtype=np.float64),
        "outcome": np.empty(n, dtype=np.int8),
        "unknown_count": np.empty(n, dtype=np.int8),
        "unknown_items": np.empty(n, dtype=np.int32),  # 18 bits
        "breaking_items": np.empty(n, dtype=np.int32),
    }
    lazy_numba.required(_compiled)(
        np.ascontiguousarray(ratings, dtype=np.int8),
        *(np.ascontiguousarray(t) for t in tables),
        np.ascontiguousarray(clusters, dtype=np.int64),
        np.ascontiguousarray(breaks, dtype=np.int64),
        float(min_score),
        int(max_unknown),
        *out.values(),
    )
    # The codes for "none chosen" are the reference set's (care clusters: 99 and 0).
    currency = active_currency()
    outcome = out["outcome"]
    out["suggested"][outcome == 3] = currency.not_assessed  # Outcome.NOT_ASSESSED
    out["suggested"][(outcome == 1) | (outcome == 2)] = currency.variance
    return out


def _top_two(t0: Any, t1: Any, t2: Any, c0: int, c1: int, c2: int) -> tuple[Any, int, Any, int]:
    """Best and second-best column of ``t0[c0] + t1[c1] + t2[c2]``, in one pass.

    Strict ``>`` keeps the first of equal values, as numpy's ``argmax`` does; the
    second is the best of the other columns. Scores are finite or -inf (the caller
    checks the tables can make no NaN), so no NaN rule is needed. When every other
    column is -inf the second's index differs from numpy's, but it is then never used.
    """
    best = second = -np.inf
    best_idx = second_idx = 0
    for c in range(t0.shape[1]):
        value = t0[c0, c] + t1[c1, c] + t2[c2, c]
        if value > best:
            second, second_idx = best, best_idx
            best, best_idx = value, c
        elif value > second:
            second, second_idx = value, c
    return best, best_idx, second, second_idx


def _kernel(
    ratings: Any,
    t0: Any,
    t1: Any,
    t2: Any,
    clusters: Any,
    breaks: Any,
    min_score: float,
    max_unknown: int,
    suggested: Any,
    score: Any,
    runner_up: Any,
    runner_up_score: Any,
    margin: Any,
    outcome: Any,
    unknown_count: Any,
    unknown_items: Any,
    breaking_items: Any,
) -> None:
    """Score, choose and explain each patient, by the rules of ``allocation.allocate``."""
    for i in _prange(ratings.shape[0]):
        c0 = c1 = c2 = 0
        count = mask = 0
        for j in range(18):
            level = int(ratings[i, j])
            if level < 0:
                level = 5  # "unknown": scores 0 and rules nothing out
                count += 1
                mask |= 1 << j
            if j < 6:
                c0 = c0 * 6 + level
            elif j < 12:
                c1 = c1 * 6 + level
            else:
                c2 = c2 * 6 + level
        best32, best_idx, second32, second_idx = _TOP_TWO(t0, t1, t2, c0, c1, c2)
        best, second = np.float64(best32), np.float64(second32)
        not_assessed = count > max_unknown
        ruled_out = not not_assessed and best == -np.inf
        below = not not_assessed and not ruled_out and best < min_score
        chosen = not not_assessed and not ruled_out and not below
        has_second = chosen and second != -np.inf
        breaking = 0
        if ruled_out:
            for j in range(18):
                level = int(ratings[i, j])
                breaking |= breaks[j, 5 if level < 0 else level]
        unknown_count[i] = count
        unknown_items[i] = mask if not_assessed else 0
        breaking_items[i] = breaking
        # allocation.Outcome: NOT_ASSESSED 3, RULED_OUT 2, BELOW_MIN_SCORE 1, SUGGESTED 0;
        # when none is chosen, run() writes the set's "not assessed" or variance code.
        outcome[i] = 3 if not_assessed else 2 if ruled_out else 1 if below else 0
        suggested[i] = clusters[best_idx] if chosen else -1
        score[i] = best if (chosen or below) else np.nan
        runner_up[i] = clusters[second_idx] if has_second else clusters[best_idx] if below else -1
        runner_up_score[i] = second if has_second else best if below else np.nan
        margin[i] = best - second if has_second else np.nan


#: numba's prange and the compiled _top_two, which _kernel calls (set by _compile()).
_prange: Any = None
_TOP_TWO: Any = None


def _compile(numba: Any) -> Any:
    global _prange, _TOP_TWO
    _prange = numba.prange
    _TOP_TWO = numba.njit(cache=True, nogil=True, inline="always")(_top_two)
    return numba.njit(cache=True, nogil=True, parallel=True)(_kernel)


#: The compiled kernel, numba imported only on its first run.
_compiled = lazy_numba.loader(_compile)
