"""Mutation round mut20 on left20's hurdle-margin limits in the tender model
(``tender.model._hurdle_margin``): a margin of exactly -1 (-100%) is refused by the
model itself, in the words the bidders sheet uses, and one just above it is read
(benchmarks/mutation-session20.md). The sheet refuses -1 before the model sees it, so
only a scenario file or --vary reaches this rule.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pbrkit.tender.model import Bidder


def test_a_margin_of_minus_one_is_refused_with_its_reason() -> None:
    with pytest.raises(ValidationError) as refused:
        Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=-1)
    assert "must be greater than -1 (a margin of -100% or less makes no sense)" in str(
        refused.value
    )


def test_a_margin_just_above_minus_one_is_read() -> None:
    bidder = Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=-0.99)
    assert bidder.hurdle_margin == -0.99
