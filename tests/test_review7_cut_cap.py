"""`nhs_response = "cut"` never cuts more than the NHS spends on the people left.

Found by recomputing the year table by hand: a scenario with `nhs_response = "cut"` and
`tariff_rebase = "nhs_only"` over five years gave "Cut as share of need" 111% in year 3
and, from year 4, a negative tariff (price index −0.20, residue payment −£524 a head).
The cut was max(0, −surplus), but the surplus also carries the stranded fixed cost and
the cost kept for the people taken, which no cut to the residue's care can remove: the
cut went past all the residue's spending, the residue's "spending after the cut" was
negative, and the prices re-based on it turned negative. The cut is now at most the
residue's whole cost (docs/methodology.md §6.7): share ≤ 100%, prices never below 0.

Hand-worked case: p1 in cluster 1 costs £5,000, p2 in cluster 2 costs £200, P = £1,000
each. One bidder, θ = 0.1, perfect information, eligible for cluster 1 only, takes p1
(π̂ = 1000 − 0.1 × 5000 = 500 ≥ the 5% hurdle of 50); p2 stays with the NHS.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec
from pbrkit.tender.years import YearOptions, project_years

PEOPLE = pd.DataFrame(
    {
        "patient_id": ["p1", "p2"],
        "cluster": [1, 2],
        "cost": [5000.0, 200.0],
        "income": [1000.0, 1000.0],
        "days": 100.0,
        "admitted_days": 0.0,
    }
)
# f = 1, s = 0: all of p1's £5,000 is stranded when p1 goes.
SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.1, info_quality=1, clusters=[1])],
    lots=[Lot(name="L1", clusters=[1]), Lot(name="L2", clusters=[2])],
    nhs=NhsCostStructure(fixed_cost_share=1.0, shed_rate=0.0),
)


def _years(rebase: str) -> pd.DataFrame:
    options = YearOptions(years=2, tariff_rebase=rebase, nhs_response="cut")  # type: ignore[arg-type]
    return project_years(PEOPLE, SPEC, options, seed=0).set_index("year")


def test_the_cut_is_at_most_the_residues_spending() -> None:
    # Year 1: T = {p1}, N = {p2}. S = 1 × (1 − 0)¹ × 5000 = 5000;
    # surplus = (1000 − 200) − 5000 = −4200. Break-even would need a cut of £4,200, but
    # the NHS spends only £200 on p2: the cut is £200 (100% of the need), not £4,200 (21×).
    years = _years("nhs_only")
    y1 = years.loc[1]
    assert y1["taken_patients"] == 1
    assert y1["nhs_surplus"] == pytest.approx(-4200)
    assert y1["cut_per_head"] == pytest.approx(200)
    assert y1["cut_share"] == pytest.approx(1.0)


def test_prices_re_based_on_a_cut_residue_never_go_below_zero() -> None:
    # nhs_only: cluster 2's year-2 price = 1000 × (200 − 200) ÷ 1000 = 0 (it was
    # 1000 × (200 − 4200) ÷ 1000 = −4000 before the fix); cluster 1 has nobody left, so it
    # follows `none`: 1000. Price index (0 + 1000) ÷ 2000 = 0.5; p2's payment 0.
    years = _years("nhs_only")
    assert years.loc[2, "price_index"] == pytest.approx(0.5)
    assert years.loc[2, "residue_payment_per_head"] == pytest.approx(0.0)
    # all_providers: cluster 1 borne by the bidder 0.1 × 5000 = 500 → price 500;
    # cluster 2 borne by the NHS after the cut, 0 → price 0. Index 500 ÷ 2000 = 0.25.
    years = _years("all_providers")
    assert years.loc[2, "price_index"] == pytest.approx(0.25)
    assert (years["residue_payment_per_head"] >= 0).all()
