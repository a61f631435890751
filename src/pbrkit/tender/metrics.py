"""The money: DESIGN §7's residue figures, from sums over who holds which patients.

With T the patients bidders take, N the residue left with the NHS, f the fixed cost
share and s the shed rate:

* ``residue_cost_gap`` G = Σ_N (c − P): what the tariff fails to pay for the rump;
* ``lost_contribution`` L = Σ_T (P − (1 − f)·c): income lost beyond the variable cost
  saved, i.e. the cross-subsidy that used to pay the fixed costs;
* ``stranded_fixed_cost`` S = f·(1 − s)·Σ_T c: fixed cost that stays behind;
* ``nhs_surplus_before`` = Σ_all (P − c); ``nhs_surplus_after`` = Σ_N (P − c) − S;
  ``nhs_surplus_change`` = after − before;
* ``casemix_index`` = mean c over N ÷ mean c over everyone (> 1: the NHS keeps
  the costlier patients);
* ``payments_to_bidders`` = Σ_T R; ``bidder_profit`` = Σ_T (R − θ·c);
  ``differential_payment`` = Σ_T (R − c) (Brown et al. 2014, economics.md §1.3);
* ``taken_patients`` = |T|, ``residue_patients`` = |N|.

Sums are taken once per draw, holder and cluster with :func:`numpy.bincount` (a plain
running sum in patient order), so a draw's figures do not depend on how draws were
grouped into blocks; every figure is then arithmetic on those sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from pbrkit.tender.award import ChunkState
from pbrkit.tender.selection import FloatArray, IntArray

_Sums = dict[str, FloatArray]

#: Every residue figure, in report order (DESIGN §7; the keys of ``residue``).
FIGURES: Final = (
    "residue_cost_gap",
    "lost_contribution",
    "stranded_fixed_cost",
    "nhs_surplus_before",
    "nhs_surplus_after",
    "nhs_surplus_change",
    "casemix_index",
    "payments_to_bidders",
    "bidder_profit",
    "differential_payment",
    "taken_patients",
    "residue_patients",
)

#: Figures that describe what one bidder took (the rest are about the residue).
BIDDER_FIGURES: Final = (
    "taken_patients",
    "taken_cost",
    "taken_income",
    "payments_to_bidders",
    "bidder_profit",
    "differential_payment",
    "lost_contribution",
    "stranded_fixed_cost",
)


@dataclass(frozen=True)
class LotSums:
    """Patients, Σ c and Σ P per draw × holder × cluster, straight from a simulation.

    The holder is ``lot × bidders + bidder`` for taken patients; the last holder is the
    NHS residue. Shape (draws, lots × bidders + 1, clusters).
    """

    patients: FloatArray
    cost: FloatArray
    income: FloatArray

    @classmethod
    def of_chunk(
        cls,
        state: ChunkState,
        cost: FloatArray,
        income: FloatArray,
        cluster_index: IntArray,
        clusters: int,
    ) -> LotSums:
        """Sum a block of draws by draw, holder and cluster."""
        draws, patients = state.holder.shape
        holders = state.residue + 1
        key = np.arange(draws)[:, np.newaxis] * holders + state.holder
        key = (key * clusters + cluster_index).ravel()
        size = draws * holders * clusters
        shape = (draws, holders, clusters)

        def total(weights: FloatArray | None) -> FloatArray:
            if weights is not None:
                weights = np.broadcast_to(weights, (draws, patients)).ravel()
            counts = np.bincount(key, weights=weights, minlength=size)
            return counts.astype(np.float64, copy=False).reshape(shape)

        return cls(
            patients=total(None),
            cost=total(cost),
            income=total(income),
        )

    @classmethod
    def concat(cls, parts: list[LotSums]) -> LotSums:
        """Join blocks of draws in order."""
        return cls(
            patients=np.concatenate([p.patients for p in parts]),
            cost=np.concatenate([p.cost for p in parts]),
            income=np.concatenate([p.income for p in parts]),
        )

    def taken(self, lots: int, bidders: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Patients, Σ c, Σ P taken, shape (draws, lots, bidders, clusters)."""
        draws, _, clusters = self.patients.shape
        shape = (draws, lots, bidders, clusters)
        return (
            self.patients[:, :-1].reshape(shape),
            self.cost[:, :-1].reshape(shape),
            self.income[:, :-1].reshape(shape),
        )


@dataclass(frozen=True)
class HolderSums:
    """Sums per draw × holder × cluster; holder = bidder position, the last one the NHS.

    Attributes:
        patients: number of patients.
        cost: Σ c.
        income: Σ P.
        payment: Σ R (0 for the NHS).
        bidder_cost: Σ θ·c (0 for the NHS).
    """

    patients: FloatArray
    cost: FloatArray
    income: FloatArray
    payment: FloatArray
    bidder_cost: FloatArray

    @classmethod
    def from_lots(
        cls,
        sums: LotSums,
        price_factor: FloatArray,
        cost_sharing: FloatArray,
        cost_factor: FloatArray,
    ) -> HolderSums:
        """Add up over lots, rebuilding what bidders are paid.

        Within a draw, lot and bidder every patient is paid R_i = (1 − λ)·m·P_i + λ·θ·c_i,
        so Σ R = (1 − λ)·m·Σ P + λ·θ·Σ c.

        Args:
            sums: the simulation's sums.
            price_factor: m per draw × lot × bidder (NaN = the tariff, m = 1).
            cost_sharing: λ per lot.
            cost_factor: θ per bidder.
        """
        lots, bidders = cost_sharing.size, cost_factor.size
        n, c, p = sums.taken(lots, bidders)
        m = np.where(np.isnan(price_factor), 1.0, price_factor)[..., np.newaxis]
        lam = cost_sharing[np.newaxis, :, np.newaxis, np.newaxis]
        theta = cost_factor[np.newaxis, np.newaxis, :, np.newaxis]
        payment = (1 - lam) * m * p + lam * theta * c

        def with_residue(taken: FloatArray, residue: FloatArray) -> FloatArray:
            return np.concatenate([taken.sum(axis=1), residue[:, np.newaxis]], axis=1)

        zero = np.zeros_like(sums.cost[:, -1])
        return cls(
            patients=with_residue(n, sums.patients[:, -1]),
            cost=with_residue(c, sums.cost[:, -1]),
            income=with_residue(p, sums.income[:, -1]),
            payment=with_residue(payment, zero),
            bidder_cost=with_residue(theta * c, zero),
        )


def population_totals(
    cost: FloatArray, income: FloatArray, cluster_index: IntArray, clusters: int
) -> _Sums:
    """Patients, Σ c and Σ P per cluster over everyone (the same in every draw)."""
    return {
        "n": np.bincount(cluster_index, minlength=clusters).astype(np.float64),
        "c": np.bincount(cluster_index, weights=cost, minlength=clusters).astype(np.float64),
        "p": np.bincount(cluster_index, weights=income, minlength=clusters).astype(np.float64),
    }


def residue_figures(
    sums: HolderSums, everyone: _Sums, *, fixed_cost_share: float, shed_rate: float
) -> _Sums:
    """Every DESIGN §7 figure per draw and cluster.

    Args:
        sums: per draw × holder × cluster sums.
        everyone: :func:`population_totals`.
        fixed_cost_share: f.
        shed_rate: s.

    Returns:
        Figure name → array of shape (draws, clusters).
    """
    shape = sums.patients[:, -1].shape
    total = {k: np.broadcast_to(v, shape) for k, v in everyone.items()}
    return _figures(_taken(sums), _residue(sums), total, fixed_cost_share, shed_rate)


def overall_figures(
    sums: HolderSums, everyone: _Sums, *, fixed_cost_share: float, shed_rate: float
) -> _Sums:
    """Every DESIGN §7 figure per draw, over all clusters: shape (draws,) per figure."""
    taken = {k: v.sum(axis=-1) for k, v in _taken(sums).items()}
    residue = {k: v.sum(axis=-1) for k, v in _residue(sums).items()}
    total = {k: np.full(sums.patients.shape[0], v.sum()) for k, v in everyone.items()}
    return _figures(taken, residue, total, fixed_cost_share, shed_rate)


def bidder_figures(sums: HolderSums, *, fixed_cost_share: float, shed_rate: float) -> _Sums:
    """What each bidder took, per draw: shape (draws, bidders) per figure.

    ``lost_contribution`` and ``stranded_fixed_cost`` here are the NHS's loss from
    that bidder's patients; over bidders they add up to the overall figures.
    """
    bidders = slice(0, sums.patients.shape[1] - 1)
    n = sums.patients[:, bidders].sum(axis=-1)
    c = sums.cost[:, bidders].sum(axis=-1)
    p = sums.income[:, bidders].sum(axis=-1)
    r = sums.payment[:, bidders].sum(axis=-1)
    own = sums.bidder_cost[:, bidders].sum(axis=-1)
    return {
        "taken_patients": n,
        "taken_cost": c,
        "taken_income": p,
        "payments_to_bidders": r,
        "bidder_profit": r - own,
        "differential_payment": r - c,
        "lost_contribution": p - (1 - fixed_cost_share) * c,
        "stranded_fixed_cost": fixed_cost_share * (1 - shed_rate) * c,
    }


def _taken(sums: HolderSums) -> _Sums:
    bidders = slice(0, sums.patients.shape[1] - 1)
    return {
        "n": sums.patients[:, bidders].sum(axis=1),
        "c": sums.cost[:, bidders].sum(axis=1),
        "p": sums.income[:, bidders].sum(axis=1),
        "r": sums.payment[:, bidders].sum(axis=1),
        "own": sums.bidder_cost[:, bidders].sum(axis=1),
    }


def _residue(sums: HolderSums) -> _Sums:
    return {"n": sums.patients[:, -1], "c": sums.cost[:, -1], "p": sums.income[:, -1]}


def _figures(taken: _Sums, residue: _Sums, everyone: _Sums, f: float, s: float) -> _Sums:
    stranded = f * (1 - s) * taken["c"]
    before = everyone["p"] - everyone["c"]
    after = residue["p"] - residue["c"] - stranded
    with np.errstate(divide="ignore", invalid="ignore"):
        casemix = (residue["c"] / residue["n"]) / (everyone["c"] / everyone["n"])
    casemix = np.where((residue["n"] > 0) & (everyone["c"] > 0), casemix, np.nan)
    return {
        "residue_cost_gap": residue["c"] - residue["p"],
        "lost_contribution": taken["p"] - (1 - f) * taken["c"],
        "stranded_fixed_cost": stranded,
        "nhs_surplus_before": before,
        "nhs_surplus_after": after,
        "nhs_surplus_change": after - before,
        "casemix_index": casemix,
        "payments_to_bidders": taken["r"],
        "bidder_profit": taken["r"] - taken["own"],
        "differential_payment": taken["r"] - taken["c"],
        "taken_patients": taken["n"],
        "residue_patients": residue["n"],
    }
