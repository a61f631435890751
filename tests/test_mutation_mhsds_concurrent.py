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
