"""The days-per-person message counts one person as a person.

Found in review 9a: a caseload row of 1 service user with 500 cluster days was
refused with "500 cluster days for 1 people is more than 366 days a person in a year".
"""

from __future__ import annotations

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_one_person_is_a_person(tmp_workbook: WorkbookFactory) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 8, "service_users": 1, "cluster_days": 500},
                {"cluster": 7, "service_users": 2, "cluster_days": 800},
            ]
        }
    )
    done = CliRunner().invoke(cli, ["validate", str(book)])
    assert done.exit_code == 2, done.output
    assert "500 cluster days for 1 person is more than 366 days a person" in done.output
    assert "800 cluster days for 2 people is more than 366 days a person" in done.output
    assert "1 people" not in done.output
