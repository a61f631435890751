"""A share or margin written with its % sign above 100% is not told it may be a
percentage typed without its sign (mut19, found by _describe_bad_number's mutant 22).

7a1024e (walk 9) answers a share of at most 1 given as 25 with "as a fraction, 25 is
2,500%; if you meant 25%, write 25% or 0.25": a bare 25 is most often 25% typed without
its sign. A cell reading "150%" has its sign: it was answered "as a fraction, 1.5 is
150%; if you meant 1.5%, write 1.5% or 0.015", a guess the cell itself rules out. It is
now out of range as any number above the largest is, with the largest (1 = 100%).
"""

from __future__ import annotations

from pbrkit.io import sheets
from pbrkit.io.schema import _describe_bad_number

OUT_OF_RANGE = "value out of range (above the largest accepted, 1)"


def _bidders(name: str) -> sheets.Column:
    return next(c for c in sheets.BIDDERS.columns if c.name == name)


def test_a_share_written_as_150_percent_is_out_of_range_not_a_bare_percentage() -> None:
    # "150%" is 1.5 as a fraction, above 1: out of range, the limit given.
    message, fix = _describe_bad_number("150%", _bidders("info_quality"))
    assert message == OUT_OF_RANGE
    assert fix == (
        "enter at most 1 (a fraction from 0 to 1 (e.g. 0.25 or 25%)), or check the unit; "
        "the limits are in SECURITY.md"
    )
    message, _ = _describe_bad_number("150 %", _bidders("hurdle_margin"))
    assert message == OUT_OF_RANGE


def test_a_bare_number_is_still_read_as_a_percentage_typed_without_its_sign() -> None:
    # 25 (or "25") without a sign: 25 × 100 = 2,500% as a fraction; 25% = 0.25 meant.
    for value in (25, "25"):
        assert _describe_bad_number(value, _bidders("info_quality")) == (
            f"{OUT_OF_RANGE}: as a fraction, 25 is 2,500%",
            "if you meant 25%, write 25% or 0.25",
        )
