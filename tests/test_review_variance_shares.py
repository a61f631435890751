"""Variance shares add up to the R² reported beside them, whatever the sample's chance
correlation between parameters.

Found in review 10: `pbrkit psa small.xlsx --uncertainty u.csv --samples 50 --seed 3`
(four patients; nhs.fixed_cost_share 0.3-0.7 and tariff.scale 0.9-1.1) reported
"nhs.fixed_cost_share 22.7%, tariff.scale 95.4%" of the variance of the change in the
NHS surplus, with R² 1.00: 118% of the variance. The figure there is exactly linear,
change = 1,000 − 3,000·k − 750·f (two people taken at £1,500·k, costing £500 each;
stranded f × 0.75 × £1,000), but the 50 Latin-hypercube samples of k and f happen to
correlate (−0.19), and SRC² ÷ the sample's Var(Y) counts the cross term twice over.
docs/uncertainty.md §4 promises the shares add up to R².
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.uncertainty.sensitivity import variance_shares


def correlated_sample() -> pd.DataFrame:
    # x1, x2 in {0, 1}, agreeing in 3 of 4 rows (correlation 0.5):
    #   x1 = 0, 0, 1, 1;  x2 = 0, 0, 1, 0 … repeated. Var(x1) = 0.25, Var(x2) = 0.1875.
    samples = pd.DataFrame({"x1": [0.0, 0.0, 1.0, 1.0] * 5, "x2": [0.0, 0.0, 1.0, 0.0] * 5})
    samples["y"] = samples["x1"] + 2 * samples["x2"]
    return samples


def test_the_shares_of_an_exact_line_add_up_to_one() -> None:
    # y = x1 + 2·x2 exactly: R² = 1. With the parameters independent, as they are drawn,
    # Var(y) = 1²·0.25 + 2²·0.1875 = 0.25 + 0.75 = 1.0: shares 0.25 and 0.75. The
    # sample's own Var(y) also holds 2·1·2·Cov(x1, x2) = 4 × 0.125 = 0.5 (1.5 in all),
    # which gave 0.25/1.5 + 0.75/1.5 = 67%.
    result = variance_shares(correlated_sample(), ["x1", "x2"], "y")
    assert result["shares"] == pytest.approx({"x1": 0.25, "x2": 0.75})
    assert sum(result["shares"].values()) == pytest.approx(result["r_squared"])
    assert result["r_squared"] == pytest.approx(1.0)


def test_with_noise_the_shares_add_up_to_the_r_squared_reported() -> None:
    rng = np.random.default_rng(5)
    n = 50
    x1 = rng.uniform(size=n)
    x2 = 0.4 * x1 + rng.uniform(size=n)  # correlated by chance or design
    samples = pd.DataFrame({"x1": x1, "x2": x2, "y": 3 * x1 - 2 * x2 + rng.normal(0, 0.3, n)})
    result = variance_shares(samples, ["x1", "x2"], "y")
    assert sum(result["shares"].values()) == pytest.approx(result["r_squared"])
    assert 0 < result["r_squared"] < 1
