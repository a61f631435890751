"""An independent re-check of ``pbrkit sweep --vary`` (review 5, December 2026).

``--vary bidders.Uno.capacity=1:3:5`` (1, 1.5, 2, 2.5, 3) stopped with pydantic's
"Input should be a valid integer, got a number with a fractional part" and no word of
what to do. Capacity counts people: the message now says so and how to give whole
numbers.
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.tender.model import Bidder, Lot, TenderSpec
from pbrkit.tender.sweep import set_parameter

SPEC = TenderSpec(
    bidders=[Bidder(name="Uno", cost_factor=0.9, capacity=2)],
    lots=[Lot(name="All", clusters=frozenset({1, 2, 3}))],
)


def test_a_fractional_capacity_says_to_give_whole_people() -> None:
    with pytest.raises(InputError) as caught:
        set_parameter(SPEC, "bidders.Uno.capacity", 1.5)
    [problem] = caught.value.problems
    assert problem.message.startswith("bidders.Uno.capacity: capacity counts people")
    assert "1:3:3" in (caught.value.hint or "")


def test_a_whole_capacity_written_as_a_float_is_taken() -> None:
    # 1:3:3 gives 1.0, 2.0, 3.0
    spec = set_parameter(SPEC, "bidders.Uno.capacity", 3.0)
    assert spec.bidders[0].capacity == 3
