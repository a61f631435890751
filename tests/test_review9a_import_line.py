"""``pbrkit import mhsds``'s closing line agrees its nouns with one person and one row.

Found in review 9a: an extract of my own for 2019/20 ended with "…; 1 rows left out
(sheet data_quality)."; one person would have been "1 people".
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

HEADER = (
    "UniqMonthID,UniqSubmissionID,OrgIDProv,Person_ID,ClustId,AMHCareClustCodeFin,"
    "StartDateCareClust,EndDateCareClust,MHS803UniqID,UniqClustID"
)


def test_one_person_and_one_row(tmp_path: Path) -> None:
    folder = tmp_path / "extract"
    folder.mkdir()
    (folder / "MHS803CareCluster_2020_03.csv").write_text(
        f"{HEADER}\n"
        "1440,1,RX1,P1,C1,11,2019-01-01,,1,RX1C1\n"
        "1440,1,RX1,P2,C2,11,2019-04-01,2019-04-01,2,RX1C2\n",  # no day in the year
        encoding="utf-8",
    )
    done = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2019/20", str(tmp_path / "t.xlsx")]
    )
    assert done.exit_code == 0, done.output
    # 2019-04-01 to 2020-04-01: 366 days (a leap year).
    assert ": 1 person, 366 cluster days (0 admitted) in 2019/20; 1 row left out" in done.output
