"""The money: docs/methodology.md §6.5's figures, from sums over who holds which patients.

With T the patients bidders take, N the residue left with the NHS, v the share of a
taken patient's tariff income the NHS loses (§7.2 payment), r the share of a taken
patient's cost that stays with the NHS, f the fixed cost share and s the shed rate of
the rest, and recharge_i what a bidder pays back (r·c_i when it recharges, else 0):

* ``residue_cost_gap`` G = Σ_N (c − P): what the tariff fails to pay for the residue;
* ``lost_contribution`` L = Σ_T (v·P − (1 − f)(1 − r)·c): income lost beyond the
  variable cost saved;
* ``stranded_fixed_cost`` S = f·(1 − s)·Σ_T (1 − r)·c: fixed cost that stays behind;
* ``cost_retained_for_taken`` = Σ_T (r·c − recharge): services that keep serving taken
  patients (AMHP, crisis, beds), unpaid unless recharged;
* ``nhs_income_retained`` = Σ_T (1 − v)·P: income a block or blended payment keeps;
* ``nhs_surplus_before`` = Σ_all (P − c); ``nhs_surplus_after`` = Σ_N (P − c) +
  Σ_T ((1 − v)·P − r·c + recharge) − S; ``nhs_surplus_change`` = after − before;
* ``payments_to_bidders`` = Σ_T R; ``bidder_profit`` = Σ_T (R − θ(1 − r)·c − recharge);
  ``differential_payment`` = Σ_T (R − (1 − r)·c) (Brown et al. 2014);
* ``commissioner_cost_change`` = Σ_T R − v·Σ_T P; ``public_spending_change`` =
  commissioner_cost_change − nhs_surplus_change;
* ``casemix_index`` = mean c over N ÷ mean c over everyone, split into
  ``casemix_between`` (which clusters are left: each person at their cluster's mean)
  and ``casemix_within`` (which patients within them) = index ÷ between;
* ``residue_cost_to_payment`` = Σ_N c ÷ Σ_N P; ``cost_to_payment_before`` = Σ c ÷ Σ P;
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

#: Every residue figure, in report order (docs/methodology.md §6; the keys of ``residue``).
FIGURES: Final = (
    "residue_cost_gap",
    "lost_contribution",
    "stranded_fixed_cost",
    "cost_retained_for_taken",
    "nhs_income_retained",
    "nhs_surplus_before",
    "nhs_surplus_after",
    "nhs_surplus_change",
    "commissioner_cost_change",
    "public_spending_change",
    "casemix_index",
    "casemix_between",
    "casemix_within",
    "residue_cost_to_payment",
    "cost_to_payment_before",
    "payments_to_bidders",
    "bidder_profit",
    "differential_payment",
    "taken_patients",
    "residue_patients",
)

#: Figures that are ratios (an index), not money or counts.
RATIO_FIGURES: Final = frozenset(
    {
        "casemix_index",
        "casemix_between",
        "casemix_within",
        "residue_cost_to_payment",
        "cost_to_payment_before",
    }
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
    "cost_retained_for_taken",
)


@dataclass(frozen=True)
class NhsTerms:
    """v, r, f and s of docs/methodology.md §6.2, as the metrics use them."""

    income_at_risk: float = 1.0
    retained_share: float = 0.0
    fixed_cost_share: float = 0.5
    shed_rate: float = 0.25


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
        bidder_cost: Σ θ(1 − r)·c (0 for the NHS).
        recharge: Σ recharge (r·c for a bidder that recharges; 0 for the NHS).
    """

    patients: FloatArray
    cost: FloatArray
    income: FloatArray
    payment: FloatArray
    bidder_cost: FloatArray
    recharge: FloatArray

    @classmethod
    def from_lots(
        cls,
        sums: LotSums,
        price_factor: FloatArray,
        cost_sharing: FloatArray,
        cost_factor: FloatArray,
        recharge: FloatArray,
    ) -> HolderSums:
        """Add up over lots, rebuilding what bidders are paid.

        Within a draw, lot and bidder every patient is paid R_i = (1 − λ)·m·P_i +
        λ·θ(1 − r)·c_i, so Σ R = (1 − λ)·m·Σ P + λ·θ(1 − r)·Σ c.

        Args:
            sums: the simulation's sums.
            price_factor: m per draw × lot × bidder (NaN = the tariff, m = 1).
            cost_sharing: λ per lot (0 for a competitive lot).
            cost_factor: θ(1 − r) per bidder: its cost per £ of NHS cost.
            recharge: r or 0 per bidder: what it pays back per £ of NHS cost.
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
        back = recharge[np.newaxis, np.newaxis, :, np.newaxis] * c
        return cls(
            patients=with_residue(n, sums.patients[:, -1]),
            cost=with_residue(c, sums.cost[:, -1]),
            income=with_residue(p, sums.income[:, -1]),
            payment=with_residue(payment, zero),
            bidder_cost=with_residue(theta * c, zero),
            recharge=with_residue(back, zero),
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


def residue_figures(sums: HolderSums, everyone: _Sums, terms: NhsTerms) -> _Sums:
    """Every docs/methodology.md §6.5 figure per draw and cluster, each cluster taken as a whole.

    Returns:
        Figure name → array of shape (draws, clusters).
    """
    shape = sums.patients[:, -1].shape
    total = {k: np.broadcast_to(v, shape) for k, v in everyone.items()}
    residue = _residue(sums)
    # Within one cluster everyone is at the cluster's mean, so casemix_between is 1.
    means = np.divide(total["c"], total["n"], out=np.zeros(shape), where=total["n"] > 0)
    return _figures(_taken(sums), residue, total, terms, residue["n"] * means)


def overall_figures(sums: HolderSums, everyone: _Sums, terms: NhsTerms) -> _Sums:
    """Every methodology §6.5 figure per draw, over all clusters: shape (draws,) per figure."""
    taken = {k: v.sum(axis=-1) for k, v in _taken(sums).items()}
    by_cluster = _residue(sums)
    residue = {k: v.sum(axis=-1) for k, v in by_cluster.items()}
    total = {k: np.full(sums.patients.shape[0], v.sum()) for k, v in everyone.items()}
    # Σ_k n_k^N·m_k: the residue's cost if each person cost their cluster's mean.
    means = np.divide(
        everyone["c"], everyone["n"], out=np.zeros_like(everyone["c"]), where=everyone["n"] > 0
    )
    at_means = (by_cluster["n"] * means).sum(axis=-1)
    return _figures(taken, residue, total, terms, at_means)


def bidder_figures(sums: HolderSums, terms: NhsTerms) -> _Sums:
    """What each bidder took, per draw: shape (draws, bidders) per figure.

    ``lost_contribution``, ``stranded_fixed_cost`` and ``cost_retained_for_taken`` here
    are the NHS's loss from that bidder's patients; over bidders they add up to the
    overall figures.
    """
    v, r, f, s = terms.income_at_risk, terms.retained_share, terms.fixed_cost_share, terms.shed_rate
    bidders = slice(0, sums.patients.shape[1] - 1)
    n = sums.patients[:, bidders].sum(axis=-1)
    c = sums.cost[:, bidders].sum(axis=-1)
    p = sums.income[:, bidders].sum(axis=-1)
    paid = sums.payment[:, bidders].sum(axis=-1)
    own = sums.bidder_cost[:, bidders].sum(axis=-1)
    back = sums.recharge[:, bidders].sum(axis=-1)
    return {
        "taken_patients": n,
        "taken_cost": c,
        "taken_income": p,
        "payments_to_bidders": paid,
        "bidder_profit": paid - own - back,
        "differential_payment": paid - (1 - r) * c,
        "lost_contribution": v * p - (1 - f) * (1 - r) * c,
        "stranded_fixed_cost": f * (1 - s) * (1 - r) * c,
        "cost_retained_for_taken": r * c - back,
    }


def _taken(sums: HolderSums) -> _Sums:
    bidders = slice(0, sums.patients.shape[1] - 1)
    return {
        "n": sums.patients[:, bidders].sum(axis=1),
        "c": sums.cost[:, bidders].sum(axis=1),
        "p": sums.income[:, bidders].sum(axis=1),
        "r": sums.payment[:, bidders].sum(axis=1),
        "own": sums.bidder_cost[:, bidders].sum(axis=1),
        "back": sums.recharge[:, bidders].sum(axis=1),
    }


def _residue(sums: HolderSums) -> _Sums:
    return {"n": sums.patients[:, -1], "c": sums.cost[:, -1], "p": sums.income[:, -1]}


def _figures(
    taken: _Sums, residue: _Sums, everyone: _Sums, terms: NhsTerms, at_means: FloatArray
) -> _Sums:
    """docs/methodology.md §6.5, term by term (module docstring)."""
    v, r, f, s = terms.income_at_risk, terms.retained_share, terms.fixed_cost_share, terms.shed_rate
    stranded = f * (1 - s) * (1 - r) * taken["c"]
    retained = r * taken["c"] - taken["back"]
    kept_income = (1 - v) * taken["p"]
    before = everyone["p"] - everyone["c"]
    after = residue["p"] - residue["c"] + kept_income - retained - stranded
    commissioner = taken["r"] - v * taken["p"]
    with np.errstate(divide="ignore", invalid="ignore"):
        overall_mean = everyone["c"] / everyone["n"]
        casemix = (residue["c"] / residue["n"]) / overall_mean
        between = (at_means / residue["n"]) / overall_mean
        residue_ratio = residue["c"] / residue["p"]
        before_ratio = everyone["c"] / everyone["p"]
    defined = (residue["n"] > 0) & (everyone["c"] > 0)
    casemix = np.where(defined, casemix, np.nan)
    between = np.where(defined, between, np.nan)
    return {
        "residue_cost_gap": residue["c"] - residue["p"],
        "lost_contribution": v * taken["p"] - (1 - f) * (1 - r) * taken["c"],
        "stranded_fixed_cost": stranded,
        "cost_retained_for_taken": retained,
        "nhs_income_retained": kept_income,
        "nhs_surplus_before": before,
        "nhs_surplus_after": after,
        "nhs_surplus_change": after - before,
        "commissioner_cost_change": commissioner,
        "public_spending_change": commissioner - (after - before),
        "casemix_index": casemix,
        "casemix_between": between,
        "casemix_within": np.where(between > 0, casemix / between, np.nan),
        "residue_cost_to_payment": np.where(residue["p"] > 0, residue_ratio, np.nan),
        "cost_to_payment_before": np.where(everyone["p"] > 0, before_ratio, np.nan),
        "payments_to_bidders": taken["r"],
        "bidder_profit": taken["r"] - taken["own"] - taken["back"],
        "differential_payment": taken["r"] - (1 - r) * taken["c"],
        "taken_patients": taken["n"],
        "residue_patients": residue["n"],
    }
