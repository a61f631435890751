"""One provider written in two capitals is one provider (rev11 hostile review).

ODS codes are capital letters and digits; ``--provider rxx`` already keeps ``RXX``
rows (matched in any capitals, docs/methodology.md §9). Yet the overlap rule ("two
periods of one person at one provider") compared ``OrgIDProv`` as written, so a
period at ``RXX`` and one at ``rxx`` were two providers' periods: both kept, and the
person counted in two clusters at once at one trust. The same held for a local
patient id (``local:RXX:7`` and ``local:rxx:7`` were two people). These tests
failed on the old code (365 + 182 days kept; 2 people).
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, caseload_of, reasons, run

C803 = "MHS803CareCluster.csv"
OVERLAP = "overlapping periods for one person (the later one is left out)"


def test_overlap_at_one_provider_written_in_two_capitals(tmp_path: Path) -> None:
    # RXX: cluster 3 from 2017-04-01, open: 365 days of 2017/18.
    # rxx (the same trust): cluster 4 from 2017-10-01, open; it shares 182 days
    # (Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31) with the first period,
    # so it is the later of two overlapping periods at one provider: left out.
    rows = [
        care(),
        care(OrgIDProv="rxx", UniqClustID="RXX2", AMHCareClustCodeFin="04",
             StartDateCareClust="2017-10-01", MHS803UniqID="2"),
    ]  # fmt: skip
    result = run(tmp_path, {C803: rows})
    assert caseload_of(result) == {3: (1, 365, 1, 0)}  # old code: also {4: (1, 182, 1, 0)}
    assert reasons(result)[OVERLAP] == 1


def test_local_patient_id_at_one_provider_written_in_two_capitals(tmp_path: Path) -> None:
    # No Person_ID: the person is local:ORG:ID. Local id 7 at RXX (April to June,
    # 30 + 31 + 30 = 91 days) and at " rxx" (July onwards, 365 - 91 = 274 days) is one
    # person of one trust: 1 person with 91 + 274 = 365 days in cluster 3, 2 episodes.
    rows = [
        care(Person_ID="", LocalPatientId="7", EndDateCareClust="2017-07-01"),
        care(Person_ID="", LocalPatientId="7", OrgIDProv=" rxx", UniqClustID="RXX2",
             StartDateCareClust="2017-07-01", MHS803UniqID="2"),
    ]  # fmt: skip
    result = run(tmp_path, {C803: rows})
    assert caseload_of(result) == {3: (1, 365, 2, 0)}  # old code: 2 people
    assert set(result.patients["patient_id"]) == {"local:RXX:7"}
