"""One resource matcher for the cost and tender readers (fixleft item 6).

Before: ``io/resources.match_resources`` matched package resources to unit costs
ignoring case, and ``io/inputs.report_resource_capitals`` refused a resource that
differed only in capitals: two functions folding names over the same two sides,
which had to agree for a case-only miss to be named once. Now ``match_resources``
matches exactly and names a case-only miss with the capitals wording at the row it
had (tests/test_fix9b_resource_capitals.py keeps the messages), and the tender reader
calls the same function for case-only misses (a tender's unpriced package matters
only for a patient without a cost of their own, which the population reports).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.io import inputs, tender_inputs
from pbrkit.io.tender_inputs import read_tender_inputs
from pbrkit.reference import ReferenceSet


def test_one_matcher() -> None:
    assert not hasattr(inputs, "report_resource_capitals")
    assert "match_resources(" in inspect.getsource(inputs)
    assert "match_resources(" in inspect.getsource(tender_inputs)


def test_a_case_only_miss_is_named_once(tmp_path: Path) -> None:
    sheets = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 840]],
        "packages": [["cluster", "resource", "quantity", "per"], [1, "NURSE_hour", 2, "week"],
                     [1, "gym_hour", 1, "week"]],
        "unit_costs": [["resource", "unit_cost"], ["nurse_hour", 30]],
    }  # fmt: skip
    result = CliRunner().invoke(cli, ["validate", str(write_xlsx(tmp_path / "c.xlsx", sheets))])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("NURSE_hour") == 1  # the capitals message alone
    assert "row 2, column 'resource': resource 'NURSE_hour' differs from 'nurse_hour'" in (
        result.stderr
    )
    assert "row 3, column 'resource': package resource has no unit cost" in result.stderr


def test_the_tender_reader_leaves_an_unneeded_unpriced_resource(
    tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    # In a tender an unpriced package matters only for a patient without a cost of
    # their own (tests/test_layers.py): the reader names case-only misses alone.
    book = tmp_workbook(
        {
            "patients": [{"patient_id": "a", "cluster": 1, "days": 100, "cost": 500}],
            "packages": [{"cluster": 1, "resource": "gym_hour", "quantity": 1, "per": "day"}],
            "unit_costs": [{"resource": "nurse_hour", "unit_cost": 30}],
        },
        name="patients.xlsx",
    )
    read_tender_inputs(book, ref)  # no InputError
