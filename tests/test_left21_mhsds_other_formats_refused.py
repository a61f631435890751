"""A month of an MHSDS table saved as .xlsx or .ods (or left zipped) in an import folder
is refused, named, with how to fix it; nothing is written (left by the reviews).

Since review 7 such a file was named in a warning and left out, so the import still
wrote a workbook whose totals lacked that month (the review's own example: one month of
examples/mhsds saved as .xlsx, "no MHS803CareCluster submission for 1 month(s)", and its
cluster days rose from 59,327 to 61,880 as periods ending that month read as open).

Refused rather than read: a table saved from a spreadsheet has already lost what the
import keeps by reading every id and code as text. Checked with a real file: a CSV with
UniqClustID 00731 and LocalPatientId 000123, converted by LibreOffice
(`soffice --headless --convert-to xlsx`), holds the numbers 731 and 123, and its dates
become date cells; 00731 and 731 are two patients (methodology §9), so the file cannot
be read back as the submission it came from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("MHS803CareCluster_2017_05.xlsx", "save it as CSV (UTF-8) or Parquet"),
        ("MHS803CareCluster_2017_06.ods", "save it as CSV (UTF-8) or Parquet"),
        ("MHS802ClusterAssess_2017_05.csv.gz", "unpack it to CSV"),
    ],
)
def test_a_month_in_another_format_is_refused(tmp_path: Path, name: str, fix: str) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2017_04.csv": [care()]})
    (folder / name).write_bytes(b"not read")
    (folder / "notes.docx").write_bytes(b"not a table: not mentioned")
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 2, result.output
    table = name.split("_")[0]
    suffix = name.split(".", 1)[1]
    assert (
        f"file '{name}': named after table {table} but saved as .{suffix}, which the import "
        "does not read"
    ) in result.output
    assert f"Fix: {fix}" in result.output
    assert "notes.docx" not in result.output
    assert "Hint: correct the files named in 'x'; nothing was written" in result.output
    assert not out.exists()


def test_each_such_file_is_named(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2017_04.csv": [care()]})
    for name in ("MHS803CareCluster_2017_05.xlsx", "MHS501HospProvSpell_2017_05.ods"):
        (folder / name).write_bytes(b"not read")
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(tmp_path / "o.xlsx")]
    )
    assert result.exit_code == 2
    assert "2 problems found" in result.output
    assert "file 'MHS501HospProvSpell_2017_05.ods'" in result.output
    assert "file 'MHS803CareCluster_2017_05.xlsx'" in result.output
