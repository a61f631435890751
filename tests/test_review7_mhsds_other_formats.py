"""A table's file saved as .xlsx (or zipped) in the extract folder is named, not lost (review 7).

Found by saving one month of examples/mhsds (MHS803CareCluster_2017_05_Primary.csv) as
.xlsx, as a warehouse export or a colleague's "tidy-up" may: `pbrkit import mhsds`
read the other 47 files, said only "no MHS803CareCluster submission for 1 month(s) of
2017/18: May 2017", and its cluster days rose from 59,327 to 61,880 (periods that
ended in May were read as still open). A file whose name holds an MHSDS table name but
which is neither CSV nor Parquet is now named in a warning saying it was not read and
how to include it. Since left21 it is refused instead (exit 2, nothing written): the
warning still let a workbook be written without that month
(tests/test_left21_mhsds_other_formats_refused.py).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


def test_a_table_file_in_another_format_is_named(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2017_04.csv": [care()]})
    (folder / "MHS803CareCluster_2017_05.xlsx").write_bytes(b"PK\x03\x04 not read")
    (folder / "MHS802ClusterAssess_2017_05.csv.gz").write_bytes(b"\x1f\x8b not read")
    (folder / "notes.docx").write_bytes(b"not a table: not mentioned")
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 2, result.output
    for name in ("MHS802ClusterAssess_2017_05.csv.gz", "MHS803CareCluster_2017_05.xlsx"):
        assert f"file '{name}': named after table" in result.output
    assert "save it as CSV (UTF-8) or Parquet" in result.output
    assert "notes.docx" not in result.output
    assert not out.exists()
