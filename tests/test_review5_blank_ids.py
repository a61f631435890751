"""A rated patient with a blank patient_id is a problem at the cell (noted in review5:
blank IDs were accepted and never counted as repeats, so a row pasted without its ID
counted twice, and its suggestion could not be found again in allocations.csv)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def _book(path: Path, ids: list[str]) -> Path:
    rows = [["patient_id", *ITEMS], *([i, *["1"] * 18] for i in ids)]
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_blank_and_space_only_ids_are_named_by_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = _book(tmp_path / "r.csv", ["p1", "", "p3", "  "])
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "row 3, column 'patient_id': patient_id is blank" in result.output
    assert "row 5, column 'patient_id': patient_id is blank" in result.output
    assert not out.exists()
    validate = CliRunner().invoke(cli, ["validate", str(book)])
    assert validate.exit_code == 2 and "patient_id is blank" in validate.output


def test_every_id_given_is_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_book(tmp_path / "r.csv", ["p1", "0"]))])
    assert result.exit_code == 0, result.output
