"""A caseload with no people at all is an input error, not a crash (review 5).

Found with a one-row caseload of cluster 3 with 0 service users (and 0 days and cost):
``pbrkit tender`` synthesised an empty population, ran, and failed writing report.xlsx
("unexpected failure: AssertionError: table residue has no total row", exit 1).
``pbrkit cost`` reports such a caseload (every cluster empty); a tender of no one has
nothing to say, so it now stops before anything runs: exit 2, the sheet and column
named and how to fix it, nothing written. One row with people is enough.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

EMPTY = {"cluster": 3, "service_users": 0, "cluster_days": 0, "actual_cost": 0}
PEOPLE = {"cluster": 1, "service_users": 10, "cluster_days": 3000, "actual_cost": 9000}


def _tender(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    return result.exit_code, result.output


def test_no_people_anywhere_is_an_input_error(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({"caseload": [EMPTY]})
    out = tmp_path / "out"
    code, output = _tender(book, out)
    assert code == 2, output
    assert "sheet 'caseload', column 'service_users': no one to tender" in output
    assert "unexpected failure" not in output
    assert not out.exists() or not any(out.iterdir())


def test_one_row_with_people_runs(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"caseload": [EMPTY, PEOPLE]})
    code, output = _tender(book, tmp_path / "out")
    assert code == 0, output
