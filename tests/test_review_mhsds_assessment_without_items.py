"""`pbrkit import mhsds`: a person whose latest assessment has no rated items is said, not
dropped without a word (review 12, December 2026).

Found importing an extract of my own: person L7 (a local id) had a cluster period and
an MHS801 assessment dated 2017-07-01, but no MHS802 rows for it. The ratings sheet had
no row for L7 and the data_quality sheet, which "lists every row it left out, and why"
(docs/methodology.md §9), did not mention the MHS801 row at all. Worse, a person whose
latest assessment has no items but an earlier one in the year has them loses the
earlier one as "not the person's latest assessment" and then the latest one silently,
so has no ratings either. The MHS801 row of such an assessment is now listed.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, reasons, run

C803 = "MHS803CareCluster_2017_09.csv"
C801 = "MHS801ClusterTool_2017_09.csv"
C802 = "MHS802ClusterAssess_2017_09.csv"
REASON = "latest assessment has no usable rated item (MHS802): no ratings row for the person"


def tool(person: str, key: str, day: str, uid: str) -> dict[str, str]:
    return {"UniqMonthID": "1410", "UniqSubmissionID": "1", "OrgIDProv": "RXX",
            "Person_ID": person, "UniqClustID": key, "AssToolCompDate": day,
            "MHS801UniqID": uid}  # fmt: skip


def item(key: str, score: str, uid: str) -> dict[str, str]:
    # 979641000000103 is HoNOS item 1 (mhsds_item_codes.csv, confirmed).
    return {"UniqMonthID": "1410", "UniqSubmissionID": "1", "OrgIDProv": "RXX",
            "UniqClustID": key, "CodedAssToolType": "979641000000103", "PersScore": score,
            "MHS802UniqID": uid}  # fmt: skip


def test_an_assessment_without_items_is_listed(tmp_path: Path) -> None:
    result = run(
        tmp_path / "x",
        {
            C803: [
                care(Person_ID="P1", UniqClustID="RXX1"),
                care(Person_ID="P2", UniqClustID="RXX2", MHS803UniqID="2"),
            ],
            # P1: rated on 1 July. P2: rated on 1 June, then assessed again on 1 August
            # with no item sent. Only P1 has a ratings row.
            C801: [
                tool("P1", "RXX1", "2017-07-01", "1"),
                tool("P2", "RXX2", "2017-06-01", "2"),
                tool("P2", "RXX3", "2017-08-01", "3"),
            ],
            C802: [item("RXX1", "2", "1"), item("RXX2", "3", "2")],
        },
    )
    assert result.ratings is not None
    assert result.ratings["patient_id"].tolist() == ["P1"]
    got = reasons(result)
    # Before: no entry; P2's August assessment (MHS801 record 3 of the file: line 4) vanished.
    assert got[REASON] == 1
    entry = next(e for e in result.quality.entries if e.reason == REASON)
    assert entry.table == "MHS801ClusterTool" and entry.left_out
    assert entry.examples == f"{C801} record 3"
