"""An infinite number in an input cell is called infinite, not "not a number".

Left by the previous reviews: ``inf``, ``Infinity`` or ``1e999`` (too large for a
64-bit float, so read as infinity) in a caseload cell was refused as "not a number",
though it reads as a number: the user was told to enter a number when they had. The
problem now says the value is infinite (not finite) and what to put instead; text that
is no number at all is still "not a number". (Excel's ``#NUM!`` is an error value,
refused by its own message.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet


def problem_for(tmp_path: Path, ref: ReferenceSet, users: str, cost: str) -> list[Problem]:
    path = tmp_path / "caseload.csv"
    path.write_text(
        f'cluster,service_users,cluster_days,actual_cost\n1,"{users}",3650,"{cost}"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return list(caught.value.problems)


@pytest.mark.parametrize("text", ["inf", "Infinity", "1e999", "-1e999", "£1e999", "-inf"])
def test_an_infinite_amount_is_called_infinite(
    tmp_path: Path, ref: ReferenceSet, text: str
) -> None:
    [problem] = problem_for(tmp_path, ref, "10", text)
    assert (problem.row, problem.column, problem.value) == (2, "actual_cost", text)
    assert problem.message == "infinite, not a finite number"
    # What to put instead: the column's expectation, finite, and the largest accepted.
    assert problem.fix == (
        "enter a finite value: an amount in £ of 0 or more (e.g. 1234.50 or £1,234.50); "
        "the largest accepted is 1,000,000,000,000 (SECURITY.md)"
    )


def test_an_infinite_count_is_called_infinite(tmp_path: Path, ref: ReferenceSet) -> None:
    [problem] = problem_for(tmp_path, ref, "1e999", "100")
    assert (problem.column, problem.message) == ("service_users", "infinite, not a finite number")
    assert problem.fix is not None and "finite" in problem.fix


def test_text_that_is_no_number_is_still_not_a_number(tmp_path: Path, ref: ReferenceSet) -> None:
    [problem] = problem_for(tmp_path, ref, "10", "lots")
    assert problem.message == "not a number"
