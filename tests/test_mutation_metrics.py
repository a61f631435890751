"""Hand-worked per-bidder figures of :mod:`pbrkit.tender.metrics` (methodology §6.5).

Written against the survivors of the mutation run: no test in the selection worked a
bidder's own figures (its profit, the differential payment, the contribution the NHS
loses and the fixed cost stranded) by hand. Arithmetic in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender

# p1 (£400) and p2 (£2,000) in cluster 1 at P = £1,000; p3 (£1,000) in cluster 2 at £2,000.
PEOPLE = pd.DataFrame(
    {"cluster": [1, 1, 2], "cost": [400.0, 2000.0, 1000.0], "income": [1000.0, 1000.0, 2000.0]}
)


def _by_bidder(*, recharge: bool) -> pd.DataFrame:
    # B (θ = 2, cluster 2 only) takes nobody; A (θ = 0.9) takes p1 in L1 (λ = 0.5) and
    # p3 in L2 (λ = 0). The NHS: r = 0.2, f = 0.6, s = 0.5, a blended payment with v = 0.5.
    spec = TenderSpec(
        bidders=[
            Bidder(name="B", cost_factor=2.0, info_quality=1, hurdle_margin=0.1, clusters=[2]),
            Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1, recharge=recharge),
        ],
        lots=[Lot(name="L2", clusters=[2]), Lot(name="L1", clusters=[1], cost_sharing=0.5)],
        nhs=NhsCostStructure(
            retained_share=0.2,
            fixed_cost_share=0.6,
            shed_rate=0.5,
            payment="blended",
            variable_share=0.5,
        ),
    )
    return simulate_tender(PEOPLE, spec, seed=0).by_bidder.set_index("bidder")


def test_a_bidders_own_figures() -> None:
    # A's patients: Σ c = 400 + 1,000 = 1,400; Σ P = 3,000. Paid: p1 0.5 × 1,000 + 0.5 ×
    # 0.72 × 400 = 644, p3 2,000: Σ R = 2,644. Its cost θ(1 − r)·Σ c = 0.72 × 1,400 = 1,008.
    a = _by_bidder(recharge=False).loc["A"]
    assert a["taken_cost"] == pytest.approx(1400.0)
    assert a["taken_income"] == pytest.approx(3000.0)
    assert a["payments_to_bidders"] == pytest.approx(2644.0)
    # Profit: 2,644 − 1,008 − 0 = 1,636.
    assert a["bidder_profit"] == pytest.approx(1636.0)
    # Differential payment: Σ R − (1 − r)·Σ c = 2,644 − 0.8 × 1,400 = 1,524.
    assert a["differential_payment"] == pytest.approx(1524.0)
    # Lost contribution: v·Σ P − (1 − f)(1 − r)·Σ c = 0.5 × 3,000 − 0.4 × 0.8 × 1,400
    # = 1,500 − 448 = 1,052.
    assert a["lost_contribution"] == pytest.approx(1052.0)
    # Stranded fixed cost: f(1 − s)(1 − r)·Σ c = 0.6 × 0.5 × 0.8 × 1,400 = 336.
    assert a["stranded_fixed_cost"] == pytest.approx(336.0)
    # Cost retained for the taken: r·Σ c − recharge = 0.2 × 1,400 = 280.
    assert a["cost_retained_for_taken"] == pytest.approx(280.0)
    # B took nobody: every figure is 0, not A's.
    b = _by_bidder(recharge=False).loc["B"]
    assert b[["bidder_profit", "lost_contribution", "stranded_fixed_cost"]].tolist() == [0, 0, 0]


def test_a_recharging_bidders_own_figures() -> None:
    # Recharging r·Σ c = 0.2 × 1,400 = 280: profit 1,636 − 280 = 1,356, and the NHS
    # carries 280 − 280 = 0 of the retained cost.
    by_bidder = _by_bidder(recharge=True)
    a = by_bidder.loc["A"]
    assert a["bidder_profit"] == pytest.approx(1356.0)
    assert a["cost_retained_for_taken"] == pytest.approx(0.0)
    # B pays back nothing: its profit is 0, not minus A's recharge.
    assert by_bidder.loc["B", "bidder_profit"] == 0.0


def test_public_spending_is_the_commissioner_less_the_nhs_surplus_change() -> None:
    # Methodology §6.5: public spending change = commissioner cost change − (NHS surplus
    # after − before). One draw, so the medians are the draw's own figures.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1)],
        lots=[Lot(name="L", clusters=[1, 2])],
    )
    r = simulate_tender(PEOPLE, spec, seed=0).residue
    assert r["nhs_surplus_before"] != 0
    change = r["nhs_surplus_after"] - r["nhs_surplus_before"]
    assert r["public_spending_change"] == pytest.approx(r["commissioner_cost_change"] - change)
