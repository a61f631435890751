"""The residue's casemix index is not given for a cluster nobody is left in.

Found by recalculating ``pbrkit tender examples/clusters.xlsx --draws 50`` in
LibreOffice: the Residue sheet's "Casemix index of the residue" for cluster 4 is the
formula ``=IF(OR(F6=0,H6=0),"",(I6/F6)/(H6/D6))`` (people left F, their cost I), which
LibreOffice works out as "" because the median number of people left is 0, while pbrkit
saved 0.7316, and summary.json said the same 0.7316 next to ``residue_patients`` 0 and
``mean_cost_after`` null.

With several draws every per-cluster figure is a median over draws, and pandas' median
skips the draws whose index is not defined (nobody left): the 0.73 was the median over
the few draws that left somebody in cluster 4, shown on a row that says nobody is left.
An index of the people left when, on the row's own figures, nobody is left is not
defined, the same as the row's mean cost of those left.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from recalc import find_soffice, recalc_libreoffice

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
INDEX = "Casemix index of the residue"
LEFT = "People left with the NHS"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tender") / "out"
    # Five draws: cluster 4 (Meridian and Castlegate both bid for it) has a median of
    # 0 people left, while at least one draw left somebody there.
    args = ["tender", str(CLUSTERS), "--draws", "5", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _rows(out: Path) -> list[dict[str, Any]]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = summary["residue_by_cluster"]
    return rows


def test_the_run_has_a_cluster_with_nobody_left(run: Path) -> None:
    assert any(r["residue_patients"] == 0 for r in _rows(run))


def test_summary_json_gives_no_index_where_nobody_is_left(run: Path) -> None:
    for row in _rows(run):
        if row["residue_patients"] == 0:
            assert row["mean_cost_after"] is None, row
            assert row["casemix_index"] is None, row  # before: 2.27 for cluster 4
        else:
            assert row["casemix_index"] is not None, row


def _residue_cells(path: Path) -> list[tuple[str, Any, Any]]:
    """(index cell, saved value, people left) for every cluster row of Residue."""
    sheet = openpyxl.load_workbook(path, data_only=True)["Residue"]
    header = [c.value for c in sheet[1]]
    index, left = header.index(INDEX), header.index(LEFT)
    return [
        (row[index].coordinate, row[index].value, row[left].value)
        for row in sheet.iter_rows(min_row=2)
        if isinstance(row[0].value, int)
    ]


def test_the_saved_index_is_blank_where_nobody_is_left(run: Path) -> None:
    for _cell, saved, left in _residue_cells(run / "report.xlsx"):
        if left == 0:
            assert saved in (None, ""), saved


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_every_index_to_its_saved_value(run: Path, tmp_path: Path) -> None:
    path = run / "report.xlsx"
    values, conversion = recalc_libreoffice(path, tmp_path / "recalc")
    assert conversion.problems() == [], conversion
    for cell, saved, _left in _residue_cells(path):
        theirs = values["Residue"].get(cell)
        if saved in (None, ""):
            assert theirs in (None, ""), (cell, theirs)
        else:
            assert math.isclose(saved, theirs, rel_tol=1e-9), (cell, saved, theirs)
