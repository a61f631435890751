"""``pbrkit import mhsds``: the hint about --columns comes only with a column problem.

Found in review 9a: an extract of my own with one file saved as UTF-16 stopped with
"MHS803CareCluster_2018_03.csv: is not UTF-8 text. Fix: save it as 'CSV UTF-8' …" and
then "Hint: map your own column names with --columns FILE", which has nothing to do
with an encoding; every file problem got that hint.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

HEADER = (
    "UniqMonthID,UniqSubmissionID,OrgIDProv,Person_ID,ClustId,AMHCareClustCodeFin,"
    "StartDateCareClust,EndDateCareClust,MHS803UniqID,UniqClustID"
)
ROW = "1416,1,RX1,P1,C1,11,2017-01-01,,1,RX1C1"


def _import(folder: Path, tmp_path: Path) -> tuple[int, str]:
    done = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(tmp_path / "t.xlsx")]
    )
    return done.exit_code, done.output


def test_an_encoding_problem_has_no_columns_hint(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "MHS803CareCluster_2018_03.csv").write_bytes(f"{HEADER}\n{ROW}\n".encode("utf-16"))
    code, output = _import(folder, tmp_path)
    assert code == 2, output
    assert "is UTF-16 text" in output  # the encoding check's own words (fix9b)
    assert "--columns" not in output
    assert not (tmp_path / "t.xlsx").exists()


def test_a_missing_column_still_says_how_to_map_one(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    header = HEADER.replace(",EndDateCareClust", "")
    row = ROW.replace("2017-01-01,,", "2017-01-01,")
    (folder / "MHS803CareCluster_2018_03.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    code, output = _import(folder, tmp_path)
    assert code == 2, output
    assert "column 'EndDateCareClust' is missing" in output
    assert "--columns" in output
