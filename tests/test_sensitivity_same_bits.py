"""The variance shares come out with the same bits on every machine and in any row order.

Found on a new machine (7 December): the psa goldens' shares and R² moved in their 13th
to 16th digits with the same packages, because ``numpy.linalg.lstsq`` runs the
processor's own BLAS kernel. The fit now uses correctly rounded sums (``math.fsum``,
which does not depend on the order of its terms) and Python floats only, so the rows'
order cannot move a bit either; a least-squares fit through LAPACK does not promise
that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.uncertainty.sensitivity import variance_shares

PARAMETERS = ["a", "b", "c"]


def sample(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "a": rng.uniform(0.3, 0.7, n),  # a share
        "b": rng.uniform(900.0, 1100.0, n),  # a capacity: another scale
        "c": rng.lognormal(0.0, 0.2, n),
    })  # fmt: skip
    noise = rng.normal(0.0, 50.0, n)
    frame["y"] = -3000.0 * frame["a"] + 2.5 * frame["b"] + 400.0 * frame["c"] ** 2 + noise
    return frame


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(5, 400), order=st.randoms())
def test_the_rows_order_moves_no_bit(seed: int, n: int, order: object) -> None:
    frame = sample(seed, n)
    rows = list(range(n))
    order.shuffle(rows)  # type: ignore[attr-defined]
    shuffled = frame.iloc[rows].reset_index(drop=True)
    assert variance_shares(shuffled, PARAMETERS, "y") == variance_shares(frame, PARAMETERS, "y")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(5, 400))
def test_the_fit_is_the_least_squares_fit(seed: int, n: int) -> None:
    # The same fit as LAPACK's, to far below any digit a report shows.
    frame = sample(seed, n)
    x = frame[PARAMETERS].to_numpy()
    design = np.column_stack([np.ones(n), x])
    beta, *_ = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)
    parts = beta[1:] ** 2 * np.var(x, axis=0)
    residual = np.var(frame["y"].to_numpy() - design @ beta)
    expected = dict(zip(PARAMETERS, parts / (parts.sum() + residual), strict=True))
    result = variance_shares(frame, PARAMETERS, "y")
    assert result["shares"] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert result["r_squared"] == pytest.approx(1 - residual / (parts.sum() + residual), rel=1e-9)


def test_a_parameter_that_did_not_vary_has_no_share() -> None:
    # y = 2·a exactly, b held at 5 in every run: the whole variance is a's; b's column
    # is the intercept's over again, so it has no slope of its own (0, not a split).
    frame = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0, 4.0], "b": [5.0] * 5})
    frame["y"] = 2 * frame["a"]
    result = variance_shares(frame, ["a", "b"], "y")
    assert result["shares"] == {"a": 1.0, "b": 0.0}
    assert result["r_squared"] == 1.0


def test_two_parameters_that_moved_together_share_nothing_twice() -> None:
    # b = 2·a in every run: only one slope can be fitted. a (pivoted first) takes the
    # whole of y = a + b = 3·a; b gets 0. Var(a) = 2 (0..4), so a's part is 3² × 2 =
    # 18, all of Var(y) = 18: shares 1 and 0, R² 1.
    frame = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0, 4.0]})
    frame["b"] = 2 * frame["a"]
    frame["y"] = frame["a"] + frame["b"]
    result = variance_shares(frame, ["a", "b"], "y")
    assert result["shares"] == pytest.approx({"a": 1.0, "b": 0.0})
    assert result["r_squared"] == pytest.approx(1.0)
