"""A CSV or Parquet file whose name holds no MHSDS table name is named in a warning.

Found in review: 'MHS501_2017_05.csv' (the table number without 'HospProvSpell') was
skipped without a word and the workbook had 0 admitted days. It is still not read
(files are matched by their table's name), but the warning says which file and why.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import Y2017, care, extract, spell
from pbrkit.mhsds import import_mhsds


def test_a_file_matching_no_table_is_named_in_a_warning(tmp_path: Path) -> None:
    folder = extract(
        tmp_path,
        {"MHS803CareCluster_2018_03.csv": [care()], "MHS501_2017_05.csv": [spell()]},
    )
    (folder / "notes.txt").write_text("not data", encoding="utf-8")
    result = import_mhsds(folder, Y2017)
    skipped = [w for w in result.warnings if "not read" in w]
    assert len(skipped) == 1
    assert "MHS501_2017_05.csv" in skipped[0]
    assert "notes.txt" not in skipped[0]
    assert int(result.caseload["admitted_days"].sum()) == 0


def test_no_warning_when_every_file_is_matched(tmp_path: Path) -> None:
    folder = extract(tmp_path, {"MHS803CareCluster_2018_03.csv": [care()]})
    result = import_mhsds(folder, Y2017)
    assert not [w for w in result.warnings if "not read" in w]
