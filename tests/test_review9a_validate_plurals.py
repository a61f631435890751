"""``pbrkit validate`` on one patient row in one cluster agrees its nouns.

Found in review 9a: validating a patients sheet of my own printed "caseload: 1 rows"
and "2 patient rows summed to 1 clusters".
"""

from __future__ import annotations

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_one_row_and_one_cluster(tmp_workbook: WorkbookFactory) -> None:
    book = tmp_workbook(
        {
            "patients": [
                {"patient_id": "a", "cluster": 3, "days": 91},
                {"patient_id": "b", "cluster": 3, "days": 91},
            ]
        }
    )
    done = CliRunner().invoke(cli, ["validate", str(book)])
    assert done.exit_code == 0, done.output
    assert "caseload: 1 row (" in done.output
    assert "summed to 1 cluster (" in done.output
    assert "1 rows" not in done.output and "1 clusters" not in done.output
