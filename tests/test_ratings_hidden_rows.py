"""Patient rows the ratings sheet hides are clustered like the others, and said so.

A ratings sheet filtered to one team in Excel still holds every team's rows: they are
read (as Excel's SUM reads them), and the reports now carry a Data quality note naming
how many patient rows were hidden and the first of them, as the cost sheets' notes do.
The count is a count of people: ``--publish`` publishes it (hidden if 1 to 7).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "ratings.xlsx"


def _hide(tmp_path: Path, rows: range) -> Path:
    book = openpyxl.load_workbook(EXAMPLE)
    for row in rows:
        book["ratings"].row_dimensions[row].hidden = True
    path = tmp_path / "filtered.xlsx"
    book.save(path)
    return path


def _run(path: Path, out: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_hidden_patient_rows_are_clustered_and_noted(tmp_path: Path) -> None:
    plain = _run(EXAMPLE, tmp_path / "plain")
    path = _hide(tmp_path, range(5, 25))  # 20 patient rows, rows 5 to 24
    summary = _run(path, tmp_path / "hidden")
    # Every patient is still clustered: the hidden rows are read like the others.
    assert summary["allocation"]["patients"] == plain["allocation"]["patients"] == 2000
    assert "notes" not in plain or not plain["notes"]
    [note] = summary["notes"]
    assert note["people"] == 20
    assert "the first is row 5" in note["detail"]
    assert note["detail"].endswith("delete the rows you mean to leave out")
    html = (tmp_path / "hidden" / "report.html").read_text(encoding="utf-8")
    assert "patient rows hidden in the spreadsheet" in html
    book = openpyxl.load_workbook(tmp_path / "hidden" / "report.xlsx", read_only=True)
    assert "Data quality" in book.sheetnames


@pytest.mark.parametrize(("hidden", "shown"), [(range(5, 8), None), (range(5, 17), 10)])
def test_the_count_of_hidden_rows_is_published_as_a_count(
    tmp_path: Path, hidden: range, shown: int | None
) -> None:
    # 3 rows: 1 to 7, hidden (null, "*"); 12 rows: rounded to the nearest 5, 10.
    summary = _run(_hide(tmp_path, hidden), tmp_path / "out", "--publish")
    [note] = summary["notes"]
    assert note["people"] == shown
    assert ("*" in note["detail"]) is (shown is None)
    assert "the first is row 5" in note["detail"]
    assert "rows 5, 6" not in note["detail"]  # no list of rows: it would give the count
