"""A rating cell written with an underscore is refused (found in review4).

Ratings are parsed with Python's float(), which reads "0_3" as 3 (underscores group
digits in Python literals): a cell "0_3" became a rating of 3 without a word. No one
writes a rating so; it is a problem at the cell, like any other unreadable rating.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def _ratings(path: Path, cell: str) -> Path:
    rows = [["patient_id", *ITEMS], ["p1", cell, *["1"] * 17], ["p2", *["2"] * 18]]
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_an_underscore_in_a_rating_is_a_problem_at_the_cell(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cluster", str(_ratings(tmp_path / "r.csv", "0_3")), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "row 2" in result.output and "'1'" in result.output and "0_3" in result.output
    assert not out.exists()


def test_a_plain_rating_with_spaces_is_still_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_ratings(tmp_path / "r.csv", " 3 "))])
    assert result.exit_code == 0, result.output
