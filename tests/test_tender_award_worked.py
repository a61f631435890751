"""Hand-worked checks of the competitive award's pieces over a block of draws (§6.4).

Each check runs two or more draws that differ, so a rule that mixed the draws up (a
minimum over the whole block instead of per draw, say) gives a wrong number in one of
them. Arithmetic in the comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, TenderResult, TenderSpec, simulate_tender
from pbrkit.tender.award import (
    ChunkState,
    _first_overflow,
    _ratio,
    _safe_ratio,
    _scores,
    _second_score,
    _winner,
)


def test_scores_compare_each_draw_with_its_own_cheapest_basket() -> None:
    # Weight 0.7 on price, quality 0.5 and 0.9.
    # Draw 1: K = 100, 120; min 100: price 1 and 0.83333; score 0.7 + 0.15 = 0.85 and
    #   0.58333 + 0.27 = 0.85333.
    # Draw 2: K = 90, 80; min 80: price 0.88889 and 1; score 0.62222 + 0.15 = 0.77222
    #   and 0.7 + 0.27 = 0.97.
    # Draw 3: only the first bids (K = 50): price 1, score 0.85; the other −∞.
    basket = np.array([[100.0, 120.0], [90.0, 80.0], [50.0, 10.0]])
    bids = np.array([[True, True], [True, True], [True, False]])
    score = _scores(basket, bids, np.array([0.5, 0.9]), 0.7)
    assert score[0] == pytest.approx([0.85, 0.7 * 100 / 120 + 0.27])
    assert score[1] == pytest.approx([0.7 * 80 / 90 + 0.15, 0.97])
    assert score[2, 0] == pytest.approx(0.85) and score[2, 1] == -np.inf


def test_scores_when_nobody_bids_or_a_basket_is_free() -> None:
    # Nobody bids: every score is −∞. A basket of £0 (nothing left to pay) counts as
    # price 1 rather than ÷ 0: 0.5 × 1 + 0.5 × 0.2 = 0.6; the other, K = 40 against a
    # min of 0, has price 0 ÷ 40 = 0: 0.5 × 0 + 0.5 × 0.8 = 0.4.
    none = _scores(np.array([[10.0, 20.0]]), np.array([[False, False]]), np.array([0.5, 0.5]), 1)
    assert (none == -np.inf).all()
    free = _scores(np.array([[0.0, 40.0]]), np.array([[True, True]]), np.array([0.2, 0.8]), 0.5)
    assert free[0] == pytest.approx([0.6, 0.4])


def test_winner_ties_go_to_the_lower_basket_then_the_earlier_name() -> None:
    # Draw 1: the first two tie on score 0.9; K 100 against 90, so the second wins.
    # Draw 2: all three tie on score; K 100, 100, 120: the first two tie on K too, so
    # the earlier (first) wins. Draw 3: the third has the best score and wins outright.
    score = np.array([[0.9, 0.9, 0.5], [0.9, 0.9, 0.9], [0.1, 0.2, 0.3]])
    basket = np.array([[100.0, 90.0, 80.0], [100.0, 100.0, 120.0], [1.0, 1.0, 5.0]])
    bids = np.ones((3, 3), dtype=np.bool_)
    assert _winner(score, basket, bids).tolist() == [1, 0, 2]


def test_second_score_pays_the_price_at_which_the_winner_would_just_win() -> None:
    # Price only (weight 1): the winner wins while its K ≤ the other's. It wants the
    # whole lot, Σ_W P = 100 (nothing left over), floor m* = 0.8 (K = 80).
    # Draw 1: the other's K = 90, so m = 90 ÷ 100 = 0.9.
    # Draw 2: the other's K = 100, a tie at m = 1; a tie is a win, so the tariff: m = 1.
    # Draw 3: the winner bid alone: the reserve, m = 1.
    # Draw 4: the winner wants 50 of the lot's 100 (50 stays at the tariff) at floor 0.6
    #   (K = 80); the other's K = 95: 50·m + 50 ≤ 95 up to m = 0.9.
    wanted = np.array([[100.0, 100.0], [100.0, 100.0], [100.0, 100.0], [50.0, 100.0]])
    rest = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [50.0, 0.0]])
    floors = np.array([[0.8, 0.9], [0.8, 1.0], [0.8, 0.9], [0.6, 0.95]])
    basket = floors * wanted + rest
    bids = np.array([[True, True], [True, True], [True, False], [True, True]])
    quality = np.array([0.5, 0.5])
    winner = np.zeros(4, dtype=np.int64)
    paid = _second_score(basket, wanted, rest, floors, bids, quality, 1.0, winner)
    assert paid == pytest.approx([0.9, 1.0, 1.0, 0.9], abs=2e-9)
    # Winning at the tariff (a tie is a win) or alone is paid the tariff exactly, with no
    # bisection towards it.
    assert paid[1] == 1.0 and paid[2] == 1.0
    # With quality: weight 0.5, the winner's quality 0.9 against 0.5. Draw 1: the other
    # scores 0.5·min(100m, 90)/90 + 0.25 and the winner 0.5·min(100m, 90)/(100m) + 0.45.
    # For m > 0.9 the winner scores 0.5·0.9/m + 0.45 against 0.5 + 0.25 = 0.75: it
    # wins while 0.45/m ≥ 0.3, m ≤ 1.5, so up to the tariff, m = 1.
    paid = _second_score(
        basket[:1], wanted[:1], rest[:1], floors[:1], bids[:1], np.array([0.9, 0.5]), 0.5,
        winner[:1],
    )  # fmt: skip
    assert paid == pytest.approx([1.0])


def test_ratios_guard_against_nothing_to_divide_by() -> None:
    # _ratio: 1 where the denominator is 0 (or less); _safe_ratio: also where it is ∞.
    assert _ratio(np.array([3.0, 3.0, 3.0]), np.array([2.0, 0.0, -1.0])).tolist() == [1.5, 1, 1]
    got = _safe_ratio(np.array([3.0, 3.0, 3.0]), np.array([2.0, 0.0, np.inf]))
    assert got.tolist() == [1.5, 1.0, 1.0]


def test_the_first_overflow_is_where_a_bidder_has_no_room_left() -> None:
    # Accepted pairs at positions 0-5 for bidders 0, 1, 0, 0, 1, 1; room 2 and 3.
    # Bidder 0's third pair (position 3) is one too many; bidder 1 has exactly room for
    # its three (positions 1, 4, 5): no overflow. So the walk stops at 3, bidder 0.
    accepted = np.arange(6)
    bidder = np.array([0, 1, 0, 0, 1, 1])
    assert _first_overflow(accepted, bidder, np.array([2, 3])) == (3, 0)
    # Room 2 for both: bidder 1 overflows at position 5, bidder 0 at 3: the first, 3.
    assert _first_overflow(accepted, bidder, np.array([2, 2])) == (3, 0)
    # Room 3 and 2: bidder 0 has exactly enough; bidder 1 overflows at 5.
    assert _first_overflow(accepted, bidder, np.array([3, 2])) == (5, 1)
    # Room for everyone: no overflow.
    assert _first_overflow(accepted, bidder, np.array([3, 3])) == (np.iinfo(np.int64).max, -1)


def _people(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    """Patients (id, cluster, cost), each paid P = £1,000."""
    return pd.DataFrame(rows, columns=["patient_id", "cluster", "cost"]).assign(
        income=1000.0, days=100.0, admitted_days=0.0
    )


def _holders(result: TenderResult) -> dict[str, str | None]:
    taken = result.patients["taken_by"]
    ids = result.patients["patient_id"]
    return {str(i): (None if pd.isna(t) else str(t)) for i, t in zip(ids, taken, strict=True)}


#: Clusters 1 and 3 in a competitive lot (not contiguous: cluster 2 lies between them),
#: cluster 2 at the tariff.
SPLIT = _people(
    [("p1", 1, 500.0), ("p2", 1, 600.0), ("q1", 2, 500.0), ("q2", 2, 600.0),
     ("q3", 2, 700.0), ("r1", 3, 550.0)]
)  # fmt: skip


def test_capacity_used_in_stage_one_is_gone_in_stage_two() -> None:
    # One bidder, θ = 1, ρ = 1, h = 0, capacity 4. Stage 1: it alone bids for the
    # competitive lot of clusters 1 and 3 (π̂ = 500, 400, 450 > 0) and takes p1, p2 and
    # r1 at the tariff (a sole bidder is paid the reserve). It has 4 − 3 = 1 place
    # left, so stage 2 gives it the best of q1-q3 (π̂ 500, 400, 300): q1. Over two
    # identical draws each draw counts its own: 4 taken in each.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0, capacity=4)],
        lots=[
            Lot(name="C", clusters=[1, 3], award="competitive"),
            Lot(name="F", clusters=[2]),
        ],
    )
    result = simulate_tender(SPLIT, spec, draws=2, seed=0)
    assert _holders(result) == {
        "p1": "A", "p2": "A", "q1": "A", "q2": None, "q3": None, "r1": "A"
    }  # fmt: skip
    assert result.draws["taken_patients"].tolist() == [4, 4]
    # 3 × £1,000 in the competitive lot + £1,000 for q1.
    assert result.residue["payments_to_bidders"] == pytest.approx(4000.0)


def test_random_order_takes_a_bidders_best_patients_first() -> None:
    # One bidder with one place: whatever the order of bidders, it takes the patient
    # with the highest π̂ (q1: 1,000 − 500 = 500), not the first or the last.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0, capacity=1)],
        lots=[Lot(name="F", clusters=[2], allocation="random_order")],
    )
    people = _people([("q3", 2, 700.0), ("q1", 2, 500.0), ("q2", 2, 600.0)])
    assert _holders(simulate_tender(people, spec, seed=3)) == {"q3": None, "q1": "A", "q2": None}


def test_best_value_resumes_after_a_bidder_fills() -> None:
    # A (θ = 0.5, one place) predicts π̂ 750, 700, 650 on q1-q3; B (θ = 0.9, two
    # places) 550, 460, 370. In π̂ order A's three pairs come first: A takes q1 and is
    # full, and the walk resumes at A's second pair: B gets q2 and q3 (q1 is no longer
    # free). "AA loss" (between A and B by name, the order pairs are gathered in) cannot
    # screen and would lose on everyone (θ = 2: Σπ̂ = 3,000 − 3,600 < 0), so it does not
    # bid, and B's pairs after it still count.
    spec = TenderSpec(
        bidders=[
            Bidder(name="AA loss", cost_factor=2.0, info_quality=1, screening=False),
            Bidder(name="A", cost_factor=0.5, info_quality=1, hurdle_margin=0, capacity=1),
            Bidder(name="B", cost_factor=0.9, info_quality=1, hurdle_margin=0, capacity=2),
        ],
        lots=[Lot(name="F", clusters=[2])],
    )
    people = _people([("q1", 2, 500.0), ("q2", 2, 600.0), ("q3", 2, 700.0)])
    assert _holders(simulate_tender(people, spec, seed=0)) == {"q1": "A", "q2": "B", "q3": "B"}


def test_a_floor_above_the_tariff_is_capped_at_the_tariff() -> None:
    # A bidder that cannot screen wants the whole competitive lot: c = 500 and 1,400,
    # P = 1,000 each, θ = 1, h = 0.1. Σπ̂ = 500 − 400 = 100 > 0, so it bids; its floor
    # (1 + h)·Σθĉ ÷ ΣP = 1.1 × 1,900 ÷ 2,000 = 1.045 is capped at 1, so under own-bid
    # pricing it is paid the tariff: £2,000, not £2,090.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0.1,
                        screening=False)],
        lots=[Lot(name="C", clusters=[1], award="competitive", pricing="own_bid")],
    )  # fmt: skip
    people = _people([("p1", 1, 500.0), ("p2", 1, 1400.0)])
    result = simulate_tender(people, spec, seed=0)
    assert result.residue["taken_patients"] == 2
    assert result.residue["payments_to_bidders"] == pytest.approx(2000.0)


def test_holder_codes_fit_in_16_bits_exactly() -> None:
    # A holder code is lot × bidders + bidder and the residue is lots × bidders, stored
    # as int16 (at most 32,767): 32,767 lots of one bidder fit; one more does not.
    bidders = (Bidder(name="A", cost_factor=1.0, capacity=3),)
    state = ChunkState.start(2, 5, bidders, 32_767)
    assert state.residue == 32_767 and (state.holder == 32_767).all()
    assert state.capacity.tolist() == [[3], [3]]
    unlimited = ChunkState.start(1, 5, (Bidder(name="B", cost_factor=1.0),), 1)
    assert unlimited.capacity[0, 0] > 5  # no limit: more places than patients
    with pytest.raises(
        ValueError, match=r"^too many lots × bidders to simulate \(at most 32,767\)$"
    ):
        ChunkState.start(1, 5, bidders, 32_768)
