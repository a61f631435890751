"""Direct, hand-worked tests of ``pbrkit.mhsds.clinician`` (round mut16;
benchmarks/mutation-import.md).

Days are day numbers; a kept period holds a day d when start <= d < end (the end is
exclusive, methodology §9). Each chosen assessment's clinician's cluster is its own
kept period's (same UniqClustID), else that of the person's kept period at the
assessment's provider holding its date, else blank.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.mhsds.clean import KEY, PERSON
from pbrkit.mhsds.clinician import clinician_clusters, with_days
from pbrkit.mhsds.columns import CLUSTER_TOOL
from pbrkit.mhsds.quality import FILE, RECORD, QualityLog

HELD = (
    "assessment's care-cluster period not kept (left out, or no MHS803 row): "
    "clinician's cluster from the person's kept period holding the assessment date"
)
BLANK = (
    "assessment's care-cluster period not kept (left out, or no MHS803 row) and no kept "
    "period of the person holds its date: clinician's cluster blank"
)

#: Kept periods: P1 at RXX in cluster 12 over days [100, 200) (key K1) and cluster 4
#: over [200, 300) (K2); P1 at RYY in cluster 7 over [0, 365) (K3); P2 at RXX in
#: cluster 3 over [0, 365) (K4); P3 at a blank provider in cluster 8 over [0, 365) (K5).
KEPT = pd.DataFrame(
    {
        PERSON: ["P1", "P1", "P1", "P2", "P3"],
        "OrgIDProv": ["RXX", "RXX", "RYY", "RXX", ""],
        KEY: ["K1", "K2", "K3", "K4", "K5"],
        "cluster": [12, 4, 7, 3, 8],
        "start": [100, 200, 0, 0, 0],
        "end": [200, 300, 365, 365, 365],
    }
)


def _clusters(
    assessments: list[tuple[str, str, str | None, int]],
) -> tuple[pd.Series, QualityLog]:
    """Chosen assessments (key, person, provider, day) → the clusters and the log."""
    chosen = pd.DataFrame(
        {
            KEY: [a[0] for a in assessments],
            PERSON: [a[1] for a in assessments],
            "date": [a[3] for a in assessments],
            FILE: ["MHS801.csv"] * len(assessments),
            RECORD: list(range(1, len(assessments) + 1)),
        }
    )
    tool = pd.DataFrame(
        {KEY: [a[0] for a in assessments], "OrgIDProv": [a[2] for a in assessments]}
    ).astype({"OrgIDProv": "string[pyarrow]"})
    log = QualityLog()
    return clinician_clusters(chosen, tool, KEPT, log), log


def test_the_own_kept_period_wins_whatever_the_date() -> None:
    # K1 is kept: cluster 12, though day 250 lies in K2 (cluster 4).
    found, log = _clusters([("K1", "P1", "RXX", 250)])
    assert found.to_dict() == {"K1": 12}
    assert log.entries == []


@pytest.mark.parametrize(
    ("day", "cluster"),
    [(99, None), (100, 12), (199, 12), (200, 4), (299, 4), (300, None)],
)
def test_a_left_out_period_takes_the_kept_period_holding_the_date(
    day: int, cluster: int | None
) -> None:
    # K9 was left out; P1 at RXX is in K1 on days 100..199 and K2 on 200..299 (each end
    # exclusive); before 100 and from 300, no RXX period holds the day (K3 is at RYY).
    found, log = _clusters([("K9", "P1", "RXX", day)])
    assert found.to_dict() == ({} if cluster is None else {"K9": cluster})
    [entry] = log.entries
    assert entry.reason == (BLANK if cluster is None else HELD)


def test_only_the_same_person_and_provider_count() -> None:
    # P2 has only a period at RXX: at RYY (Q1) nothing holds the day; P4 has no period
    # (Q2); P3's blank provider matches P3's blank-provider period (Q3: cluster 8).
    found, _ = _clusters([("Q1", "P2", "RYY", 50), ("Q2", "P4", "RXX", 50), ("Q3", "P3", None, 50)])
    assert found.to_dict() == {"Q3": 8}


def test_the_clusters_are_whole_numbers_own_first_and_each_case_logged_once() -> None:
    # A: own kept period K4 (cluster 3). B: left out, held by K3 (cluster 7, RYY, day
    # 10). C and D: left out, nothing holds days 400 (after every end) at RXX.
    found, log = _clusters(
        [("C", "P1", "RXX", 400), ("B", "P1", "RYY", 10), ("K4", "P2", "RXX", 10),
         ("D", "P2", "RXX", 400)]
    )  # fmt: skip
    assert found.dtype == "int64"
    assert list(found.items()) == [("K4", 3), ("B", 7)]
    held, blank = log.entries
    assert (held.table, held.reason, held.rows, held.examples) == (
        CLUSTER_TOOL, HELD, 1, "MHS801.csv record 2"
    )  # fmt: skip
    assert (held.note, held.left_out) == ("informational", False)
    assert (blank.table, blank.reason, blank.rows) == (CLUSTER_TOOL, BLANK, 2)
    assert blank.examples == "MHS801.csv record 1; MHS801.csv record 4"
    assert blank.note == "the person's ratings row is kept, with no clinician's cluster to audit"
    assert blank.left_out is False
    assert log.total() == 0  # no row left out


def test_days_follow_the_cluster_column_from_the_patients_sheet() -> None:
    # P1 rated in cluster 12: the patients row (P1, 12) gives 91 days, 10 admitted.
    # P2's clinician's cluster 4 is not a patients row of P2 (only 3): blank days.
    # P3 has a blank cluster: blank days.
    ratings = pd.DataFrame(
        {"patient_id": ["P1", "P2", "P3"], "cluster": [12, 4, None], "1": [0, 1, 2]}
    ).astype({"cluster": "Int64"})
    patients = pd.DataFrame(
        {
            "patient_id": ["P1", "P1", "P2"],
            "cluster": [12, 4, 3],
            "days": [91, 30, 365],
            "admitted_days": [10, 0, 5],
            "episodes": [1, 1, 1],
        }
    )
    sheet = with_days(ratings, patients)
    assert list(sheet.columns) == ["patient_id", "cluster", "days", "admitted_days", "1"]
    assert sheet["days"].fillna(-1).tolist() == [91, -1, -1]  # -1: blank
    assert sheet["admitted_days"].fillna(-1).tolist() == [10, -1, -1]
    assert list(ratings.columns) == ["patient_id", "cluster", "1"]  # not changed in place
