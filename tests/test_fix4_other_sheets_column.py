"""A header that is another input's column is not guessed to be a misspelling (fix4,
item 4).

Found running ``pbrkit validate pid2.csv`` on a CSV of patient rows that lacks its
cluster column (``patient_id,days``): read as a caseload (patient rows need a cluster
column), it was told "column A is headed 'patient_id', which looks like a misspelling of
'service_users' (did you mean 'service_users'?). Fix: rename column A 'patient_id' to
'service_users'" ('patientid' is two edits from 'patients', an alias of service_users):
a fix that would turn patient IDs into counts of people. A header that is exactly a
column (or alias) of one of pbrkit's input sheets is that column, not a misspelling of
another: the missing column is reported plainly. A real misspelling still is guessed.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _refused(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    return " ".join(result.output.split())


def test_patient_id_is_not_a_misspelt_service_users(tmp_path: Path) -> None:
    path = tmp_path / "pid2.csv"
    path.write_text("patient_id,days\nP1,100\n", encoding="utf-8")
    out = _refused(path)
    assert "required column 'service_users' is missing" in out
    assert "did you mean 'service_users'" not in out
    assert "rename column A 'patient_id'" not in out


def test_a_misspelling_is_still_guessed(tmp_workbook: WorkbookFactory) -> None:
    row = {"cluster": 3, "service_user": 2, "cluster_days": 364}
    out = _refused(tmp_workbook({"caseload": [row]}))
    assert "which looks like a misspelling of 'service_users'" in out


def test_a_synonym_that_is_another_sheets_column_is_still_said(
    tmp_workbook: WorkbookFactory,
) -> None:
    # 'cost' is the patients sheet's column and a synonym of the caseload's actual_cost:
    # a caseload column headed 'cost' is still refused as "may mean 'actual_cost'".
    row = {"cluster": 3, "service_users": 2, "cluster_days": 364, "cost": 1000}
    out = _refused(tmp_workbook({"caseload": [row]}))
    assert "which may mean 'actual_cost'" in out
