"""Subtotal rows inside a caseload (Excel's Data > Subtotal) are one problem each,
naming the row and its label, and the Grand Total is checked against the real rows.

Found in review 4: a caseload with "North Total" and "South Total" rows (team
subtotals, cluster left blank) and a Grand Total gave four problems for one cause:
"required value is blank" for each subtotal's cluster, and "the Total row says 410.00
but the rows above add up to 820.00" for people and days, because the subtotals were
added in. Grouped by cluster ("1 Total") it said "not a valid cluster code".
"""

from __future__ import annotations

import pytest

from conftest import WorkbookFactory
from pbrkit.errors import InputError
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet

BY_TEAM = [
    ["team", "cluster", "service_users", "cluster_days"],
    ["North", 1, 120, 9600],
    ["North", 3, 200, 34000],
    ["North Total", None, 320, 43600],  # row 4
    ["South", 11, 90, 30600],
    ["South Total", None, 90, 30600],  # row 6
    ["Grand Total", None, 410, 74200],  # 120 + 200 + 90 people; 9,600 + 34,000 + 30,600 days
]

BY_CLUSTER = [
    ["cluster", "team", "service_users", "cluster_days"],
    [1, "North", 120, 9600],
    [1, "South", 20, 900],
    ["1 Total", None, 140, 10500],  # row 4
    [3, "North", 200, 34000],
    ["3 Total", None, 200, 34000],  # row 6
    ["Grand Total", None, 340, 44500],  # 120 + 20 + 200; 9,600 + 900 + 34,000
]


@pytest.mark.parametrize(
    ("rows", "labels"),
    [(BY_TEAM, ["North Total", "South Total"]), (BY_CLUSTER, ["1 Total", "3 Total"])],
)
def test_subtotal_rows_are_one_problem_each(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, rows: list[list[object]], labels: list[str]
) -> None:
    path = tmp_workbook({"caseload": rows})
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    problems = caught.value.problems
    assert [(p.sheet, p.row) for p in problems] == [("caseload", 4), ("caseload", 6)]
    for problem, label in zip(problems, labels, strict=True):
        assert f"a subtotal row ('{label}')" in problem.message
        assert problem.fix is not None and "Remove All" in problem.fix


def test_a_team_whose_name_only_contains_total_is_data(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [
        ["team", "cluster", "service_users", "cluster_days"],
        ["Total Care Team", 1, 120, 9600],
        ["Pivotal", 3, 200, 34000],
    ]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["service_users"].sum() == 320  # 120 + 200
