"""An independent re-check of the tender side (review 2, December 2026): "-0.00".

- ``pbrkit compare`` showed the difference of two casemix figures, 0.8213 and 0.8209,
  as "-0.00": a sign on a figure that rounds to nothing. Money already dropped it
  ("£0", never "-£0"); ratios, percentages and counts now do too.
"""

from __future__ import annotations

import pytest

from pbrkit.reports import format as fmt


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (fmt.fixed(-0.0004), "0.00"),
        (fmt.decimal(-0.004, 2), "0.00"),
        (fmt.decimal(-0.0, 4), "0.0000"),
        (fmt.percent(-0.00004), "0.0%"),
        (fmt.count(-0.4), "0"),
        (fmt.money(-0.4), "£0"),
        # A figure that rounds to something keeps its sign: -0.005 is -0.01 half away.
        (fmt.fixed(-0.005), "-0.01"),
        (fmt.percent(-0.0005), "-0.1%"),
        (fmt.count(-0.5), "-1"),
    ],
)
def test_nothing_is_shown_without_a_sign(shown: str, expected: str) -> None:
    assert shown == expected
