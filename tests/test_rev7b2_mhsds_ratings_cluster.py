"""`pbrkit import mhsds`: the ratings sheet's clinician's cluster comes from a period the
patients sheet kept (review 7b follow-up).

Found in review 7b: P1 had two overlapping care-cluster periods, RXX1 (cluster 12, from
1 April 2017 to 1 September 2017) and RXX2 (cluster 13, from 1 June 2017, open). The
overlap rule (methodology §9) keeps the one that starts first, so the patients sheet
had P1 in cluster 12 only; but P1's latest assessment (1 July 2017) is recorded against
RXX2, and the ratings sheet took RXX2's cluster, 13: the workbook contradicted itself,
and `pbrkit cluster` audited a cluster the import says P1 was not in on that date.

The clinician's cluster is now that of the kept period with the assessment's
UniqClustID; if that period was left out, that of the person's kept period at the same
provider holding the assessment date (on 1 July P1 is counted in RXX1, cluster 12);
with none, the cluster is blank and data_quality says why.

Both tests failed on the old code (ratings cluster 13).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from mhsds_helpers import care, extract, reasons, run
from pbrkit.cli import cli

C803 = "MHS803CareCluster_2018_03.csv"
C801 = "MHS801ClusterTool_2018_03.csv"
C802 = "MHS802ClusterAssess_2018_03.csv"
#: HoNOS items 1-12 (mhsds_item_codes.csv, confirmed).
HONOS = [f"9796{n}1000000{c}" for n, c in
         [(4, "103"), (5, "100"), (6, "102"), (7, "109"), (8, "106"), (9, "108")]]  # fmt: skip
PERIODS = [
    care(UniqClustID="RXX1", AMHCareClustCodeFin="12", EndDateCareClust="2017-09-01"),
    care(UniqClustID="RXX2", AMHCareClustCodeFin="13", StartDateCareClust="2017-06-01",
         MHS803UniqID="2"),
]  # fmt: skip
NOT_KEPT = "assessment's care-cluster period not kept (left out, or no MHS803 row)"
BLANK = f"{NOT_KEPT} and no kept period of the person holds its date: clinician's cluster blank"
HELD = f"{NOT_KEPT}: clinician's cluster from the person's kept period holding the assessment date"


def assessed(day: str) -> dict[str, list[dict[str, str]]]:
    """P1's one assessment, on ``day``, against the period RXX2, and six rated items."""
    base = {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
            "Person_ID": "P1", "UniqClustID": "RXX2"}  # fmt: skip
    tool = {**base, "AssToolCompDate": day, "MHS801UniqID": "1"}
    items = [
        {**base, "CodedAssToolType": code, "PersScore": "2", "MHS802UniqID": str(n)}
        for n, code in enumerate(HONOS, start=1)
    ]
    return {C803: PERIODS, C801: [tool], C802: items}


def test_both_sheets_give_the_cluster_the_import_kept(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", assessed("2017-07-01"))
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    patients = list(book["patients"].iter_rows(values_only=True))
    ratings = list(book["ratings"].iter_rows(values_only=True))
    # patients: RXX1 only (RXX2 overlaps it and starts later): cluster 12.
    cluster = patients[0].index("cluster")
    assert [(row[0], row[cluster]) for row in patients[1:]] == [("P1", 12)]
    # ratings: the same person, the same cluster (was 13, RXX2's).
    cluster = ratings[0].index("cluster")
    assert [(row[0], row[cluster]) for row in ratings[1:]] == [("P1", 12)]
    # ... and data_quality says where the cluster came from.
    quality = [row[1] for row in book["data_quality"].iter_rows(values_only=True)]
    assert HELD in quality


def test_an_assessment_no_kept_period_holds_has_a_blank_cluster(tmp_path: Path) -> None:
    # 1 October 2017: after RXX1 ended (1 September) and in RXX2, which was left out.
    result = run(tmp_path / "x", assessed("2017-10-01"))
    assert result.ratings is not None
    assert result.ratings["patient_id"].tolist() == ["P1"]
    assert result.ratings["cluster"].isna().all()  # was 13
    assert reasons(result)[BLANK] == 1
    assert HELD not in reasons(result)
    # One row left out (RXX2, overlapping); the note on the ratings row, which is
    # kept, is not counted as a row left out.
    assert result.quality.total() == 1
