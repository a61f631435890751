"""An extract with MHS801 files and no MHS802 files (or the reverse) says why it has no
ratings sheet (review 7b).

Found with an extract of my own: MHS803, MHS801 (three assessments) and MHS501, no
MHS802. `pbrkit import mhsds` read MHS801 (the About sheet lists the file), wrote no
`ratings` sheet and said nothing about it: no warning, no data_quality row, although
methodology §9 says MHS801 and MHS802 give the `ratings` sheet and that every row left
out is listed. `pbrkit cluster` on the workbook then complained of the `patients` sheet's
missing MHCT items. The assessments (MHS801) and their rated items (MHS802) are only of
use together, so the import now warns, naming the table that is missing, that no ratings
sheet was written.

The test failed on the old code (no such warning).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli

TOOL = {
    "UniqMonthID": "1416",
    "UniqSubmissionID": "200",
    "OrgIDProv": "RXX",
    "Person_ID": "P1",
    "UniqClustID": "RXX1",
    "AssToolCompDate": "2017-06-01",
    "MHS801UniqID": "1",
}
ASSESS = {
    "UniqMonthID": "1416",
    "UniqSubmissionID": "200",
    "OrgIDProv": "RXX",
    "Person_ID": "P1",
    "UniqClustID": "RXX1",
    "CodedAssToolType": "979641000000103",
    "PersScore": "2",
    "MHS802UniqID": "1",
}


@pytest.mark.parametrize(
    ("present", "missing", "rows"),
    [
        ("MHS801ClusterTool", "MHS802ClusterAssess", TOOL),
        ("MHS802ClusterAssess", "MHS801ClusterTool", ASSESS),
    ],
)
def test_half_of_the_ratings_tables_is_said(
    tmp_path: Path, present: str, missing: str, rows: dict[str, str]
) -> None:
    folder = extract(
        tmp_path / "x",
        {"MHS803CareCluster_2018_03.csv": [care()], f"{present}_2018_03.csv": [rows]},
    )
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 0, result.output
    said = (
        f"{present} file(s) but no {missing} file(s): no ratings sheet was written "
        f"(the ratings need both tables); add the {missing} files of the same months"
    )
    assert said in result.output
    # ... and the About sheet, where the warnings are kept, says it too.
    about = openpyxl.load_workbook(out)["About"]
    assert any(said in str(cell) for row in about.iter_rows(values_only=True) for cell in row)


def test_both_tables_or_neither_say_nothing(tmp_path: Path) -> None:
    for name, files in {
        "neither": {},
        "both": {"MHS801ClusterTool_2018_03.csv": [TOOL],
                 "MHS802ClusterAssess_2018_03.csv": [ASSESS]},
    }.items():  # fmt: skip
        folder = extract(tmp_path / name, {"MHS803CareCluster_2018_03.csv": [care()], **files})
        out = tmp_path / f"{name}.xlsx"
        result = CliRunner().invoke(
            cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "no ratings sheet was written" not in result.output
