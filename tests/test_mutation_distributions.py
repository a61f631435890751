"""Hand-worked tests written against the survivors of mutation testing
`pbrkit.uncertainty.distributions` (benchmarks/mutation-uncertainty.md).

The triangle's percentiles use the cdf of a triangle (a, c, b):
F(x) = (x − a)²/((b − a)(c − a)) up to the mode c, 1 − (b − x)²/((b − a)(b − c)) after.
"""

from __future__ import annotations

import math

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.distributions import fit_marginal
from pbrkit.uncertainty.params import ParameterRow, check_parameters

#: The symmetric triangle's half-width per half-interval: w/(w − 1) = 1/√0.2 gives
#: w = 1/(1 − √0.2) = 1.809017 (tests/test_uncertainty_params.py works it out).
HALF = 1 / (1 - math.sqrt(0.2))


def the_problem(path: str, low: float, high: float, shape: str, mode: float | None) -> str:
    with pytest.raises(InputError) as caught:
        check_parameters([ParameterRow(path, low, high, shape, mode, row=3)])
    (problem,) = caught.value.problems
    assert problem.row == 3
    return problem.message


def test_a_triangle_with_its_mode_at_low() -> None:
    # low 1, high 3, mode 1: a = 1 − d, c − a = d, b − a = L.
    # F(1) = d²/(L·d) = d/L = 0.1 ⇒ L = 10d, so b = 1 + 9d and b − c = 9d.
    # F(3) = 1 − (b − 3)²/(L·9d) = 0.9 ⇒ (9d − 2)² = 9d² ⇒ 9d − 2 = 3d ⇒ d = 1/3.
    # Support [2/3, 4], mode 1: F(1) = (1/3)²/((10/3)(1/3)) = 0.1;
    # F(3) = 1 − 1²/((10/3)·3) = 0.9.
    tri = fit_marginal("triangular", 1.0, 3.0, mode=1.0)
    assert float(tri.ppf(0.0)) == pytest.approx(2 / 3, abs=1e-9)
    assert float(tri.ppf(1.0)) == pytest.approx(4.0, abs=1e-9)
    assert float(tri.cdf(1.0)) == pytest.approx(0.1, abs=1e-9)
    assert float(tri.cdf(3.0)) == pytest.approx(0.9, abs=1e-9)


def test_a_triangle_with_its_mode_at_high() -> None:
    # low 2, high 4, mode 4: a = 2 − d, c − a = 2 + d, b − a = L; 4 ≤ c, so
    # F(4) = (2 + d)²/(L(2 + d)) = (2 + d)/L = 0.9 ⇒ L = (2 + d)/0.9, and
    # F(2) = d²/(L(2 + d)) = 0.9·d²/(2 + d)² = 0.1 ⇒ d/(2 + d) = 1/3 ⇒ d = 1.
    # Support [1, 13/3], mode 4 (a ≠ 0, so x − a and x + a differ):
    # F(2) = 1/((10/3)·3) = 0.1, F(4) = 9/((10/3)·3) = 0.9.
    tri = fit_marginal("triangular", 2.0, 4.0, mode=4.0)
    assert float(tri.ppf(0.0)) == pytest.approx(1.0, abs=1e-9)
    assert float(tri.ppf(1.0)) == pytest.approx(13 / 3, abs=1e-9)
    assert float(tri.cdf(2.0)) == pytest.approx(0.1, abs=1e-9)
    assert float(tri.cdf(4.0)) == pytest.approx(0.9, abs=1e-9)


@pytest.mark.parametrize(
    ("low", "high", "mode"),
    [
        # a narrow interval: the search's bracket and tolerance scale with high − low
        (1.0, 1.00001, 1.000005),
        # pounds: 1e6·(high − low) must still reach past the root d ≈ 0.81e6
        (1e6, 3e6, 2e6),
        # below 0 (a fall in prices): the scale is high − low = 0.4, not high + low
        (-0.3, 0.1, -0.1),
    ],
)
def test_symmetric_triangles_at_any_scale(low: float, high: float, mode: float) -> None:
    # Symmetric: support mode ± HALF·(high − low)/2, e.g. 2e6 ± 1.809017e6 =
    # [190,983, 3,809,017]; 1.000005 ± 9.045085e-6; −0.1 ± 0.3618034.
    half_width = HALF * (high - low) / 2
    tri = fit_marginal("triangular", low, high, mode=mode)
    assert float(tri.ppf(0.0)) == pytest.approx(mode - half_width, rel=1e-12, abs=1e-12)
    assert float(tri.ppf(1.0)) == pytest.approx(mode + half_width, rel=1e-12, abs=1e-12)
    assert float(tri.cdf(low)) == pytest.approx(0.1, abs=1e-9)
    assert float(tri.cdf(high)) == pytest.approx(0.9, abs=1e-9)


def test_the_fitters_refuse_in_words() -> None:
    assert the_problem("tariff.scale", 0.9, 1.1, "triangular", None) == (
        "'tariff.scale': a triangular needs a mode between low and high"
    )
    assert the_problem("tariff.scale", 0.9, 1.1, "triangular", 1.2) == (
        "'tariff.scale': a triangular needs a mode between low and high"
    )
    # A share may be 0, but a lognormal needs ln(low).
    assert the_problem("nhs.shed_rate", 0.0, 0.4, "lognormal", None) == (
        "'nhs.shed_rate': a lognormal needs low greater than 0"
    )
    # A beta's percentiles cannot sit on 0 or 1 (its cdf is 0 and 1 there).
    for low, high in ((0.0, 0.4), (0.6, 1.0)):
        assert the_problem("nhs.shed_rate", low, high, "beta", None) == (
            "'nhs.shed_rate': a beta needs 0 < low < high < 1"
        )
    # 0.4 to 0.40000001: α + β ≈ 0.24/(3.9e-9)² ≈ 1.6e16, past what the solver reaches.
    assert the_problem("nhs.shed_rate", 0.4, 0.40000001, "beta", None) == (
        "'nhs.shed_rate': no beta distribution has this 10th and 90th percentile"
    )
    # 1 to 1.000000001: the search ends, but its triangle misses F(high) = 0.9 by more
    # than 1e-9 (floats near 1 are 2.2e-16 apart, a millionth of the interval).
    assert the_problem("tariff.scale", 1.0, 1.000000001, "triangular", 1.0000000005) == (
        "'tariff.scale': a triangular distribution with this mode, 10th and 90th percentile "
        "exists but the interval is too narrow to compute it in floating point; widen the "
        "interval, or leave the row out to keep the value fixed"
    )
    with pytest.raises(ValueError, match=r"^low must be less than high$"):
        fit_marginal("normal", 0.5, 0.5)


def test_the_shape_is_kept() -> None:
    assert fit_marginal("lognormal", 0.8, 1.25).shape == "lognormal"


def test_the_truncated_cdf_is_0_below_and_1_above_the_valid_range() -> None:
    # normal 0 to 0.4 truncated to [0, 1] (test_uncertainty_params works its median):
    # below 0, (Φ(x) − F(0))/(F(1) − F(0)) is negative before clipping; above 1 it is
    # over 1.
    share = fit_marginal("normal", 0.0, 0.4, lower=0.0, upper=1.0)
    assert float(share.cdf(-0.5)) == 0.0
    assert float(share.cdf(2.0)) == 1.0


def test_the_top_of_a_truncated_range_is_its_bound_not_infinity() -> None:
    # normal 0.5 to 0.6: sd 0.1/2.5631 = 0.039015, so 1 is 11.5 sd above the mean and
    # F(1) rounds to 1.0: scipy's ppf(1.0) is +∞, clipped to the valid 1.
    share = fit_marginal("normal", 0.5, 0.6, lower=0.0, upper=1.0)
    assert float(share.ppf(1.0)) == 1.0


def test_a_narrow_beta_near_a_half_fits() -> None:
    # 0.5 to 0.51: mean 0.505, sd 0.01/2.5631 = 0.0039015, so the solver starts at
    # α + β = 0.505·0.495/0.0039015² − 1 ≈ 16,421 (started from sd·2 instead of sd², at
    # α + β = 0.249975/0.007803 − 1 ≈ 31, it does not converge).
    beta = fit_marginal("beta", 0.5, 0.51, lower=0.0, upper=1.0)
    assert float(beta.ppf(0.1)) == pytest.approx(0.5, abs=1e-12)
    assert float(beta.ppf(0.9)) == pytest.approx(0.51, abs=1e-12)
    assert sum(beta.frozen.args) == pytest.approx(16421, rel=0.01)


@pytest.mark.parametrize(("low", "high"), [(0.02, 0.9), (0.5, 0.99)])
def test_a_beta_puts_its_percentiles_exactly(low: float, high: float) -> None:
    # Solved to xtol 1e-12 in (ln α, ln β): the percentiles land within 1e-13 (the
    # solver's default xtol, 1.5e-8, leaves 2.4e-11 at 0.9 for 0.02 to 0.9).
    beta = fit_marginal("beta", low, high, lower=0.0, upper=1.0)
    assert float(beta.ppf(0.1)) == pytest.approx(low, abs=1e-13)
    assert float(beta.ppf(0.9)) == pytest.approx(high, abs=1e-13)
