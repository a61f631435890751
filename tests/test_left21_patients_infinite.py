"""An infinite day count or cost in a patients table is called infinite, as every other
cell is (left20), not "value out of range (or not a finite number)".

Left by the reviews: left20 made an infinite caseload or ratings cell say "infinite,
not a finite number" with the largest value accepted, but the patients reader checks a
Parquet file's float columns itself (a float column may hold ±infinity, a CSV's text
goes through the cell reader) and kept its own words: an infinite cost read "value out
of range (or not a finite number: NaN or infinity)", and an infinite admitted day count
was reported twice (out of range, and above the patient's days).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet


def problems_for(tmp_path: Path, ref: ReferenceSet, **column: float) -> list[Problem]:
    """The problems of a one-patient Parquet table, ``column`` replacing its value."""
    row = {"patient_id": "A", "cluster": 1, "days": 100.0, "admitted_days": 0.0, "cost": 500.0}
    row.update(column)
    path = tmp_path / "patients.parquet"
    pd.DataFrame({k: [v] for k, v in row.items()}).to_parquet(path)
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return list(caught.value.problems)


@pytest.mark.parametrize("value", [np.inf, -np.inf])
@pytest.mark.parametrize(
    ("column", "largest", "expected"),
    [
        ("days", "366", "a number of days from 0 to 366"),
        ("admitted_days", "366", "a number of days from 0 to 366"),
        ("cost", "1,000,000,000,000", "an amount in £ from 0 to 1,000,000,000,000"),
    ],
)
def test_an_infinite_number_is_called_infinite(
    tmp_path: Path, ref: ReferenceSet, value: float, column: str, largest: str, expected: str
) -> None:
    # One problem only: an infinite admitted day count is not also "more than the days".
    [problem] = problems_for(tmp_path, ref, **{column: value})
    assert (problem.row, problem.column, problem.value) == (2, column, value)
    assert problem.message == "infinite, not a finite number"
    assert problem.expected == expected
    # The fix in the words every other reader uses (pbrkit.io.schema.infinite_words).
    assert problem.fix == (
        f"enter a finite value: {expected}; the largest accepted is {largest} (SECURITY.md)"
    )


def test_an_infinite_episode_count_is_called_infinite(tmp_path: Path, ref: ReferenceSet) -> None:
    [problem] = problems_for(tmp_path, ref, episodes=np.inf)
    assert (problem.column, problem.message) == ("episodes", "infinite, not a finite number")
    assert problem.fix is not None and problem.fix.startswith("enter a finite value: ")


def test_a_finite_value_out_of_range_is_still_out_of_range(
    tmp_path: Path, ref: ReferenceSet
) -> None:
    [problem] = problems_for(tmp_path, ref, days=400.0)
    assert problem.message.startswith("value out of range")
    assert "infinite" not in problem.message
    assert problem.fix == "enter a number of days from 0 to 366"
