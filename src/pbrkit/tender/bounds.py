"""The most one person adds in a year to a tender's totals by cluster, from the public
tariff and unit costs alone (docs/methodology.md §7, "A total's floor under its count").

``--publish`` hides a total V (± h) beside a count p where V − h > m × (f − 1); these
are the m of a tender's cluster, bidder and lot rows, carried in row fields
(``pbrkit.model``) that the registry names and no output writes.

The bounds leave out the admitted-day part of income and the bed-day part of cost: a
reader who knows a row's admitted days can take their income (or cost) off the total
first, and 366 × the community day's price is what one person adds then. Left out,
the bound is below the most one person adds with admitted days, so a row with many
admitted days is hidden a little sooner than it need be, never later.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from pbrkit.model import (
    DAYS_A_PERSON_AT_MOST,
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_DIFFERENTIAL,
    KNOWN_INCOME,
    KNOWN_LOST,
    KNOWN_PROFIT,
    KNOWN_SURPLUS,
    MOST_COST_A_PERSON,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_INCOME_A_PERSON,
    MOST_KEPT_COST_A_PERSON,
    MOST_KEPT_INCOME_A_PERSON,
    MOST_LOST_A_PERSON,
    MOST_OWN_COST_A_PERSON,
    MOST_PAYMENT_A_PERSON,
    MOST_STRANDED_A_PERSON,
)
from pbrkit.pricing import admitted_income, income_a_person_at_most
from pbrkit.tender.model import Bidder, Lot, NhsCostStructure

#: The bound fields of a tender's rows, in the order they are carried.
TENDER_BOUNDS = (MOST_INCOME_A_PERSON, MOST_COST_A_PERSON, MOST_OWN_COST_A_PERSON,
                 MOST_KEPT_INCOME_A_PERSON, MOST_LOST_A_PERSON, MOST_STRANDED_A_PERSON,
                 MOST_KEPT_COST_A_PERSON, MOST_DAY_INCOME_A_PERSON, MOST_DAY_COST_A_PERSON,
                 KNOWN_INCOME, KNOWN_COST, KNOWN_SURPLUS, KNOWN_DEFICIT)  # fmt: skip
#: Of those, the parts a reader knows: a row over several clusters sums them.
KNOWN_FIELDS = frozenset({KNOWN_INCOME, KNOWN_COST, KNOWN_SURPLUS, KNOWN_DEFICIT})


def share_bounds(bounds: pd.DataFrame, nhs: NhsCostStructure) -> pd.DataFrame:
    """``bounds`` (:func:`cluster_bounds`) with the bounds of the figures that are a
    public share of the taken people's income P or own cost c (tender/metrics.py): the
    income kept (1 − v)·P, the lost contribution at most v·P, the stranded fixed cost
    f(1 − s)(1 − r)·c and the cost kept at most r·c. Each is the share × P's (or c's)
    bound: with the whole bound, a reader dividing the figure by its share would have a
    floor up to 1 ÷ the share above the one checked. A share of 0 bounds by 0 (its
    figure is 0), not 0 × an infinite bound."""
    v, r = nhs.income_at_risk, nhs.retained_share
    shares = {
        MOST_KEPT_INCOME_A_PERSON: (1 - v, MOST_INCOME_A_PERSON),
        MOST_LOST_A_PERSON: (v, MOST_INCOME_A_PERSON),
        MOST_STRANDED_A_PERSON: (nhs.fixed_cost_share * (1 - nhs.shed_rate) * (1 - r),
                                 MOST_OWN_COST_A_PERSON),
        MOST_KEPT_COST_A_PERSON: (r, MOST_OWN_COST_A_PERSON),
    }  # fmt: skip
    zero = pd.Series(0.0, index=bounds.index)
    return bounds.assign(**{k: bounds[of] * share if share > 0 else zero
                            for k, (share, of) in shares.items()})  # fmt: skip


def deflated(bounds: pd.DataFrame, deflator: float) -> pd.DataFrame:
    """``bounds`` (:func:`cluster_bounds`) with the income bound × (1 − d): a tariff
    deflator d pays every person's income × (1 − d) (tender/population.deflate_income),
    so one person adds at most that share of the undeflated bound; the whole bound is
    above what a reader who divides by the published 1 − d has, and would hide later
    than it must (40 people all year at £1 a day with d = 0.5: £7,300, published £8,000,
    (8,000 − 1,000) ÷ 183 = 38.3 people where 40 says 38 to 42)."""
    if not deflator:
        return bounds
    return bounds.assign(**{MOST_INCOME_A_PERSON: bounds[MOST_INCOME_A_PERSON] * (1 - deflator)})


def with_admitted(
    bounds: pd.DataFrame,
    admitted: pd.Series,
    tariff: pd.DataFrame,
    bed_day: float | None,
    deflator: float = 0.0,
) -> pd.DataFrame:
    """``bounds`` (:func:`cluster_bounds`, :func:`deflated`, :func:`share_bounds`) with
    the whole cluster's bounds and known parts, as ``pbrkit cost`` has them (methodology
    §7): its income at most 366 × (the day's price + the admitted-day price) × (1 − d),
    less K = the admitted-day price × A × (1 − d) at most 366 × the day's price ×
    (1 − d) (the bound it had, now :data:`MOST_DAY_INCOME_A_PERSON`); a modelled cost
    k × D + (b − k) × A at most 366 × the larger of k and b, less K = (b − k) × A at
    most 366 × k; a surplus's and a deficit's parts as costing's. ``admitted``: each
    cluster's admitted days A, which summary.json's ``clusters`` publishes.

    Only a whole cluster's figures read these (its income, cost and surplus before):
    a figure about some of its people keeps the day's bound alone (the income's
    :data:`MOST_DAY_INCOME_A_PERSON`, the own cost's 366 × k), since their admitted days
    are not published, and taking the cluster's K off each of two bidders' takes of it
    would count it twice along a line."""
    codes = bounds.index.to_numpy(dtype=np.int64)
    keep = 1 - deflator
    a = admitted.reindex(bounds.index, fill_value=0.0).to_numpy(dtype=np.float64)
    price = admitted_income(codes, np.ones(len(codes)), tariff)  # a, by cluster
    day = bounds[MOST_INCOME_A_PERSON].to_numpy(dtype=np.float64)
    income = day + DAYS_A_PERSON_AT_MOST * np.maximum(price, 0.0) * keep
    known_income = price * a * keep
    day_cost = bounds[MOST_COST_A_PERSON].to_numpy(dtype=np.float64)
    k = day_cost / DAYS_A_PERSON_AT_MOST
    costed = np.isfinite(day_cost) & (bed_day is not None)
    b = float(bed_day) if bed_day is not None else 0.0
    cost = np.where(costed, DAYS_A_PERSON_AT_MOST * np.fmax(k, b), day_cost)
    # k is infinite where a cost has no bound (an actual cost): no K there, and no
    # ∞ × 0 computed for it.
    known_cost = np.where(costed, (b - np.where(costed, k, 0.0)) * a, 0.0)
    return bounds.assign(**{
        MOST_DAY_INCOME_A_PERSON: day, MOST_INCOME_A_PERSON: income,
        MOST_DAY_COST_A_PERSON: day_cost, MOST_COST_A_PERSON: cost,
        KNOWN_INCOME: known_income, KNOWN_COST: known_cost,
        KNOWN_SURPLUS: known_income - np.maximum(known_cost, 0.0),
        KNOWN_DEFICIT: known_cost - np.maximum(known_income, 0.0),
    })  # fmt: skip


def cluster_bounds(
    population: pd.DataFrame,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    day_cost: pd.Series | None,
    *,
    drawn_costs: bool,
    episodes_given: pd.Series | None = None,
) -> pd.DataFrame:
    """Per cluster (the index): the most one person adds a year to its income (366 ×
    its community day's price: P a day, P ÷ review days an episode, or P where the
    episodes are given, P ÷ 365 a year), to its modelled cost (366 × its package cost
    per community day k; infinite where a person's cost is the caseload's own) and,
    for sums over some of its people, to their own costs (as the cost, but infinite
    where the costs were drawn: ``drawn_costs``, a synthesised population's).

    ``episodes_given``: by cluster, whether any of its people's episodes were given."""
    codes = np.asarray(sorted(population["cluster"].unique()), dtype=np.int64)
    given = (
        np.zeros(len(codes), dtype=bool)
        if episodes_given is None
        else episodes_given.reindex(codes, fill_value=False).to_numpy(dtype=bool)
    )
    community = tariff.drop(columns=["admitted_day_price"], errors="ignore")
    income = income_a_person_at_most(codes, community, review_days, 1.0, given)
    k = (
        np.full(len(codes), np.nan)
        if day_cost is None
        else day_cost.reindex(codes).to_numpy(dtype=np.float64)
    )
    # A population without its costs' source (a caller's own) has no modelled cost.
    sources = population.get("cost_source", pd.Series("actual", index=population.index))
    modelled = (sources == "modelled").groupby(population["cluster"]).all()
    cost = np.where(
        modelled.reindex(codes).to_numpy(dtype=bool) & np.isfinite(k),
        DAYS_A_PERSON_AT_MOST * k,
        np.inf,
    )
    own = np.full(len(codes), np.inf) if drawn_costs else cost
    return pd.DataFrame(
        {MOST_INCOME_A_PERSON: income, MOST_COST_A_PERSON: cost, MOST_OWN_COST_A_PERSON: own},
        index=pd.Index(codes, name="cluster"),
    )


def cluster_key(value: object) -> object:
    """A cluster code as the bounds key it: a numeric code as an int (a table may hold
    3 or "3"), a text code (a resource group's "PSY_COM") as it is."""
    text = str(value)
    return int(text) if text.lstrip("-").isdigit() else text


def most_of(bounds: pd.DataFrame, clusters: Iterable[object]) -> dict[str, float]:
    """The bounds of a row over several clusters (a bidder's, a table's total): the
    largest of theirs, since one person is in one of them, and the sum of the parts a
    reader knows (:data:`KNOWN_FIELDS`, each cluster's once); 0 over none."""
    chosen = bounds.reindex([cluster_key(c) for c in clusters])
    return {k: (float(chosen[k].sum()) if k in KNOWN_FIELDS else float(chosen[k].max()))
            if len(chosen) else 0.0
            for k in TENDER_BOUNDS if k in bounds.columns}  # fmt: skip


def payment_bounds(
    taken: pd.DataFrame, income: pd.Series, lots: Iterable[Lot], factors: pd.DataFrame
) -> pd.DataFrame:
    """Per bidder × cluster it took people from (``taken``: its ``bidder`` and
    ``cluster`` columns), the most one person adds a year to what the bidder is paid for
    them, less the part a reader works out from the published cost of the people taken:
    (1 − λ) × m × the cluster's income bound (``income``, by cluster). A payment is
    R = (1 − λ)·m·P + λ·θ(1 − r)·c (tender/metrics.py), so (R − λ·θ(1 − r)·c) ÷ ((1 − λ)·m)
    is the tariff income P of the people taken; m the price factor the lots table
    publishes (``factors``: ``lot``, ``bidder``, ``price_factor``; none: the tariff, 1),
    λ the lot's cost sharing (fixed-tariff lots only). The cost part is left out, as
    :func:`cluster_bounds` leaves out admitted days: the bound is then at most what a
    reader has, so a payment is hidden sooner than it need be, never later."""
    lot_of = {cluster_key(c): lot for lot in lots for c in lot.clusters}
    factor = {
        (str(r["lot"]), str(r["bidder"])): float(r["price_factor"])
        for r in factors.to_dict(orient="records")
        if pd.notna(r["price_factor"])
    }
    rows = []
    for bidder, cluster in zip(taken["bidder"], taken["cluster"], strict=True):
        lot = lot_of.get(cluster_key(cluster))
        share = 0.0 if lot is None or lot.award != "fixed_tariff" else lot.cost_sharing
        m = 1.0 if lot is None else factor.get((lot.name, str(bidder)), 1.0)
        bound = (1 - share) * m * float(income.get(cluster_key(cluster), np.inf))
        key = cluster_key(cluster)
        rows.append({"bidder": bidder, "cluster": key, MOST_PAYMENT_A_PERSON: bound})
    return pd.DataFrame(rows, columns=["bidder", "cluster", MOST_PAYMENT_A_PERSON])


def cost_offsets(
    taken: pd.DataFrame, lots: Iterable[Lot], bidders: Iterable[Bidder], retained_share: float
) -> pd.DataFrame:
    """Per bidder × cluster it took people from (``taken``: ``bidder``, ``cluster`` and
    ``taken_cost`` c), the part K of its profit and differential payment a reader works
    out from c, so that the figure − K is (1 − λ)·m·P, the part of the payments
    :func:`payment_bounds` bounds. With R = (1 − λ)·m·P + λ·θ(1 − r)·c (tender/metrics.py):
    profit = R − θ(1 − r)·c − recharge·c, so K = −(θ(1 − r)(1 − λ) + recharge)·c
    (recharge r or 0); differential = R − (1 − r)·c, so K = −(1 − r)(1 − λ·θ)·c."""
    r = retained_share
    lot_of = {cluster_key(c): lot for lot in lots for c in lot.clusters}
    by_name = {b.name: b for b in bidders}
    rows = []
    for bidder, cluster, cost in zip(taken["bidder"], taken["cluster"], taken["taken_cost"],
                                     strict=True):  # fmt: skip
        lot, who = lot_of.get(cluster_key(cluster)), by_name[str(bidder)]
        share = 0.0 if lot is None or lot.award != "fixed_tariff" else lot.cost_sharing
        theta, back = who.cost_factor, (r if who.recharge else 0.0)
        rows.append({"bidder": bidder, "cluster": cluster_key(cluster),
                     KNOWN_PROFIT: -(theta * (1 - r) * (1 - share) + back) * float(cost),
                     KNOWN_DIFFERENTIAL: -(1 - r) * (1 - share * theta) * float(cost)})  # fmt: skip
    return pd.DataFrame(rows, columns=["bidder", "cluster", KNOWN_PROFIT, KNOWN_DIFFERENTIAL])


def lost_offsets(taken: pd.DataFrame, nhs: NhsCostStructure) -> pd.DataFrame:
    """Per bidder × cluster it took people from (``taken``: ``bidder``, ``cluster`` and
    ``taken_cost`` c), the part K of the lost contribution a reader works out from c:
    L = v·P − (1 − f)(1 − r)·c (tender/metrics.py), so K = −(1 − f)(1 − r)·c and L − K is
    v·P, the part :func:`share_bounds` bounds (v × the income bound). Without it the
    lost contribution, floored on its own, gave v·P back beside the published cost."""
    kept = (1 - nhs.fixed_cost_share) * (1 - nhs.retained_share)
    # Built as cost_offsets' rows are, so that with nobody taken the empty frames merge.
    rows = [{"bidder": bidder, "cluster": cluster_key(cluster), KNOWN_LOST: -kept * float(cost)}
            for bidder, cluster, cost in zip(taken["bidder"], taken["cluster"],
                                             taken["taken_cost"], strict=True)]  # fmt: skip
    return pd.DataFrame(rows, columns=["bidder", "cluster", KNOWN_LOST])
