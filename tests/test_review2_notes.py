"""An independent re-check of the tender side (review 2, December 2026): the notes.

- A scenario that replaced the lots kept the notes worked out on the workbook's lots.
  A scenario whose lot no bidder covers (here a lot of clusters 1-4 and 99, which no
  bidder treats) took nobody and said nothing; a workbook whose bidder bids for no lot
  kept saying so after a scenario gave that bidder a lot it does bid for.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = [
    ["cluster", "service_users", "cluster_days"],
    [1, 100, 36500],
    [3, 50, 18250],
    [13, 20, 7000],
]
BIDDERS = [
    ["name", "cost_factor", "info_quality", "hurdle_margin", "capacity", "clusters"],
    ["Only", 0.9, 0.5, 0.1, 1000, "1-4"],
]


def notes_of(tmp_path: Path, workbook: Path, scenario: str) -> list[str]:
    path = tmp_path / "s.toml"
    path.write_text(f'schema_version = 1\nworkbook = "{workbook.name}"\n{scenario}')
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes: list[str] = json.loads((out / "summary.json").read_text())["notes"]
    return notes


def test_a_scenario_lot_no_bidder_covers_is_noted(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    lots = [["name", "clusters"], ["Common", "1-4"]]
    book = tmp_workbook({"caseload": CASELOAD, "bidders": BIDDERS, "lots": lots})
    scenario = 'replace_lots = true\n[[lots]]\nname = "Typo"\nclusters = "1-4, 99"\n'
    assert notes_of(tmp_path, book, scenario) == [
        "Bidder 'Only' bids for no lot: no lot's clusters are all among the clusters it "
        "will treat.",
        # fix19: the caseload has people in 1, 3 and 13 only
        "Lot 'Typo' tenders no one in clusters 2, 4, 99: no one in the population is in them.",
    ]


def test_a_note_the_scenario_makes_untrue_is_dropped(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    lots = [["name", "clusters"], ["Psychosis", "13"]]
    book = tmp_workbook({"caseload": CASELOAD, "bidders": BIDDERS, "lots": lots})
    scenario = 'replace_lots = true\n[[lots]]\nname = "Common"\nclusters = "1-4"\n'
    # the bidder's note is gone; fix19's note on the lot's empty clusters is new
    assert notes_of(tmp_path, book, scenario) == [
        "Lot 'Common' tenders no one in clusters 2, 4: no one in the population is in them."
    ]
