"""An independent re-check of input messages (review, December 2026): a bidder's
``cost_factor`` typed as ``90%`` was refused as "a percentage where an amount or count
belongs (a percentage is never £)", though a cost factor is neither an amount nor £."""

from __future__ import annotations

import pytest

from conftest import WorkbookFactory
from pbrkit.errors import InputError
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
