"""`pbrkit cluster` on a workbook with no ratings sheet says nothing was written.

Every other refusal ends with a "Hint: ... nothing was written" line; a workbook with
no ratings sheet (the cost example, clusters.xlsx) and one whose patients sheet holds
no MHCT item column printed only the error (left by review and walk 9).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

BOOK = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def _cluster(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    return result.exit_code, result.stderr


def test_no_ratings_sheet_says_nothing_was_written(tmp_path: Path) -> None:
    code, stderr = _cluster(BOOK, tmp_path / "out")
    assert code == 2, stderr
    assert "sheet 'ratings' is missing" in stderr
    assert "Hint: correct clusters.xlsx; nothing was written" in stderr
    assert not (tmp_path / "out").exists()


def test_a_patients_sheet_without_items_says_nothing_was_written(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster"])
    sheet.append(["P1", 3])
    path = tmp_path / "p.xlsx"
    book.save(path)
    code, stderr = _cluster(path, tmp_path / "out")
    assert code == 2, stderr
    assert "holds no MHCT item column" in stderr
    assert "Hint: correct p.xlsx; nothing was written" in stderr
    assert not (tmp_path / "out").exists()
