"""Caseload × care packages × tariff → cost, income and surplus per cluster (methodology §2).

Every figure here is a formula in docs/methodology.md §2; docs/methodology.md writes each one out
with its source. Nothing is rounded: formatting belongs to the reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.canonical import canonical_order
from pbrkit.currency import active_currency
from pbrkit.defaults import DEFAULT_FIRST_YEAR
from pbrkit.errors import InputError, MissingTariff, Problem
from pbrkit.io.fallback import has_activity
from pbrkit.io.financial_year import financial_year_label
from pbrkit.model import (
    DAYS_A_PERSON_AT_MOST,
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_INCOME,
    KNOWN_SURPLUS,
    MOST_COST_A_PERSON,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_EPISODES_A_PERSON,
    MOST_INCOME_A_PERSON,
    QualityNote,
)
from pbrkit.model import CostInputs as CostInputs  # defined with the other shared types
from pbrkit.pricing import (
    DAYS_PER_YEAR,
    admitted_income,
    day_income_a_person_at_most,
    income_a_person_at_most,
    price_activity,
)

#: The unit-cost resource used for admitted days (docs/methodology.md §2).
BED_DAY_RESOURCE: Final = "inpatient_bed_day"

OnMissing = Literal["raise", "report"]

_FIXED_PERIOD_DAYS: Final = {"day": 1.0, "week": 7.0, "year": DAYS_PER_YEAR}
#: The per-person-year bounds every costed row and group carries (model.py): a group's
#: is the largest of its rows', since one person of the group adds at most that.
MOST_A_PERSON: Final = (
    MOST_EPISODES_A_PERSON,
    MOST_INCOME_A_PERSON,
    MOST_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_DAY_COST_A_PERSON,
)
#: The parts of a row's £ a reader works out from its published admitted days and the
#: public prices (model.py): a group's is the sum of its rows'.
KNOWN_A_ROW: Final = (KNOWN_INCOME, KNOWN_COST, KNOWN_SURPLUS, KNOWN_DEFICIT)
#: Both, as the costing's frames carry them (never written to an output).
FLOOR_FIELDS: Final = (*MOST_A_PERSON, *KNOWN_A_ROW)


@dataclass(frozen=True)
class CostingOptions:
    """Options of ``pbrkit cost`` (README, Commands, §5)."""

    mff: float = 1.0
    years: int = 1
    deflator: float = 0.0
    inflation: float = 0.0
    #: Yearly cost improvement e, the cost side's counterpart of the deflator.
    efficiency: float = 0.0
    on_missing: OnMissing = "raise"
    #: Year 0's label; None: the input's ``year`` sheet's, else :data:`DEFAULT_FIRST_YEAR`
    #: (resolved by :func:`pbrkit.workflows.cost.run_cost`).
    first_year: str | None = None


@dataclass(frozen=True)
class CostingResult:
    """The costed caseload.

    ``rows``: per caseload row. ``clusters``: per cluster, in code order.
    ``superclasses``: subtotals. ``totals``: the README, Outputs totals. ``unpriced``:
    activity with no tariff (only with ``on_missing="report"``; excluded from the
    totals). ``projection``: income, cost and surplus per year.
    ``package_rates``: package cost per cluster day k, per cluster, for tracing.
    """

    rows: pd.DataFrame
    clusters: pd.DataFrame
    superclasses: pd.DataFrame
    totals: dict[str, float]
    loss_making: pd.DataFrame
    unpriced: pd.DataFrame
    projection: pd.DataFrame
    package_rates: pd.DataFrame
    bed_day_cost: float
    options: CostingOptions
    #: Per team (index ``team``) and per team × cluster, when the caseload names teams.
    teams: pd.DataFrame | None = None
    team_clusters: pd.DataFrame | None = None


def package_cost_per_day(
    packages: pd.DataFrame, unit_costs: pd.DataFrame, review_days: pd.Series
) -> pd.DataFrame:
    """k per cluster: Σ quantity × unit cost ÷ period days (docs/methodology.md §2).

    Period days are 1 (day), 7 (week), the cluster's review period R (episode) and
    365 (year). Returns a frame indexed by cluster with ``k`` and the row count.

    Raises:
        InputError: a package names a resource with no unit cost, or an episode
            quantity for a cluster without a review period.
    """
    unit_cost = packages["resource"].map(unit_costs["unit_cost"])
    missing = unit_cost.isna()
    problems = [
        Problem(
            "package resource has no unit cost",
            sheet="packages",
            column="resource",
            value=resource,
            fix=f"add a row for '{resource}' to the unit_costs sheet",
        )
        for resource in sorted(set(packages.loc[missing, "resource"]))
    ]
    period = packages["per"].map(_FIXED_PERIOD_DAYS)
    per_episode = packages["per"] == "episode"
    period = period.where(~per_episode, packages["cluster"].map(review_days))
    for code in sorted(set(packages.loc[per_episode & period.isna(), "cluster"])):
        problems.append(
            Problem(
                f"{_shown(code)} has a per-episode quantity but no review period",
                sheet="packages",
                column="per",
                fix="give the quantity per day, week or year",
            )
        )
    if problems:
        raise InputError(problems)
    daily = packages["quantity"] * unit_cost / period
    frame = pd.DataFrame({"cluster": packages["cluster"], "daily": daily})
    grouped = frame.groupby("cluster")["daily"]
    return pd.DataFrame({"k": grouped.sum(), "package_rows": grouped.size()})


DEFAULT_OPTIONS: Final = CostingOptions()


def _costed_rows(
    inputs: CostInputs, options: CostingOptions, day_rates: pd.Series, bed_day: float
) -> pd.DataFrame:
    """The caseload's rows with their episodes, income, modelled cost and the cost used
    (actual where given), every row checked costable (``day_rates``: k per cluster)."""
    review = inputs.clusters["review_days"]
    rows = inputs.caseload.copy()
    codes = rows["cluster"].to_numpy(dtype=np.int64)
    days = rows["cluster_days"].to_numpy(dtype=np.float64)
    admitted = rows["admitted_days"].to_numpy(dtype=np.float64)
    rows["review_days"] = review.reindex(codes).to_numpy()
    rows["episodes_used"] = np.where(
        rows["episodes"].isna(), days / rows["review_days"], rows["episodes"]
    )
    income = price_activity(
        codes,
        days,
        admitted,
        inputs.tariff,
        review,
        episodes=rows["episodes"].to_numpy(dtype=np.float64),
        mff=options.mff,
    )
    # A row of zeros has nothing to price: £0 at any price, never "unpriced activity".
    rows["income"] = np.where(has_activity(rows), income, np.nan_to_num(income))
    k = day_rates.reindex(codes).to_numpy()
    rows["package_cost_per_day"] = k
    rows["modelled_cost"] = modelled_cost(k, days, admitted, bed_day)
    has_actual = rows["actual_cost"].notna()
    rows["cost"] = rows["actual_cost"].where(has_actual, rows["modelled_cost"])
    rows["cost_source"] = np.where(has_actual, "actual", "modelled")
    _check_costable(rows, bed_day)
    _check_episodes_countable(rows, inputs.tariff)
    _bound_a_person(rows, inputs, options, bed_day)
    # The checks above name every missing rate; a cost still unknown here would be
    # summed as £0 by the group totals below, so it is a defect, never a figure.
    if bool(rows["cost"].isna().any()):
        raise AssertionError("a modelled cost is unknown after the costing checks")
    return rows


def _bound_a_person(
    rows: pd.DataFrame, inputs: CostInputs, options: CostingOptions, bed_day: float
) -> None:
    """Each row's most one person adds in a year to its episodes (366 ÷ review days),
    income (:func:`~pbrkit.pricing.income_a_person_at_most`) and modelled cost (366 ×
    the larger of the package cost per community day and the bed-day cost), from the
    public reference data alone (in place; docs/methodology.md §7). An actual cost is
    the caseload's own, with no public bound: infinite, so it sets no floor."""
    codes = rows["cluster"].to_numpy(dtype=np.int64)
    # Episodes given in the caseload are at most its days (the reader refuses more):
    # at most one a day, 366 a year; worked out, one a review period.
    given = rows["episodes"].notna().to_numpy()
    review = np.where(given, 1.0, rows["review_days"].to_numpy(dtype=np.float64))
    rows[MOST_EPISODES_A_PERSON] = DAYS_A_PERSON_AT_MOST / review
    rows[MOST_INCOME_A_PERSON] = income_a_person_at_most(
        codes, inputs.tariff, inputs.clusters["review_days"], options.mff, given
    )
    # fmax: an unknown rate (no bed-day cost) is one no day of the row is costed at.
    daily = np.fmax(rows["package_cost_per_day"].to_numpy(dtype=np.float64), bed_day)
    modelled = DAYS_A_PERSON_AT_MOST * daily
    rows[MOST_COST_A_PERSON] = np.where(rows["cost_source"] == "actual", np.inf, modelled)
    rows[MOST_DAY_INCOME_A_PERSON] = day_income_a_person_at_most(
        codes, inputs.tariff, inputs.clusters["review_days"], options.mff, given
    )
    _known_parts(rows, inputs, options)


def _known_parts(rows: pd.DataFrame, inputs: CostInputs, options: CostingOptions) -> None:
    """Each row's parts of its £ a reader works out from its published admitted days A
    and the public prices (in place; docs/methodology.md §7): income's MFF × a × A;
    a modelled cost k × D + (b − k) × A's (b − k) × A, the rest at most 366 × k a person
    (an actual cost: none, and no bound). A surplus above zero less its income's part
    and the cost's part above zero is at most the rest of the income (the rest of the
    cost, and a cost, are never below zero); a deficit less the cost's part and the
    income's part above zero at most the rest of the cost."""
    codes = rows["cluster"].to_numpy(dtype=np.int64)
    admitted = rows["admitted_days"].to_numpy(dtype=np.float64)
    income = admitted_income(codes, admitted, inputs.tariff, options.mff)
    actual = (rows["cost_source"] == "actual").to_numpy()
    k = np.nan_to_num(rows["package_cost_per_day"].to_numpy(dtype=np.float64), nan=0.0)
    days = rows["cluster_days"].to_numpy(dtype=np.float64)
    # The cost less k × D: exactly what modelled_cost adds beyond the days at k.
    cost = np.where(actual, 0.0, rows["modelled_cost"].to_numpy(dtype=np.float64) - k * days)
    rows[KNOWN_INCOME] = income
    rows[KNOWN_COST] = cost
    rows[KNOWN_SURPLUS] = income - np.maximum(cost, 0.0)
    rows[KNOWN_DEFICIT] = cost - np.maximum(income, 0.0)
    rows[MOST_DAY_COST_A_PERSON] = np.where(actual, np.inf, DAYS_A_PERSON_AT_MOST * k)


def most_a_person(rows: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """The per-person-year bounds of groups of rows (by ``by``): the largest of each
    group's rows', since one person of the group is in one of them; rows without
    them (a caller's own frame) give none."""
    grouped = rows.groupby(by, sort=True)
    most = grouped[[k for k in MOST_A_PERSON if k in rows.columns]].max()
    return most.join(grouped[[k for k in KNOWN_A_ROW if k in rows.columns]].sum())


def total_most_a_person(clusters: pd.DataFrame) -> dict[str, float]:
    """The per-person-year bounds of every cluster together (a table's total row), and
    the parts of its £ a reader works out (:data:`KNOWN_A_ROW`, summed)."""
    if not len(clusters):
        return {}
    most = {k: float(clusters[k].max()) for k in MOST_A_PERSON if k in clusters.columns}
    return most | {k: float(clusters[k].sum()) for k in KNOWN_A_ROW if k in clusters.columns}


def cost_caseload(inputs: CostInputs, options: CostingOptions = DEFAULT_OPTIONS) -> CostingResult:
    """Cost the caseload against tariff and packages (docs/methodology.md §2).

    Raises:
        MissingTariff: activity in a cluster with no price and ``on_missing="raise"``.
        InputError: activity that cannot be costed (no package, no bed-day cost).
    """
    review = inputs.clusters["review_days"]
    rates = package_cost_per_day(inputs.packages, inputs.unit_costs, review)
    bed_day = _bed_day_cost(inputs)
    rows = _costed_rows(inputs, options, rates["k"], bed_day)
    priced = rows["income"].notna()
    unpriced = rows.loc[~priced]
    if not unpriced.empty and options.on_missing == "raise":
        raise _missing_tariff(unpriced, inputs.tariff_where, inputs.price_to)
    # Sums added in one order of the rows that depends on their values alone, so the
    # same caseload in any row order gives the same totals to the last bit.
    priced_rows, unpriced = _in_canonical_order(rows.loc[priced]), _in_canonical_order(unpriced)

    clusters = _per_cluster(priced_rows, inputs.clusters)
    totals = cluster_totals(clusters)
    teams, team_clusters = per_team(priced_rows)
    return CostingResult(
        rows=rows,
        clusters=clusters,
        superclasses=_per_superclass(clusters),
        totals=totals,
        loss_making=clusters.loc[clusters["surplus"] < 0].sort_values("surplus"),
        unpriced=_unpriced_table(unpriced),
        projection=project_years(totals["income"], totals["cost"], options),
        package_rates=rates,
        bed_day_cost=bed_day,
        options=options,
        teams=teams,
        team_clusters=team_clusters,
    )


def zero_package_notes(rows: pd.DataFrame, sources: Mapping[str, str]) -> list[QualityNote]:
    """Clusters whose care package costs £0 a day (every row's quantity or unit cost
    0) beside community days it costs: k = £0 makes those days free (docs/methodology.md
    §2). Taken as given but named, as an actual cost of £0 is: a column exported as
    zeros is the usual cause. ``rows`` are :attr:`CostingResult.rows`; ``sources``
    (:attr:`CostInputs.sources`) say where the packages and unit costs were read, so the
    note sends the user there (a CSV file, a sheet, or the reference set)."""
    community = rows["cluster_days"] - rows["admitted_days"].fillna(0)
    free = (rows["cost_source"] == "modelled") & (community > 0)
    free &= rows["package_cost_per_day"] == 0
    return _clusters_note(
        "care package £0 a day",
        rows.loc[free, "cluster"],
        ": every care package row costs £0 (quantity or unit cost 0), "
        "so the community days are costed at £0, used as given (check quantity in "
        f"{sources.get('packages', 'the packages')} and unit_cost in "
        f"{sources.get('unit_costs', 'the unit costs')})",
    )


def zero_price_notes(inputs: CostInputs) -> list[QualityNote]:
    """Clusters whose tariff price is £0 beside days to price: their cluster days earn
    nothing (admitted days only their admitted-day price). Taken as given but named, as
    an actual cost of £0 and a care package of £0 a day are (docs/methodology.md §2): a
    blank price exported as 0 is the usual cause. Read from the tariff as read, before
    any what-if lever, so a --tariff-change of -100% is not named as one (rev7a)."""
    rows, price = inputs.caseload, inputs.tariff["price"]
    days = (rows["cluster_days"] > 0) | (rows["episodes"].fillna(0) > 0)
    zero = rows["cluster"].map(price).eq(0)  # a cluster with no price maps to nan: not 0
    priced_at_zero = has_activity(rows) & days.to_numpy() & zero.to_numpy(dtype=bool)
    return _clusters_note(
        "tariff price £0",
        rows.loc[priced_at_zero, "cluster"],
        f": priced at £0 in {inputs.sources.get('tariff', 'the tariff')}, so the cluster "
        "days earn no income (admitted days only their admitted_day_price), used as given "
        "(check price there)",
    )


def no_admitted_price_notes(inputs: CostInputs) -> list[QualityNote]:
    """Clusters with admitted days whose tariff gives no admitted-day price (no
    ``admitted_day_price`` column, or a blank one): their admitted days are paid as
    any cluster day, nothing extra (docs/methodology.md §2). Taken as given, since a
    contract may pay none, but named, as a price of £0 is: a local tariff that leaves
    the column out otherwise loses every admitted day's price unseen (fix9)."""
    rows, extra = inputs.caseload, inputs.tariff["admitted_day_price"]
    unpriced = rows["cluster"].isin(extra.index) & rows["cluster"].map(extra).isna()
    admitted = rows["admitted_days"].fillna(0) > 0
    chosen = admitted.to_numpy() & unpriced.to_numpy(dtype=bool)
    days = float(rows.loc[chosen, "admitted_days"].sum())
    shown = f"{days:,.0f}" if days.is_integer() else f"{days:,}"
    tariff, rest = _unpriced_where(inputs, set(rows.loc[chosen, "cluster"].astype(int)))
    return _clusters_note(
        "no admitted-day price",
        rows.loc[chosen, "cluster"],
        f": {shown} admitted days and no admitted-day price in {tariff}, so they are paid "
        "as other cluster days, nothing extra, used as given (add admitted_day_price "
        f"there if the contract pays one){rest}",
    )


def _unpriced_where(inputs: CostInputs, unpriced: set[int]) -> tuple[str, str]:
    """Where the clusters without an admitted-day price were priced, and what to say of
    the rest. After a partial local tariff whose own clusters alone lack one, that
    tariff; the clusters the reference set prices are said apart, admitted-day prices
    and all, as expected (fix11: "…; clusters 0, 1 … from reference set …, so they are
    paid as other cluster days" read as if those clusters had none)."""
    partial = inputs.partial_tariff
    if partial is None or unpriced & set(partial.clusters):
        return inputs.sources.get("tariff", "the tariff"), ""
    one = len(partial.clusters) == 1
    codes = ", ".join(str(active_currency().code_of(c)) for c in partial.clusters)
    return partial.source, (
        f"; {'cluster' if one else 'clusters'} {codes}, which {partial.source} leaves out, "
        f"{'is' if one else 'are'} priced from reference set {partial.reference}, "
        "admitted-day prices included, as expected"
    )


def tariff_notes(inputs: CostInputs) -> list[QualityNote]:
    """The Data quality notes on the tariff as read (before any what-if lever)."""
    return zero_price_notes(inputs) + no_admitted_price_notes(inputs)


def _clusters_note(check: str, clusters: pd.Series, detail: str) -> list[QualityNote]:
    """One Data quality note naming the clusters of ``clusters`` (caseload rows, the
    note's row count), then ``detail``; none when there are no rows."""
    codes = sorted({int(c) for c in clusters})
    if not codes:
        return []
    word = "cluster" if len(codes) == 1 else "clusters"
    shown = ", ".join(str(active_currency().code_of(c)) for c in codes)
    return [QualityNote(check, f"{word} {shown}{detail}", len(clusters))]


def modelled_cost(
    k: npt.ArrayLike, days: npt.ArrayLike, admitted: npt.ArrayLike, bed_day: float
) -> npt.NDArray[np.float64]:
    """k × (D − A) + b × A (docs/methodology.md §2), each term only where its days are.

    A term with no days is 0 whatever its rate: a caseload with no admitted days needs
    no bed-day cost (b unknown must not make every cost unknown, and unknown costs
    summed as £0), and a cluster whose days are all admitted needs no care package.
    A term with days and no rate is NaN, which the callers report as an input problem.
    """
    d = np.asarray(days, dtype=np.float64)
    a = np.asarray(admitted, dtype=np.float64)
    community = d - a
    rate = np.asarray(k, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        package = np.where(community > 0, rate * community, 0.0)
        beds = np.where(a > 0, bed_day * a, 0.0)
    return np.asarray(package + beds, dtype=np.float64)


def project_years(income: float, cost: float, options: CostingOptions) -> pd.DataFrame:
    """Year t: income × (1 − d)^t, cost × (1 + g)^t × (1 − e)^t, for t = 0 … years − 1
    (docs/methodology.md §2).

    Year 0 is the input year: a tariff deflator d cuts the price every year while
    inflation g raises the cost of the same care and an efficiency e (care delivered
    for less each year, as the NHS Payment Scheme's efficiency factor assumes) lowers it.
    """
    t = np.arange(options.years, dtype=np.float64)
    year_income = income * (1.0 - options.deflator) ** t
    year_cost = cost * (1.0 + options.inflation) ** t * (1.0 - options.efficiency) ** t
    return pd.DataFrame(
        {
            "year": t.astype(np.int64),
            "financial_year": [
                financial_year(options.first_year or DEFAULT_FIRST_YEAR, int(i))
                for i in t.astype(np.int64)
            ],
            "income": year_income,
            "cost": year_cost,
            "surplus": year_income - year_cost,
        }
    )


def financial_year(first: str, offset: int) -> str:
    """``2024/25`` moved on ``offset`` years: NHS financial years run April-March."""
    start = int(first.split("/")[0]) + offset
    return f"{start}/{(start + 1) % 100:02d}"


def parse_financial_year(text: str) -> str | None:
    """``text`` as the label ``2024/25``, or None when it names no financial year.

    The second year must follow the first (``2024/26`` is no financial year), so the
    projection's labels never run from a year that does not exist; the rule is the
    MHSDS import's and the ``year`` sheet's (:mod:`pbrkit.io.financial_year`).
    """
    return financial_year_label(text)


def _bed_day_cost(inputs: CostInputs) -> float:
    if BED_DAY_RESOURCE in inputs.unit_costs.index:
        return float(inputs.unit_costs["unit_cost"].to_dict()[BED_DAY_RESOURCE])
    return float("nan")


def _check_costable(rows: pd.DataFrame, bed_day: float) -> None:
    modelled = rows["cost_source"] == "modelled"
    problems: list[Problem] = []
    community = rows["cluster_days"] - rows["admitted_days"]
    no_package = modelled & rows["package_cost_per_day"].isna() & (community > 0)
    for key in sorted(set(rows.loc[no_package, "cluster"])):
        code = _shown(key)
        problems.append(
            Problem(
                f"{code} has activity but no care package rows",
                sheet="packages",
                fix=f"add package rows for {code}, or give actual_cost in the caseload",
            )
        )
    if np.isnan(bed_day) and bool((modelled & (rows["admitted_days"] > 0)).any()):
        problems.append(
            Problem(
                f"admitted days need a unit cost for '{BED_DAY_RESOURCE}'",
                sheet="unit_costs",
                fix=f"add a row '{BED_DAY_RESOURCE}' with the cost of one inpatient day",
            )
        )
    if problems:
        raise InputError(problems)


def _check_episodes_countable(rows: pd.DataFrame, tariff: pd.DataFrame) -> None:
    """A per-episode price needs episodes E: given, or D ÷ R (docs/methodology.md §2).

    A code with no review period (care cluster 99) has no D ÷ R, so its income would be
    NaN and the run would call a cluster that has a price "unpriced".
    """
    unit = rows["cluster"].map(tariff["unit"])
    stuck = (unit == "per_episode") & rows["episodes"].isna() & rows["review_days"].isna()
    problems = []
    for key in sorted({int(c) for c in rows.loc[stuck, "cluster"]}):
        group = rows.loc[stuck & (rows["cluster"] == key)]
        # Patient rows summed per cluster have no sheet row (0) and no episodes column.
        row = int(group["row"].iloc[0]) if "row" in group else 0
        code = _shown(key)
        problems.append(
            Problem(
                f"{code} is priced per_episode but has no review period to count "
                "its episodes from (episodes = cluster days ÷ review period)",
                sheet="caseload" if row else "tariff",
                row=row or None,
                column="episodes" if row else "unit",
                fix=f"give the episodes of {code} in the caseload, or price it per_day or per_year",
            )
        )
    if problems:
        raise InputError(problems)


def _shown(key: int) -> str:
    """``cluster 3`` or ``resource group PSY_CRI``: a key as the reference set writes it
    (the caller reads inside the set's currency)."""
    currency = active_currency()
    return f"{currency.unit} {currency.code_of(key)}"


def _missing_tariff(unpriced: pd.DataFrame, where: str, price_to: str) -> MissingTariff:
    """One problem per code with activity and no price in ``where`` (the tariff used, in
    words), at its first caseload row (summed patient rows have none: row 0); its fix
    adds the price ``price_to`` (:attr:`CostInputs.price_to`: the reader knows whether
    the input is a workbook, a folder of CSVs or one CSV)."""
    keys = sorted({int(c) for c in unpriced["cluster"]})
    problems = []
    for key in keys:
        rows = unpriced.loc[unpriced["cluster"] == key, "row"] if "row" in unpriced else None
        row = int(rows.iloc[0]) if rows is not None and len(rows) else 0
        problems.append(
            Problem(
                f"{_shown(key)} has activity but no price in {where}",
                sheet="caseload" if row else None,
                row=row or None,
                column="cluster" if row else None,
                value=active_currency().code_of(key),
                # Adding the price, or correcting a mistyped code, are the same fix's
                # two ways; leaving the activity out is the third (fix6).
                fix=f"add a price for {_shown(key)} {price_to}, "
                + (f"correct this row's {active_currency().unit}, " if row else "")
                + "or leave its activity out",
            )
        )
    return MissingTariff(
        problems,
        hint="nothing was written; to cost the rest and list the unpriced activity instead "
        "of stopping, run again with --on-missing report",
    )


def _in_canonical_order(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` in :func:`~pbrkit.canonical.canonical_order` (cluster, team, then every
    other column; the input row numbers, which only label messages, left out)."""
    return rows.iloc[canonical_order(rows.drop(columns=["row"], errors="ignore"))]


def _per_cluster(rows: pd.DataFrame, cluster_table: pd.DataFrame) -> pd.DataFrame:
    grouped = rows.groupby("cluster", sort=True)
    sums = grouped[
        ["service_users", "cluster_days", "admitted_days", "episodes_used", "income", "cost"]
    ].sum()
    sums = sums.rename(columns={"episodes_used": "episodes"})
    sources = grouped["cost_source"].agg(lambda s: s.iloc[0] if (s == s.iloc[0]).all() else "mixed")
    frame = sums.assign(
        name=cluster_table["name"].reindex(sums.index).to_numpy(),
        superclass=cluster_table["superclass"].reindex(sums.index).to_numpy(),
        rows=grouped.size(),
        cost_source=sources,
        package_cost_per_day=grouped["package_cost_per_day"].first(),
    )
    frame = frame.join(most_a_person(rows, "cluster"))
    frame["surplus"] = frame["income"] - frame["cost"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["surplus_per_person"] = frame["surplus"] / frame["service_users"]
        frame["margin"] = frame["surplus"] / frame["income"]
        frame["cost_to_income"] = frame["cost"] / frame["income"]
    frame.index = frame.index.astype(np.int64)
    frame.index.name = "cluster"
    return frame[
        [
            "name",
            "superclass",
            "rows",
            "service_users",
            "cluster_days",
            "admitted_days",
            "episodes",
            "income",
            "cost",
            "surplus",
            "surplus_per_person",
            "margin",
            "cost_to_income",
            "cost_source",
            "package_cost_per_day",
            *(k for k in FLOOR_FIELDS if k in frame.columns),
        ]
    ]


#: Rows with no team, when other rows have one, are reported under this name.
NO_TEAM: Final = "(no team)"

_TEAM_SUMS: Final = ["service_users", "cluster_days", "admitted_days", "income", "cost"]


def per_team(rows: pd.DataFrame) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Income, cost and surplus per team, and per team × cluster (None, None without teams).

    Sums of the caseload rows, as per cluster (docs/methodology.md §2): a team's service users add
    its rows' people, so a person in two of its clusters counts twice, as in the
    cluster table. Margin = surplus ÷ income.
    """
    if "team" not in rows.columns or rows["team"].isna().all():
        return None, None
    named = rows.assign(team=rows["team"].astype(object).where(rows["team"].notna(), NO_TEAM))
    named["team"] = named["team"].astype(str)
    cells = named.groupby(["team", "cluster"], sort=True)[_TEAM_SUMS].sum().reset_index()
    teams = named.groupby("team", sort=True)[_TEAM_SUMS].sum()
    teams["clusters"] = named.groupby("team", sort=True)["cluster"].nunique()
    teams = teams.join(most_a_person(named, "team"))
    bounds = most_a_person(named, ["team", "cluster"]).reset_index(drop=True)
    cells[list(bounds.columns)] = bounds.to_numpy()
    for frame in (cells, teams):
        frame["surplus"] = frame["income"] - frame["cost"]
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["margin"] = frame["surplus"] / frame["income"]
    cells["cluster"] = cells["cluster"].astype(np.int64)
    return teams, cells


def _per_superclass(clusters: pd.DataFrame) -> pd.DataFrame:
    sums = clusters.groupby("superclass", sort=False)[
        ["service_users", "cluster_days", "admitted_days", "income", "cost", "surplus"]
    ].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["margin"] = sums["surplus"] / sums["income"]
    grouped = clusters.groupby("superclass", sort=False)
    most = grouped[[k for k in MOST_A_PERSON if k in clusters.columns]].max()
    return sums.join(most).join(grouped[[k for k in KNOWN_A_ROW if k in clusters.columns]].sum())


def cluster_totals(clusters: pd.DataFrame) -> dict[str, float]:
    """Income, cost, surplus, cross-subsidy, losses, people and days over the clusters."""
    surplus = clusters["surplus"]
    return {
        "income": float(clusters["income"].sum()),
        "cost": float(clusters["cost"].sum()),
        "surplus": float(surplus.sum()),
        # docs/methodology.md §2: money the profitable clusters make, which pays for the losses.
        "cross_subsidy": float(surplus[surplus > 0].sum()),
        "loss": -float(surplus[surplus < 0].sum()) + 0.0,
        "service_users": float(clusters["service_users"].sum()),
        "cluster_days": float(clusters["cluster_days"].sum()),
        "admitted_days": float(clusters["admitted_days"].sum()),
    }


def _unpriced_table(unpriced: pd.DataFrame) -> pd.DataFrame:
    columns = ["service_users", "cluster_days", "admitted_days", "cost"]
    if unpriced.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="cluster", dtype=np.int64))
    return unpriced.groupby("cluster")[columns].sum()
