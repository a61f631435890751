"""`pbrkit import mhsds`: a blank score is "score blank", not "score out of range"
(review 12, December 2026).

Found importing an extract of my own whose MHS802 rows for one assessment held scores
0, 1, 2, 3, 04, 5 and a blank: data_quality listed two rows as "score out of range (not
0-4)", the 5 and the blank. A blank is an item not rated (docs/methodology.md §9: "A
blank ... is missing"), which a data manager will not find by looking for a bad value;
it now has its own reason, and the 5 stays out of range.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, reasons, run

ITEM_1, ITEM_2, ITEM_3 = "979641000000103", "979651000000100", "979661000000102"


def item(code: str, score: str, uid: str) -> dict[str, str]:
    return {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
            "UniqClustID": "RXX1", "CodedAssToolType": code, "PersScore": score,
            "MHS802UniqID": uid}  # fmt: skip


def test_a_blank_score_is_not_out_of_range(tmp_path: Path) -> None:
    tool = {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
            "Person_ID": "P1", "UniqClustID": "RXX1", "AssToolCompDate": "2017-06-01",
            "MHS801UniqID": "1"}  # fmt: skip
    result = run(
        tmp_path / "x",
        {
            "MHS803CareCluster_2017_09.csv": [care()],
            "MHS801ClusterTool_2017_09.csv": [tool],
            "MHS802ClusterAssess_2017_09.csv": [
                item(ITEM_1, "2", "1"),
                item(ITEM_2, "5", "2"),
                item(ITEM_3, "", "3"),
            ],
        },
    )
    got = reasons(result)
    # Before: {"score out of range (not 0-4)": 2}.
    assert got["score out of range (not 0-4)"] == 1
    assert got["score blank (item not rated)"] == 1
    assert result.ratings is not None
    row = result.ratings.iloc[0]
    assert row["1"] == 2 and row["2"] is not None and str(row["3"]) == "<NA>"
