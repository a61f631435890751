"""The residue over the years (methodology §6.7): prices re-based, costs inflated, contracts re-let.

Year 1 is the tender of :func:`~pbrkit.tender.simulate.simulate_tender` (one draw). From
year t to t + 1:

* prices follow ``tariff_rebase``: ``none`` (P × (1 − deflator)); ``all_providers``
  (per cluster, P × [Σ cost borne in year t by whoever holds the cluster's patients: the
  NHS c_i, a bidder θ(1 − r)·c_i] ÷ Σ P in year t, then × (1 − deflator)); ``nhs_only``
  (the same over the NHS's residue only, less any cut). A cluster with no such
  patients follows ``none``. Re-basing prices on last year's cost is how national
  tariffs were set (reference costs two or three years back), so a residue that is cut
  to break even is then paid for the cheaper care it got;
* every cost × (1 + inflation) × (1 − efficiency);
* the NHS keeps what a block or blended payment leaves it of the people taken's income,
  (1 − v)·P, in year 1 only, the contract year: its block contract with its commissioner
  is re-set each year, so from year 2 it loses their income as under activity payment
  (v = 1);
* stranded fixed cost shrinks as S_t = f·(1 − s)^t·Σ_T (1 − r)·c_i;
* contracts are re-let every ``retender_every`` years: every patient returns to the
  NHS and the tender runs again on that year's prices and costs with a new draw.

``nhs_response``: ``deficit`` (the deficit is carried: the cumulative surplus is
reported) or ``cut`` (the NHS cuts its spending on the residue by cut = min(max(0,
−surplus), Σ_N c) to break even, or as near as cutting all of it gets; ``cut_per_head``
= cut ÷ |N| and ``cut_share`` = cut ÷ Σ_N c, the part of the residue's modelled need
that goes unmet). Bidders' payments follow the
tariff: R_i = (1 − λ)·m·P_i + λ·θ(1 − r)·c_i with that year's P_i and c_i.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

from pbrkit.costing import financial_year
from pbrkit.defaults import DEFAULT_FIRST_YEAR
from pbrkit.tender.model import TenderSpec
from pbrkit.tender.simulate import TenderResult, nhs_terms, simulate_tender

TariffRebase = Literal["none", "all_providers", "nhs_only"]
NhsResponse = Literal["deficit", "cut"]

#: Child seed key of a re-let year's draw (the population and noise use 0, 1 and 2).
RELET_KEY: Final = 3

#: Years a block or blended payment keeps the people taken's income (methodology §6.7):
#: the contract year alone, the NHS's block being re-set with its commissioner each year.
CONTRACT_YEARS: Final = 1

#: Columns of the year-by-year table, in order.
YEAR_COLUMNS: Final = (
    "year",
    "financial_year",
    "price_index",
    "taken_patients",
    "residue_patients",
    "residue_cost_per_head",
    "residue_payment_per_head",
    "nhs_surplus",
    "cumulative_surplus",
    "stranded_fixed_cost",
    "cut_per_head",
    "cut_share",
    "bidder_profit",
    "public_spending_change",
)


@dataclass(frozen=True)
class YearOptions:
    """How the years unfold (docs/methodology.md §6.7); ``years = 1`` is the tender alone."""

    years: int = 1
    tariff_rebase: TariffRebase = "none"
    inflation: float = 0.0
    #: Yearly cost improvement e (``--efficiency``): every cost × (1 − e) a year too.
    efficiency: float = 0.0
    deflator: float = 0.0
    nhs_response: NhsResponse = "deficit"
    retender_every: int | None = None
    #: Year 1's label: ``--first-year``, else the input's ``year`` sheet's, else the
    #: default (:func:`pbrkit.workflows.tender.prepare_tender` chooses).
    first_year: str = DEFAULT_FIRST_YEAR


def project_years(
    population: pd.DataFrame, spec: TenderSpec, options: YearOptions, *, seed: int
) -> pd.DataFrame:
    """One row per year (:data:`YEAR_COLUMNS`); a pure function of its inputs.

    Args:
        population: as for :func:`~pbrkit.tender.simulate.simulate_tender`.
        spec: the tender.
        options: the years and how prices, costs and contracts move.
        seed: the run's seed (year 1 is draw 0 of it; a re-let year uses the child
            ``spawn_key=(3, year)``).
    """
    base_cost = population["cost"].to_numpy(dtype=np.float64)
    price = population["income"].to_numpy(dtype=np.float64).copy()
    cluster = population["cluster"].to_numpy(dtype=np.int64)
    first_income = float(price.sum())
    letting = _Letting.of(simulate_tender(population, spec, seed=seed), spec, base_cost, price)
    rows, cumulative = [], 0.0
    for t in range(1, options.years + 1):
        cost = base_cost * ((1 + options.inflation) * (1 - options.efficiency)) ** (t - 1)
        every = options.retender_every
        if t > 1 and every and (t - 1) % every == 0:
            pop = population.assign(cost=cost, income=price)
            year_seed = int(
                np.random.SeedSequence(seed, spawn_key=(RELET_KEY, t)).generate_state(1)[0]
            )
            letting = _Letting.of(simulate_tender(pop, spec, seed=year_seed), spec, cost, price)
        row, borne = _year(letting, spec, options, t, cost, price)
        cumulative += row["nhs_surplus"]
        row |= {"price_index": float(price.sum()) / first_income if first_income else np.nan}
        row |= {"cumulative_surplus": cumulative}
        rows.append(row)
        price = _rebase(options, price, cluster, borne, letting.taken)
    frame = pd.DataFrame(rows)
    frame["financial_year"] = [financial_year(options.first_year, t - 1) for t in frame["year"]]
    return frame[list(YEAR_COLUMNS)]


@dataclass(frozen=True)
class _Letting:
    """Who holds whom under the current contracts, and how each bidder is paid."""

    taken: np.ndarray
    tariff_factor: np.ndarray
    cost_share: np.ndarray
    own_cost: np.ndarray
    recharge: np.ndarray

    @classmethod
    def of(
        cls, result: TenderResult, spec: TenderSpec, cost: np.ndarray, price: np.ndarray
    ) -> _Letting:
        patients = result.patients
        taken = patients["taken_by"].notna().to_numpy()
        r = spec.nhs.retained_share
        bidders = {b.name: b for b in spec.bidders}
        lots = {lot.name: lot for lot in spec.lots}
        names = patients["taken_by"].astype(object).where(taken, None).to_numpy()
        lot_names = patients["lot"].astype(object).where(taken, None).to_numpy()
        theta = np.array([bidders[n].cost_factor if n else 0.0 for n in names])
        back = np.array([r if n and bidders[n].recharge else 0.0 for n in names])
        lam = np.array(
            [
                lots[n].cost_sharing if n and lots[n].award == "fixed_tariff" else 0.0
                for n in lot_names
            ]
        )
        shared = lam * theta * (1 - r) * cost
        paid = patients["payment"].to_numpy(dtype=np.float64)
        factor = np.divide(paid - shared, price, out=np.zeros_like(price), where=price > 0)
        return cls(
            taken, np.where(taken, factor, 0.0), lam * theta * (1 - r), theta * (1 - r), back
        )


def _year(
    letting: _Letting,
    spec: TenderSpec,
    options: YearOptions,
    t: int,
    cost: np.ndarray,
    price: np.ndarray,
) -> tuple[dict[str, float], np.ndarray]:
    """One year's figures, and the cost borne per patient (for re-basing)."""
    terms = nhs_terms(spec)
    r, f, s = terms.retained_share, terms.fixed_cost_share, terms.shed_rate
    v = terms.income_at_risk if t <= CONTRACT_YEARS else 1.0
    taken, left = letting.taken, ~letting.taken
    paid = letting.tariff_factor * price + letting.cost_share * cost
    back = letting.recharge * cost
    stranded = f * (1 - s) ** t * float(((1 - r) * cost)[taken].sum())
    surplus = (
        float((price - cost)[left].sum())
        + float(((1 - v) * price - r * cost + back)[taken].sum())
        - stranded
    )
    before = float((price - cost).sum())
    residue_cost, people = float(cost[left].sum()), int(left.sum())
    # The deficit also carries stranded cost and the cost kept for the people taken,
    # which no cut to the residue's care removes: the NHS can cut at most all it spends
    # on the residue (a larger cut made its spending, and the prices re-based on it,
    # negative).
    cut = min(max(0.0, -surplus), residue_cost)
    commissioner = float(paid[taken].sum()) - v * float(price[taken].sum())
    borne = np.where(taken, letting.own_cost * cost, cost)
    if options.nhs_response == "cut" and people and residue_cost > 0:
        borne = np.where(left, cost * (1 - cut / residue_cost), borne)
    row = {
        "year": t,
        "taken_patients": int(taken.sum()),
        "residue_patients": people,
        "residue_cost_per_head": residue_cost / people if people else np.nan,
        "residue_payment_per_head": float(price[left].sum()) / people if people else np.nan,
        "nhs_surplus": surplus,
        "stranded_fixed_cost": stranded,
        "cut_per_head": cut / people if people else np.nan,
        "cut_share": cut / residue_cost if residue_cost > 0 else np.nan,
        "bidder_profit": float((paid - letting.own_cost * cost - back)[taken].sum()),
        "public_spending_change": commissioner - (surplus - before),
    }
    return row, borne


def _rebase(
    options: YearOptions,
    price: np.ndarray,
    cluster: np.ndarray,
    borne: np.ndarray,
    taken: np.ndarray,
) -> np.ndarray:
    """Next year's prices (module docstring)."""
    keep = 1 - options.deflator
    if options.tariff_rebase == "none":
        return price * keep
    counted = np.ones_like(taken) if options.tariff_rebase == "all_providers" else ~taken
    codes, index = np.unique(cluster, return_inverse=True)
    cost_sum = np.bincount(index, weights=np.where(counted, borne, 0.0), minlength=codes.size)
    price_sum = np.bincount(index, weights=np.where(counted, price, 0.0), minlength=codes.size)
    factor = np.divide(cost_sum, price_sum, out=np.ones(codes.size), where=price_sum > 0)
    return price * factor[index] * keep
