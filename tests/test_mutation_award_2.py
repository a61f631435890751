"""Lot and bidder order in :mod:`pbrkit.tender.award`, worked by hand.

Written against the open survivors of `allocate`, `Tender.stage_one`,
`award_stage_one` and `Tender.by_name` (benchmarks/mutation-tender.md): no test had
sheet order and best value giving different holders over two lots, two stage-1 lots
competing for one bidder's capacity, or a stage-1 tie between bidders whose sheet order
is not their name order.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, TenderSpec, simulate_tender
from pbrkit.tender.model import Allocation

# p1 in cluster 1 (c = £400, P = £1,000); p2 in cluster 2 (c = £400, P = £2,000).
PEOPLE = pd.DataFrame(
    {
        "patient_id": ["p1", "p2"],
        "cluster": [1, 2],
        "cost": [400.0, 400.0],
        "income": [1000.0, 2000.0],
    }
)


def _holders(spec: TenderSpec) -> list[str | None]:
    taken_by = simulate_tender(PEOPLE, spec, seed=0).patients["taken_by"]
    return [None if pd.isna(v) else str(v) for v in taken_by]


def _two_lots(allocation: Allocation) -> TenderSpec:
    # Z (first in the sheet, room for 1) and A, both θ = 0.9 and perfectly informed:
    # π̂(p1) = 1,000 − 360 = 640 and π̂(p2) = 2,000 − 360 = 1,640 for each.
    return TenderSpec(
        bidders=[
            Bidder(name="Z", cost_factor=0.9, info_quality=1, hurdle_margin=0.1, capacity=1),
            Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1),
        ],
        lots=[
            Lot(name="L1", clusters=[1], allocation=allocation),
            Lot(name="L2", clusters=[2], allocation=allocation),
        ],
    )


def test_sheet_order_goes_lot_by_lot_then_bidder_by_bidder() -> None:
    # v1: L1 first: Z (first in the sheet) takes p1 and is full; L2: Z has no room, so A
    # takes p2. (Bidder by bidder over both lots, Z would take its best, p2, first.)
    assert _holders(_two_lots("sheet_order")) == ["Z", "A"]


def test_best_value_goes_by_predicted_profit_then_name() -> None:
    # Pairs by π̂: (A, p2) and (Z, p2) tie at 1,640 and go to A, the earlier name; then
    # (A, p1) and (Z, p1) at 640: A has room, so A takes p1 too and Z takes nobody.
    assert _holders(_two_lots("best_value")) == ["A", "A"]


def test_stage_one_lots_go_in_decreasing_income() -> None:
    # A sole bidder with room for 1 and two competitive lots of one patient each. L2
    # (Σ P = £2,000) is awarded before L1 (Σ P = £1,000), although L1 comes first in
    # the sheet and by name: A wins L2 (p2) and has no room for L1, so p1 stays.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1, capacity=1)],
        lots=[
            Lot(name="L1", clusters=[1], award="competitive"),
            Lot(name="L2", clusters=[2], award="competitive"),
        ],
    )
    assert _holders(spec) == [None, "A"]


def test_a_stage_one_tie_goes_to_the_earlier_name_whatever_the_sheet_order() -> None:
    # A sheet-order stage 2 keeps the bidders in sheet order (Z, then A). In the
    # competitive lot L2, Z and A bid the same basket (θ = 0.9: 0.9 × 400 = £360) and tie;
    # the tie goes to the earlier name, A. Lot L1 (sheet order): Z takes p1 (π̂ = 640).
    spec = TenderSpec(
        bidders=[
            Bidder(name="Z", cost_factor=0.9, info_quality=1, hurdle_margin=0.1),
            Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1),
        ],
        lots=[
            Lot(name="L1", clusters=[1], allocation="sheet_order"),
            Lot(name="L2", clusters=[2], award="competitive"),
        ],
    )
    assert _holders(spec) == ["Z", "A"]


def test_a_stage_one_lot_nobody_considers_does_not_end_stage_one() -> None:
    # A bids only for cluster 2. L1 (cluster 1, Σ P = £1,000 × 3 = £3,000) comes first
    # by income, and nobody considers it; L2 (cluster 2, £2,000) is still awarded: A is
    # the sole bidder and wins p2.
    people = pd.concat([PEOPLE.iloc[[0]]] * 3 + [PEOPLE.iloc[[1]]], ignore_index=True)
    people["patient_id"] = ["p1", "p1b", "p1c", "p2"]
    spec = TenderSpec(
        bidders=[
            Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1, clusters=[2])
        ],
        lots=[
            Lot(name="L1", clusters=[1], award="competitive"),
            Lot(name="L2", clusters=[2], award="competitive"),
        ],
    )
    taken_by = simulate_tender(people, spec, seed=0).patients["taken_by"]
    assert [None if pd.isna(v) else str(v) for v in taken_by] == [None, None, None, "A"]


def test_best_value_beats_name_order_and_a_bidder_takes_in_two_rounds() -> None:
    # q1 (cluster 1, c = £100, P = £5,000); q2 (cluster 2, c = £400) and q3 (cluster 2,
    # c = £1,000), P = £2,000. A (θ = 0.5, room for 2) and B (θ = 0.4, room for 1,
    # cluster 2 only). π̂ = P − θc: (A, q1) 4,950; (B, q2) 1,840; (A, q2) 1,800;
    # (B, q3) 1,600; (A, q3) 1,500.
    # Round 1: A takes q1 (room 2 → 1), B takes q2 and is full (by name, A would have
    # taken q2 first). Round 2 resumes after (B, q2): q2 is gone, B is full, so A takes
    # q3 with its last place.
    people = pd.DataFrame(
        {
            "patient_id": ["q1", "q2", "q3"],
            "cluster": [1, 2, 2],
            "cost": [100.0, 400.0, 1000.0],
            "income": [5000.0, 2000.0, 2000.0],
        }
    )
    spec = TenderSpec(
        bidders=[
            Bidder(name="A", cost_factor=0.5, info_quality=1, hurdle_margin=0.1, capacity=2),
            Bidder(
                name="B",
                cost_factor=0.4,
                info_quality=1,
                hurdle_margin=0.1,
                capacity=1,
                clusters=[2],
            ),
        ],
        lots=[Lot(name="L1", clusters=[1]), Lot(name="L2", clusters=[2])],
    )
    result = simulate_tender(people, spec, seed=0)
    assert [str(v) for v in result.patients["taken_by"]] == ["A", "B", "A"]
    # Each patient is recorded in its own lot (the holder code is lot × bidders + bidder):
    # q1 in L1 (code 0), q2 and q3 in L2 (codes 3 and 2).
    assert result.patients["lot"].tolist() == ["L1", "L2", "L2"]


def _sixteen() -> pd.DataFrame:
    # Cluster 1 pays £1,000 and cluster 2 £2,000; eight patients each, costs spread so
    # that noisy predictions change who is wanted from draw to draw.
    costs = [300.0, 500.0, 700.0, 800.0, 900.0, 1000.0, 1100.0, 1300.0]
    return pd.DataFrame(
        {
            "cluster": [1] * 8 + [2] * 8,
            "cost": costs + [2 * c for c in costs],
            "income": [1000.0] * 8 + [2000.0] * 8,
        }
    )


@pytest.mark.parametrize("kind", ["competitive", "best_value", "sheet_order"])
def test_a_block_of_draws_is_its_draws_run_one_by_one(kind: str) -> None:
    # Every per-draw choice (the lowest basket, the winner, the second score, the
    # capacity used, each draw's own π̂ and noise) is
    # made within its draw: with noisy predictions (ρ = 0.5) the draws differ, and a
    # block of six draws gives what six blocks of one give. (chunk_size never changes a
    # result, methodology §6.4.)
    lot = {
        "competitive": {"award": "competitive", "price_weight": 0.5},
        "best_value": {},
        "sheet_order": {"allocation": "sheet_order"},
    }[kind]
    bidder = {"info_quality": 0.5, "hurdle_margin": 0.05}
    # Half the competitive score is quality, so the second-score price depends on the
    # other's basket in its own draw; capacity limits only the fixed-tariff lots.
    y_room, x_room = (None, None) if kind == "competitive" else (6, 5)
    spec = TenderSpec(
        bidders=[
            Bidder(name="Y", cost_factor=0.86, quality_score=0.9, capacity=y_room, **bidder),
            Bidder(name="X", cost_factor=0.85, quality_score=0.7, capacity=x_room, **bidder),
        ],
        lots=[Lot(name="L1", clusters=[1], **lot), Lot(name="L2", clusters=[2], **lot)],
    )
    block = simulate_tender(_sixteen(), spec, draws=6, seed=7, chunk_size=6, workers=1).draws
    alone = simulate_tender(_sixteen(), spec, draws=6, seed=7, chunk_size=1, workers=1).draws
    assert block["taken_patients"].nunique() + block["bidder_profit"].nunique() > 2
    pd.testing.assert_frame_equal(block, alone)


def test_random_order_is_drawn_not_by_name() -> None:
    # Two identical bidders want p1 (π̂ = 1,000 − 360 = 640 each); under random_order the
    # one first in that draw's order takes it. Seed 0's draw 0 puts B first, although A
    # comes first by name; over 20 draws each bidder is first in some (won_share strictly
    # between 0 and 1 for both, summing to 1).
    same = {"cost_factor": 0.9, "info_quality": 1, "hurdle_margin": 0.1}
    spec = TenderSpec(
        bidders=[Bidder(name="A", **same), Bidder(name="B", **same)],
        lots=[Lot(name="L", clusters=[1], allocation="random_order")],
    )
    one = PEOPLE.iloc[[0]]
    assert simulate_tender(one, spec, seed=0).patients["taken_by"].tolist() == ["B"]
    shares = simulate_tender(one, spec, draws=20, seed=0).by_lot.set_index("bidder")["won_share"]
    assert 0 < shares["A"] < 1
    assert 0 < shares["B"] < 1
    assert shares.sum() == 1


def test_a_lot_split_by_another_hands_over_only_the_patients_taken() -> None:
    # Competitive lot C holds clusters 1 and 3, which cluster 2 (lot F) lies between, so
    # its patients are not contiguous. A (θ = 1, ρ = 1, h = 0, room for 2) alone bids
    # and predicts π̂ = 1,000 − c: p1 500, p2 400, r1 450; with room for 2 it takes p1
    # and r1, and p2 stays with the NHS. F: A is full, so q1 stays too.
    people = pd.DataFrame(
        {
            "patient_id": ["p1", "p2", "q1", "r1"],
            "cluster": [1, 1, 2, 3],
            "cost": [500.0, 600.0, 500.0, 550.0],
            "income": [1000.0] * 4,
        }
    )
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0, capacity=2)],
        lots=[Lot(name="C", clusters=[1, 3], award="competitive"), Lot(name="F", clusters=[2])],
    )
    taken_by = simulate_tender(people, spec, seed=0).patients["taken_by"]
    assert [None if pd.isna(v) else str(v) for v in taken_by] == ["A", None, None, "A"]


@pytest.mark.parametrize("rho", [1.0, 0.5])
def test_a_block_of_two_draws_is_its_draws_run_one_by_one(rho: float) -> None:
    # Best value over a block of two draws. With ρ = 1 each bidder's π̂ is one row
    # shared by every draw (no noise), read as row 0 in draw 1 too; with ρ = 0.5 each
    # draw has its own row, and draw 1 must read row 1.
    noisy = {"info_quality": rho, "hurdle_margin": 0.05}
    spec = TenderSpec(
        bidders=[
            Bidder(name="Y", cost_factor=0.86, capacity=6, **noisy),
            Bidder(name="X", cost_factor=0.85, capacity=5, **noisy),
        ],
        lots=[Lot(name="L1", clusters=[1]), Lot(name="L2", clusters=[2])],
    )
    block = simulate_tender(_sixteen(), spec, draws=2, seed=7, chunk_size=2, workers=1).draws
    alone = simulate_tender(_sixteen(), spec, draws=2, seed=7, chunk_size=1, workers=1).draws
    if rho < 1:
        assert block["bidder_profit"].nunique() == 2
    pd.testing.assert_frame_equal(block, alone)


def test_an_accept_all_lot_goes_whole_to_the_highest_expected_profit() -> None:
    # Accept-all lot of cluster 1 (p1 and p1b, c = £400, P = £1,000 each). A (θ = 0.8)
    # expects Σ π̂ = 2 × (1,000 − 320) = 1,360 and B (θ = 0.9) 2 × 640 = 1,280: both
    # qualify, A takes the whole lot and B nothing.
    people = pd.concat([PEOPLE.iloc[[0]]] * 2, ignore_index=True)
    people["patient_id"] = ["p1", "p1b"]
    spec = TenderSpec(
        bidders=[
            Bidder(name="A", cost_factor=0.8, info_quality=1, hurdle_margin=0.1),
            Bidder(name="B", cost_factor=0.9, info_quality=1, hurdle_margin=0.1),
        ],
        lots=[Lot(name="L1", clusters=[1], accept_all=True)],
    )
    assert simulate_tender(people, spec, seed=0).patients["taken_by"].tolist() == ["A", "A"]


def test_accept_all_lots_over_a_block_of_draws() -> None:
    # Accept-all lots of 3 patients (cluster 1), 1 (cluster 2) and 2 close to break-even
    # (cluster 3: Σ c = £2,400 for Σ P = £2,000); noisy predictions (ρ = 0.5) make the
    # winner change between draws, and in one draw nobody bids for cluster 3. A block of
    # six draws gives what six blocks of one give: each draw's winner, and whether
    # anyone bid, is decided within the draw.
    people = pd.DataFrame(
        {
            "cluster": [1, 1, 1, 2, 3, 3],
            "cost": [300.0, 800.0, 1300.0, 900.0, 1000.0, 1400.0],
            "income": [1000.0] * 3 + [2000.0] + [1000.0] * 2,
        }
    )
    noisy = {"info_quality": 0.5, "hurdle_margin": 0.05}
    spec = TenderSpec(
        bidders=[
            Bidder(name="Y", cost_factor=0.86, **noisy),
            Bidder(name="X", cost_factor=0.85, **noisy),
        ],
        lots=[
            Lot(name="L1", clusters=[1], accept_all=True),
            Lot(name="L2", clusters=[2], accept_all=True),
            Lot(name="L3", clusters=[3], accept_all=True),
        ],
    )
    block = simulate_tender(people, spec, draws=6, seed=7, chunk_size=6, workers=1).draws
    alone = simulate_tender(people, spec, draws=6, seed=7, chunk_size=1, workers=1).draws
    assert block["bidder_profit"].nunique() > 1
    assert block["taken_patients"].tolist() == [6, 6, 4, 6, 6, 6]
    pd.testing.assert_frame_equal(block, alone)
