"""A date in a cluster cell says it is a date, and how to undo it.

Left by the previous reviews: Excel turns a cluster typed ``1-4`` or ``10/3`` into a
date. In a lot's (or bidder's) list of clusters that was named since walk 9 ("a date
where a list of clusters belongs", format the column as Text and retype). In a ratings
sheet's clinician cluster the same date was "not a valid cluster code (found
'2026-04-01 00:00:00')", and in a caseload's cluster cell "a date where a number
belongs ... format the cell as a number", advice that gives 46113, not a cluster. Both
now say it is a date where a cluster code belongs, with the Text-and-retype fix.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"
FIX = (
    "Excel turns a code typed as 1-4 or 10/3 into a date: format the column as Text, then "
    "type the cluster code again"
)


def _validate(path: Path, kind: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--for", kind, str(path)])
    return result.exit_code, result.stderr


def test_a_date_in_a_ratings_cluster_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLES / "ratings.xlsx")
    header = [cell.value for cell in book["ratings"][1]]
    book["ratings"].cell(2, header.index("cluster") + 1).value = datetime.datetime(2026, 4, 1)
    book.save(tmp_path / "r.xlsx")
    code, stderr = _validate(tmp_path / "r.xlsx", "cluster")
    assert code == 2, stderr
    assert "row 2, column 'cluster': a date where a cluster code belongs" in stderr
    assert f"Fix: {FIX}, or leave the cell blank" in stderr
    assert "not a valid cluster code" not in stderr


def test_a_date_saved_as_text_in_a_ratings_csv(tmp_path: Path) -> None:
    frame = pd.read_excel(EXAMPLES / "ratings.xlsx", sheet_name="ratings", engine="openpyxl")
    frame = frame.astype(object)
    frame.loc[0, "cluster"] = "10/03/2026"  # "10/3" as Excel saves it to CSV
    frame.to_csv(tmp_path / "ratings.csv", index=False)
    code, stderr = _validate(tmp_path / "ratings.csv", "cluster")
    assert code == 2, stderr
    assert "row 2, column 'cluster': a date where a cluster code belongs" in stderr
    assert FIX in stderr


def test_a_date_in_a_caseload_cluster_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLES / "clusters.xlsx")
    header = [cell.value for cell in book["caseload"][1]]
    book["caseload"].cell(2, header.index("cluster") + 1).value = datetime.datetime(2026, 3, 10)
    book.save(tmp_path / "c.xlsx")
    code, stderr = _validate(tmp_path / "c.xlsx", "cost")
    assert code == 2, stderr
    assert "row 2, column 'cluster': a date where a cluster code belongs" in stderr
    assert FIX in stderr
    assert "format the cell as a number" not in stderr
