"""Review 2 (round 13): a narrow beta's ppf at a denormal probability.

Found when tests/test_uncertainty_params.py::test_every_sample_lies_in_the_valid_range
failed on main: hypothesis drew low = 0.125, high = 0.140625 (a beta with α, β in the
hundreds) and u = 5e-324, and scipy's beta ppf raised OverflowError from boost's tgamma
instead of returning a value. The Latin hypercube cannot draw such a u, but the library
function must not raise: the value is now the support's end, as for the far tails
where scipy gives NaN, and every other u is unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from pbrkit.uncertainty.distributions import fit_marginal


def test_a_denormal_probability_gives_the_support_end_not_an_overflow() -> None:
    beta = fit_marginal("beta", 0.125, 0.140625, lower=0.0, upper=1.0, mode=None)
    assert float(beta.ppf(5e-324)) == 0.0
    values = beta.ppf(np.array([5e-324, 0.1, 0.9]))
    assert values[0] == 0.0
    # The 80% interval still holds: its ends are the 10th and 90th percentiles.
    assert values[1] == pytest.approx(0.125)
    assert values[2] == pytest.approx(0.140625)
