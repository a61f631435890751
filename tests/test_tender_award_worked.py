"""Hand-worked checks of the competitive award's pieces over a block of draws (§6.4).

Each check runs two or more draws that differ, so a rule that mixed the draws up (a
minimum over the whole block instead of per draw, say) gives a wrong number in one of
them. Arithmetic in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest

from pbrkit.tender.award import (
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
