"""report.html colours a signed figure red only when it shows below zero.

Found in review 6: compare's difference of two runs' "NHS surplus before" was
−7e-9 (the same sum worked in another order), shown as £0 but coloured as a loss.
"""

from __future__ import annotations

import pytest

from pbrkit.reports.figures import figure
from pbrkit.reports.render.html import _cell_class


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-7.3e-9, "num"),  # shows £0
        (-0.4, "num"),  # shows £0 (rounded to the pound)
        (-0.6, "num neg"),  # shows -£1
        (-1_558_807.0, "num neg"),
        (0.0, "num"),
        (12.0, "num"),
    ],
)
def test_red_only_when_shown_below_zero(value: float, expected: str) -> None:
    assert _cell_class(figure("nhs_surplus_before"), value) == expected


def test_an_unsigned_figure_is_never_red() -> None:
    assert _cell_class(figure("casemix_index"), -0.5) == "num"
