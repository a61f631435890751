"""A folder of CSVs given as `.` is named by the folder it is (review 12, December 2026).

Found by running `pbrkit validate .` and `pbrkit cost .` inside a folder of CSVs named
csvf: validate printed ": valid for pbrkit cost." and "caseload: 2 rows (sheet
'caseload' of )", a bad cell's hint said "correct ; nothing was written", and the
report's Assumptions read "Source of caseload: sheet 'caseload' of " — the name of `.`
is empty. Review 6 gave `.` an output folder of its own (pbrkit-out/<folder>/) but
left the name everywhere else. The input path now stands for the folder it resolves to.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def _folder(tmp_path: Path, days: str = "840") -> Path:
    folder = tmp_path / "csvf"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        f"cluster,service_users,cluster_days\n1,10,{days}\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("given", [".", "../csvf/."])
def test_validate_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.chdir(_folder(tmp_path))
    done = CliRunner().invoke(cli, ["validate", given])
    assert done.exit_code == 0, done.output
    # Before: ": valid for pbrkit cost." and "(sheet 'caseload' of )"; a CSV is named as
    # its file since fix2.
    assert done.output.startswith("csvf: valid for pbrkit cost.")
    assert "(file 'csvf/caseload.csv')" in done.output


def test_a_bad_cell_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_folder(tmp_path, days="abc"))
    done = CliRunner().invoke(cli, ["validate", "."])
    assert done.exit_code == 2
    assert "correct csvf" in done.output and "correct ;" not in done.output


def test_the_report_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_folder(tmp_path))
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["cost", ".", "--out", str(out)])
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Assumptions"]
    sources = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert sources["Source of caseload"] == "file 'csvf/caseload.csv'"
