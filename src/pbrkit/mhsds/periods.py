"""Cluster periods and hospital spells in a financial year: days, overlaps, admitted days.

A period's days in year Y are min(End, Y end + 1 day) − max(Start, Y start), End
exclusive and a blank End counting as Y end + 1 day: NHS Digital's ``ClusterDaysRP``
rule (MHSDS technical output specification) applied over a year instead of a month.
Spells count the same way, discharge exclusive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.currency import active_currency
from pbrkit.mhsds.clean import (
    KEY,
    PERSON,
    add_person,
    column,
    natural_rank,
    parse_days,
    small_code,
)
from pbrkit.mhsds.columns import CARE_CLUSTER, HOSPITAL_SPELL
from pbrkit.mhsds.quality import QualityLog
from pbrkit.mhsds.year import FinancialYear


def mhsds_codes() -> tuple[int, int, list[int]]:
    """The lowest and highest cluster code MHSDS allows and the unused ones.

    From the reference set (care clusters: 00-21, 09 "should not be used", NHS Data
    Dictionary); "not assessed" is a costing code, not an MHSDS one.
    """
    currency = active_currency()
    ranged = currency.ranged_order()
    return min(ranged), max(ranged), sorted(currency.unused)


def unused_note() -> str:
    """What the set says of its unused codes (care clusters: "should not be used")."""
    return active_currency().unused_note


#: A person in one cluster at two providers at once (not an overlap, which is within one
#: provider): a day in the cluster is one day, however many providers hold it.
CONCURRENT = (
    "periods of one person in one cluster at two providers sharing days: "
    "each day counted once in the cluster"
)


def clip_to_year(
    start: np.ndarray, end: np.ndarray, year: FinancialYear
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end clipped to ``year`` and the days between (End exclusive, blank = open).

    Worked example, 2017/18: 2016-12-19 to 2017-04-03 gives 1 and 2 April 2017, 2 days.
    """
    first = np.maximum(start, year.start)
    last = np.minimum(np.where(np.isnan(end), year.end_exclusive, end), year.end_exclusive)
    return first, last, last - first


def cluster_periods(care: pd.DataFrame, year: FinancialYear, log: QualityLog) -> pd.DataFrame:
    """De-duplicated MHS803 rows → the periods with a day in ``year``.

    Returns columns ``_person``, ``OrgIDProv``, ``_key``, ``cluster`` (int), ``start``,
    ``end`` (clipped to the year) and ``days``; every row left out is logged, with the
    first of these reasons that applies.
    """
    table = CARE_CLUSTER
    care = add_person(care)
    care = log.leave_out(
        table, "unknown person (no Person_ID or LocalPatientId)", care, care[PERSON].isna()
    )
    low, high, unused = mhsds_codes()
    for key in unused:
        code = small_code(care["AMHCareClustCodeFin"])
        reason = f"cluster {key:02d} ({unused_note()})"
        care = log.leave_out(table, reason, care, code == key)
    code = small_code(care["AMHCareClustCodeFin"])
    outside = ~((code >= low) & (code <= high))
    care = log.leave_out(table, f"cluster not {low:02d}-{high:02d}", care, outside)
    start, bad_start = parse_days(care["StartDateCareClust"])
    care = log.leave_out(table, "start date blank or not a date", care, bad_start | np.isnan(start))
    end, bad_end = parse_days(column(care, "EndDateCareClust"))
    care = log.leave_out(table, "end date not a date", care, bad_end)
    start, _ = parse_days(care["StartDateCareClust"])
    end, _ = parse_days(column(care, "EndDateCareClust"))
    care = log.leave_out(table, "end before start", care, end < start)
    keep = ~(end < start)
    start, end = start[keep], end[keep]
    first, last, days = clip_to_year(start, end, year)
    no_day = ~(days > 0)
    care = log.leave_out(
        table,
        f"no day in {year.label}",
        care,
        no_day,
        note="informational: outside the year, or ends the day it starts",
    )
    periods = pd.DataFrame(
        {
            PERSON: care[PERSON].to_numpy(),
            "OrgIDProv": column(care, "OrgIDProv").fillna("").to_numpy(),
            KEY: care[KEY].to_numpy(),
            "cluster": small_code(care["AMHCareClustCodeFin"]).astype(np.int64),
            "first_start": start[~no_day],
            "start": first[~no_day],
            "end": last[~no_day],
            "days": days[~no_day].astype(np.int64),
        },
        index=care.index,
    )
    overlapping = _overlapping(periods)
    log.leave_out(
        table, "overlapping periods for one person (the later one is left out)", care, overlapping
    )
    kept = periods.loc[~overlapping].drop(columns="first_start")
    _note_sharing_days(care, kept, log)
    return kept


def _overlapping(periods: pd.DataFrame) -> np.ndarray:
    """Periods sharing a day with an earlier-starting kept period of the same person and provider.

    The period that starts first is kept (ties: the lower record key in natural order,
    RXX9 before RXX10, as assessments' ties are broken: :func:`natural_rank`). A
    columnar pass finds the people with any overlap; only their few periods are walked
    one by one, since whether a period is kept depends on which earlier ones were.
    """
    ranked = periods.assign(_rank=natural_rank(periods[KEY]))
    order = ranked.sort_values(["OrgIDProv", PERSON, "first_start", "_rank"], kind="stable")
    candidate = (order["start"] < _earlier_end(order, ["OrgIDProv", PERSON])).to_numpy()
    result = pd.Series(False, index=periods.index)
    if not candidate.any():
        return result.to_numpy()
    owners = pd.MultiIndex.from_frame(order[["OrgIDProv", PERSON]])
    involved = order.loc[owners.isin(owners[candidate].unique())]
    kept_end: dict[tuple[str, str], float] = {}
    for index, org, person, start, end in zip(
        involved.index,
        involved["OrgIDProv"],
        involved[PERSON],
        involved["start"],
        involved["end"],
        strict=True,
    ):
        owner = (org, person)
        if start < kept_end.get(owner, -np.inf):
            result[index] = True
        else:
            kept_end[owner] = max(kept_end.get(owner, -np.inf), end)
    return result.to_numpy()


def _note_sharing_days(care: pd.DataFrame, kept: pd.DataFrame, log: QualityLog) -> None:
    """List in ``data_quality`` the kept periods sharing a day with an earlier-starting
    kept period of the same person and cluster (at another provider: kept periods at one
    provider never overlap). They are kept; :func:`patients` counts each day once."""
    order = kept.assign(_rank=natural_rank(kept[KEY])).sort_values(
        [PERSON, "cluster", "start", "_rank"], kind="stable"
    )
    sharing = order.index[(order["start"] < _earlier_end(order, [PERSON, "cluster"])).to_numpy()]
    log.record(
        CARE_CLUSTER,
        CONCURRENT,
        care.loc[sharing],
        note="informational: the period is kept; the person's days and admitted days in the "
        "cluster count each day once, and each period counts as an episode (never more "
        "episodes than days)",
        left_out=False,
    )


def _earlier_end(ordered: pd.DataFrame, owner: list[str]) -> pd.Series:
    """For each row of ``ordered`` (sorted by ``owner`` then start), the latest ``end``
    of the same owner's earlier rows; NaN for an owner's first row. A row starting before
    it shares a day with an earlier one."""
    keys = [ordered[name] for name in owner]
    ends: pd.Series = ordered.groupby(owner, sort=False)["end"].cummax().groupby(keys).shift()
    return ends


def _union_runs(intervals: pd.DataFrame, owner: list[str]) -> pd.DataFrame:
    """Each ``owner``'s intervals (``start``, ``end`` exclusive) as disjoint runs: the
    days held by any of them, each day once. Returns ``owner`` columns, ``start``, ``end``."""
    ordered = intervals[[*owner, "start", "end"]].sort_values([*owner, "start"], kind="stable")
    runs = ordered.assign(run=(~(ordered["start"] <= _earlier_end(ordered, owner))).cumsum())
    spans = {name: (name, "first") for name in owner}
    return (
        runs.groupby("run")
        .agg(**spans, start=("start", "min"), end=("end", "max"))
        .reset_index(drop=True)
    )


def hospital_days(spells: pd.DataFrame, year: FinancialYear, log: QualityLog) -> pd.DataFrame:
    """De-duplicated MHS501 rows → each person's days in hospital in ``year``, as disjoint runs.

    Overlapping spells of one person count each day once (their union). Returns columns
    ``_person``, ``start``, ``end`` (end exclusive).
    """
    table = HOSPITAL_SPELL
    spells = add_person(spells)
    spells = log.leave_out(
        table, "unknown person (no Person_ID or LocalPatientId)", spells, spells[PERSON].isna()
    )
    start, bad_start = parse_days(spells["StartDateHospProvSpell"])
    spells = log.leave_out(
        table, "admission date blank or not a date", spells, bad_start | np.isnan(start)
    )
    end, bad_end = parse_days(column(spells, "DischDateHospProvSpell"))
    spells = log.leave_out(table, "discharge date not a date", spells, bad_end)
    start, _ = parse_days(spells["StartDateHospProvSpell"])
    end, _ = parse_days(column(spells, "DischDateHospProvSpell"))
    spells = log.leave_out(table, "discharge before admission", spells, end < start)
    keep = ~(end < start)
    first, last, days = clip_to_year(start[keep], end[keep], year)
    in_year = days > 0
    log.leave_out(
        table,
        f"no day in {year.label}",
        spells,
        ~in_year,
        note="informational: outside the year, or discharged the day of admission",
    )
    spans = pd.DataFrame(
        {PERSON: spells[PERSON].to_numpy()[in_year], "start": first[in_year], "end": last[in_year]}
    )
    return _union_runs(spans, [PERSON])


def admitted_days(periods: pd.DataFrame, runs: pd.DataFrame) -> np.ndarray:
    """Per period (or run of days in a cluster), its days in the year inside the
    person's hospital runs.

    Runs are disjoint, so summing each run's overlap counts every admitted day once.
    Worked example: a spell 2017-09-25 to 2017-10-06 gives 7 days to a period ending
    2017-10-02 (25 September to 1 October) and 4 to one starting that day.
    """
    if runs.empty or periods.empty:
        return np.zeros(len(periods), dtype=np.int64)
    pairs = (
        periods[[PERSON, "start", "end"]]
        .reset_index(names="_period")
        .merge(runs, on=PERSON, suffixes=("", "_run"))
    )
    inside = np.minimum(pairs["end"].to_numpy(), pairs["end_run"].to_numpy()) - np.maximum(
        pairs["start"].to_numpy(), pairs["start_run"].to_numpy()
    )
    overlap = pd.Series(np.maximum(inside, 0.0), index=pairs.index)
    per_period = overlap.groupby(pairs["_period"]).sum()
    return per_period.reindex(periods.index, fill_value=0).to_numpy(dtype=np.int64)


def caseload(patients: pd.DataFrame) -> pd.DataFrame:
    """The ``caseload`` sheet: per cluster, people, cluster days, episodes, admitted days,
    the ``patients`` sheet summed (so the two sheets always agree)."""
    grouped = patients.groupby("cluster", sort=True)
    return pd.DataFrame(
        {
            "service_users": grouped["patient_id"].nunique(),
            "cluster_days": grouped["days"].sum(),
            "episodes": grouped["episodes"].sum(),
            "admitted_days": grouped["admitted_days"].sum(),
        }
    ).reset_index()


def patients(periods: pd.DataFrame, hospital: pd.DataFrame) -> pd.DataFrame:
    """The ``patients`` sheet: one row per person × cluster with days, episodes and
    admitted days, from the kept ``periods`` and the ``hospital`` runs.

    Days are those of the year on which the person is in the cluster at any provider,
    each once: two providers' periods of one cluster at once (not an overlap) summed
    gave a person more days in a cluster than the year has (fix10). Admitted days are
    those of these days inside the hospital runs, each once too. Episodes are the
    periods with a day in the year (never more than the days: every episode has a
    day), as for the caseload, so a per-episode tariff pays a
    patient's counted episodes in ``pbrkit tender`` as it pays the cluster's in
    ``pbrkit cost``; without them tender priced D / R episodes and the two commands'
    incomes differed on the same import (£971k against £983k on the shipped extract,
    found in review 6).
    """
    runs = _union_runs(periods, [PERSON, "cluster"])
    runs = runs.assign(days=(runs["end"] - runs["start"]).astype(np.int64))
    runs = runs.assign(admitted_days=admitted_days(runs, hospital))
    frame = runs.groupby([PERSON, "cluster"], sort=True)[["days", "admitted_days"]].sum()
    episodes = periods.groupby([PERSON, "cluster"], sort=True).size()
    counted = episodes.reindex(frame.index).to_numpy(dtype=np.int64)
    # Every episode has a day, and the readers refuse more episodes than days: periods
    # at several providers sharing the same few days (three on one day) are as many
    # episodes as the person has days in the cluster.
    frame.insert(1, "episodes", np.minimum(counted, frame["days"].to_numpy(dtype=np.int64)))
    return frame.reset_index().rename(columns={PERSON: "patient_id"})
