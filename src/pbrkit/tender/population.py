"""The patients a tender is about: one row each, with NHS cost c_i and tariff income P_i.

A population frame has at least the columns ``cluster`` (int), ``days``,
``admitted_days``, ``cost`` (c_i, £) and ``income`` (P_i, £), and may carry
``patient_id`` and any trait columns (``age``, ``mha_detained``, ``team``, …) through to
patient-level outputs. It comes from one of two places (DESIGN §7):

* :func:`population_from_patients`: the ``patients`` sheet, one row per real person;
* :func:`synthesise_population`: the ``caseload`` sheet's aggregates, turned into N
  people per row with lognormal costs.

Income is always :func:`pbrkit.pricing.price_activity` applied to the patient's own days,
so a patient's P_i is what the costing report would say the tariff pays for that
activity.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import MissingTariff, Problem, ProblemCollector
from pbrkit.pricing import price_activity

#: Coefficient of variation of synthesised costs when the caseload gives none (DESIGN §7).
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
    of DESIGN §5 applied to the patient's own days, k·(D − A) + b·A, which needs
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
    problems.raise_if_any()

    episodes = (
        pd.to_numeric(frame["episodes"], errors="coerce").to_numpy(dtype=np.float64)
        if "episodes" in frame
        else None
    )
    frame["income"] = price_activity(
        frame["cluster"],
        frame["days"],
        frame["admitted_days"],
        tariff,
        review_days,
        episodes=episodes,
        mff=mff,
    )
    _check_priced(frame, "patients")
    return _ordered(frame)


def synthesise_population(
    caseload: pd.DataFrame,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    seed: int = 0,
    cost_cv: float = DEFAULT_COST_CV,
    mff: float = 1.0,
    rescale: bool = True,
) -> pd.DataFrame:
    """Synthesise patients from caseload aggregates (DESIGN §7).

    Each caseload row (a cluster, or a cluster in one team) becomes N = service_users
    people with days D/N, admitted days A/N and episodes E/N each, and a lognormal cost
    with mean C/N and coefficient of variation ``cost_cv``: σ² = ln(1 + cv²),
    μ = ln(C/N) − σ²/2.

    With ``rescale`` (the default) each row's sampled costs are multiplied by one
    factor so they add up to C exactly. The factor leaves the spread of log costs, and
    so every bidder's ranking of patients, unchanged, and it makes the population's
    total cost, income and surplus equal the costing report's, cluster by cluster.

    Args:
        caseload: columns ``cluster``, ``service_users``, ``cluster_days``, ``cost`` (the
            row's total cost C: actual or modelled); optional ``admitted_days``,
            ``episodes``, ``cost_cv`` (blank = ``cost_cv``); other columns (such as
            ``team``) are copied to every person synthesised from the row.
        tariff: as for :func:`pbrkit.pricing.price_activity`.
        review_days: review period in days, indexed by cluster code.
        seed: seed for :func:`numpy.random.default_rng`; the same seed gives the same
            people.
        cost_cv: coefficient of variation of cost within a row.
        mff: market-forces factor on income.
        rescale: make each row's synthesised costs add up to its C exactly.

    Returns:
        A new population frame with a ``patient_id`` like ``syn-000001``.

    Raises:
        InputError: a required column is missing or a value is negative or not a
            whole number of people (every bad row is listed).
        MissingTariff: a cluster with people has no price.
    """
    problems = ProblemCollector()
    for column in ("cluster", "service_users", "cluster_days", "cost"):
        if column not in caseload.columns:
            problems.add(Problem(f"column '{column}' is missing", sheet="caseload"))
    problems.raise_if_any()

    rows = caseload.reset_index(drop=True)
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
    _check_people(rows, people, days, total_cost, problems)
    problems.raise_if_any()

    n = people.to_numpy(dtype=np.int64)
    keep = n > 0
    row_of = np.repeat(np.arange(len(rows)), n)
    sigma2 = np.log1p(cv.to_numpy() ** 2)
    mean = np.divide(total_cost.to_numpy(), n, out=np.zeros(len(n)), where=keep)
    with np.errstate(divide="ignore"):
        mu = np.log(mean) - sigma2 / 2
    z = np.random.default_rng(seed).standard_normal(row_of.size)
    cost = np.where(mean[row_of] > 0, np.exp(mu[row_of] + np.sqrt(sigma2[row_of]) * z), 0.0)
    if rescale:
        sampled = np.bincount(row_of, weights=cost, minlength=len(rows))
        factor = np.divide(total_cost.to_numpy(), sampled, out=np.zeros(len(n)), where=sampled > 0)
        cost = cost * factor[row_of]

    carried = [c for c in rows.columns if c not in _CONSUMED]
    frame = rows.loc[row_of, carried].reset_index(drop=True)
    frame.insert(0, "patient_id", [f"syn-{i:06d}" for i in range(1, row_of.size + 1)])
    frame["cluster"] = rows["cluster"].to_numpy(dtype=np.int64)[row_of]
    per_person = 1 / np.where(keep, n, 1)[row_of]
    frame["days"] = days.to_numpy()[row_of] * per_person
    frame["admitted_days"] = admitted.to_numpy()[row_of] * per_person
    episodes = None
    if "episodes" in rows:
        episodes = pd.to_numeric(rows["episodes"], errors="coerce").to_numpy()[row_of] * per_person
    frame["cost"] = cost
    frame["income"] = price_activity(
        frame["cluster"],
        frame["days"],
        frame["admitted_days"],
        tariff,
        review_days,
        episodes=episodes,
        mff=mff,
    )
    _check_priced(frame, "caseload")
    return _ordered(frame)


def deflate_income(population: pd.DataFrame, deflator: float) -> pd.DataFrame:
    """Apply a tariff deflator d to every patient's income: P_i × (1 − d) (DESIGN §5).

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
    """c_i: the ``cost`` column, else the modelled cost k·(D − A) + b·A (DESIGN §5)."""
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
                f"{int(needed.sum())} patients have no cost",
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
    modelled = k * (d - a) + np.where(a > 0, b * a, 0.0)
    unknown = needed & np.isnan(modelled)
    if unknown.any():
        clusters = sorted({int(c) for c in frame["cluster"].to_numpy()[unknown]})
        problems.add(
            Problem(
                f"{int(unknown.sum())} patients have no cost and none can be modelled",
                sheet="patients",
                column="cost",
                value=", ".join(map(str, clusters)),
                fix="give their cost, or a package for these clusters and a bed-day unit cost",
            )
        )
    return pd.Series(np.where(needed, modelled, given), index=frame.index, dtype="float64")


def _check_people(
    rows: pd.DataFrame,
    people: pd.Series,
    days: pd.Series,
    total_cost: pd.Series,
    problems: ProblemCollector,
) -> None:
    """People must be whole, and a row with activity or cost must have people."""
    fractional = people != np.floor(people)
    empty = (people == 0) & ((days > 0) | (total_cost > 0))
    for index in np.flatnonzero(fractional.to_numpy())[:20]:
        problems.add(
            Problem(
                "must be a whole number of people",
                sheet="caseload",
                row=int(index) + 2,
                column="service_users",
                value=rows["service_users"].iloc[index],
            )
        )
    for index in np.flatnonzero(empty.to_numpy())[:20]:
        problems.add(
            Problem(
                "has cluster days or cost but no service users to give them to",
                sheet="caseload",
                row=int(index) + 2,
                column="service_users",
                value=0,
            )
        )


def _check_priced(frame: pd.DataFrame, sheet: str) -> None:
    """A patient whose cluster has no price is an error, never a silent £0 (DESIGN §5)."""
    unpriced = frame["income"].isna().to_numpy()
    if unpriced.any():
        clusters = sorted({int(c) for c in frame["cluster"].to_numpy()[unpriced]})
        raise MissingTariff(
            Problem(
                f"{int(unpriced.sum())} people are in clusters with no price: "
                + ", ".join(map(str, clusters)),
                sheet=sheet,
                column="cluster",
            ),
            hint="add these clusters to the tariff, or leave their people out of the tender",
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
