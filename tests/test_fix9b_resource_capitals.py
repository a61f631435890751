"""A package resource differing only in capitals from a unit-cost resource is named as
such, at its sheet, row and column (fix9b, item 4).

Found: packages naming `nurse_hour` beside a unit_costs sheet pricing `Nurse_Hour`
gave costing's "sheet 'packages', column 'resource': package resource has no unit
cost (found 'nurse_hour'). Fix: add a row for 'nurse_hour'", with no row and no word
that the resource is priced under other capitals; a second row would have been a
repeat the unit_costs sheet refuses. The other case-only checks (unit_costs repeats,
bidder and lot names) say "differs from ... only in capitals"; this one now does too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

CASELOAD = [["cluster", "service_users", "cluster_days"], [1, 10, 840], [3, 4, 1000]]


def _run(path: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path), *args])


def test_a_package_row_names_the_unit_cost_row_it_differs_from(tmp_path: Path) -> None:
    sheets = {
        "caseload": CASELOAD,
        "packages": [
            ["cluster", "resource", "quantity", "per"],
            [1, "Nurse_Hour", 2, "week"],  # row 2: as priced
            [3, "nurse_hour", 1, "day"],  # row 3: other capitals
        ],
        "unit_costs": [["resource", "unit_cost"], ["Nurse_Hour", 30]],
    }
    result = _run(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'packages', row 3, column 'resource': resource 'nurse_hour' differs from "
        "'Nurse_Hour' on row 2 of sheet 'unit_costs' only in capitals "
        "(one resource written two ways)"
    ) in result.stderr
    assert "has no unit cost" not in result.stderr
    assert result.stderr.count("nurse_hour") == 1


def test_a_package_resource_in_other_capitals_from_the_reference_set(tmp_path: Path) -> None:
    sheets = {
        "caseload": CASELOAD,
        "packages": [["cluster", "resource", "quantity", "per"], [1, "Psychology_Hour", 2, "week"]],
    }
    result = _run(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'packages', row 2, column 'resource': resource 'Psychology_Hour' differs "
        "from 'psychology_hour' in the reference set's unit costs only in capitals"
    ) in result.stderr


def test_a_unit_cost_in_other_capitals_from_the_reference_packages(tmp_path: Path) -> None:
    # The sheet's unit costs replace the reference set's; its packages still name
    # psychology_hour, which the sheet prices as PSYCHOLOGY_HOUR (row 3).
    sheets = {
        "caseload": CASELOAD,
        "unit_costs": [["resource", "unit_cost"], ["care_coordination_hour", 40],
                       ["PSYCHOLOGY_HOUR", 60]],
    }  # fmt: skip
    result = _run(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'unit_costs', row 3, column 'resource': resource 'PSYCHOLOGY_HOUR' differs "
        "from 'psychology_hour' in the reference set's packages only in capitals"
    ) in result.stderr


def test_the_tender_reader_of_patient_rows_gives_the_same_hint(tmp_path: Path) -> None:
    # A tender of patient rows prices them through its own reader (tender_inputs).
    sheets = {
        "patients": [["patient_id", "cluster", "days"], ["A1", 1, 100], ["A2", 3, 200]],
        "packages": [["cluster", "resource", "quantity", "per"], [1, "nurse_hour", 2, "week"]],
        "unit_costs": [["resource", "unit_cost"], ["NURSE_HOUR", 30]],
    }
    result = _run(write_xlsx(tmp_path / "c.xlsx", sheets), "--for", "tender")
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'packages', row 2, column 'resource': resource 'nurse_hour' differs from "
        "'NURSE_HOUR' on row 2 of sheet 'unit_costs' only in capitals"
    ) in result.stderr
