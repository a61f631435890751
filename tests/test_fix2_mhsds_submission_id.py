"""A `UniqSubmissionID` that is not a whole number is left out and listed (fix2, item 4).

Found by writing `SUB-A` for the submission id of record 1 of
MHS803CareCluster_2017_04_Primary.csv: the import read it as no submission at all (the
oldest, -1) and kept or dropped the row by that without a word. The MHSDS technical
output specification makes `UniqSubmissionID` an integer, and pbrkit orders submissions
by it (a Refresh beats its Primary): a value that is not one cannot be ordered. As the
import does with a `UniqMonthID` that is not a whole number (its documented rule: rows
it cannot use are left out and listed in data_quality, not refused), the row is left
out and listed with its file and record. A blank id is still the oldest (unchanged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXTRACT = Path(__file__).resolve().parents[1] / "examples" / "mhsds"
FILE = "MHS803CareCluster_2017_04_Primary.csv"
REASON = "UniqSubmissionID not a whole number"


def _import(tmp_path: Path, value: str) -> list[tuple[object, ...]]:
    folder = tmp_path / "extract"
    shutil.copytree(EXTRACT, folder)
    lines = (folder / FILE).read_text(encoding="utf-8").splitlines()
    head, first = lines[0].split(","), lines[1].split(",")
    first[head.index("UniqSubmissionID")] = value
    lines[1] = ",".join(first)
    (folder / FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "t.xlsx"
    done = CliRunner().invoke(cli, ["import", "mhsds", str(folder), str(out), "--year", "2017/18"])
    assert done.exit_code == 0, done.output
    rows = openpyxl.load_workbook(out, read_only=True)["data_quality"].iter_rows(values_only=True)
    return [r for r in rows if r[1] == REASON]


def test_a_text_submission_id_is_left_out_and_named(tmp_path: Path) -> None:
    (entry,) = _import(tmp_path, "SUB-A")
    assert entry[0] == "MHS803CareCluster" and entry[2] == "yes" and entry[3] == 1
    assert entry[4] == f"{FILE} record 1"


def test_a_whole_number_or_blank_is_read_as_before(tmp_path: Path) -> None:
    assert _import(tmp_path / "a", "14050.0") == []
    assert _import(tmp_path / "b", "") == []
    assert _import(tmp_path / "c", "NULL") == []  # SQL Server's empty cell
