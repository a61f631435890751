"""An independent re-check of the ``lots`` sheet (review, December 2026).

- Two fixed-tariff lots with different ``allocation``s stopped the run with "unexpected
  failure: ValidationError" (exit 1), pydantic's text and no row, instead of an input
  error (exit 2) at the lot's row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.errors import InputError, Problem
from pbrkit.io.tender_inputs import read_tender_inputs
from pbrkit.reference import ReferenceSet

CASELOAD = [
    ["cluster", "service_users", "cluster_days"],
    [1, 100, 36500],
    [3, 50, 18250],
    [13, 20, 7000],
]


def lot_problems(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, lots: list[list[object]]
) -> list[Problem]:
    path = tmp_workbook({"caseload": CASELOAD, "lots": lots})
    with pytest.raises(InputError) as caught:
        read_tender_inputs(path, ref)
    return list(caught.value.problems)


def test_two_allocations_are_an_input_error_at_the_row(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    lots = [
        ["name", "clusters", "allocation"],
        ["L1", "1-4", "best_value"],
        ["L2", "13", "random_order"],
    ]
    problems = lot_problems(tmp_workbook, ref, lots)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("lots", 3, "allocation")]
    assert "differs from 'best_value' of lot 'L1'" in problems[0].message


def test_the_command_exits_2_and_writes_nothing(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    lots = [
        ["name", "clusters", "allocation"],
        ["L1", "1-4", "best_value"],
        ["L2", "13", "random_order"],
    ]
    path = tmp_workbook({"caseload": CASELOAD, "lots": lots})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "unexpected failure" not in result.output
    assert "row 3" in result.output
    assert not out.exists()


def test_lots_with_one_allocation_are_read(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # An accept-all lot is awarded in stage 1, so its own allocation conflicts with none.
    lots = [
        ["name", "clusters", "allocation", "accept_all"],
        ["L1", "1-4", "random_order", "no"],
        ["L2", "13", "random_order", "no"],
        ["L3", "18", "best_value", "yes"],
    ]
    inputs = read_tender_inputs(tmp_workbook({"caseload": CASELOAD, "lots": lots}), ref)
    assert [lot.name for lot in inputs.spec.lots] == ["L1", "L2", "L3"]
