"""The patients a tender is about: one row each, with NHS cost c_i and tariff income P_i.

A population frame has at least the columns ``cluster`` (int), ``days``,
``admitted_days``, ``cost`` (c_i, £) and ``income`` (P_i, £), and may carry
``patient_id`` and any trait columns (``age``, ``mha_detained``, ``team``, …) through to
patient-level outputs. It comes from one of two places (docs/methodology.md §6):

* :func:`population_from_patients`: the ``patients`` sheet, one row per real person;
* :func:`synthesise_population`: the ``caseload`` sheet's aggregates, turned into N
  people per row with lognormal costs.

Income is always :func:`pbrkit.pricing.price_activity` applied to the patient's own days,
so a patient's P_i is what the costing report would say the tariff pays for that
activity.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.canonical import canonical_order
from pbrkit.costing import modelled_cost
from pbrkit.currency import active_currency
from pbrkit.errors import MissingTariff, Problem, ProblemCollector
from pbrkit.pricing import price_activity

#: Coefficient of variation of synthesised costs when the caseload gives none (methodology §6).
DEFAULT_COST_CV: Final = 1.0

#: Columns every population frame has.
POPULATION_COLUMNS: Final = ("cluster", "days", "admitted_days", "cost", "income")

_CONSUMED: Final = frozenset(
    {"cluster", "service_users", "cluster_days", "admitted_days", "episodes", "cost", "cost_cv"}
)


def population_from_patients(
    patients: pd.DataFrame,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    mff: float = 1.0,
    day_cost: pd.Series | None = None,
    bed_day_cost: float | None = None,
) -> pd.DataFrame:
    """Build the population from patient rows (the ``patients`` sheet).

    c_i is the ``cost`` column. Where it is absent or blank, c_i is the modelled cost
    of docs/methodology.md §2 applied to the patient's own days, k·(D − A) + b·A, which needs
    ``day_cost`` (k per cluster) and, for admitted days, ``bed_day_cost`` (b).

    Args:
        patients: columns ``cluster``, ``days``; optional ``patient_id``,
            ``admitted_days`` (default 0), ``episodes`` (default D / R), ``cost``, traits.
            Cluster codes must already be normalised to integers.
        tariff: as for :func:`pbrkit.pricing.price_activity`.
        review_days: review period in days, indexed by cluster code.
        mff: market-forces factor on income.
        day_cost: package cost per cluster day, indexed by cluster code.
        bed_day_cost: unit cost of an inpatient bed day.

    Returns:
        A new population frame; ``patients`` is not changed.

    Raises:
        InputError: a required column is missing, or a cost or day count is missing
            or negative (every bad row is listed).
        MissingTariff: a patient's cluster has no price.
    """
    problems = ProblemCollector()
    for column in ("cluster", "days"):
        if column not in patients.columns:
            problems.add(
                Problem(
                    f"column '{column}' is missing",
                    sheet="patients",
                    fix="a patient's tariff income needs its cluster and cluster days",
                )
            )
    problems.raise_if_any()

    frame = patients.copy()
    frame["cluster"] = frame["cluster"].astype("int64")
    frame["days"] = _numbers(frame, "days", problems)
    frame["admitted_days"] = (
        _numbers(frame, "admitted_days", problems) if "admitted_days" in frame else 0.0
    )
    frame["cost"] = _patient_costs(frame, problems, day_cost, bed_day_cost)
    episodes = (
        _numbers(frame, "episodes", problems, blank=np.nan).to_numpy()
        if "episodes" in frame
        else None
    )
    problems.raise_if_any()
    return _priced(frame, episodes, tariff, review_days, mff=mff, sheet="patients")


def synthesise_population(
    caseload: pd.DataFrame,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    seed: int | np.random.SeedSequence = 0,
    cost_cv: float = DEFAULT_COST_CV,
    mff: float = 1.0,
    rescale: bool = True,
    day_cost: pd.Series | None = None,
    bed_day_cost: float | None = None,
) -> pd.DataFrame:
    """Synthesise patients from caseload aggregates (docs/methodology.md §6.1).

    Each caseload row (a cluster, or a cluster in one team) becomes N = service_users
    people with days D/N and episodes E/N each, a lognormal cost with mean C/N
    (:func:`_lognormal_costs`: with ``rescale``, each row's costs add up to C exactly,
    so the population's totals are the costing report's) and admitted days
    (:func:`_synthesised_people`).

    Args:
        caseload: columns ``cluster``, ``service_users``, ``cluster_days``, ``cost`` (the
            row's total cost C: actual or modelled); optional ``admitted_days``,
            ``episodes``, ``cost_cv`` (blank = ``cost_cv``); other columns (such as
            ``team``) are copied to every person synthesised from the row.
        tariff: as for :func:`pbrkit.pricing.price_activity`.
        review_days: review period in days, indexed by cluster code.
        seed: an integer seed, or a :class:`numpy.random.SeedSequence` (the tender
            passes the population's child of its ``--seed``); the same seed gives the
            same people.
        cost_cv: coefficient of variation of cost within a row.
        mff: market-forces factor on income.
        rescale: make each row's synthesised costs add up to its C exactly.
        day_cost: k per cluster code (package cost per community day).
        bed_day_cost: b, the cost of an inpatient bed day.

    Returns:
        A new population frame with a ``patient_id`` like ``syn-000001``.

    Raises:
        InputError: a required column is missing or a value is negative or not a
            whole number of people (every bad row is listed).
        MissingTariff: a cluster with people has no price.
    """
    rows = caseload.reset_index(drop=True)
    read = _read_caseload(rows, cost_cv)  # problems named by the sheet's own rows
    rows, read = _in_canonical_order(rows, read)
    people = _synthesised_people(rows, read, seed, rescale, day_cost, bed_day_cost)
    return _priced(*people, tariff, review_days, mff=mff, sheet="caseload")


def _synthesised_people(
    rows: pd.DataFrame,
    read: _Caseload,
    seed: int | np.random.SeedSequence,
    rescale: bool,
    day_cost: pd.Series | None,
    bed_day_cost: float | None,
) -> tuple[pd.DataFrame, npt.NDArray[np.float64] | None]:
    """The people of each caseload row, unpriced, and their episodes (None: none given).

    σ² = ln(1 + cv²), μ = ln(C/N) − σ²/2 (:func:`_lognormal_costs`). The rescaling
    factor leaves the spread of log costs, and so every bidder's ranking of patients,
    unchanged. Admitted days follow cost (:func:`admitted_days_following_cost`) when
    the cluster's package cost per community day k (``day_cost``) and the bed-day
    cost b are known; otherwise everyone in a row gets A/N.
    """
    n = read.people.to_numpy(dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), n)
    cost = _lognormal_costs(read.cost.to_numpy(), read.cv.to_numpy(), n, row_of, seed, rescale)
    carried = [c for c in rows.columns if c not in _CONSUMED]
    frame = rows.loc[row_of, carried].reset_index(drop=True)
    frame.insert(0, "patient_id", [f"syn-{i:06d}" for i in range(1, row_of.size + 1)])
    frame["cluster"] = rows["cluster"].to_numpy(dtype=np.int64)[row_of]
    per_person = 1 / np.where(n > 0, n, 1)[row_of]
    frame["days"] = read.days.to_numpy()[row_of] * per_person
    admitted_days = admitted_days_following_cost(
        cost,
        row_of,
        frame["days"].to_numpy(dtype=np.float64),
        read.admitted.to_numpy(dtype=np.float64),
        _per_person_day_cost(frame["cluster"], day_cost),
        bed_day_cost,
    )
    frame["admitted_days"], frame["cost"] = admitted_days.days, admitted_days.cost
    episodes = None
    if read.episodes is not None:  # E/N each; a blank (NaN) stays blank: the default D/R
        episodes = read.episodes.to_numpy()[row_of] * per_person
    return frame, episodes


def _priced(
    frame: pd.DataFrame,
    episodes: npt.NDArray[np.float64] | None,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    mff: float,
    sheet: str,
) -> pd.DataFrame:
    """The population with each person's tariff income P_i (every one priced, or a
    :class:`~pbrkit.errors.MissingTariff` naming ``sheet``), its columns in order."""
    frame["income"] = price_activity(
        frame["cluster"],
        frame["days"],
        frame["admitted_days"],
        tariff,
        review_days,
        episodes=episodes,
        mff=mff,
    )
    _check_priced(frame, sheet)
    return _ordered(frame)


class _Caseload(NamedTuple):
    """A caseload's columns read as numbers (blank episodes NaN: the default D/R)."""

    people: pd.Series
    days: pd.Series
    admitted: pd.Series
    cost: pd.Series
    cv: pd.Series
    episodes: pd.Series | None


def _read_caseload(rows: pd.DataFrame, cost_cv: float) -> _Caseload:
    """The caseload's numbers, every problem listed (docs/methodology.md §6.1)."""
    problems = ProblemCollector()
    for column in ("cluster", "service_users", "cluster_days", "cost"):
        if column not in rows.columns:
            problems.add(Problem(f"column '{column}' is missing", sheet="caseload"))
    problems.raise_if_any()
    people = _numbers(rows, "service_users", problems)
    days = _numbers(rows, "cluster_days", problems)
    admitted = _numbers(rows, "admitted_days", problems) if "admitted_days" in rows else 0 * days
    total_cost = _numbers(rows, "cost", problems)
    cv = (
        _numbers(rows, "cost_cv", problems, blank=cost_cv)
        if "cost_cv" in rows
        else pd.Series(cost_cv, index=rows.index, dtype="float64")
    )
    if not cost_cv >= 0:
        problems.add(Problem("cost_cv must be 0 or more", value=cost_cv))
    counted = _numbers(rows, "episodes", problems, blank=np.nan) if "episodes" in rows else None
    _check_people(rows, people, days, admitted, total_cost, problems)
    if not problems and not float(people.sum()) > 0:
        # A tender of no one has no residue to report (pbrkit cost reports such a
        # caseload: every cluster empty); stop before anything runs.
        problems.add(
            Problem(
                "no one to tender: every caseload row has 0 service users",
                sheet="caseload",
                column="service_users",
                fix="give the service users of at least one cluster",
            )
        )
    problems.raise_if_any()
    return _Caseload(people, days, admitted, total_cost, cv, counted)


def _in_canonical_order(rows: pd.DataFrame, read: _Caseload) -> tuple[pd.DataFrame, _Caseload]:
    """The caseload's rows in :func:`pbrkit.canonical.canonical_order` (cluster, team,
    then every other column), so that the people drawn do not depend on the order of
    the rows in the sheet (docs/methodology.md §6.1): the random costs are drawn row by
    row, and in the sheet's order the same caseload sorted another way would give other
    people."""
    order = canonical_order(rows)

    def sorted_(values: pd.Series) -> pd.Series:
        return values.iloc[order].reset_index(drop=True)

    episodes = None if read.episodes is None else sorted_(read.episodes)
    people, days, admitted, cost, cv = map(sorted_, read[:5])
    return rows.iloc[order].reset_index(drop=True), _Caseload(
        people, days, admitted, cost, cv, episodes
    )


def _lognormal_costs(
    total_cost: npt.NDArray[np.float64],
    cv: npt.NDArray[np.float64],
    n: npt.NDArray[np.int64],
    row_of: npt.NDArray[np.int64],
    seed: int | np.random.SeedSequence,
    rescale: bool,
) -> npt.NDArray[np.float64]:
    """Each person's cost: lognormal with the row's mean C/N and cv, σ² = ln(1 + cv²),
    μ = ln(C/N) − σ²/2; with ``rescale`` each row's costs then add up to C exactly."""
    sigma2 = np.log1p(cv**2)
    mean = np.divide(total_cost, n, out=np.zeros(len(n)), where=n > 0)
    with np.errstate(divide="ignore"):
        mu = np.log(mean) - sigma2 / 2
    z = np.random.default_rng(seed).standard_normal(row_of.size)
    cost = np.where(mean[row_of] > 0, np.exp(mu[row_of] + np.sqrt(sigma2[row_of]) * z), 0.0)
    if rescale:
        sampled = np.bincount(row_of, weights=cost, minlength=len(n))
        factor = np.divide(total_cost, sampled, out=np.zeros(len(n)), where=sampled > 0)
        cost = cost * factor[row_of]
    out: npt.NDArray[np.float64] = cost
    return out


class AdmittedDays(NamedTuple):
    """Each person's admitted days a_i, and their cost c_i after any shift that made room."""

    days: npt.NDArray[np.float64]
    cost: npt.NDArray[np.float64]


def admitted_days_following_cost(
    cost: npt.NDArray[np.float64],
    row_of: npt.NDArray[np.int64],
    days: npt.NDArray[np.float64],
    admitted: npt.NDArray[np.float64],
    day_cost: npt.NDArray[np.float64] | None,
    bed_day_cost: float | None,
) -> AdmittedDays:
    """Share each caseload row's admitted days A among its people by cost (methodology §6.1).

    A person whose cost c_i is above the community cost of their days, k·d_i, is taken
    to have spent the excess on bed days at b each: a_i ∝ min(d_i, max(0, c_i − k·d_i)
    ÷ (b − k)), scaled so the row's Σ a_i = A (Jacobs et al. 2016: inpatient stays drive
    cluster cost). Where b ≤ k, k is unknown, or no one in the row has excess cost, the
    shares are even (A/N). Nobody gets more than d_i days, nor more bed days than their
    cost pays for (b·a_i ≤ c_i): what a cap leaves over goes to the others in the same
    proportion, then to everyone in proportion to the room they have left
    (:func:`_fill`). Should the row's people still be unable to carry A (their costs are
    too concentrated for their days), :func:`_make_room` gives the rest of the days out
    and moves their bed-day cost from the people whose cost is furthest above their own
    bed days, so the row's Σ c_i is unchanged. Hence, per row, Σ a_i = A, Σ c_i is
    kept, 0 ≤ a_i ≤ d_i and b·a_i ≤ c_i; only a row whose total cost is below b·A
    (given costs, not modelled ones) can break the last, and
    :func:`cost_below_bed_days` counts it. Without b everyone gets A/N.

    Args:
        cost: c_i per person.
        row_of: each person's caseload row.
        days: d_i per person.
        admitted: A per caseload row.
        day_cost: k per person (its cluster's), or None.
        bed_day_cost: b, or None.
    """
    rows = admitted.size
    counts = np.bincount(row_of, minlength=rows)
    even = admitted[row_of] / np.maximum(counts[row_of], 1)
    if bed_day_cost is None or not bed_day_cost > 0:
        return AdmittedDays(even, cost.copy())
    out, shifted = even.copy(), cost.copy()
    weight = _excess_bed_days(cost, days, day_cost, bed_day_cost)
    starts = np.concatenate([[0], np.cumsum(counts)])
    order = np.argsort(row_of, kind="stable")
    for row in np.flatnonzero(admitted > 0):
        people = order[starts[row] : starts[row + 1]]
        w = weight[people]
        if not w.sum() > 0:  # no one has excess cost: even shares
            w = days[people].copy()
        with np.errstate(over="ignore"):  # a tiny b: no cap but d_i
            cap = np.minimum(days[people], cost[people] / bed_day_cost)
        # c ÷ b can round up (a cost of a few pence, or less): one step down keeps b·a ≤ c.
        up = bed_day_cost * cap > cost[people]
        cap[up] = np.nextafter(cap[up], 0.0)
        total = float(admitted[row])
        share = _fill(w, cap, total)
        out[people], shifted[people] = _make_room(
            share, days[people], cost[people], total, bed_day_cost
        )
    return AdmittedDays(out, shifted)


def _excess_bed_days(
    cost: npt.NDArray[np.float64],
    days: npt.NDArray[np.float64],
    day_cost: npt.NDArray[np.float64] | None,
    bed_day_cost: float,
) -> npt.NDArray[np.float64]:
    """min(d_i, max(0, c_i − k·d_i) ÷ (b − k)): the bed days a cost pays for; 0 where b ≤ k."""
    weight = np.zeros_like(cost)
    if day_cost is None:
        return weight
    gain = bed_day_cost - day_cost
    usable = gain > 0
    weight[usable] = np.minimum(
        days[usable], np.maximum(0.0, cost[usable] - day_cost[usable] * days[usable]) / gain[usable]
    )
    return weight


def _fill(
    weight: npt.NDArray[np.float64], cap: npt.NDArray[np.float64], total: float
) -> npt.NDArray[np.float64]:
    """Up to ``total`` shared in proportion to ``weight``, nobody above ``cap`` (water-filling).

    Returns less than ``total`` only when Σ cap < total (everyone then has their cap).
    """
    share = np.zeros_like(weight)
    free = weight > 0
    left = total
    while left > 0 and free.any():  # each pass caps someone or finishes: ≤ n passes
        trial = weight[free] * (left / weight[free].sum())
        over = trial > cap[free] - share[free]
        if not over.any():
            share[free] += trial
            left = 0.0
            break
        index = np.flatnonzero(free)[over]
        left -= float((cap[index] - share[index]).sum())
        share[index] = cap[index]
        free[index] = False
    room = cap - share
    if left > 0 and room.sum() > 0:
        share += room * min(1.0, left / room.sum())
    if share.sum() >= total > 0:
        share *= total / share.sum()  # the exact row total despite rounding in the shares
    return np.minimum(share, cap)


def _make_room(
    share: npt.NDArray[np.float64],
    days: npt.NDArray[np.float64],
    cost: npt.NDArray[np.float64],
    total: float,
    bed_day_cost: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Give out the ``total − Σ share`` days no one's cost could pay for, moving cost to match.

    The days left go to the people with days to spare, in proportion to the days they
    have left (d_i − a_i); each of them then costs exactly b·a_i, and the £ this adds
    is taken from everyone else in proportion to c_i − b·a_i, their cost above their own
    bed days. Σ c_i is unchanged; a row whose Σ c_i < b·A cannot pay for its bed days
    at all and keeps its costs (:func:`cost_below_bed_days` counts its people).
    """
    left = total - float(share.sum())
    room = days - share
    if not left > 1e-12 * total or not room.sum() > 0:
        return share, cost
    share = share + room * min(1.0, left / float(room.sum()))
    raised = np.maximum(cost, bed_day_cost * share)
    added = float((raised - cost).sum())
    spare = np.maximum(0.0, cost - bed_day_cost * share)
    if float(spare.sum()) < added * (1 - 1e-9):  # Σ c_i < b·A: nothing can pay for them
        return share, cost
    # At Σ c_i = b·A exactly (every £ is bed days) rounding can leave Σ spare a hair
    # short of what is added: then all of it is taken.
    taken = spare * min(1.0, added / float(spare.sum()))
    return share, np.where(raised > cost, raised, cost - taken)


def cost_below_bed_days(population: pd.DataFrame, bed_day_cost: float | None) -> int:
    """People whose cost is below the cost of their own bed days (b·a_i > c_i)."""
    if bed_day_cost is None:
        return 0
    bed = bed_day_cost * population["admitted_days"].to_numpy(dtype=np.float64)
    return int(np.count_nonzero(bed > population["cost"].to_numpy(dtype=np.float64) * (1 + 1e-12)))


def _per_person_day_cost(
    cluster: pd.Series, day_cost: pd.Series | None
) -> npt.NDArray[np.float64] | None:
    if day_cost is None:
        return None
    # NaN where a cluster has no package: that row's shares are even (b − k is NaN, so
    # no one has weight), while the other clusters' days still follow cost.
    return cluster.map(day_cost).to_numpy(dtype=np.float64)


def deflate_income(population: pd.DataFrame, deflator: float) -> pd.DataFrame:
    """Apply a tariff deflator d to every patient's income: P_i × (1 − d) (docs/methodology.md §2).

    Returns:
        A new frame; ``population`` is not changed.
    """
    return population.assign(income=population["income"] * (1 - deflator))


def check_population(population: pd.DataFrame) -> None:
    """Check a population frame is fit to simulate: the tender needs cluster, cost, income.

    Raises:
        InputError: a column is missing, a cluster is not a whole number, or a cost or
            income is missing, infinite or (for cost) negative; every bad row is listed
            (at most 20, then a count).
    """
    problems = ProblemCollector()
    for column in ("cluster", "cost", "income"):
        if column not in population.columns:
            problems.add(Problem(f"population has no '{column}' column"))
    problems.raise_if_any()
    cluster = pd.to_numeric(population["cluster"], errors="coerce").to_numpy(dtype=np.float64)
    _list_bad_rows(
        problems,
        ~(np.isfinite(cluster) & (cluster == np.round(cluster))),
        "cluster",
        "must be a cluster code",
    )
    cost = pd.to_numeric(population["cost"], errors="coerce").to_numpy(dtype=np.float64)
    income = pd.to_numeric(population["income"], errors="coerce").to_numpy(dtype=np.float64)
    _list_bad_rows(problems, ~(np.isfinite(cost) & (cost >= 0)), "cost", "must be £0 or more")
    _list_bad_rows(problems, ~np.isfinite(income), "income", "must be a number of £")
    problems.raise_if_any()


def _numbers(
    frame: pd.DataFrame, column: str, problems: ProblemCollector, *, blank: float = 0.0
) -> pd.Series:
    """Column as floats; blanks become ``blank``; text and negatives are problems."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    missing = raw.isna()
    bad = (values.isna() & ~missing) | (values < 0)
    for index in np.flatnonzero(bad.to_numpy())[:20]:
        problems.add(
            Problem(
                "must be a number of 0 or more",
                row=int(index) + 2,
                column=column,
                value=raw.iloc[index],
            )
        )
    return values.fillna(blank).astype("float64")


def _patient_costs(
    frame: pd.DataFrame,
    problems: ProblemCollector,
    day_cost: pd.Series | None,
    bed_day_cost: float | None,
) -> pd.Series:
    """c_i: the ``cost`` column, else the modelled cost k·(D − A) + b·A (docs/methodology.md §2)."""
    given = (
        pd.to_numeric(frame["cost"], errors="coerce")
        if "cost" in frame
        else pd.Series(np.nan, index=frame.index)
    )
    if "cost" in frame:
        text = given.isna() & frame["cost"].notna()
        for index in np.flatnonzero(text.to_numpy() | (given < 0).to_numpy())[:20]:
            problems.add(
                Problem(
                    "must be a number of 0 or more",
                    sheet="patients",
                    row=int(index) + 2,
                    column="cost",
                    value=frame["cost"].iloc[index],
                )
            )
    blank = frame["cost"].isna() if "cost" in frame else pd.Series(True, index=frame.index)
    needed = blank.to_numpy(dtype=bool)
    if not needed.any():
        return given.astype("float64")
    if day_cost is None:
        problems.add(
            Problem(
                f"{_patients_have(int(needed.sum()))} no cost",
                sheet="patients",
                column="cost",
                fix="give every patient a cost, or supply packages and unit costs",
            )
        )
        return given.astype("float64")
    k = day_cost.reindex(frame["cluster"]).to_numpy(dtype=np.float64)
    d = frame["days"].to_numpy(dtype=np.float64)
    a = frame["admitted_days"].to_numpy(dtype=np.float64)
    b = np.nan if bed_day_cost is None else bed_day_cost
    modelled = modelled_cost(k, d, a, b)
    unknown = needed & np.isnan(modelled)
    if unknown.any():
        clusters = sorted({int(c) for c in frame["cluster"].to_numpy()[unknown]})
        problems.add(
            Problem(
                f"{_patients_have(int(unknown.sum()))} no cost and none can be modelled",
                sheet="patients",
                column="cost",
                value=", ".join(map(str, clusters)),
                fix="give their cost, or a package for these clusters and a bed-day unit cost",
            )
        )
    return pd.Series(np.where(needed, modelled, given), index=frame.index, dtype="float64")


def _patients_have(n: int) -> str:
    """``1 patient has``, ``2 patients have`` (a message's subject agrees with it)."""
    return "1 patient has" if n == 1 else f"{n:,} patients have"


def _check_people(
    rows: pd.DataFrame,
    people: pd.Series,
    days: pd.Series,
    admitted: pd.Series,
    total_cost: pd.Series,
    problems: ProblemCollector,
) -> None:
    """People must be whole, a row with activity or cost must have people, and admitted
    days are part of cluster days (the rule the workbook reader applies, methodology §2)."""
    checks = (
        (people != np.floor(people), "must be a whole number of people", "service_users", None),
        (
            (people == 0) & ((days > 0) | (admitted > 0) | (total_cost > 0)),
            "has cluster days, admitted days or cost but no service users to give them to",
            "service_users",
            None,
        ),
        (
            admitted > days,
            "admitted days exceed cluster days (admitted days are part of cluster days)",
            "admitted_days",
            "check the two figures; admitted days count inside cluster days",
        ),
    )
    for bad, message, column, fix in checks:
        for index in np.flatnonzero(bad.to_numpy())[:20]:
            problems.add(
                Problem(
                    message,
                    sheet="caseload",
                    row=int(index) + 2,
                    column=column,
                    value=rows[column].iloc[index],
                    fix=fix,
                )
            )


def _check_priced(frame: pd.DataFrame, sheet: str) -> None:
    """A patient whose cluster has no price is an error, never a silent £0 (methodology §2)."""
    unpriced = frame["income"].isna().to_numpy()
    if unpriced.any():
        currency = active_currency()
        keys = sorted({int(c) for c in frame["cluster"].to_numpy()[unpriced]})
        people = int(unpriced.sum())
        # The codes as the set writes them (a text set's key is internal), and the
        # noun agreeing with the count (review5: "1 people are").
        who = "1 person is" if people == 1 else f"{people} people are"
        raise MissingTariff(
            Problem(
                f"{who} in {currency.unit}s with no price: "
                + ", ".join(str(currency.code_of(k)) for k in keys),
                sheet=sheet,
                column="cluster",
            ),
            hint=f"add these {currency.unit}s to the tariff, or leave their people out of "
            "the tender",
        )


def _list_bad_rows(
    problems: ProblemCollector, bad: npt.NDArray[np.bool_], column: str, message: str
) -> None:
    where = np.flatnonzero(bad)
    for index in where[:20]:
        problems.add(Problem(message, row=int(index) + 2, column=column))
    if where.size > 20:
        problems.add(Problem(f"and {where.size - 20} more rows like these", column=column))


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The population columns first, in a fixed order, then everything carried along."""
    first = [c for c in ("patient_id", *POPULATION_COLUMNS) if c in frame.columns]
    rest = [c for c in frame.columns if c not in first]
    return frame[first + rest].reset_index(drop=True)
