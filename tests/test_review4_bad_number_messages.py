"""What a refused number looked like is said in words a spreadsheet user knows.

Found in review 4: Excel's accounting format shows zero as a dash, and "Save as CSV"
writes the dash (` £ -   `); the cell was refused as "not a number" with the fix
"enter an amount in £ of 0 or more", leaving the user to guess. A number with a stray
space (`2 00`, refused since this review) says that spaces are read only as thousands
separators.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet


def problem_for(tmp_path: Path, ref: ReferenceSet, cost: str) -> tuple[str, str]:
    path = tmp_path / "caseload.csv"
    path.write_text(
        f'cluster,service_users,cluster_days,actual_cost\n1,10,3650,"{cost}"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "actual_cost")
    assert problem.fix is not None
    return problem.message, problem.fix


@pytest.mark.parametrize("dash", [" £ -   ", "-", " – ", "£-"])
def test_an_accounting_dash_is_named(tmp_path: Path, ref: ReferenceSet, dash: str) -> None:
    message, fix = problem_for(tmp_path, ref, dash)
    assert message.startswith("a dash, as an accounting format shows zero")
    assert "type 0" in fix


@pytest.mark.parametrize("text", ["2 00", "1 2345", "£12 34.50"])
def test_a_stray_space_is_named(tmp_path: Path, ref: ReferenceSet, text: str) -> None:
    message, fix = problem_for(tmp_path, ref, text)
    assert message.startswith("a space inside the number")
    assert "1 234" in fix


def test_other_text_is_still_not_a_number(tmp_path: Path, ref: ReferenceSet) -> None:
    message, _ = problem_for(tmp_path, ref, "n/a")
    assert message == "not a number"
