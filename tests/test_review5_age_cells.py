"""A negative or impossible age in a ratings sheet is a problem at the cell (review5,
December 2026).

The subgroup tables band ``age`` (docs/methodology.md §5.6): an age of -1 went into
"under 18" and 300 into "65+" without a word, so a typing error moved a patient's cost
and income into another subgroup's predictable profit or loss. Text such as "not known"
stays "not recorded", as documented.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def _ratings(tmp_path: Path, ages: list[str]) -> Path:
    lines = [",".join(["patient_id", *ITEMS, "cluster", "cost", "age"])]
    for number, age in enumerate(ages, start=1):
        lines.append(",".join([f"P{number}", *["0"] * 18, "1", "100", age]))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_impossible_age_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    path = _ratings(tmp_path, ["40", "-1", "0", "120", "300", "not known", "", "17.5"])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    # Before: exit 0, -1 counted "under 18" and 300 "65+".
    assert result.exit_code == 2, result.output
    assert "row 3, column 'age'" in result.output  # -1
    assert "row 6, column 'age'" in result.output  # 300
    assert result.output.count("column 'age'") == 2  # 0, 120, text and blank are fine
    assert not out.exists()


def test_validate_names_it_too(tmp_path: Path) -> None:
    path = _ratings(tmp_path, ["-5"])
    result = CliRunner().invoke(cli, ["validate", str(path), "--for", "cluster"])
    assert result.exit_code == 2, result.output
    assert "row 2, column 'age'" in result.output
