"""A ratings sheet named 'HoNOS', 'MHCT' or 'Rating' (with other sheets beside it) is
named in the fix; so are sheets spelt one or two letters off (review 8).

Found: a workbook of two sheets, 'HoNOS' (the ratings) and 'Notes', gave "sheet
'ratings' is missing (sheets found: 'HoNOS', 'Notes'). Fix: name the sheet of MHCT
ratings 'ratings'", with no word of the sheet most likely meant; the cost sheets were
hinted only when the name held the expected one ('Caseload data'), not 'Casload' or
'Activity'. One rule (io.workbook.near_sheet) now serves every reader: the name holds
the expected one, is one or two edits from it, or holds a known synonym; the hint is
given only when exactly one sheet fits, and the sheet is never read in its place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.io.ratings import ITEMS
from pbrkit.io.workbook import near_sheet

RATINGS = [["patient_id", *ITEMS], ["P1", *[1] * len(ITEMS)]]


@pytest.mark.parametrize("title", ["HoNOS", "MHCT ratings", "Rating", "Ratings data"])
def test_a_ratings_sheet_by_another_name_is_suggested(title: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", {title: RATINGS, "Notes": [["read me"]]})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"rename sheet '{title}' to 'ratings' if it holds the MHCT ratings" in result.stderr
    assert not out.exists()


def test_no_suggestion_when_nothing_fits_or_two_do(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": RATINGS, "Notes": [["read me"]]})
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "rename sheet" not in result.stderr
    assert near_sheet(["HoNOS 2023", "HoNOS 2024"], ("ratings",), ("honos",)) is None


def test_a_caseload_spelt_off_or_called_activity_is_suggested(tmp_path: Path) -> None:
    for title in ("Casload", "Activity 2024-25"):
        rows = [["cluster", "service_users", "cluster_days"], [1, 10, 840]]
        path = write_xlsx(tmp_path / "c.xlsx", {title: rows, "Notes": [["read me"]]})
        result = CliRunner().invoke(cli, ["validate", str(path)])
        assert result.exit_code == 2
        assert f"rename sheet '{title}' to 'caseload'" in result.stderr


def test_the_rule() -> None:
    assert near_sheet(["Notes", "Tarif"], ("tariff", "tariffs", "prices")) == "Tarif"
    assert near_sheet(["Notes", "Unit costs 2024"], ("unit_costs",)) == "Unit costs 2024"
    # Short names are never guessed at by spelling ('nhs' is not 'abs').
    assert near_sheet(["abs"], ("nhs",)) is None
