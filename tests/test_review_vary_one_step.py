"""`--vary NAME=LO:HI:1` is refused: one step can hold LO and HI only when they are equal.

Found in review 10: `pbrkit sweep s.toml --vary nhs.fixed_cost_share=0:1:1` ran one
setting, f = 0, and wrote "Change in the NHS surplus: from -£2,000 to -£2,000": HI (1)
was dropped without a word, though --help says STEPS values "from LO to HI inclusive"
(numpy's linspace(0, 1, 1) is [0]). Someone reading STEPS as a step size (0.2:0.8:1)
got a sweep of one point.
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.tender.sweep import parse_vary


def test_one_step_between_two_values_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_vary("nhs.fixed_cost_share=0.2:0.8:1")
    message = str(caught.value)
    assert "0.2:0.8:1" in message
    assert "STEPS" in message and "2 or more" in message


def test_one_step_of_one_value_is_that_value() -> None:
    assert parse_vary("nhs.fixed_cost_share=0.5:0.5:1") == ("nhs.fixed_cost_share", [0.5])


def test_two_steps_are_the_ends() -> None:
    assert parse_vary("nhs.fixed_cost_share=0:1:2") == ("nhs.fixed_cost_share", [0.0, 1.0])
