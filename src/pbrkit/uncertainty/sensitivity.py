"""Which parameter's uncertainty matters most: first-order variance shares from the PSA.

Method: a linear regression metamodel fitted to the PSA sample by least squares,
Y ≈ β₀ + Σ_k β_k·x_k. For independent parameters (a Latin hypercube samples them
independently) the share of Var(Y) explained by parameter k alone is
β_k²·Var(x_k) ÷ Var(Y), the squared standardised regression coefficient (SRC²;
Saltelli et al., *Global Sensitivity Analysis: The Primer*, 2008, §1.2.5). Var(Y) is
taken as the parameters' independence makes it, Σ_k β_k²·Var(x_k) + Var(residual),
not the sample's: a finite sample's chance correlation between parameters (about
±1/√N) adds a cross term 2·β_j·β_k·Cov(x_j, x_k) that belongs to no parameter, and
with it 50 samples gave shares of 23% and 95% beside an R² of 1 (review 10). So the
shares add up to the R² reported, 1 − Var(residual) ÷ Var(Y); what R² leaves over is
selection noise, interactions and non-linear effects, and is reported so a reader
knows how far to trust the ranking.

The fit is worked out so that it gives the same bits on every machine: LAPACK's least
squares (``numpy.linalg.lstsq``) runs the processor's own BLAS kernel, whose sums are
ordered by the processor, and moved the 13th–16th digits of every share between two
machines with the same packages. Here the normal equations of the centred sample are
built from correctly rounded sums (``math.fsum``) and solved by Gaussian elimination in
Python floats, whose every operation IEEE 754 rounds the same way everywhere. The
parameters are drawn independently (a Latin hypercube), so the equations are well
conditioned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from pbrkit.uncertainty.summaries import VarianceShares

#: Named in summary.json and the reports.
METHOD: Final = "squared standardised regression coefficients (linear metamodel)"


def variance_shares(
    samples: pd.DataFrame, parameters: Sequence[str], figure: str
) -> VarianceShares[float | None]:
    """``{method, r_squared, shares: {parameter: share}}`` for one figure.

    Shares are in parameter order; runs where the figure is undefined (NaN) are left
    out. A figure that does not vary has no shares (all None).
    """
    keep = samples[figure].notna()
    y = samples.loc[keep, figure].to_numpy(dtype=np.float64)
    x = samples.loc[keep, list(parameters)].to_numpy(dtype=np.float64)
    if y.size < len(parameters) + 2 or _variance(y) == 0:
        return {"method": METHOD, "r_squared": None, "shares": dict.fromkeys(parameters)}
    columns = [_centred(x[:, k]) for k in range(x.shape[1])]
    beta = _solve(_normal_equations(columns, _centred(y)))
    variances = [_mean(column * column) for column in columns]
    parts = [b * b * v for b, v in zip(beta, variances, strict=True)]
    residual = _centred(y)
    for b, column in zip(beta, columns, strict=True):
        residual = residual - b * column  # elementwise: each IEEE-rounded alike everywhere
    independent = math.fsum([*parts, _variance(residual)])  # Var(Y) without cross terms
    shares: dict[str, float | None] = {
        name: parts[k] / independent for k, name in enumerate(parameters)
    }
    r_squared = 1 - _variance(residual) / independent
    return {"method": METHOD, "r_squared": r_squared, "shares": shares}


def _mean(values: np.ndarray) -> float:
    return math.fsum(values.tolist()) / values.size


def _centred(values: np.ndarray) -> np.ndarray:
    return values - _mean(values)


def _variance(values: np.ndarray) -> float:
    """The population variance (as ``numpy.var``), from correctly rounded sums."""
    centred = _centred(values)
    return _mean(centred * centred)


def _normal_equations(columns: Sequence[np.ndarray], y: np.ndarray) -> list[list[float]]:
    """The augmented matrix [X'X | X'y] of the centred columns (the intercept is the
    means, so it drops out), each entry one correctly rounded sum of products."""
    return [
        [math.fsum((a * b).tolist()) for b in columns] + [math.fsum((a * y).tolist())]
        for a in columns
    ]


def _solve(augmented: list[list[float]]) -> list[float]:
    """The slopes from [X'X | X'y] by Gaussian elimination with partial pivoting.

    A parameter that did not vary in the sample (or varied only as others did) leaves a
    pivot of about 0: its slope is 0, so its share is 0, where ``lstsq`` would have
    spread its part between the collinear columns (its variance is 0 all the same)."""
    size = len(augmented)
    rows = [row[:] for row in augmented]
    own = [rows[i][i] for i in range(size)]  # each column's sum of squares
    solved: list[int | None] = [None] * size  # row holding each column's pivot
    for col in range(size):
        free = [r for r in range(size) if r not in solved]
        pivot = max(free, key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) <= 1e-12 * own[col]:  # none of its own variation left
            continue
        solved[col] = pivot
        for r in range(size):
            if r != pivot and rows[r][col] != 0:
                factor = rows[r][col] / rows[pivot][col]
                rows[r] = [v - factor * p for v, p in zip(rows[r], rows[pivot], strict=True)]
    return [
        0.0 if row is None else rows[row][size] / rows[row][col] for col, row in enumerate(solved)
    ]


def most_important(shares: Mapping[str, float | None]) -> str | None:
    """The parameter with the largest share (ties: the first in order)."""
    known = {name: share for name, share in shares.items() if share is not None}
    return max(known, key=lambda name: known[name]) if known else None
