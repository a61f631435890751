"""Distributions fitted to an 80% interval: ``low`` and ``high`` are the 10th and 90th
percentiles (the elicitation convention of the Strategy Unit's nhp_model; Briggs,
Claxton & Sculpher, *Decision Modelling for Health Economic Evaluation*, 2006, ch. 4).

* ``normal`` (the default): mean (low + high)/2, sd = (high − low)/(2·z₀.₉) with
  z₀.₉ = 1.2815515…, i.e. sd ≈ (high − low)/2.563; truncated to the parameter's valid
  range.
* ``uniform``: on [low, high] widened by an eighth of its width at each end, so that
  [low, high] holds 80% of the mass.
* ``triangular``: the triangle with the given ``mode`` whose 10th and 90th percentiles
  are low and high.
* ``beta`` (shares): α, β solved so the 10th and 90th percentiles are low and high.
* ``lognormal`` (positive factors): ln X normal with mean (ln low + ln high)/2 and
  sd (ln high − ln low)/(2·z₀.₉).

Every distribution is then truncated to the parameter's valid range (a no-op when the
support already lies inside it): u ↦ F⁻¹(F(a) + u·(F(b) − F(a))).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

FloatArray = npt.NDArray[np.float64]

Shape = Literal["normal", "uniform", "triangular", "beta", "lognormal"]
SHAPES: Final[tuple[Shape, ...]] = ("normal", "uniform", "triangular", "beta", "lognormal")

#: z₀.₉, the standard normal's 90th percentile; 2·z₀.₉ = 2.5631… ("2.563").
Z90: Final = float(stats.norm.ppf(0.9))

#: How closely a fitted beta or triangle must put low and high at the 10th and 90th
#: percentiles (as probabilities).
FIT_TOLERANCE: Final = 1e-9


@dataclass(frozen=True)
class Marginal:
    """One parameter's distribution, truncated to [lower, upper].

    Attributes:
        shape: which family.
        frozen: the scipy distribution before truncation.
        lower: the valid range's lower end (may be ``-inf``).
        upper: the valid range's upper end (may be ``inf``).
    """

    shape: Shape
    frozen: Any
    lower: float
    upper: float

    def ppf(self, u: FloatArray | float) -> FloatArray:
        """The value at probability ``u`` (inverse CDF of the truncated distribution)."""
        lo, hi = self._mass_bounds()
        q = lo + np.asarray(u, dtype=np.float64) * (hi - lo)
        values = self._raw_ppf(q)
        # scipy's beta ppf gives NaN, not its support's end, for q far out in a tail
        # (q = 1e-205 with α ≈ 5.3: the answer, ≈ 1e-39, underflows its solver); the
        # support's end is within that underflow of the true value.
        if np.any(failed := np.isnan(values) & ~np.isnan(q)):
            start, end = self.frozen.support()
            values = np.where(failed, np.where(q < 0.5, start, end), values)
        # Rounding in ppf(cdf(bound)) can step a hair outside the range; clip it back.
        return np.clip(values, self.lower, self.upper)

    def _raw_ppf(self, q: FloatArray) -> FloatArray:
        """scipy's ppf, with NaN where it raises: for a narrow beta (α, β in the
        hundreds) boost's tgamma overflows at a denormal q such as 5e-324, and NaN
        then goes to the support's end as for the tails where scipy gives NaN."""
        try:
            return np.asarray(self.frozen.ppf(q), dtype=np.float64)
        except OverflowError:
            flat = [self._one_ppf(float(x)) for x in np.ravel(q)]
            return np.asarray(flat, dtype=np.float64).reshape(np.shape(q))

    def _one_ppf(self, x: float) -> float:
        try:
            return float(self.frozen.ppf(x))
        except OverflowError:
            return math.nan

    def cdf(self, x: FloatArray | float) -> FloatArray:
        """P(X ≤ x) under the truncated distribution."""
        lo, hi = self._mass_bounds()
        raw = np.asarray(self.frozen.cdf(x), dtype=np.float64)
        return np.clip((raw - lo) / (hi - lo), 0.0, 1.0)

    @property
    def median(self) -> float:
        """The 50th percentile (where the tornado holds a parameter)."""
        return float(self.ppf(0.5))

    def _mass_bounds(self) -> tuple[float, float]:
        return float(self.frozen.cdf(self.lower)), float(self.frozen.cdf(self.upper))


def fit_marginal(
    shape: Shape,
    low: float,
    high: float,
    *,
    lower: float = -math.inf,
    upper: float = math.inf,
    mode: float | None = None,
) -> Marginal:
    """The distribution of ``shape`` whose 80% interval is [low, high].

    Args:
        shape: the family.
        low: the 10th percentile (before truncation).
        high: the 90th percentile (before truncation); ``high`` > ``low``.
        lower: the parameter's valid minimum.
        upper: the parameter's valid maximum.
        mode: the most likely value (triangular only).

    Raises:
        ValueError: the interval cannot be fitted (a message fit for a user).
    """
    if not low < high:
        raise ValueError("low must be less than high")
    frozen = _FITTERS[shape](low, high, mode)
    return Marginal(shape=shape, frozen=frozen, lower=lower, upper=upper)


def _normal(low: float, high: float, _: float | None) -> Any:
    # mean ± z₀.₉·sd = low, high  ⇒  sd = (high − low)/(2·z₀.₉).
    return stats.norm(loc=(low + high) / 2, scale=(high - low) / (2 * Z90))


def _uniform(low: float, high: float, _: float | None) -> Any:
    # Width w with (high − low)/w = 0.8 ⇒ w = 1.25·(high − low), centred on the interval.
    width = (high - low) / 0.8
    return stats.uniform(loc=(low + high) / 2 - width / 2, scale=width)


def _lognormal(low: float, high: float, _: float | None) -> Any:
    if low <= 0:
        raise ValueError("a lognormal needs low greater than 0")
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    return stats.lognorm(s=sigma, scale=math.exp(mu))


def _beta(low: float, high: float, _: float | None) -> Any:
    if not 0 < low < high < 1:
        raise ValueError("a beta needs 0 < low < high < 1")
    # Start from the beta with the normal's mean and sd, then solve both percentiles.
    mean, sd = (low + high) / 2, (high - low) / (2 * Z90)
    common = max(mean * (1 - mean) / sd**2 - 1, 1e-3)
    start = np.log([mean * common, (1 - mean) * common])

    def miss(log_ab: FloatArray) -> FloatArray:
        a, b = np.exp(log_ab)
        cdf: FloatArray = np.asarray(stats.beta.cdf([low, high], a, b), dtype=np.float64)
        target: FloatArray = np.array([0.1, 0.9])
        return cdf - target

    solution = optimize.root(miss, start, method="hybr", options={"xtol": 1e-12})
    a, b = np.exp(solution.x)
    if not np.all(np.abs(miss(solution.x)) < FIT_TOLERANCE):
        raise ValueError("no beta distribution has this 10th and 90th percentile")
    return stats.beta(float(a), float(b))


def _triangular(low: float, high: float, mode: float | None) -> Any:
    if mode is None or not low <= mode <= high:
        raise ValueError("a triangular needs a mode between low and high")

    # With d = low − a, F(low) = d²/((b − a)(mode − a)) = 0.1 gives b for each d; then
    # F(high) falls from 1 (tiny d) towards 0.1 (huge d), so one d puts it at 0.9.
    def triangle(d: float) -> tuple[float, float]:
        a = low - d
        return a, a + d * d / (0.1 * (mode - a))

    def miss(d: float) -> float:
        a, b = triangle(d)
        return _triangle_cdf(high, a, mode, b) - 0.9

    scale = high - low
    try:
        d = optimize.brentq(miss, 1e-9 * scale, 1e6 * scale, xtol=1e-14 * scale, rtol=1e-14)
    except (ValueError, ZeroDivisionError):
        # Floats cannot hold the search: with the mode at low and an interval narrow
        # beside its size (1 to 1.00000001) low − d rounds to low, so mode − a is 0;
        # intervals over hundreds of orders of magnitude give NaN, denormal ones a
        # tolerance of 0. The row's problem, not scipy's words or a crash.
        raise ValueError(_uncomputable_triangle(low, high)) from None
    a, b = triangle(d)
    if abs(miss(d)) > FIT_TOLERANCE:
        raise ValueError(_uncomputable_triangle(low, high))
    return stats.triang(c=(mode - a) / (b - a), loc=a, scale=b - a)


#: An interval narrower than this share of its size is "too narrow" when the triangle's
#: search fails (floats near x are x·2.2e-16 apart; the search needs room below that).
_NARROW: Final = 1e-6


def _uncomputable_triangle(low: float, high: float) -> str:
    """Why the search found no triangle. One exists for any low < high and a mode
    between (see _triangular), so floating point failed, and the message says which
    way: an interval too narrow beside its size, or values out of floats' ordinary
    reach (fix6: "no triangular distribution has …" was untrue)."""
    exists = "a triangular distribution with this mode, 10th and 90th percentile exists but "
    keep = "or leave the row out to keep the value fixed"
    if high - low <= _NARROW * max(abs(low), abs(high)):
        return (
            f"{exists}the interval is too narrow to compute it in floating point; widen "
            f"the interval, {keep}"
        )
    return (
        f"{exists}cannot be computed in floating point (low and high are too far apart in "
        f"size, or too near 0); give an interval of ordinary numbers, {keep}"
    )


def _triangle_cdf(x: float, a: float, c: float, b: float) -> float:
    if x <= a:
        return 0.0
    if x >= b:
        return 1.0
    if x <= c:
        return (x - a) ** 2 / ((b - a) * (c - a))
    return 1 - (b - x) ** 2 / ((b - a) * (b - c))


_FITTERS = {
    "normal": _normal,
    "uniform": _uniform,
    "triangular": _triangular,
    "beta": _beta,
    "lognormal": _lognormal,
}
