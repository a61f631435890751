"""Hand-worked checks that kill the mutants of :mod:`pbrkit.tender.simulate`.

The option checks at their boundaries, the block sizes behind the progress calls, the
payment R_i = (1 − λ)·m·P_i + λ·θ(1 − r)·c_i of each patient and each bidder's profit
per cluster, the tables put back in sheet order, the seeding of the noise, and how
:func:`combine_draws` takes medians (and a mean for ``won_share``). Arithmetic in the
comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender
from pbrkit.tender.metrics import NhsTerms
from pbrkit.tender.simulate import (
    _medians,
    _percentile,
    _ranks,
    bidder_key,
    canonical,
    combine_draws,
    nhs_terms,
)


def population(costs: tuple[float, float, float] = (400.0, 2000.0, 1000.0)) -> pd.DataFrame:
    # p1 and p2 in cluster 1 (P = £1,000), p3 in cluster 2 (P = £2,000).
    return pd.DataFrame(
        {
            "patient_id": ["p1", "p2", "p3"],
            "cluster": [1, 1, 2],
            "cost": list(costs),
            "income": [1000.0, 1000.0, 2000.0],
        }
    )


def spec(*, recharge: bool = False) -> TenderSpec:
    # B (first in the sheet) looks only at cluster 2 and costs θ = 2 × the NHS: it
    # takes nobody. A (θ = 0.9, perfect information) looks at both lots. r = 0.2, so
    # A's cost is θ(1 − r)·c = 0.72·c. L1 shares half the cost (λ = 0.5).
    return TenderSpec(
        bidders=[
            Bidder(name="B", cost_factor=2.0, info_quality=1, hurdle_margin=0.1, clusters=[2]),
            Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1, recharge=recharge),
        ],
        lots=[Lot(name="L2", clusters=[2]), Lot(name="L1", clusters=[1], cost_sharing=0.5)],
        nhs=NhsCostStructure(retained_share=0.2),
    )


def test_each_patient_is_paid_the_mixed_payment() -> None:
    # L1 (λ = 0.5): A is paid 0.5 × P + 0.5 × 0.72 × c and bears 0.72 × c, so its
    # profit is 0.5 × (P − 0.72 × c): p1 0.5 × (1,000 − 288) = £356, taken; p2
    # 0.5 × (1,000 − 1,440) < 0, left. p1 is paid 500 + 0.5 × 288 = £644.
    # L2 (λ = 0): p3 is paid its tariff, £2,000, for a cost of 0.72 × 1,000 = £720.
    result = simulate_tender(population(), spec(), seed=0)
    patients = result.patients
    assert patients["taken_by"].tolist()[0] == "A"
    assert pd.isna(patients["taken_by"].iloc[1])
    assert patients["lot"].tolist()[0] == "L1"
    assert pd.isna(patients["lot"].iloc[1])
    assert patients["lot"].tolist()[2] == "L2"
    assert patients["payment"].tolist() == pytest.approx([644.0, 0.0, 2000.0])
    assert patients["taken_by"].dtype == "string"
    assert patients["lot"].dtype == "string"
    # A's profit per cluster: 644 − 288 = £356 and 2,000 − 720 = £1,280.
    cells = result.by_bidder_cluster.set_index(["bidder", "cluster"])
    assert cells.loc[("A", 1), "payments_to_bidders"] == pytest.approx(644.0)
    assert cells.loc[("A", 1), "bidder_profit"] == pytest.approx(356.0)
    assert cells.loc[("A", 2), "bidder_profit"] == pytest.approx(1280.0)
    assert cells.loc[("A", 2), "taken_cost"] == pytest.approx(1000.0)
    assert cells.loc[("B", 2), "taken_patients"] == 0.0


def test_a_recharging_bidder_pays_back_r_of_its_patients_cost() -> None:
    # Recharging r·c = 0.2 × 400 = £80 and 0.2 × 1,000 = £200 leaves A's profit at
    # 356 − 80 = £276 and 1,280 − 200 = £1,080 (both still worth taking).
    result = simulate_tender(population(), spec(recharge=True), seed=0)
    cells = result.by_bidder_cluster.set_index(["bidder", "cluster"])
    assert cells.loc[("A", 1), "bidder_profit"] == pytest.approx(276.0)
    assert cells.loc[("A", 2), "bidder_profit"] == pytest.approx(1080.0)
    assert cells.loc[("A", 1), "payments_to_bidders"] == pytest.approx(644.0)


def test_tables_come_back_in_sheet_order() -> None:
    # The simulation runs bidders and lots sorted by name (A, B; L1, L2); the tables are
    # put back in the sheet's order (B, A; L2, L1), and the result carries the sheet's spec.
    sheet = spec()
    result = simulate_tender(population(), sheet, seed=0)
    assert result.spec is sheet
    assert result.by_bidder["bidder"].tolist() == ["B", "A"]
    cells = result.by_bidder_cluster
    assert list(zip(cells["bidder"], cells["cluster"], strict=True)) == [
        ("B", 1),
        ("B", 2),
        ("A", 1),
        ("A", 2),
    ]
    # B does not look at L1 (cluster 1 is not its own), so L1 has one row.
    lots = result.by_lot
    assert list(zip(lots["lot"], lots["bidder"], strict=True)) == [
        ("L2", "B"),
        ("L2", "A"),
        ("L1", "A"),
    ]
    assert lots["won_share"].tolist() == [0.0, 1.0, 1.0]
    assert lots["taken_patients"].tolist() == [0.0, 1.0, 1.0]
    assert lots["award"].tolist() == ["fixed_tariff"] * 3


def test_canonical_sorts_by_name_except_under_sheet_order() -> None:
    sheet = spec()
    sorted_spec = canonical(sheet)
    assert [b.name for b in sorted_spec.bidders] == ["A", "B"]
    assert [lot.name for lot in sorted_spec.lots] == ["L1", "L2"]
    v1 = sheet.model_copy(
        update={
            "lots": tuple(
                lot.model_copy(update={"allocation": "sheet_order"}) for lot in sheet.lots
            )
        }
    )
    assert canonical(v1) is v1


def test_options_out_of_range_are_each_named() -> None:
    with pytest.raises(InputError) as error:
        simulate_tender(population(), spec(), draws=0, seed=-1, chunk_size=0, workers=0)
    assert error.value.problems == (
        Problem("workers must be a whole number of 1 or more", value=0),
        Problem("draws must be a whole number of 1 or more", value=0),
        Problem("seed must be a whole number of 0 or more", value=-1),
        Problem("chunk_size must be a whole number of 1 or more", value=0),
    )
    # True is not a number of draws, nor 2.0 a whole one.
    for draws in (True, 2.0):
        with pytest.raises(InputError, match="draws must be a whole number"):
            simulate_tender(population(), spec(), draws=draws)  # type: ignore[arg-type]
    # The boundaries are allowed: one draw, seed 0, blocks of one, one worker; and a
    # NumPy integer is a whole number.
    one = simulate_tender(population(), spec(), draws=np.int64(1), seed=0, chunk_size=1, workers=1)
    assert one.n_draws == 1


def test_progress_reports_the_draws_done_after_each_block() -> None:
    # Blocks of 2 over 5 draws: 2, 4, 5.
    seen: list[int] = []
    simulate_tender(population(), spec(), draws=5, chunk_size=2, workers=1, progress=seen.append)
    assert seen == [2, 4, 5]
    # By default about ten blocks per thread: one thread, 25 draws: ⌈25 ÷ 10⌉ = 3 a block.
    seen.clear()
    simulate_tender(population(), spec(), draws=25, workers=1, progress=seen.append)
    assert seen == [3, 6, 9, 12, 15, 18, 21, 24, 25]
    # Five draws on one thread: ⌈5 ÷ 10⌉ = 1 a block.
    seen.clear()
    simulate_tender(population(), spec(), draws=5, workers=1, progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]
    # Two threads: ⌈25 ÷ 20⌉ = 2 a block.
    seen.clear()
    simulate_tender(population(), spec(), draws=25, workers=2, progress=seen.append)
    assert seen == [*range(2, 25, 2), 25]


def test_noise_is_keyed_by_the_bidders_name() -> None:
    # The first 8 bytes of SHA-256("A") are 55 9a ea d0 82 64 d5 79 (big-endian): the
    # key must never change, or every saved seed would give other draws.
    assert bidder_key("A") == 0x559AEAD08264D579
    # So the row order of the bidders changes nothing: two noisy bidders with room for
    # one patient each, run in both orders.
    people = pd.DataFrame(
        {"cluster": [1] * 6, "cost": [500.0, 600, 700, 800, 900, 950], "income": [1000.0] * 6}
    )
    x = Bidder(name="X", cost_factor=0.9, info_quality=0.5, hurdle_margin=0.0, capacity=1)
    y = Bidder(name="Y", cost_factor=0.9, info_quality=0.5, hurdle_margin=0.0, capacity=1)
    lot = Lot(name="L", clusters=[1])
    one = simulate_tender(people, TenderSpec(bidders=[x, y], lots=[lot]), draws=4, seed=3)
    two = simulate_tender(people, TenderSpec(bidders=[y, x], lots=[lot]), draws=4, seed=3)
    pd.testing.assert_frame_equal(one.draws, two.draws)
    pd.testing.assert_frame_equal(one.patients, two.patients)


def test_an_uninformed_bidder_with_room_for_one_picks_by_its_noise() -> None:
    # ρ = 0: every patient looks the same to the bidder (a cluster's mean), so with room
    # for one, choosing its own patients (sheet order), its noise breaks the tie; over
    # ten seeds it must not be the same patient every time.
    people = pd.DataFrame({"cluster": [1] * 5, "cost": [100.0] * 5, "income": [1000.0] * 5})
    bidder = Bidder(name="U", cost_factor=0.5, info_quality=0, hurdle_margin=0.0, capacity=1)
    lot = Lot(name="L", clusters=[1], allocation="sheet_order")
    tender = TenderSpec(bidders=[bidder], lots=[lot])
    taken = set()
    for seed in range(10):
        holders = simulate_tender(people, tender, seed=seed).patients["taken_by"]
        assert holders.notna().sum() == 1
        taken.add(int(np.flatnonzero(holders.notna().to_numpy())[0]))
    assert len(taken) > 1


def test_combined_draws_take_medians_and_the_mean_won_share() -> None:
    # Three single-draw results: p1 costs £400, £2,000 and £3,000. A takes p1 only in
    # the first, so L1's won_share is (1 + 0 + 0) ÷ 3 = 1/3 (a median would say 0), and
    # its median taken_patients is 0.
    results = [
        simulate_tender(population((c, 2000.0, 1000.0)), spec(), seed=0)
        for c in (400.0, 2000.0, 3000.0)
    ]
    combined = combine_draws(results)
    assert combined.n_draws == 3
    assert combined.draws["draw"].tolist() == [0, 1, 2]
    assert combined.draws.index.tolist() == [0, 1, 2]
    # Tables keep the sheet order (B before A), not sorted names.
    assert combined.by_bidder["bidder"].tolist() == ["B", "A"]
    # A's cost taken in cluster 1: 400, 0, 0 → median 0 (the first result says 400).
    cells = combined.by_bidder_cluster.set_index(["bidder", "cluster"])
    assert cells.loc[("A", 1), "taken_cost"] == 0.0
    assert cells.loc[("A", 2), "taken_cost"] == 1000.0
    # Cluster 1's residue: 2 patients in the last two results, 1 in the first → 2.
    assert combined.by_cluster.set_index("cluster").loc[1, "residue_patients"] == 2.0
    lots = combined.by_lot.set_index(["lot", "bidder"])
    assert lots.loc[("L1", "A"), "won_share"] == pytest.approx(1 / 3)
    assert lots.loc[("L1", "A"), "taken_patients"] == 0.0
    assert list(combined.by_lot.columns) == list(results[0].by_lot.columns)
    # The residue cost gap of each draw, g0 ≤ g1 ≤ g2 or in some order: the median is the
    # middle one; p5 with linear interpolation is the lowest + 0.1 × (middle − lowest).
    gaps = np.sort([r.residue["residue_cost_gap"] for r in results])
    assert combined.residue["residue_cost_gap"] == pytest.approx(gaps[1])
    band = combined.residue_ranges["residue_cost_gap"]
    assert band["p5"] == pytest.approx(gaps[0] + 0.1 * (gaps[1] - gaps[0]))
    assert band["p95"] == pytest.approx(gaps[1] + 0.9 * (gaps[2] - gaps[1]))
    # Per bidder, the median of A's three taken costs: 1,400, 1,000, 1,000 → 1,000.
    by_bidder = combined.by_bidder.set_index("bidder")
    assert by_bidder.loc["A", "taken_cost"] == pytest.approx(1000.0)
    assert combined.patients is results[0].patients
    # One result: no ranges; two: ranges.
    assert combine_draws(results[:1]).residue_ranges == {}
    assert set(combine_draws(results[:2]).residue_ranges) == set(combined.residue)


def test_percentiles_leave_out_undefined_draws() -> None:
    # NaN draws are left out: the median of 1, NaN, 3 is 2; of nothing, NaN.
    assert _percentile(np.array([1.0, np.nan, 3.0]), 50.0) == 2.0
    assert np.isnan(_percentile(np.array([np.nan]), 50.0))
    # Column by column over draws (axis 0): medians 2 and 10.
    got = _medians(np.array([[1.0, 10.0], [3.0, np.nan], [2.0, 10.0]]))
    assert got.tolist() == [2.0, 10.0]


def test_ranks_are_positions_in_stable_sorted_order() -> None:
    # "b", "a", "b": a is first (0), then the two b in their own order (1, 2).
    assert _ranks(np.array(["b", "a", "b"], dtype=object)).tolist() == [1, 0, 2]
    # 100 alternating ids (more than a sort's small-array cut-off, where only a stable
    # sort keeps equal ids in order): the a's are 0 … 49 and the b's 50 … 99 in turn.
    ranks = _ranks(np.array(["b", "a"] * 50, dtype=object))
    assert ranks[1::2].tolist() == list(range(50))
    assert ranks[0::2].tolist() == list(range(50, 100))


def test_result_carries_its_seed_draws_and_tables_as_plain_columns() -> None:
    # One draw: no ranges; two: ranges for every figure.
    one = simulate_tender(population(), spec(), seed=7)
    assert (one.seed, one.n_draws, one.residue_ranges) == (7, 1, {})
    two = simulate_tender(population(), spec(), draws=2, seed=7)
    assert (two.n_draws, set(two.residue_ranges)) == (2, set(two.residue))
    assert list(one.by_bidder.columns)[:2] == ["bidder", "taken_patients"]
    assert list(one.by_bidder_cluster.columns)[:3] == ["bidder", "cluster", "taken_patients"]
    assert list(one.by_lot.columns) == [
        "lot",
        "bidder",
        "award",
        "won_share",
        "taken_patients",
        "price_factor",
    ]
    assert one.by_bidder["taken_cost"].dtype == np.float64
    assert one.by_cluster["patients"].dtype == np.int64
    assert one.by_cluster["patients"].tolist() == [2, 1]
    # The patient table is the population with three columns more, and no old index.
    assert list(one.patients.columns) == [*population().columns, "taken_by", "lot", "payment"]
    # The default seed is 0: a noisy bidder with room for one of six patients picks a
    # different one in different draws, and seeds 0 and 1 differ.
    people = pd.DataFrame(
        {"cluster": [1] * 6, "cost": [500.0, 600, 700, 800, 900, 950], "income": [1000.0] * 6}
    )
    noisy = TenderSpec(
        bidders=[Bidder(name="N", cost_factor=0.9, capacity=1, hurdle_margin=0.0)],
        lots=[Lot(name="L", clusters=[1])],
    )
    default = simulate_tender(people, noisy, draws=3).draws
    pd.testing.assert_frame_equal(default, simulate_tender(people, noisy, draws=3, seed=0).draws)
    other = simulate_tender(people, noisy, draws=3, seed=1).draws
    assert default["residue_cost_gap"].tolist() != other["residue_cost_gap"].tolist()


def test_a_bidder_considering_no_lot_before_one_that_does() -> None:
    # "A" (first by name) treats only cluster 3, which no lot has; "B" treats all. The
    # lot table still lists B for both lots; with nobody considering any lot the table
    # is empty but keeps its columns.
    lots = [Lot(name="L1", clusters=[1]), Lot(name="L2", clusters=[2])]
    bidders = [
        Bidder(name="A", cost_factor=0.9, info_quality=1, clusters=[3]),
        Bidder(name="B", cost_factor=0.9, info_quality=1),
    ]
    result = simulate_tender(population(), TenderSpec(bidders=bidders, lots=lots), seed=0)
    assert list(zip(result.by_lot["lot"], result.by_lot["bidder"], strict=True)) == [
        ("L1", "B"),
        ("L2", "B"),
    ]
    nobody = simulate_tender(population(), TenderSpec(bidders=bidders[:1], lots=lots), seed=0)
    assert nobody.by_lot.empty
    assert list(nobody.by_lot.columns) == list(result.by_lot.columns)


def test_competitive_lots_share_no_cost_and_the_nhs_terms_are_the_specs() -> None:
    # A sole bidder in a competitive lot wins at the tariff (m = 1) and is paid m·P
    # whatever λ the lot gives: p1 £1,000 and p3 £2,000. The lot's λ = 0.5 would have
    # paid p1 0.5 × 1,000 + 0.5 × 0.9 × 400 = £680.
    lot = Lot(name="C", clusters=[1, 2], award="competitive", cost_sharing=0.5)
    bidder = Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1)
    result = simulate_tender(population(), TenderSpec(bidders=[bidder], lots=[lot]), seed=0)
    assert result.patients["payment"].tolist() == pytest.approx([1000.0, 0.0, 2000.0])
    nhs = NhsCostStructure(fixed_cost_share=0.3, shed_rate=0.6, retained_share=0.1, payment="block")
    terms = nhs_terms(TenderSpec(nhs=nhs))
    assert terms == NhsTerms(
        income_at_risk=0.0, retained_share=0.1, fixed_cost_share=0.3, shed_rate=0.6
    )


def test_random_order_is_seeded_per_draw() -> None:
    # One patient both bidders want (π̂ well above the hurdle); random order decides
    # who is first, draw by draw. X recharges the NHS r·c = 0.5 × £100 = £50 and Y does
    # not, so the NHS surplus of a draw says who took the patient.
    people = pd.DataFrame({"cluster": [1], "cost": [100.0], "income": [1000.0]})
    x = Bidder(name="X", cost_factor=0.5, info_quality=1, recharge=True)
    y = Bidder(name="Y", cost_factor=0.5, info_quality=1)
    tender = TenderSpec(
        bidders=[x, y],
        lots=[Lot(name="L", clusters=[1], allocation="random_order")],
        nhs=NhsCostStructure(retained_share=0.5),
    )
    run = simulate_tender(people, tender, draws=20, seed=9, chunk_size=20, workers=1)
    surplus = run.draws["nhs_surplus_after"].to_numpy()
    assert np.unique(surplus).size == 2  # each bidder is first in some draws
    won = run.by_lot.set_index("bidder")["won_share"]
    assert won["X"] + won["Y"] == 1.0
    # The same seed gives the same order in every draw, and draw k of a block is draw
    # k run alone.
    again = simulate_tender(people, tender, draws=20, seed=9, chunk_size=7, workers=1)
    assert again.draws["nhs_surplus_after"].tolist() == surplus.tolist()
    for k in (1, 5):
        alone = simulate_tender(people, tender, draws=1, seed=9, first_draw=k)
        assert alone.draws["nhs_surplus_after"].tolist() == [surplus[k]]
