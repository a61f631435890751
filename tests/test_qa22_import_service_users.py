"""qa22: the import's line says why `pbrkit cost` counts more service users than people.

`pbrkit import mhsds examples/mhsds --year 2017/18` said "241 people" and `pbrkit cost` on
its workbook "345 service users", with no word on the difference: 345 is the caseload's
service users, where a person re-clustered in the year counts once in each cluster.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli

C803 = "MHS803CareCluster.csv"


def _import(tmp_path: Path, rows: list[dict[str, str]]) -> str:
    folder = extract(tmp_path / "extract", {C803: rows})
    book = tmp_path / "trust.xlsx"
    done = CliRunner().invoke(cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(book)])
    assert done.exit_code == 0, done.output
    return done.output


def test_a_person_in_two_clusters_is_two_service_users(tmp_path: Path) -> None:
    # P1 in cluster 3 from 1 April to 1 October 2017, then cluster 4; P2 in cluster 3 all
    # year: 2 people, and 3 service users (P1 in clusters 3 and 4, P2 in 3).
    rows = [
        care(EndDateCareClust="2017-10-01"),
        care(UniqClustID="RXX2", AMHCareClustCodeFin="04", StartDateCareClust="2017-10-01"),
        care(Person_ID="P2", UniqClustID="RXX3"),
    ]
    output = _import(tmp_path, rows)
    assert ": 2 people, " in output
    assert (
        "The caseload holds 3 service users, not 2: a person in more than one cluster in "
        "the year counts once in each (pbrkit cost reports that figure)"
    ) in output
    cost = CliRunner().invoke(
        cli, ["cost", str(tmp_path / "trust.xlsx"), "--out", str(tmp_path / "out")]
    )
    assert cost.exit_code == 0, cost.output
    assert ", 3 service users, " in cost.output  # the figure the import's line names


def test_no_note_when_each_person_has_one_cluster(tmp_path: Path) -> None:
    output = _import(tmp_path, [care(), care(Person_ID="P2", UniqClustID="RXX2")])
    assert ": 2 people, " in output
    assert "service users" not in output
