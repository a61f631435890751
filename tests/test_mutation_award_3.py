"""The competitive award's per-draw reductions in :mod:`pbrkit.tender.award`, worked by hand.

Written against the last open survivors of `_scores`, `_second_score` and
`_award_competitive` (benchmarks/mutation-tender.md): each reduces over the bidders of
one draw (``axis=1``); reducing over the whole block of draws instead (``axis=None``)
left every earlier test passing, because in those tests the draws of a block were too
alike for the lowest basket or the best rival score of one draw to change another's
winner or price. Here the two draws of a block differ by design.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, TenderSpec, simulate_tender
from pbrkit.tender.award import _scores, _second_score, _winner

# Two draws, two bidders; every basket is the whole lot (P = £1,000, nothing left at the
# tariff), so K_b = floor × £1,000. Quality 0.5 for bidder 0 and 0.9 for bidder 1;
# half the score is price (w = 0.5).
BASKET = np.array([[500.0, 900.0], [800.0, 950.0]])
WANTED = np.full((2, 2), 1000.0)
REST = np.zeros((2, 2))
FLOORS = BASKET / 1000.0
BIDS = np.ones((2, 2), dtype=bool)
QUALITY = np.array([0.5, 0.9])


def test_each_draw_is_scored_against_its_own_lowest_basket() -> None:
    # score = w × min K ÷ K_b + (1 − w) × q, min K taken within the draw:
    # draw 0, min K = 500: 0.5 × 500/500 + 0.5 × 0.5 = 0.75;  0.5 × 500/900 + 0.45 = 0.7278
    # draw 1, min K = 800: 0.5 × 800/800 + 0.25       = 0.75;  0.5 × 800/950 + 0.45 = 0.8711
    # (min K over the block, 500, would give draw 1 0.5 × 500/800 + 0.25 = 0.5625 and
    # 0.5 × 500/950 + 0.45 = 0.7132.)
    score = _scores(BASKET, BIDS, QUALITY, 0.5)
    np.testing.assert_allclose(
        score, [[0.75, 0.5 * 500 / 900 + 0.45], [0.75, 0.5 * 800 / 950 + 0.45]]
    )
    assert _winner(score, BASKET, BIDS).tolist() == [0, 1]


def test_the_second_score_price_of_each_draw_is_set_by_its_own_rival() -> None:
    # Draw 0: bidder 0 wins; at factor m its basket is 1,000m. While 1,000m ≤ 900 it is
    # the lowest, so it scores 0.5 × 1 + 0.25 = 0.75 and bidder 1 scores
    # 0.5 × 1,000m/900 + 0.45; it still wins while 0.75 ≥ 0.5 × 1,000m/900 + 0.45,
    # i.e. 1,000m/900 ≤ 0.6, m ≤ 0.54.
    # Draw 1: bidder 1 wins (floor 0.95); even at m = 1 (K = 1,000 against 800) it scores
    # 0.5 × 800/1,000 + 0.45 = 0.85 against bidder 0's 0.5 × 1 + 0.25 = 0.75, so it is
    # paid the tariff, m = 1. (Bidder 1's 0.95 in draw 0 at m = 1, the best rival score
    # over the whole block, would beat 0.85 and make draw 1 bisect below 1.)
    winner = np.array([0, 1])
    paid = _second_score(BASKET, WANTED, REST, FLOORS, BIDS, QUALITY, 0.5, winner)
    np.testing.assert_allclose(paid, [0.54, 1.0], atol=1e-8)


def test_the_second_score_price_on_price_alone_follows_the_draws_own_lowest_rival() -> None:
    # w = 1: the winner keeps winning while its basket is no dearer than the cheapest
    # rival's in the same draw. Draw 0: rival 900, so m = 900/1,000 = 0.9. Draw 1 (bidder 0
    # winning at 500 against a rival at 600): m = 0.6. (The cheapest rival over the
    # block, 600, would pay draw 0 0.6.)
    basket = np.array([[800.0, 900.0], [500.0, 600.0]])
    paid = _second_score(
        basket, WANTED, REST, basket / 1000.0, BIDS, QUALITY, 1.0, np.array([0, 0])
    )
    np.testing.assert_allclose(paid, [0.9, 0.6], atol=1e-8)


def test_a_draw_in_which_nobody_bids_gives_nobody_the_lot() -> None:
    # A sole bidder that cannot screen takes the whole competitive lot or nothing; it bids
    # when its predicted Σπ̂ = Σ(P − ĉ) is positive. With noisy predictions (ρ = 0.5),
    # P = £750 a head against costs of £300-£1,200 (mean £750), that sign changes from
    # draw to draw: with seed 2 it bids in draws 0 and 1 and not in 2 and 3. A draw in
    # which nobody bids must leave the lot with the NHS whatever the other draws of its
    # block do: a block of four draws gives what four blocks of one give.
    people = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c", "d"],
            "cluster": [1] * 4,
            "cost": [300.0, 600.0, 900.0, 1200.0],
            "income": [750.0] * 4,
        }
    )
    bidder = Bidder(name="A", cost_factor=1.0, info_quality=0.5, hurdle_margin=0, screening=False)
    spec = TenderSpec(bidders=[bidder], lots=[Lot(name="L", clusters=[1], award="competitive")])
    block = simulate_tender(people, spec, draws=4, seed=2, chunk_size=4, workers=1).draws
    alone = simulate_tender(people, spec, draws=4, seed=2, chunk_size=1, workers=1).draws
    assert block["taken_patients"].tolist() == [4, 4, 0, 0]
    pd.testing.assert_frame_equal(block, alone)


def test_a_tie_at_capacity_is_broken_by_the_bidders_own_noise() -> None:
    # Five patients who each cost £400 and pay £1,000: the log-cost fit of their cluster
    # has σ = 0, so every prediction is £400 whatever the noise, and π̂ = £600 for each.
    # A bidder with room for one (ρ = 0.5, so it has noise) takes one of five tied
    # patients in a sheet-order lot; its own noise breaks the tie (docs/methodology.md
    # §6.4), so which patient it takes changes with the seed, not always the first row.
    people = pd.DataFrame(
        {
            "patient_id": list("abcde"),
            "cluster": [1] * 5,
            "cost": [400.0] * 5,
            "income": [1000.0] * 5,
        }
    )
    bidder = Bidder(name="A", cost_factor=1.0, info_quality=0.5, hurdle_margin=0, capacity=1)
    spec = TenderSpec(
        bidders=[bidder], lots=[Lot(name="L", clusters=[1], allocation="sheet_order")]
    )
    taken = [
        simulate_tender(people, spec, seed=seed).patients.set_index("patient_id")["taken_by"]
        for seed in range(3)
    ]
    assert [t[t.notna()].index.tolist() for t in taken] == [["d"], ["e"], ["c"]]


@pytest.mark.parametrize("rows", [[0, 1, 2], [1, 2, 0], [2, 0, 1]])
def test_a_bidder_without_noise_breaks_a_tie_at_capacity_by_patient_id(rows: list[int]) -> None:
    # A perfectly informed bidder (ρ = 1, so it draws no noise) predicts each patient's
    # own cost: three patients of £400 paying £1,000 each have π̂ = £600, a tie. With room
    # for one in a competitive lot it takes the lowest patient id, p1, whatever the row
    # order (docs/methodology.md §6.4: nothing depends on the order of the rows). Before,
    # the tie went to the first row, so reordering the rows changed who was taken.
    people = pd.DataFrame(
        {
            "patient_id": ["p3", "p1", "p2"],
            "cluster": [1] * 3,
            "cost": [400.0] * 3,
            "income": [1000.0] * 3,
        }
    ).iloc[rows]
    bidder = Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0, capacity=1)
    spec = TenderSpec(bidders=[bidder], lots=[Lot(name="L", clusters=[1], award="competitive")])
    # Three draws, all alike without noise: the tie-break has one row per draw.
    result = simulate_tender(people, spec, draws=3, seed=0, chunk_size=3)
    assert result.draws["taken_patients"].tolist() == [1, 1, 1]
    patients = result.patients.set_index("patient_id")
    assert patients["taken_by"].notna().to_dict() == {"p1": True, "p2": False, "p3": False}


def test_a_lot_sharing_a_cluster_counts_only_the_patients_still_with_the_nhs() -> None:
    # Lots L1 (clusters 1, 2; Σ P = £2,000) and L2 (clusters 2, 3; Σ P = £1,500) share
    # cluster 2; both are competitive and scored half on price (w = 0.5). L1 goes first
    # (larger Σ P); only A covers it, and A (room for 2) takes a and b, paid the tariff.
    # L2 then has c alone with the NHS: Σ P of the lot is £500, not £1,500. B and C know
    # c's cost (ρ = 1, ĉ = £200) and bid hurdles of 10%:
    #   floors m*_B = 1.1 × 0.9 × 200 / 500 = 0.396, m*_C = 1.1 × 0.8 × 200 / 500 = 0.352;
    #   K_B = 0.396 × 500 = £198, K_C = £176 (nothing of the lot left at the tariff);
    #   scores: B 0.5 × 176/198 + 0.5 × 0.9 = 0.8944, C 0.5 × 1 + 0.5 × 0.5 = 0.75: B wins.
    # Second score: at factor m, K_B = 500m; while K_B ≥ 176 B scores 0.5 × 176/(500m)
    # + 0.45 and C 0.75, so B still wins while 88/(500m) ≥ 0.3, m ≤ 0.586667: B is paid
    # 0.586667 × £500 = £293.33. (Counting b's £1,000 in L2 would add £1,000 to every
    # basket, K_B = 500m + 1,000, and B would be paid the whole tariff, £500.)
    people = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c"],
            "cluster": [1, 2, 3],
            "cost": [400.0, 400.0, 200.0],
            "income": [1000.0, 1000.0, 500.0],
        }
    )
    known = {"info_quality": 1, "hurdle_margin": 0.1, "clusters": [2, 3]}
    spec = TenderSpec(
        bidders=[
            Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0, capacity=2),
            Bidder(name="B", cost_factor=0.9, quality_score=0.9, **known),
            Bidder(name="C", cost_factor=0.8, quality_score=0.5, **known),
        ],
        lots=[
            Lot(name="L1", clusters=[1, 2], award="competitive", price_weight=0.5),
            Lot(name="L2", clusters=[2, 3], award="competitive", price_weight=0.5),
        ],
    )
    patients = simulate_tender(people, spec, seed=0).patients.set_index("patient_id")
    assert patients["taken_by"].to_dict() == {"a": "A", "b": "A", "c": "B"}
    assert patients.loc["c", "payment"] == pytest.approx(500 * 0.88 / 1.5, abs=1e-5)
