"""Tests written against the survivors of mutation testing the fix10 code in
`pbrkit.mhsds.periods` (a person in one cluster at two providers counts each day once;
the overlap rule's natural-order tie-break): benchmarks/mutation-import.md, "mut17".

2017/18: 1 April 2017 to 1 April 2018 (exclusive), 365 days.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, run


def test_the_caseload_is_in_cluster_order_whatever_the_patients_order(tmp_path: Path) -> None:
    # P1 in 12 all year (365 days); P2 in 11 from 1 October (182 days: Oct 31 + Nov 30
    # + Dec 31 + Jan 31 + Feb 28 + Mar 31). The patients sheet is in person order,
    # (P1, 12) then (P2, 11), so the caseload's clusters must be sorted, not taken in
    # the order they first appear there (12 then 11).
    result = run(
        tmp_path,
        {"MHS803CareCluster.csv": [
            care(UniqClustID="K1", AMHCareClustCodeFin="12"),
            care(UniqClustID="K2", Person_ID="P2", AMHCareClustCodeFin="11",
                 StartDateCareClust="2017-10-01", MHS803UniqID="2"),
        ]},
    )  # fmt: skip
    assert result.patients[["patient_id", "cluster"]].values.tolist() == [["P1", 12], ["P2", 11]]
    assert result.caseload.to_dict("records") == [
        {"cluster": 11, "service_users": 1, "cluster_days": 182, "episodes": 1,
         "admitted_days": 0},
        {"cluster": 12, "service_users": 1, "cluster_days": 365, "episodes": 1,
         "admitted_days": 0},
    ]  # fmt: skip


CONCURRENT = (
    "periods of one person in one cluster at two providers sharing days: "
    "each day counted once in the cluster"
)
NOTE = (
    "informational: the period is kept; the person's days and admitted days in the "
    "cluster count each day once, and each period counts as an episode (never more "
    "episodes than days)"
)
AT = "MHS803CareCluster.csv record "


def _log(result: object) -> list[tuple[str, str, str, int, str, str]]:
    frame = result.quality.frame()  # type: ignore[attr-defined]
    return [
        (r.table, r.reason, r.left_out, int(r.rows), r.examples, r.note)
        for r in frame.itertuples(index=False)
    ]


def test_periods_sharing_days_at_two_providers_are_logged_whole_and_kept(
    tmp_path: Path,
) -> None:
    # Record 1: RXX, cluster 3, all year (365 days). Record 2: RYY, cluster 3 from
    # 1 October (182 days, all shared with record 1): the later-starting record 2 is
    # listed, kept (left_out "no: kept"), with the note; days 365 once, 2 episodes.
    result = run(
        tmp_path,
        {"MHS803CareCluster.csv": [
            care(),
            care(OrgIDProv="RYY", UniqClustID="RYY1", StartDateCareClust="2017-10-01",
                 MHS803UniqID="2"),
        ]},
    )  # fmt: skip
    assert _log(result) == [("MHS803CareCluster", CONCURRENT, "no: kept", 1, AT + "2", NOTE)]
    assert result.patients[["days", "episodes"]].values.tolist() == [[365, 2]]


def test_of_two_periods_starting_together_the_natural_later_key_is_listed(
    tmp_path: Path,
) -> None:
    # Both in cluster 3 from 1 April, open, at two providers: they share every day.
    # The tie is broken by the record key in natural order, K9 before K10 (as the
    # overlap rule and the assessments' ties are), so K10 (record 1) is the one listed,
    # whatever the order in the file or as text ("K10" < "K9").
    result = run(
        tmp_path,
        {"MHS803CareCluster.csv": [
            care(OrgIDProv="RYY", UniqClustID="K10"),
            care(UniqClustID="K9", MHS803UniqID="2"),
        ]},
    )  # fmt: skip
    assert _log(result) == [("MHS803CareCluster", CONCURRENT, "no: kept", 1, AT + "1", NOTE)]
    assert result.patients[["days", "episodes"]].values.tolist() == [[365, 2]]


def test_a_period_starting_the_day_the_other_providers_ends_shares_no_day(
    tmp_path: Path,
) -> None:
    # RXX [1 April, 1 October): 183 days (Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31
    # + Sep 30); RYY from 1 October: 182 days. End exclusive: no day shared, nothing
    # listed; 183 + 182 = 365 days, 2 episodes.
    result = run(
        tmp_path,
        {"MHS803CareCluster.csv": [
            care(EndDateCareClust="2017-10-01"),
            care(OrgIDProv="RYY", UniqClustID="RYY1", StartDateCareClust="2017-10-01",
                 MHS803UniqID="2"),
        ]},
    )  # fmt: skip
    assert _log(result) == []
    assert result.patients[["days", "episodes"]].values.tolist() == [[365, 2]]
