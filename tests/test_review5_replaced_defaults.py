"""A scenario that drops the workbook's bidders (or lots) and gives none says so (review 5).

Found with a toy workbook that has a bidders sheet (one bidder, Acme) and a scenario of
``replace_bidders = true`` with no ``[[bidders]]``: the tender ran on the default
"Outside provider" (docs/scenarios.md: without a bidders sheet or ``[[bidders]]``, one
bidder of cost factor 1.0) and every output said "No bidders sheet: ...", which the
workbook plainly has. The statement now names the scenario key that dropped them; a
workbook without the sheet still reads "No bidders sheet".
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    {"patient_id": "a1", "cluster": 1, "days": 100, "cost": 500},
    {"patient_id": "a2", "cluster": 1, "days": 100, "cost": 1500},
    {"patient_id": "b1", "cluster": 2, "days": 100, "cost": 1000},
]
TARIFF = [
    {"cluster": 1, "price": 10, "unit": "per_day"},
    {"cluster": 2, "price": 20, "unit": "per_day"},
]
BIDDERS = [{"name": "Acme", "cost_factor": 0.9}]
LOTS = [{"name": "Both", "clusters": "1-2"}]


def _assumed(tmp_path: Path, book: Path, scenario: str) -> list[str]:
    toml = tmp_path / "s.toml"
    toml.write_text(f'schema_version = 1\nworkbook = "{book.name}"\n{scenario}', "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(toml), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assumed: list[str] = summary["tender"]["assumed"]
    return assumed


def test_replaced_bidders_are_not_a_missing_sheet(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook(
        {"patients": PATIENTS, "tariff": TARIFF, "bidders": BIDDERS, "lots": LOTS}, "w.xlsx"
    )
    (said,) = _assumed(tmp_path, book, "replace_bidders = true\n")
    assert not said.startswith("No bidders sheet")
    assert said.startswith("replace_bidders = true drops the workbook's bidders")
    assert "'Outside provider', with cost factor 1.0" in said


def test_replaced_lots_are_not_a_missing_sheet(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook(
        {"patients": PATIENTS, "tariff": TARIFF, "bidders": BIDDERS, "lots": LOTS}, "w.xlsx"
    )
    (said,) = _assumed(tmp_path, book, "replace_lots = true\n")
    assert said.startswith("replace_lots = true drops the workbook's lots")
    assert "one fixed-tariff lot of every cluster" in said


def test_a_missing_sheet_still_reads_so(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF}, "w.xlsx")
    said = _assumed(tmp_path, book, "")
    assert said[0].startswith("No bidders sheet: one bidder, 'Outside provider'")
    assert said[1] == "No lots sheet: one fixed-tariff lot of every cluster."
