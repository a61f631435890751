"""Who gets which patients: the two award rules of DESIGN §7, over a block of draws.

Lots are tendered in sheet order; a bidder looks at a lot only when all the lot's
clusters are among its own; capacity counts patients across all its lots; patients
nobody takes stay with the NHS.

* ``fixed_tariff`` (AQP-style, economics.md §2.2): price is the tariff, so bidders
  choose only whether to enter and whom to take. Every qualifying bidder, in sheet
  order, takes its chosen patients from those still with the NHS.
* ``competitive``: each qualifying bidder offers a price factor
  m_b = min(1, (1 + h)·Σθ·ĉ ÷ ΣP) over the patients it would take (chosen at the
  tariff); score = price_weight × lowest m ÷ own m + (1 − price_weight) × quality;
  the highest score (the earlier bidder on a tie) takes its patients at m_b × tariff.
  Where the lot shares costs (λ > 0), the factor scales the tariff part of the
  payment: R_i = (1 − λ)·m_b·P_i + λ·θ·c_i (DESIGN's R_i = m_b·P_i when λ = 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pbrkit.tender.model import Bidder, Lot
from pbrkit.tender.selection import (
    BoolArray,
    Choice,
    FloatArray,
    IntArray,
    LotPatients,
    choose_patients,
    predict_costs,
)

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
        price_factor: m_b each bidder offered in each competitive lot, shape (draws,
            lots, bidders); NaN where it did not bid or the lot pays the tariff.
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


def award_lot(
    state: ChunkState,
    lot_index: int,
    lot: Lot,
    lot_patients: LotPatients,
    bidders: tuple[Bidder, ...],
    noise: NoiseSource,
) -> None:
    """Tender one lot over a block of draws, updating ``state`` in place.

    Args:
        state: who holds what so far.
        lot_index: the lot's position in the sheet.
        lot: the lot.
        lot_patients: the lot's patients (all clusters in the lot).
        bidders: every bidder, in sheet order.
        noise: each bidder's noise ε for the whole population, by position.
    """
    if lot_patients.size == 0:
        return
    competitors: list[tuple[int, Choice]] = []
    for b, bidder in enumerate(bidders):
        if not bidder.considers(lot):
            continue
        eps_all = noise(b)
        eps = None if eps_all is None else lot_patients.columns(eps_all)
        choice = choose_patients(
            lot_patients,
            state.available(lot_patients),
            predict_costs(lot_patients, bidder.info_quality, eps),
            eps,
            bidder,
            lot,
            state.capacity[:, b],
        )
        if lot.award == "fixed_tariff":
            state.give(lot_patients, choice.take & choice.bids[:, np.newaxis], b, lot_index)
        else:
            competitors.append((b, choice))
    if competitors:
        _award_competitive(state, lot_index, lot, lot_patients, bidders, competitors)


def _award_competitive(
    state: ChunkState,
    lot_index: int,
    lot: Lot,
    lot_patients: LotPatients,
    bidders: tuple[Bidder, ...],
    competitors: list[tuple[int, Choice]],
) -> None:
    """One winner per draw on price and quality; it takes its patients at its price."""
    bids = np.stack([choice.bids for _, choice in competitors], axis=1)
    factors = np.stack(
        [
            np.minimum(
                1.0,
                (1 + bidders[b].hurdle_margin)
                * _ratio(choice.predicted_cost(), choice.taken_income()),
            )
            for b, choice in competitors
        ],
        axis=1,
    )
    lowest = np.min(np.where(bids, factors, np.inf), axis=1, keepdims=True)
    lowest[np.isinf(lowest)] = 1.0  # nobody bid: scores are moot
    price_score = np.divide(lowest, factors, out=np.ones_like(factors), where=factors > 0)
    quality = np.array([bidders[b].quality_score for b, _ in competitors])
    score = lot.price_weight * price_score + (1 - lot.price_weight) * quality
    score = np.where(bids, score, -np.inf)
    winner = np.argmax(score, axis=1)  # the first (earliest in the sheet) on a tie
    anyone = bids.any(axis=1)
    for k, (b, choice) in enumerate(competitors):
        state.price_factor[:, lot_index, b] = np.where(bids[:, k], factors[:, k], np.nan)
        wins = anyone & (winner == k)
        if wins.any():
            state.give(lot_patients, choice.take & wins[:, np.newaxis], b, lot_index)


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator ÷ denominator, 1 where the denominator is not positive."""
    return np.divide(numerator, denominator, out=np.ones_like(numerator), where=denominator > 0)
