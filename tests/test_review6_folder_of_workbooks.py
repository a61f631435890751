"""A folder of workbooks given where a workbook belongs names the workbooks (review 6).

Found trying the newcomer's mistake "a folder instead of a file": `pbrkit cost wbs`,
wbs/ holding clusters.xlsx, said only "folder 'wbs' has no .csv files. Fix: put one CSV
per sheet in the folder". The fix now also says which workbooks the folder holds, so the
reader can give one of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_the_workbooks_in_the_folder_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "wbs"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "clusters.xlsx", folder / "clusters.xlsx")
    shutil.copy(ROOT / "examples" / "ratings.xlsx", folder / "ratings.xlsx")
    result = CliRunner().invoke(cli, ["cost", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "has no .csv files" in result.stderr
    assert f"give a workbook instead: {folder / 'clusters.xlsx'}" in result.stderr
    assert "ratings.xlsx" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_keeps_the_plain_fix(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "workbook instead" not in result.stderr
