"""A bad cluster, days or cost cell in the ratings says how to fix it (review 7).

Found giving a patient 400 days (and cluster 9) in a copy of examples/ratings.xlsx:
`pbrkit cluster` said "not a valid value (found '400'); expected a number from 0 to
366" and no fix, where every other sheet's bad cell ends with one. Each now has a fix;
the cell may also be left blank (not known), as the ratings sheet allows.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.ratings import ITEMS


def test_bad_ratings_cells_say_how_to_fix_them(tmp_path: Path) -> None:
    rows = [["patient_id", *ITEMS, "cluster", "days"], ["a", *[1] * len(ITEMS), 9, 400]]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert (
        "row 2, column 'days': not a valid value (found '400'); expected a number from 0 "
        "to 366. Fix: enter a number from 0 to 366, or leave the cell blank if it is not known"
    ) in result.stderr
    # Review 9a: a clinician's cluster 9 was "not a valid value" here where the caseload
    # says cluster 9 "is not used" (the currency's own message); now the same words.
    assert (
        "row 2, column 'cluster': cluster 9 is not used ('Cluster Under Review – should not "
        "be used') (found '9')"
    ) in result.stderr
    assert "Fix: re-cluster the activity or record it as 0 (variance), or leave the cell blank" in (
        result.stderr
    )


def test_a_code_that_is_no_cluster_says_what_codes_are(tmp_path: Path) -> None:
    rows = [["patient_id", *ITEMS, "cluster"], ["a", *[1] * len(ITEMS), 22]]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "row 2, column 'cluster': not a valid cluster code (found '22')" in result.stderr
    assert "Fix: use a code 0-8, 10-21, or 99 for not assessed, or leave the cell blank" in (
        result.stderr
    )
