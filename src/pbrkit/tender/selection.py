"""How a bidder sees patients and picks the ones it wants (methodology §6; docs/methodology.md).

Everything here is vectorised over a block of draws × the patients in one lot; the only
Python loops in the tender are over lots and bidders.

The information model. Within cluster g, log cost is treated as normal with the
cluster's mean μ_g and standard deviation σ_g (estimated from the population), so
z_i = (ln c_i − μ_g) / σ_g. Bidder b with information quality ρ sees the signal
s_i = ρ·z_i + √(1−ρ²)·ε_i (ε_i standard normal, fresh each draw). Given s_i,
z_i ~ N(ρ·s_i, 1 − ρ²), so its prediction is the conditional mean of the lognormal:

    ĉ_i = E[c_i | s_i] = exp(μ_g + σ_g·ρ·s_i + σ_g²·(1 − ρ²)/2)

ρ = 1 gives ĉ_i = c_i (used exactly, not through exp/log); ρ = 0 gives every patient
in the cluster the fitted lognormal mean exp(μ_g + σ_g²/2).

Choices made here where docs/methodology.md §6 is silent:

* A £0 patient has no log cost; for fitting and ranking it counts as its cluster's
  cheapest positive cost. A cluster with no positive cost has ĉ = 0 for everyone.
* Expected revenue and the recharge use ĉ_i, since the bidder does not know c_i:
  π̂_i = (1 − λ)·P_i − ((1 − λ)·θ(1 − r) + r·recharge)·ĉ_i (:class:`Terms`). With ρ = 1
  this is exactly the contract's R_i − θ(1 − r)·c_i − recharge_i.
* SD, in "bid when Σπ̂ − risk_aversion × SD > 0", is the standard deviation of the
  realised profit on the patients taken, given the bidder's signals (:func:`_profit_sd`).
  Perfect information gives SD = 0.
* An ``accept_all`` duty needs room for every remaining patient in the lot within the
  bidder's capacity, and the bid test on the whole lot (docs/methodology.md §6.4).
* When capacity binds, ties in π̂ (everyone in a cluster ties when ρ = 0) are broken by
  the bidder's noise ε, i.e. at random, and by patient order when ρ = 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.tender.model import Bidder, Lot

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
_A = TypeVar("_A", bound=np.generic)


@dataclass(frozen=True)
class LogCostFit:
    """Each patient's cluster lognormal and standardised log cost.

    Attributes:
        mu: the patient's cluster mean of ln c (−inf when the cluster has no
            positive cost).
        sigma: the patient's cluster standard deviation of ln c (population SD).
        z: (ln c_i − μ) / σ, or 0 when σ = 0.
    """

    mu: FloatArray
    sigma: FloatArray
    z: FloatArray


def fit_log_costs(cost: FloatArray, cluster: npt.ArrayLike) -> LogCostFit:
    """Fit each cluster's lognormal from the population's own costs.

    Args:
        cost: c_i, £ (0 or more).
        cluster: cluster code (or any group label) per patient.

    Returns:
        Per-patient μ, σ and z.
    """
    frame = pd.DataFrame({"cluster": np.asarray(cluster), "cost": cost})
    positive = frame["cost"].where(frame["cost"] > 0)
    floor = positive.groupby(frame["cluster"]).transform("min")
    with np.errstate(divide="ignore"):
        log_cost = pd.Series(np.log(positive.fillna(floor).to_numpy(dtype=np.float64)))
    groups = log_cost.groupby(frame["cluster"].to_numpy())
    mu = groups.transform("mean").to_numpy(dtype=np.float64)
    sigma = groups.transform("std", ddof=0).to_numpy(dtype=np.float64)
    no_cost = np.isnan(mu)
    mu = np.where(no_cost, -np.inf, mu)
    sigma = np.where(no_cost | np.isnan(sigma), 0.0, sigma)
    z = np.divide(log_cost.to_numpy() - mu, sigma, out=np.zeros_like(mu), where=sigma > 0)
    return LogCostFit(mu=mu, sigma=sigma, z=z)


@dataclass(frozen=True)
class LotPatients:
    """The arrays for the patients in one lot.

    Attributes:
        index: the patients' positions in the (simulation's) population order.
        block: the same positions as a slice when they are contiguous, so per-draw
            arrays can be read and written as views instead of copies.
        cost, income, mu, sigma, z: the population arrays at ``index``.
    """

    index: IntArray
    block: slice | None
    cost: FloatArray
    income: FloatArray
    mu: FloatArray
    sigma: FloatArray
    z: FloatArray

    @classmethod
    def select(
        cls, index: IntArray, cost: FloatArray, income: FloatArray, fit: LogCostFit
    ) -> LotPatients:
        """The lot's slice of the population arrays."""
        contiguous = index.size > 0 and index[-1] - index[0] + 1 == index.size
        return cls(
            index=index,
            block=slice(int(index[0]), int(index[-1]) + 1) if contiguous else None,
            cost=cost[index],
            income=income[index],
            mu=fit.mu[index],
            sigma=fit.sigma[index],
            z=fit.z[index],
        )

    @property
    def size(self) -> int:
        """Number of patients in the lot."""
        return int(self.index.size)

    def columns(self, array: npt.NDArray[_A]) -> npt.NDArray[_A]:
        """The lot's columns of a (draws, patients) array: a view when contiguous."""
        return array[:, self.block] if self.block is not None else array[:, self.index]


def predict_costs(lot: LotPatients, rho: float, eps: FloatArray | None) -> FloatArray:
    """ĉ = E[c | s] for every draw and patient in the lot.

    Args:
        lot: the lot's patients.
        rho: the bidder's information quality ρ.
        eps: the bidder's noise ε for these patients, shape (draws, patients); unused
            (may be ``None``) when ρ is 0 or 1.

    Returns:
        Shape (draws, patients), or (1, patients) when the prediction does not depend
        on the draw (ρ = 0 or 1).
    """
    if rho == 1:
        return lot.cost[np.newaxis, :]
    if rho == 0 or eps is None:
        with np.errstate(invalid="ignore"):
            return np.exp(lot.mu + lot.sigma**2 / 2)[np.newaxis, :]
    spread = lot.sigma * rho * np.sqrt(1 - rho**2)
    centre = lot.mu + lot.sigma * rho**2 * lot.z + lot.sigma**2 * (1 - rho**2) / 2
    out: FloatArray = eps * spread
    out += centre
    np.exp(out, out=out)
    return out


@dataclass(frozen=True)
class Terms:
    """What a patient is worth to a bidder in one lot, in the coefficients of methodology §6.3.

    With ĉ the bidder's prediction, its predicted profit on patient i is
    π̂_i = (1 − λ)·P_i − own·ĉ_i, where ``own`` = (1 − λ)·θ·(1 − r) + r·recharge
    (revenue (1 − λ)·P + λ·θ(1 − r)·ĉ, less its own cost θ(1 − r)·ĉ, less what it pays
    the NHS back, r·ĉ when it recharges). The recharge is predicted with ĉ too, since
    the bidder does not know c_i.

    Attributes:
        tariff_share: 1 − λ (λ = the lot's cost sharing; 0 in a competitive lot).
        own: the coefficient of ĉ in the bidder's profit.
        bidder_cost: θ·(1 − r), the bidder's cost of a patient per £ of NHS cost.
    """

    tariff_share: float
    own: float
    bidder_cost: float

    @classmethod
    def of(cls, bidder: Bidder, lot: Lot, retained: float) -> Terms:
        """The terms for ``bidder`` in ``lot`` when the NHS keeps r = ``retained``."""
        lam = lot.cost_sharing if lot.award == "fixed_tariff" else 0.0
        bidder_cost = bidder.cost_factor * (1 - retained)
        recharge = retained if bidder.recharge else 0.0
        return cls(
            tariff_share=1 - lam,
            own=(1 - lam) * bidder_cost + recharge,
            bidder_cost=bidder_cost,
        )


@dataclass(frozen=True)
class Choice:
    """What one bidder would take from one lot, per draw.

    Attributes:
        take: patients it would take, shape (draws, patients in lot).
        bids: whether it bids at all, shape (draws,). ``take`` is only acted on where
            ``bids`` is true.
        profit: its predicted profit π̂, shape (draws or 1, patients in lot).
        predicted: its ĉ, shape (draws or 1, patients in lot).
        bidder_cost: θ·(1 − r).
        income: the lot's P, shape (patients in lot,).
    """

    take: BoolArray
    bids: BoolArray
    profit: FloatArray
    predicted: FloatArray
    bidder_cost: float
    income: FloatArray

    def predicted_cost(self) -> FloatArray:
        """Σ θ(1 − r)·ĉ over the patients it would take, per draw."""
        return self.bidder_cost * _row_sum(self.predicted, self.take)

    def taken_income(self) -> FloatArray:
        """Σ P over the patients it would take, per draw."""
        return _row_sum(self.income[np.newaxis, :], self.take)

    def expected_profit(self) -> FloatArray:
        """Σ π̂ over the patients it would take, per draw."""
        return _row_sum(self.profit, self.take)


def _wanted(
    available: BoolArray,
    profit: FloatArray,
    income: FloatArray,
    bidder: Bidder,
    capacity: IntArray,
    eps: FloatArray | None,
    cut: bool,
) -> tuple[BoolArray, IntArray]:
    """The patients a bidder without the accept-all duty takes, and how many, per draw.

    A screening bidder wants the patients that clear its hurdle; one that cannot
    screen takes whoever it is sent, loss-making ones included (docs/methodology.md
    §6.3). With ``cut``, a draw wanting more than its capacity keeps the highest π̂.
    """
    take = (
        available & (profit >= bidder.hurdle_margin * income)
        if bidder.screening
        else (available.copy())
    )
    count = np.count_nonzero(take, axis=1)
    over = np.flatnonzero(count > capacity) if cut else np.empty(0, dtype=np.int64)
    if over.size:
        full = np.broadcast_to(profit, take.shape)
        tiebreak = None if eps is None else eps[over]
        take[over] = _best(full[over], take[over], capacity[over], tiebreak)
        count = np.count_nonzero(take, axis=1)
    return take, count


def choose_patients(
    lot_patients: LotPatients,
    available: BoolArray,
    predicted: FloatArray,
    eps: FloatArray | None,
    bidder: Bidder,
    lot: Lot,
    capacity: IntArray,
    *,
    retained: float = 0.0,
    cut: bool = True,
) -> Choice:
    """The patients ``bidder`` would take from ``lot``, and whether it would bid (§7.3).

    Args:
        lot_patients: the lot's patients.
        available: patients still with the NHS, shape (draws, patients in lot).
        predicted: ĉ from :func:`predict_costs`.
        eps: what breaks ties on π̂ when capacity binds, lowest first, shape (draws,
            patients): the bidder's noise ε (a random pick), or the patients' ranks by
            patient id for a bidder without noise; ``None``: the earlier column.
        bidder: the bidder.
        lot: the lot (its ``accept_all`` duty, award and cost sharing λ).
        capacity: patients the bidder can still take, per draw.
        retained: r, the share of each patient's cost that stays with the NHS.
        cut: cut the wanted set to the remaining capacity, highest π̂ first (stage 1
            and ordered allocation); without it the caller shares capacity out.

    Returns:
        The bidder's choice.
    """
    terms = Terms.of(bidder, lot, retained)
    income = lot_patients.income
    # π̂ = (1 − λ)·P − own·ĉ, built in place: shape (draws or 1, patients).
    profit = predicted * -terms.own
    profit += terms.tariff_share * income
    if lot.accept_all:
        # The duty: the whole lot or nothing, and room for all of it (docs/methodology.md §6.4).
        take = available.copy()
        count = np.count_nonzero(take, axis=1)
        feasible = count <= capacity
    else:
        take, count = _wanted(available, profit, income, bidder, capacity, eps, cut)
        feasible = np.ones(count.shape, dtype=np.bool_)
    expected = _row_sum(profit, take)
    if bidder.risk_aversion > 0:
        # Bid test Σπ̂ − a·SD > 0: a risk-averse bidder needs a margin over its noise.
        expected -= bidder.risk_aversion * _profit_sd(lot_patients, predicted, take, bidder, terms)
    return Choice(
        take=take,
        bids=(count > 0) & feasible & (expected > 0),
        profit=profit,
        predicted=predicted,
        bidder_cost=terms.bidder_cost,
        income=income,
    )


def _row_sum(values: FloatArray, mask: BoolArray) -> FloatArray:
    """Σ values over mask, per draw (row)."""
    total: FloatArray = np.add.reduce(
        np.broadcast_to(values, mask.shape), axis=1, where=mask, initial=0.0
    )
    return total


def _best(
    profit: FloatArray,
    candidates: BoolArray,
    capacity: IntArray,
    tiebreak: FloatArray | None,
) -> BoolArray:
    """Per row, the ``capacity`` candidates with the highest predicted profit.

    Every row has more candidates than capacity. A selection (``numpy.partition``)
    finds the capacity-th best profit; candidates above it are taken, and the places
    left go to the candidates tied on it with the lowest ``tiebreak`` (the bidder's
    noise: a random pick), or the earliest when there is no tiebreak.
    """
    key = np.where(candidates, -profit, np.inf)
    chosen = np.zeros(candidates.shape, dtype=np.bool_)
    for room in np.unique(capacity):
        rows = np.flatnonzero(capacity == room)
        if room == 0:
            continue
        sub = key[rows]
        kth = np.partition(sub, room - 1, axis=1)[:, room - 1 : room]
        best = sub < kth
        ties = sub == kth
        need = room - best.sum(axis=1)
        exact = ties.sum(axis=1) == need
        best[exact] |= ties[exact]
        for r in np.flatnonzero(~exact):  # more ties than places: rare unless ρ = 0
            tied = np.flatnonzero(ties[r])
            if tiebreak is not None:
                tied = tied[np.argsort(tiebreak[rows[r], tied], kind="stable")]
            best[r, tied[: need[r]]] = True
        chosen[rows] = best
    return chosen


def _profit_sd(
    lot_patients: LotPatients,
    predicted: FloatArray,
    take: BoolArray,
    bidder: Bidder,
    terms: Terms,
) -> FloatArray:
    """SD of realised profit on ``take`` given the bidder's signals (module docstring).

    Realised profit is (1 − λ)·P − own·c and c | s is lognormal with log-variance
    σ²(1 − ρ²), so SD = own·√Σ ĉ²·(exp(σ²(1 − ρ²)) − 1).
    """
    rho = bidder.info_quality
    spread = np.expm1(lot_patients.sigma**2 * (1 - rho**2))[np.newaxis, :]
    variance = _row_sum(predicted**2 * spread, take)
    return terms.own * np.sqrt(variance)
