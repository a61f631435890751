"""Who gets which patients: docs/methodology.md §6.4's award and allocation, over a block of draws.

A bidder looks at a lot only when all the lot's clusters are among its own; capacity
counts patients across all its lots and both stages; patients nobody takes stay with
the NHS. Nothing here depends on the order of the bidder or lot rows except
``allocation = sheet_order``, which reproduces v1.

Stage 1, competitive and accept-all lots, in decreasing Σ P (ties by lot name):

* accept-all at the tariff: the qualifier with the highest Σ π̂ takes the lot (ties by
  bidder name);
* competitive: offers are compared on the commissioner's cost of the whole lot,
  K_b = m·Σ_W P + Σ_(lot∖W) P, at each bidder's floor m*_b = min(1, (1 + h)·Σ_W θ(1 − r)ĉ
  ÷ Σ_W P); score = price_weight × min K ÷ K_b + (1 − price_weight) × quality; the
  highest score wins (ties: lower K, then name). Under ``second_score`` pricing the
  winner is paid the largest m ≤ 1 at which it would still have won, the tariff when it
  bid alone (a second-price rule: Vickrey 1961; Che 1993 for scoring auctions).

Stage 2, the fixed-tariff lots without a duty, all at once (:func:`allocate`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from pbrkit.tender.model import Allocation, Bidder, Lot
from pbrkit.tender.selection import (
    BoolArray,
    Choice,
    FloatArray,
    IntArray,
    LotPatients,
    choose_patients,
    predict_costs,
)

#: Bisection tolerance on the second-score price factor (docs/methodology.md §6.4).
PRICE_TOLERANCE: Final = 1e-9

#: Orders a block of draws' bidders for ``random_order``: draw → bidder ranks.
BidderOrder = Callable[[int], IntArray]

#: Supplies a bidder's noise ε for the whole population, shape (draws, patients), or
#: ``None`` when it needs none.
NoiseSource = Callable[[int], FloatArray | None]

HolderArray = npt.NDArray[np.int16]


@dataclass
class ChunkState:
    """Who holds each patient in each draw of a block, built up lot by lot.

    This is the simulation's own scratch space (changed in place); nothing outside the
    tender package sees it. What bidders are paid is not stored per patient: it is
    linear in c and P within a (draw, lot, bidder), so the metrics rebuild it from sums.

    Attributes:
        holder: ``lot × bidders + bidder`` for a patient taken by that bidder in that
            lot, or ``residue`` for one still with the NHS; shape (draws, patients).
        capacity: patients each bidder can still take, shape (draws, bidders).
        price_factor: in each competitive lot, the factor m the winner is paid and each
            other bidder's floor m*, shape (draws, lots, bidders); NaN where it did not
            bid or the lot pays the tariff.
        bidders: number of bidders.
        residue: the holder code of the residue (lots × bidders).
    """

    holder: HolderArray
    capacity: IntArray
    price_factor: FloatArray
    bidders: int
    residue: int

    @classmethod
    def start(cls, draws: int, patients: int, bidders: tuple[Bidder, ...], lots: int) -> ChunkState:
        """Everyone with the NHS, every bidder's capacity untouched."""
        unlimited = patients + 1
        capacity = np.array(
            [unlimited if b.capacity is None else b.capacity for b in bidders], dtype=np.int64
        )
        residue = lots * len(bidders)
        if residue > np.iinfo(np.int16).max:
            raise ValueError("too many lots × bidders to simulate (at most 32,767)")
        return cls(
            holder=np.full((draws, patients), residue, dtype=np.int16),
            capacity=np.tile(capacity, (draws, 1)),
            price_factor=np.full((draws, lots, len(bidders)), np.nan),
            bidders=len(bidders),
            residue=residue,
        )

    def available(self, lot_patients: LotPatients) -> BoolArray:
        """Which of the lot's patients are still with the NHS, per draw."""
        available: BoolArray = lot_patients.columns(self.holder) == self.residue
        return available

    def give(self, lot_patients: LotPatients, take: BoolArray, bidder: int, lot: int) -> None:
        """Hand the patients in ``take`` to a bidder, in a lot."""
        code = np.int16(lot * self.bidders + bidder)
        if lot_patients.block is not None:
            np.copyto(self.holder[:, lot_patients.block], code, where=take)
        else:
            block = self.holder[:, lot_patients.index]
            np.copyto(block, code, where=take)
            self.holder[:, lot_patients.index] = block
        self.capacity[:, bidder] -= np.count_nonzero(take, axis=1)


@dataclass(frozen=True)
class Tender:
    """What the award needs besides the state: who bids, how, and the NHS's r.

    Attributes:
        bidders: every bidder, in sheet order (holder codes use these positions).
        lots: every lot, in sheet order.
        lot_patients: each lot's patients.
        noise: each bidder's noise ε by position.
        retained: r (docs/methodology.md §6.2).
        name_rank: each bidder's rank by name (ties go to the earlier name).
        patient_rank: each patient's rank by patient id (ties in best value).
    """

    bidders: tuple[Bidder, ...]
    lots: tuple[Lot, ...]
    lot_patients: tuple[LotPatients, ...]
    noise: NoiseSource
    retained: float
    name_rank: IntArray
    patient_rank: IntArray

    def choice(self, state: ChunkState, li: int, b: int, *, cut: bool = True) -> Choice:
        """Bidder ``b``'s choice in lot ``li`` given who holds what now."""
        lot_patients, bidder = self.lot_patients[li], self.bidders[b]
        eps_all = self.noise(b)
        eps = None if eps_all is None else lot_patients.columns(eps_all)
        return choose_patients(
            lot_patients,
            state.available(lot_patients),
            predict_costs(lot_patients, bidder.info_quality, eps),
            eps if eps is not None else self._by_patient_id(lot_patients, state),
            bidder,
            self.lots[li],
            state.capacity[:, b],
            retained=self.retained,
            cut=cut,
        )

    def _by_patient_id(self, lot_patients: LotPatients, state: ChunkState) -> FloatArray:
        """The tie-break of a bidder without noise (ρ = 1): ties on π̂ at its capacity go
        to the lower patient id, never to the earlier row (docs/methodology.md §6.4)."""
        ranks = lot_patients.columns(self.patient_rank[np.newaxis, :]).astype(np.float64)
        return np.broadcast_to(ranks, (state.capacity.shape[0], ranks.shape[1]))

    def stage_one(self) -> list[int]:
        """Competitive and accept-all lots, in decreasing Σ P, ties by name."""
        lots = [
            i for i, lot in enumerate(self.lots) if lot.award == "competitive" or lot.accept_all
        ]
        return sorted(
            lots, key=lambda i: (-float(self.lot_patients[i].income.sum()), self.lots[i].name)
        )

    def stage_two(self) -> list[int]:
        """Fixed-tariff lots without a duty, in sheet order."""
        return [
            i
            for i, lot in enumerate(self.lots)
            if lot.award == "fixed_tariff" and not lot.accept_all
        ]

    def by_name(self, bidders: Sequence[int]) -> list[int]:
        """Bidder positions sorted by name."""
        return sorted(bidders, key=lambda b: int(self.name_rank[b]))


def award_stage_one(state: ChunkState, tender: Tender) -> None:
    """Award every competitive and accept-all lot over a block of draws (in place)."""
    for li in tender.stage_one():
        lot = tender.lots[li]
        if tender.lot_patients[li].size == 0:
            continue
        considering = tender.by_name(
            [b for b, bidder in enumerate(tender.bidders) if bidder.considers(lot)]
        )
        choices = [(b, tender.choice(state, li, b)) for b in considering]
        if not choices:
            continue
        if lot.award == "competitive":
            _award_competitive(state, li, lot, tender, choices)
        else:
            _award_accept_all(state, li, tender, choices)


def _award_accept_all(
    state: ChunkState, li: int, tender: Tender, choices: list[tuple[int, Choice]]
) -> None:
    """The qualifier with the highest Σ π̂ takes the whole lot (ties: bidder name)."""
    bids = np.stack([c.bids for _, c in choices], axis=1)
    value = np.stack([c.expected_profit() for _, c in choices], axis=1)
    winner = np.argmax(np.where(bids, value, -np.inf), axis=1)  # first = earlier name
    anyone = bids.any(axis=1)
    for k, (b, choice) in enumerate(choices):
        wins = anyone & (winner == k)
        if wins.any():
            state.give(tender.lot_patients[li], choice.take & wins[:, np.newaxis], b, li)


def _award_competitive(
    state: ChunkState, li: int, lot: Lot, tender: Tender, choices: list[tuple[int, Choice]]
) -> None:
    """One winner per draw on the commissioner's cost of the lot and quality (§7.4)."""
    lot_income = _row_sum_all(
        tender.lot_patients[li].income, state.available(tender.lot_patients[li])
    )
    bids = np.stack([c.bids for _, c in choices], axis=1)
    wanted = np.stack([c.taken_income() for _, c in choices], axis=1)
    floors = np.stack(
        [
            np.minimum(
                1.0,
                (1 + tender.bidders[b].hurdle_margin)
                * _ratio(c.predicted_cost(), c.taken_income()),
            )
            for b, c in choices
        ],
        axis=1,
    )
    rest = lot_income[:, np.newaxis] - wanted
    quality = np.array([tender.bidders[b].quality_score for b, _ in choices])
    basket = floors * wanted + rest  # K_b at the floor
    score = _scores(basket, bids, quality, lot.price_weight)
    winner = _winner(score, basket, bids)
    anyone = bids.any(axis=1)
    paid = (
        _second_score(basket, wanted, rest, floors, bids, quality, lot.price_weight, winner)
        if lot.pricing == "second_score"
        else floors[np.arange(floors.shape[0]), winner]
    )
    for k, (b, choice) in enumerate(choices):
        wins = anyone & (winner == k)
        factor = np.where(wins, paid, floors[:, k])
        state.price_factor[:, li, b] = np.where(bids[:, k], factor, np.nan)
        if wins.any():
            state.give(tender.lot_patients[li], choice.take & wins[:, np.newaxis], b, li)


def _scores(basket: FloatArray, bids: BoolArray, quality: FloatArray, weight: float) -> FloatArray:
    """price_weight × min K ÷ K_b + (1 − price_weight) × q_b; −∞ for non-bidders."""
    lowest = np.min(np.where(bids, basket, np.inf), axis=1, keepdims=True)
    lowest[np.isinf(lowest)] = 1.0  # nobody bid: scores are moot
    price = np.divide(lowest, basket, out=np.ones_like(basket), where=basket > 0)
    return np.where(bids, weight * price + (1 - weight) * quality, -np.inf)


def _winner(score: FloatArray, basket: FloatArray, bids: BoolArray) -> IntArray:
    """Highest score; ties: lower K, then the earlier name (column order)."""
    best = score == np.max(score, axis=1, keepdims=True)
    cheapest = np.where(best & bids, basket, np.inf)
    tied = best & (cheapest == np.min(cheapest, axis=1, keepdims=True))
    winner: IntArray = np.argmax(tied, axis=1).astype(np.int64)
    return winner


def _second_score(
    basket: FloatArray,
    wanted: FloatArray,
    rest: FloatArray,
    floors: FloatArray,
    bids: BoolArray,
    quality: FloatArray,
    weight: float,
    winner: IntArray,
) -> FloatArray:
    """The largest m ∈ [m*_w, 1] at which the winner still scores ≥ every other bidder.

    The others stay at their floors; min K is recomputed with the winner at m. The
    winner's margin falls as m rises, so bisection to :data:`PRICE_TOLERANCE` finds it.
    A sole bidder is paid m = 1: the tariff is the reserve price.
    """
    rows = np.arange(basket.shape[0])
    others = bids.copy()
    others[rows, winner] = False
    other_basket = np.where(others, basket, np.inf)
    other_lowest = np.min(other_basket, axis=1)
    w_wanted, w_rest, w_quality = wanted[rows, winner], rest[rows, winner], quality[winner]

    def wins_at(m: FloatArray) -> BoolArray:
        own = m * w_wanted + w_rest
        lowest = np.minimum(own, other_lowest)
        mine = weight * _safe_ratio(lowest, own) + (1 - weight) * w_quality
        theirs = weight * _safe_ratio(lowest[:, np.newaxis], other_basket) + (1 - weight) * quality
        best_other = np.max(np.where(others, theirs, -np.inf), axis=1)
        result: BoolArray = mine >= best_other
        return result

    lo = floors[rows, winner].copy()
    hi = np.ones_like(lo)
    done = wins_at(hi) | ~others.any(axis=1)
    lo[done] = 1.0
    while np.any(~done & (hi - lo > PRICE_TOLERANCE)):
        mid = (lo + hi) / 2
        ok = wins_at(mid)
        lo = np.where(~done & ok, mid, lo)
        hi = np.where(~done & ~ok, mid, hi)
    return lo


def _safe_ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator ÷ denominator, 1 where the denominator is not positive or infinite."""
    out = np.ones(np.broadcast_shapes(numerator.shape, denominator.shape))
    return np.divide(
        numerator, denominator, out=out, where=(denominator > 0) & np.isfinite(denominator)
    )


def _row_sum_all(values: FloatArray, mask: BoolArray) -> FloatArray:
    total: FloatArray = np.add.reduce(
        np.broadcast_to(values, mask.shape), axis=1, where=mask, initial=0.0
    )
    return total


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator ÷ denominator, 1 where the denominator is not positive."""
    return np.divide(numerator, denominator, out=np.ones_like(numerator), where=denominator > 0)


def allocate(state: ChunkState, tender: Tender, allocation: Allocation, order: BidderOrder) -> None:
    """Share the fixed-tariff lots without a duty among bidders, all at once (stage 2).

    ``best_value``: every wanted (bidder, patient) pair in descending π̂ (ties: bidder
    name, then patient id), each taken while the patient is free and the bidder has
    room. ``random_order``: bidders in an order drawn per draw, each taking its wanted
    patients in descending π̂ up to capacity. ``sheet_order``: v1, lot by lot and
    bidder by bidder in sheet order.
    """
    lots = tender.stage_two()
    if allocation == "sheet_order":
        for li in lots:
            for b, bidder in enumerate(tender.bidders):
                if bidder.considers(tender.lots[li]) and tender.lot_patients[li].size:
                    choice = tender.choice(state, li, b)
                    take = choice.take & choice.bids[:, np.newaxis]
                    state.give(tender.lot_patients[li], take, b, li)
        return
    pairs = [
        (li, b, tender.choice(state, li, b, cut=False))
        for li in lots
        for b, bidder in enumerate(tender.bidders)
        if bidder.considers(tender.lots[li]) and tender.lot_patients[li].size
    ]
    for d in range(state.holder.shape[0]):
        rank = tender.name_rank if allocation == "best_value" else order(d)
        _greedy(state, d, tender, pairs, rank, by_profit_first=allocation == "best_value")


def _greedy(
    state: ChunkState,
    d: int,
    tender: Tender,
    pairs: list[tuple[int, int, Choice]],
    rank: IntArray,
    *,
    by_profit_first: bool,
) -> None:
    """Hand out one draw's wanted pairs in priority order, within capacity.

    Equivalent to walking the sorted pairs one by one, but in at most (bidders + 1)
    vectorised rounds: until some bidder fills, a pair is taken exactly when it is the
    first for its patient; at the pair where a bidder fills, that bidder's later pairs
    are dropped and the walk resumes there.
    """
    patient, bidder, lot, profit = _pairs_of_draw(d, pairs, tender.lot_patients)
    if patient.size == 0:
        return
    # np.lexsort sorts on the last key first.
    if by_profit_first:
        order = np.lexsort((tender.patient_rank[patient], rank[bidder], -profit))
    else:
        order = np.lexsort((tender.patient_rank[patient], -profit, rank[bidder]))
    patient, bidder, lot = patient[order], bidder[order], lot[order]
    room = state.capacity[d].copy()
    active = np.ones(patient.size, dtype=np.bool_)
    free = state.holder[d] == state.residue
    start = 0
    while start < patient.size:
        live = start + np.flatnonzero(active[start:] & free[patient[start:]])
        _, first = np.unique(patient[live], return_index=True)
        accepted = live[np.sort(first)]
        stop, full = _first_overflow(accepted, bidder, room)
        final = accepted[accepted < stop]
        state.holder[d, patient[final]] = (lot[final] * state.bidders + bidder[final]).astype(
            np.int16
        )
        free[patient[final]] = False
        np.subtract.at(room, bidder[final], 1)
        if full < 0:
            break
        active[bidder == full] = False
        start = stop
    state.capacity[d] = room


def _first_overflow(accepted: IntArray, bidder: IntArray, room: IntArray) -> tuple[int, int]:
    """The first accepted position at which a bidder has no room left, and that bidder."""
    stop, full = np.iinfo(np.int64).max, -1
    for b in np.unique(bidder[accepted]):
        mine = accepted[bidder[accepted] == b]
        if mine.size > room[b] and mine[room[b]] < stop:
            stop, full = int(mine[room[b]]), int(b)
    return stop, full


def _pairs_of_draw(
    d: int, pairs: list[tuple[int, int, Choice]], lot_patients: tuple[LotPatients, ...]
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Patients (population positions), bidders, lots and π̂ of draw ``d``'s wanted pairs."""
    parts: list[tuple[IntArray, IntArray, IntArray, FloatArray]] = []
    for li, b, choice in pairs:
        if not choice.bids[d]:
            continue
        where = np.flatnonzero(choice.take[d])
        profit = choice.profit[d if choice.profit.shape[0] > 1 else 0, where]
        index = lot_patients[li].index[where]
        parts.append((index, np.full(where.size, b), np.full(where.size, li), profit))
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, np.empty(0)
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]).astype(np.int64),
        np.concatenate([p[2] for p in parts]).astype(np.int64),
        np.concatenate([p[3] for p in parts]),
    )
