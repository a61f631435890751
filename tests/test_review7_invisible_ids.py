"""A patient ID holding an invisible character is refused, not read as another patient
(review 7).

Found pasting a zero-width space after the ID of row 3 in a copy of examples/ratings.xlsx
made a repeat of row 2's ID: `P113417` twice is refused ("appears more than once"),
and so is `P113417 ` (spaces are trimmed), but `P113417` + U+200B was read as a second
patient and counted twice in agreement, kappa and money at stake, although the two
look the same in every spreadsheet. Headers already have invisible characters removed
(methodology §8); an ID is never changed, so one holding a zero-width space, joiner,
byte-order mark or soft hyphen is now refused with the character named.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.ratings import ITEMS


def ratings_csv(path: Path, ids: list[str]) -> Path:
    rows = [["patient_id", *ITEMS, "cluster"]] + [[i, *[1] * len(ITEMS), 3] for i in ids]
    path.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u00ad", "\u2060"])
def test_an_invisible_character_in_a_rated_patient_id_is_refused(mark: str, tmp_path: Path) -> None:
    path = ratings_csv(tmp_path / "r.csv", ["P1", f"P1{mark}", "P2"])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "row 3, column 'patient_id': the ID holds an invisible character" in result.stderr
    assert f"U+{ord(mark):04X}" in result.stderr
    assert not out.exists()


def test_an_invisible_character_in_a_patients_sheet_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    path.write_text("patient_id,cluster,days\nP1,3,100\nP1\u200b,3,100\nP2,4,50\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "row 3, column 'patient_id': the ID holds an invisible character (U+200B)" in (
        result.stderr
    )
