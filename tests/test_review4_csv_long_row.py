"""A CSV row with more values than the rows above it, past the first 64 rows, gets the
same clear problem as one near the top: the row, and the likely cause.

Found in review 4: an unquoted `£1,234.50` on row 81 gave pandas' own words, "Error
tokenizing data. C error: Expected 4 fields in line 81, saw 5", with the fix "check
quoting and that every row has the same number of columns"; the same slip on row 3
names the comma and how to quote it (tests/test_review_reading.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.io.csvfile import read_csv_grid


def caseload(path: Path, bad_row: int, line: str) -> Path:
    rows = ["cluster,service_users,cluster_days,actual_cost"]
    rows += [f"{[1, 3, 11, 13][i % 4]},10,3650,1000.50" for i in range(100)]
    rows[bad_row - 1] = line  # bad_row: the row number a spreadsheet shows
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_long_row_far_down_names_the_row_and_the_comma(tmp_path: Path) -> None:
    path = caseload(tmp_path / "caseload.csv", 81, "3,10,3650,£1,234.50")
    with pytest.raises(InputError) as caught:
        read_csv_grid(path)
    [problem] = caught.value.problems
    assert problem.row == 81
    assert "'caseload.csv' has 5 values, more than the 4 of its header row" in problem.message
    assert "£1,234.50" in problem.message and "Error tokenizing" not in problem.message
    assert problem.fix is not None and '"£1,234.50"' in problem.fix


def test_cost_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = caseload(tmp_path / "caseload.csv", 90, "3,10,3650,£1,234.50")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "row 90" in result.output and "not in quotes" in result.output
    assert not out.exists()
