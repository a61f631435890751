"""An independent re-check of the uncertainty table (qa23, December 2026).

A row refused for its values (a triangular's mode outside low-high, say) was left out
of the check for repeated parameters, so a later row naming the same parameter was
reported only once the first was fixed: a second run for a problem the first could
have listed. Every problem is listed at once (the project's rule for bad input); a bad
row itself keeps its one problem (tests/test_mutation_params.py).
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.params import ParameterRow, check_parameters


def _messages(rows: list[ParameterRow]) -> list[str]:
    with pytest.raises(InputError) as caught:
        check_parameters(rows)
    return [str(p) for p in caught.value.problems]


def test_a_repeat_of_a_row_refused_for_its_values_is_listed_with_it() -> None:
    messages = _messages(
        [
            ParameterRow("nhs.shed_rate", 0.1, 0.4, "triangular", 0.9, row=2),
            ParameterRow("nhs.shed_rate", 0.2, 0.3, row=3),
        ]
    )
    assert len(messages) == 2, messages
    assert "triangular" in messages[0]
    assert "'nhs.shed_rate' is given twice (also row 2)" in messages[1]


def test_two_bad_rows_of_different_parameters_are_not_called_repeats() -> None:
    messages = _messages(
        [
            ParameterRow("nhs.shed_rate", 0.4, 0.1, row=2),
            ParameterRow("nhs.fixed_cost_share", 0.4, 0.1, row=3),
        ]
    )
    assert len(messages) == 2, messages
    assert not any("given twice" in m for m in messages)
