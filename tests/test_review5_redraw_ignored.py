"""``--redraw-population`` that cannot apply is said, not silently dropped (review 5).

Found running ``pbrkit tender toy.xlsx --redraw-population --draws 5`` on a patients
sheet: the people are the sheet's, so there is nothing to synthesise again, and with
one draw there is nothing to redraw; the run ignored the option (methodology §6.1) and
no output said so, leaving a reader to think the ranges include the spread from drawing
the people. The notes now say why it was not applied; on a caseload with several draws
it applies and no such note is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    {"patient_id": "a1", "cluster": 1, "days": 100, "cost": 500},
    {"patient_id": "a2", "cluster": 1, "days": 100, "cost": 1500},
]
CASELOAD = [{"cluster": 1, "service_users": 20, "cluster_days": 2000, "actual_cost": 20_000}]
TARIFF = [{"cluster": 1, "price": 10, "unit": "per_day"}]


def _notes(book: Path, out: Path, draws: str) -> list[str]:
    args = ["tender", str(book), "--redraw-population", "--draws", draws, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    notes: list[str] = json.loads((out / "summary.json").read_text("utf-8"))["notes"]
    return notes


def test_patients_sheet_says_redraw_not_applied(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF})
    notes = _notes(book, tmp_path / "out", "5")
    assert any(n.startswith("--redraw-population was not applied") for n in notes), notes
    assert any("the patient rows give the people" in n for n in notes), notes


@pytest.mark.parametrize(("draws", "said"), [("1", True), ("3", False)])
def test_caseload_redraws_with_several_draws(
    tmp_workbook: WorkbookFactory, tmp_path: Path, draws: str, said: bool
) -> None:
    book = tmp_workbook({"caseload": CASELOAD, "tariff": TARIFF})
    notes = _notes(book, tmp_path / "out", draws)
    assert any(n.startswith("--redraw-population was not applied") for n in notes) is said
