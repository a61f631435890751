"""An independent re-check of input messages (review, December 2026).

- A bidder's ``cost_factor`` typed as ``90%`` was refused as "a percentage where an
  amount or count belongs (a percentage is never £)", though a factor is neither.
- A value above a column's limit was told to "enter a number of 0 or more", which it was.
"""

from __future__ import annotations

import pytest

from conftest import WorkbookFactory
from pbrkit.errors import InputError
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.io.tender_inputs import read_tender_inputs
from pbrkit.reference import ReferenceSet

CASELOAD = [["cluster", "service_users", "cluster_days"], [1, 100, 36500], [3, 50, 18250]]


def test_a_percentage_cost_factor_is_refused_as_a_factor(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    bidders = [["name", "cost_factor"], ["Meridian", "90%"]]
    path = tmp_workbook({"caseload": CASELOAD, "bidders": bidders})
    with pytest.raises(InputError) as caught:
        read_tender_inputs(path, ref)
    problems = caught.value.problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("bidders", 2, "cost_factor")]
    assert "a percentage where a factor belongs" in problems[0].message
    assert "£" not in problems[0].message
    assert problems[0].fix is not None and "0.9" in problems[0].fix


def test_a_value_above_the_limit_says_the_limit_in_its_fix(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Before: "value out of range (above the largest accepted, 366) (found '400');
    # expected a number of 0 or more. Fix: enter a number of 0 or more" - 400 is one.
    rows = [["patient_id", "cluster", "days"], ["P1", 3, 400]]
    with pytest.raises(InputError) as caught:
        read_cost_inputs(tmp_workbook({"patients": rows}), ref)
    problems = caught.value.problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("patients", 2, "days")]
    assert problems[0].fix is not None and problems[0].fix.startswith("enter at most 366")
