"""A file that cannot be read gets one clear message, exit code 2 and nothing written.

Found in review: a CSV saved by Excel as Windows-1252 (a 'é' in any cell near the top)
stopped the import with "unexpected failure: UnicodeDecodeError" and exit code 1; a
damaged Parquet file or an empty CSV was reported as three or more missing columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mhsds_helpers import Y2017, care, extract
from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.mhsds import import_mhsds

HEADER = (
    "UniqMonthID,OrgIDProv,Person_ID,UniqClustID,AMHCareClustCodeFin,StartDateCareClust,"
    "EndDateCareClust"
)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_mhsds(folder, Y2017)
    return [p.message for p in caught.value.problems]


def test_a_csv_that_is_not_utf8_is_one_clear_problem(tmp_path: Path) -> None:
    folder = extract(tmp_path / "in", {"MHS803CareCluster_2017_04.csv": [care()]})
    bad = folder / "MHS803CareCluster_2017_05.csv"
    bad.write_bytes(f"{HEADER},Note\n1405,RXX,P2,K2,03,2017-05-01,,caf\xe9\n".encode("cp1252"))
    messages = _problems(folder)
    assert len(messages) == 1
    assert "MHS803CareCluster_2017_05.csv" in messages[0]
    assert "UTF-8" in messages[0]


def test_cli_exit_code_2_and_nothing_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "MHS803CareCluster_2017_05.csv").write_bytes(
        f"{HEADER}\n1405,RXX,P\xe9,K2,03,2017-05-01,\n".encode("cp1252")
    )
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "UTF-8" in result.output
    assert not out.exists()


def test_a_damaged_parquet_file_is_one_problem_not_missing_columns(tmp_path: Path) -> None:
    folder = extract(tmp_path / "in", {"MHS803CareCluster_2017_04.csv": [care()]})
    (folder / "MHS802ClusterAssess_2017_04.parquet").write_bytes(b"not parquet\n")
    messages = _problems(folder)
    assert len(messages) == 1
    assert "MHS802ClusterAssess_2017_04.parquet" in messages[0]
    assert "cannot be read" in messages[0]


def test_an_empty_csv_is_one_problem(tmp_path: Path) -> None:
    folder = extract(tmp_path / "in", {"MHS803CareCluster_2017_04.csv": [care()]})
    (folder / "MHS803CareCluster_2017_05.csv").write_bytes(b"")
    messages = _problems(folder)
    assert messages == ["MHS803CareCluster_2017_05.csv: is empty (no header row)"]


def test_a_byte_that_is_not_utf8_far_down_the_file_is_the_same_problem(tmp_path: Path) -> None:
    # The header and 20,000 rows are fine; row 20,002 has a Windows-1252 'é'.
    good = "".join(f"1405,RXX,P{i},K{i},03,2017-05-01,\n" for i in range(20_000))
    text = f"{HEADER}\n{good}1405,RXX,P\xe9,KX,03,2017-05-01,\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "MHS803CareCluster_2017_05.csv").write_bytes(text.encode("cp1252"))
    messages = _problems(folder)
    # Line 1 is the header, lines 2 to 20,001 the good rows: the 'é' (0xE9) is on line
    # 20,002, named since fix9b (the file's text is checked before pyarrow reads it).
    assert messages == [
        "'MHS803CareCluster_2017_05.csv' is not UTF-8 text: line 20002 holds the byte 0xE9 "
        "(Excel's plain CSV writes '£' and accented letters so)"
    ]
