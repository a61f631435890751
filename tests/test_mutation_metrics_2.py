"""Ratios of :mod:`pbrkit.tender.metrics` for a cluster costing or paid under £1.

Written against the last open survivors of `_figures` (benchmarks/mutation-tender.md):
the guards that leave a ratio undefined (NaN) only when its denominator is £0, so that a
cluster costing 50p, or paid 50p, keeps its ratio, and a cluster paid nothing has none
(not infinity). Arithmetic in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, TenderSpec, simulate_tender

# Cluster 1: 20p and 30p of cost (Σ c = £0.50), each paid 25p (Σ P = £0.50).
# Cluster 2: £400 and £600 of cost (Σ c = £1,000), paid nothing (Σ P = £0).
PEOPLE = pd.DataFrame(
    {"cluster": [1, 1, 2, 2], "cost": [0.2, 0.3, 400.0, 600.0], "income": [0.25, 0.25, 0.0, 0.0]}
)


def _by_cluster() -> pd.DataFrame:
    # A's cost is θ(1 − r)·c = 5c against a price of at most c + 5p: it never expects a
    # profit, so it takes nobody and the residue is everyone.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=5.0, info_quality=1, hurdle_margin=0.1)],
        lots=[Lot(name="L", clusters=[1, 2])],
    )
    result = simulate_tender(PEOPLE, spec, seed=0)
    assert result.residue["taken_patients"] == 0
    return result.by_cluster.set_index("cluster")


def test_a_cluster_costing_and_paid_under_a_pound_keeps_its_ratios() -> None:
    one = _by_cluster().loc[1]
    # Casemix index: (Σ_N c ÷ n_N) ÷ (Σ c ÷ n) = (0.50 ÷ 2) ÷ (0.50 ÷ 2) = 1; defined
    # because Σ c = £0.50 > 0 (a guard of Σ c > £1 would make it NaN).
    assert one["casemix_index"] == pytest.approx(1.0)
    # Cost to payment: Σ_N c ÷ Σ_N P = 0.50 ÷ 0.50 = 1, before and after (nobody taken);
    # defined because Σ P = £0.50 > 0.
    assert one["residue_cost_to_payment"] == pytest.approx(1.0)
    assert one["cost_to_payment_before"] == pytest.approx(1.0)


def test_a_cluster_paid_nothing_has_no_cost_to_payment_ratio() -> None:
    two = _by_cluster().loc[2]
    # Σ P = £0, so Σ c ÷ Σ P = 1,000 ÷ 0 is undefined: NaN, not +∞.
    assert math.isnan(two["residue_cost_to_payment"])
    assert math.isnan(two["cost_to_payment_before"])
    # Its casemix index is still (1,000 ÷ 2) ÷ (1,000 ÷ 2) = 1.
    assert two["casemix_index"] == pytest.approx(1.0)


def test_a_draw_in_which_nobody_is_paid_has_no_cost_to_payment_ratio() -> None:
    # Only cluster 2: Σ c = 400 + 600 = £1,000 and Σ P = £0, so in the draw's own
    # figures (before any median) Σ c ÷ Σ P is undefined: NaN, not +∞.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=5.0, info_quality=1, hurdle_margin=0.1)],
        lots=[Lot(name="L", clusters=[2])],
    )
    draw = simulate_tender(PEOPLE[PEOPLE["cluster"] == 2], spec, seed=0).draws.iloc[0]
    assert draw["residue_patients"] == 2
    assert math.isnan(draw["residue_cost_to_payment"])
    assert math.isnan(draw["cost_to_payment_before"])
