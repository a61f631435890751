"""Admitted days above the patient's own days are a problem at the cell in a ratings
sheet, as they are in a caseload and a tender's patients (review5, December 2026).

Admitted days are days in the cluster spent in hospital (docs/methodology.md §2), so a
patient with 10 days and 20 admitted days is a typing error. ``pbrkit cluster`` took
it without a word and priced 20 admitted days into the £ at stake of a 10-day stay.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def _ratings(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = [",".join(["patient_id", *ITEMS, "cluster", "days", "admitted_days", "cost"])]
    for patient, days, admitted in rows:
        lines.append(",".join([patient, *["0"] * 18, "1", days, admitted, "100"]))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cluster_names_the_cell_and_writes_nothing(tmp_path: Path) -> None:
    # Row 2 is fine (10 of 10 days admitted); row 3 has 20 admitted days in 10.
    path = _ratings(tmp_path, [("P1", "10", "10"), ("P2", "10", "20"), ("P3", "", "5")])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    # Before: exit 0 and reports written.
    assert result.exit_code == 2, result.output
    assert "row 3, column 'admitted_days'" in result.output
    assert "admitted days exceed the patient's days" in result.output
    # One problem: row 2 (equal) and row 4 (days blank: one review period) are not.
    assert result.output.count("admitted days exceed") == 1
    assert not out.exists()


def test_validate_says_the_same(tmp_path: Path) -> None:
    path = _ratings(tmp_path, [("P1", "10", "11")])
    result = CliRunner().invoke(cli, ["validate", str(path), "--for", "cluster"])
    assert result.exit_code == 2, result.output
    assert "row 2, column 'admitted_days'" in result.output
