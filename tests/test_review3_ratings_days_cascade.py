"""Hostile review (round 14, review3): one bad ``days`` cell of a ratings sheet gave two
problems. A patient with days -10 and admitted days 0 was told "not a valid value
(found '-10')" under ``days`` and also "admitted days exceed the patient's days (found
'0')" under ``admitted_days``: 0 > -10, compared with the refused value. The second
is no problem of its own (0 admitted days are right), so only the bad cell is named.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def test_a_refused_days_cell_is_not_compared_with_admitted_days(tmp_path: Path) -> None:
    header = ["patient_id", *ITEMS, "cluster", "days", "admitted_days"]
    rows = [
        ["001", *["1"] * 18, "3", "-10", "0"],  # days refused; admitted days fine
        ["002", *["1"] * 18, "3", "100", "120"],  # a true excess: still told
    ]
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    for command in ("cluster", "validate"):
        result = CliRunner().invoke(cli, [command, str(path)])
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        assert "row 2, column 'days': not a valid value (found '-10')" in text
        # Before: also "row 2, column 'admitted_days': admitted days exceed ...".
        assert "row 2, column 'admitted_days'" not in text
        assert "row 3, column 'admitted_days': admitted days exceed the patient's days" in text
