"""Bidder and lot names, and resources with a unit cost, differing only in case are one
name typed twice, refused naming both rows (review 8).

Found: a bidders sheet with `Acme Care` (row 2) and `acme care` (row 3) was read as two
bidders, shown alike in every table; a unit_costs sheet with `nurse_hour` £30 and
`Nurse_Hour` £45 validated, the second price never used. An exact repeat was refused
already ("appears more than once"); a case-only variant now is too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli


def _validate(path: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path), *args])


def test_bidders_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    rows = [["name", "cost_factor"], ["Acme Care", 0.9], ["Better Health", 1.0], ["acme care", 0.8]]
    result = _validate(write_xlsx(tmp_path / "t.xlsx", {"bidders": rows}), "--for", "tender")
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'bidders', row 4, column 'name': bidder name 'acme care' differs from "
        "'Acme Care' on row 2 only in capitals"
    ) in result.stderr


def test_lots_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    rows = [["name", "clusters"], ["North", "1-4"], ["NORTH", "11"]]
    result = _validate(write_xlsx(tmp_path / "t.xlsx", {"lots": rows}), "--for", "tender")
    assert result.exit_code == 2, result.output
    assert "row 3, column 'name': lot name 'NORTH' differs from 'North' on row 2" in result.stderr


def test_an_exact_repeat_keeps_its_message(tmp_path: Path) -> None:
    rows = [["name", "cost_factor"], ["Acme", 0.9], ["Acme", 0.8]]
    result = _validate(write_xlsx(tmp_path / "t.xlsx", {"bidders": rows}), "--for", "tender")
    # Worded as every other repeat since fix9b (one path: io.schema.report_repeats).
    assert (
        "row 3, column 'name': bidder name 'Acme' appears more than once (first on row 2)"
        in result.stderr
    )


def test_unit_costs_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    sheets = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 840], [3, 4, 1000]],
        "packages": [
            ["cluster", "resource", "quantity", "per"],
            [1, "nurse_hour", 2, "week"],
            [3, "nurse_hour", 1, "day"],
        ],
        "unit_costs": [["resource", "unit_cost"], ["nurse_hour", 30], ["Nurse_Hour", 45]],
    }
    result = _validate(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'unit_costs', row 3, column 'resource': resource 'Nurse_Hour' differs from "
        "'nurse_hour' on row 2 only in capitals"
    ) in result.stderr
