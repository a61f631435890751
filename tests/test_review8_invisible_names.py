"""A team, bidder, lot, cost pool, resource or ratings trait value holding an invisible
character (or a space that is not an ordinary one) is refused, as a patient ID is (review 8).

Found: a caseload with teams `North` and `North` + U+200B (pasted from an e-mail) was
costed as two teams, both shown as "North" in report.xlsx, report.html and summary.json;
`Team A` with a no-break space (U+00A0) between the words was a team other than `Team A`.
Review 7 refused such IDs only. Every column whose values name a group figures are
summed by (Column.names in io/sheets) now refuses them through the same check and
message as IDs; leading and trailing spaces of any kind are still trimmed, as before
(`South` + U+00A0 is `South`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import values
from pbrkit.io.ratings import ITEMS


def _caseload(path: Path, teams: list[str]) -> Path:
    lines = ["cluster,team,service_users,cluster_days"]
    lines += [f"{c},{t},2,100" for c, t in zip((1, 3, 4, 5), teams, strict=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("team", "shown"),
    [
        ("North\u200b", "an invisible character (U+200B)"),
        ("\ufeffNorth", "an invisible character (U+FEFF)"),
        ("Nor\u00adth", "an invisible character (U+00AD)"),
        ("Team\u00a0A", "a space that is not an ordinary space (U+00A0)"),
        ("Team \u202fA", "a space that is not an ordinary space (U+202F)"),
    ],
)
def test_a_team_holding_an_invisible_character_is_refused(
    team: str, shown: str, tmp_path: Path
) -> None:
    path = _caseload(tmp_path / "caseload.csv", ["North", team, "South"])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert (
        f"file 'caseload.csv', row 3, column 'team': the team holds {shown}, so it would be "
        "read as a team other than the one it looks like"
    ) in result.stderr
    assert result.stderr.count("column 'team'") == 1
    assert not out.exists()


def test_leading_and_trailing_spaces_of_any_kind_are_still_trimmed(tmp_path: Path) -> None:
    # "South" + U+00A0 and " South" are the team South, as "South " always was: 3 teams.
    path = _caseload(tmp_path / "caseload.csv", ["North", "South\u00a0", " South", "Team A"])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sorted(row["team"] for row in summary["teams"]) == ["North", "South", "Team A"]


def test_a_bidder_name_holding_an_invisible_character_is_refused(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "bidders"
    for row in (["name", "cost_factor"], ["Acme", 0.9], ["Acme\u200b", 0.8]):
        sheet.append(row)
    path = tmp_path / "tender.xlsx"
    book.save(path)
    result = CliRunner().invoke(cli, ["validate", str(path), "--for", "tender"])
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'bidders', row 3, column 'name': the bidder holds an invisible character (U+200B)"
    ) in result.stderr


def test_a_ratings_trait_holding_an_invisible_character_is_refused(tmp_path: Path) -> None:
    # Traits are the subgroups of the profit-and-loss table (methodology §5.6).
    rows = [["patient_id", *ITEMS, "team"]]
    rows += [[f"P{i}", *[1] * len(ITEMS), t] for i, t in enumerate(["North", "North\u2060"])]
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert (
        "row 3, column 'team': the value holds an invisible character (U+2060), so it "
        "would be read as a subgroup other than the one it looks like"
    ) in result.stderr
    assert not out.exists()


def test_an_id_with_a_no_break_space_inside_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    path.write_text("patient_id,cluster,days\nP 1,3,100\nP\u00a01,3,100\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert (
        "row 3, column 'patient_id': the ID holds a space that is not an ordinary space (U+00A0)"
    ) in result.stderr


CELLS = ["a", "a\u200b", " a\u00a0", "a\u00a0b", "a \u2007 b", "\u00a0", "x\u00ad", None, "ab"]
HIDDEN = [False, True, False, True, True, False, True, False, False]


def test_the_arrow_and_python_checks_agree() -> None:
    # Arrow (all text) and per-distinct Python (mixed with a number) run one pattern.
    assert values.has_invisible(pd.Series(CELLS, dtype=object)).tolist() == HIDDEN
    mixed = values.has_invisible(pd.Series([*CELLS, 1.5], dtype=object)).tolist()
    assert mixed == [*HIDDEN, False]


def test_one_problem_per_cell_with_one_message() -> None:
    message, fix = values.invisible_message("a\u200b\u00a0b", "team")
    assert message.startswith("the team holds invisible characters and unusual spaces")
    assert "(U+00A0, U+200B)" in message
    assert fix.startswith("delete them and retype the spaces")
