"""Patient rows without a cluster column are told why they were read as a caseload
(fix4, item 4; the sibling of tests/test_fix4_ratings_read_as_caseload.py).

Found running ``pbrkit validate pid2.csv`` on ``patient_id,days``: by the single-table
rule (patient rows need a patient ID and a cluster column) it is a caseload, and the
user was told only that service_users and cluster are missing, nothing of patient rows.
The reading now adds "read as a caseload (one row per cluster), as it has a patient ID
column ('patient_id') but no cluster column, which patient rows need".
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def _refused(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_patient_rows_without_a_cluster_column(tmp_path: Path) -> None:
    path = tmp_path / "pid2.csv"
    path.write_text("patient_id,days\nP1,100\n", encoding="utf-8")
    out = _refused(path)
    assert (
        "file 'pid2.csv': read as a caseload (one row per cluster), as it has a patient ID "
        "column ('patient_id') but no cluster column, which patient rows need" in out
    )
    assert (
        "Fix: for patient rows, add a column headed 'cluster' (the patient's cluster); for "
        "a caseload, give the columns the problems above name" in out
    )


def test_a_caseload_with_an_id_column_is_not_told_so(tmp_path: Path) -> None:
    # A count of people makes it a caseload whatever else it has.
    path = tmp_path / "c.csv"
    path.write_text("patient_id,service_users\nP1,2\n", encoding="utf-8")
    out = _refused(path)
    assert "patient rows need" not in out
