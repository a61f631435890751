"""An independent re-check of lots (review 5, December 2026).

A lot whose clusters nobody in the population is in (``clusters = "7-8"`` typed for
"17-18", or a lot copied from another trust's workbook) tendered no one without a word:
the run looked like a tender in which no bidder wanted the lot. The report's notes now
name it, as they name a bidder that bids for no lot.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    ["patient_id", "cluster", "days", "cost"],
    ["p1", 1, 100, 1000],
    ["p2", 3, 100, 3000],
]
TARIFF = [["cluster", "price", "unit"], [1, 15, "per_day"], [3, 8, "per_day"]]


def _notes(tmp_workbook: WorkbookFactory, tmp_path: Path, lots: list[list[object]]) -> list[str]:
    path = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF, "lots": lots})
    result = CliRunner().invoke(cli, ["tender", str(path), "--json"])
    assert result.exit_code == 0, result.output
    notes: list[str] = json.loads(result.stdout)["notes"]
    return notes


def test_a_lot_with_no_one_in_its_clusters_is_named(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    lots = [["name", "clusters"], ["Common", "1-3"], ["Typo", "7-8"]]
    notes = _notes(tmp_workbook, tmp_path, lots)
    assert [n for n in notes if "Typo" in n] == [
        "Lot 'Typo' tenders no one: no one in the population is in its clusters (7, 8)."
    ]
    # Common's clusters 1 and 3 have people; 2 has no one (fix19: said too, below)
    assert [n for n in notes if "Common" in n] == [
        "Lot 'Common' tenders no one in cluster 2: no one in the population is in it."
    ]


def test_a_scenario_lot_with_no_one_in_its_clusters_is_named(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    path = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF})
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{path.name}"\nreplace_lots = true\n'
        '[[lots]]\nname = "Psychosis"\nclusters = "10-13"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--json"])
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    assert (
        "Lot 'Psychosis' tenders no one: no one in the population is in its clusters "
        "(10, 11, 12, 13)." in notes
    )


def test_a_cluster_of_a_lot_with_no_one_in_it_is_named(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # fix19: the lot's other clusters (1 and 3) have people, so the lot tenders someone,
    # but 7 and 8 (typed for 17-18, say) have no one: that went without a note.
    lots = [["name", "clusters"], ["Common", "1, 3, 7-8"], ["One", "1-2"]]
    notes = _notes(tmp_workbook, tmp_path, lots)
    assert [n for n in notes if "tenders no one" in n] == [
        "Lot 'Common' tenders no one in clusters 7, 8: no one in the population is in them.",
        "Lot 'One' tenders no one in cluster 2: no one in the population is in it.",
    ]
