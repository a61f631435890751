"""A counted noun agrees with the number as shown, not with the unrounded figure.

review5 found a PSA median of 0.5 people printed "1 people": ``count`` rounds 0.5
half away from zero to "1", while the noun was chosen by ``0.5 == 1`` (false, so
plural).
"""

from __future__ import annotations

import pytest

from pbrkit.reports.format import plural
from pbrkit.reports.suppression import SUPPRESSED


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5, "1 person"),  # shown as 1 (half away from zero), so singular
        (1.4, "1 person"),  # shown as 1
        (1, "1 person"),
        (1.5, "2 people"),  # shown as 2
        (0.49, "0 people"),  # shown as 0: plural, as "0 people"
        (-0.5, "-1 people"),  # a negative count is not "one person"
        (2, "2 people"),
    ],
)
def test_the_noun_agrees_with_the_shown_count(value: float, expected: str) -> None:
    assert plural(value, "person") == expected


def test_a_hidden_count_keeps_the_plural() -> None:
    assert plural(SUPPRESSED, "person") == "* people"
