"""`low = true` in a scenario's [uncertainty] table is not a number, not a blank.

Found reviewing params.py's survivors (mutu, round 14): `pbrkit psa s.toml` with
`"nhs.shed_rate" = {low = true, high = 0.4}` said "low is blank; give a number",
though the cell is not blank. (The workbook reader refuses a TRUE cell itself, naming
what it found.)
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.params import check_parameters, rows_from_mapping


@pytest.mark.parametrize(("value", "word"), [(True, "true"), (False, "false")])
def test_a_boolean_bound_is_not_a_number(value: bool, word: str) -> None:
    rows = rows_from_mapping({"nhs.shed_rate": {"low": 0.1, "high": value}})
    with pytest.raises(InputError) as caught:
        check_parameters(rows, sheet="s.toml [uncertainty]")
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row) == ("s.toml [uncertainty]", 1)
    assert problem.message == f"high {word} is not a number"
