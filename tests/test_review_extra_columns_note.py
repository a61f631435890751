"""`pbrkit validate` says what the extra-columns note is (review 12, December 2026).

Found by validating a caseload of my own whose team column was headed "Team name" (not
close enough to `team` to be refused as a misspelling): validate printed the line
"note: Team name" and nothing else about it, since the note's text was the bare list
of columns (the Data quality sheet shows it beside its check, "extra columns kept";
validate prints only the text). The text now says what the columns are, so that the
reader sees the column was not read as the team.
"""

from __future__ import annotations

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_validate_explains_the_extra_column(tmp_workbook: WorkbookFactory) -> None:
    book = tmp_workbook(
        {"caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420, "Team name": "N"}]}
    )
    done = CliRunner().invoke(cli, ["validate", str(book)])
    assert done.exit_code == 0, done.output
    notes = [line.strip() for line in done.output.splitlines() if "Team name" in line]
    # Before: "note: Team name".
    assert notes == ["note: columns not used for costing: Team name"]
