"""An independent re-check of the uncertainty sheet (review 5, December 2026).

``bidders.*.info_quality`` sets every bidder; a row ``bidders.Alpha.info_quality`` as well
set Alpha's value a second time, and the later row won: swapping the two rows moved the
PSA's median change in the NHS surplus from -£33,493 to -£34,198 (40 samples of a
three-bidder tender). A path given twice is an error at its row (docs/uncertainty.md
§1); a named path that a `*` path also sets is now one too, whichever row comes first.
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.params import ParameterRow, check_parameters

STAR = ("bidders.*.info_quality", 0.3, 0.6)
NAMED = ("bidders.Alpha.info_quality", 0.2, 0.4)


def _rows(*given: tuple[str, float, float]) -> list[ParameterRow]:
    return [ParameterRow(p, lo, hi, row=i) for i, (p, lo, hi) in enumerate(given, start=2)]


@pytest.mark.parametrize(("first", "second"), [(STAR, NAMED), (NAMED, STAR)])
def test_a_named_path_under_a_star_path_is_a_problem_at_the_later_row(
    first: tuple[str, float, float], second: tuple[str, float, float]
) -> None:
    with pytest.raises(InputError) as caught:
        check_parameters(_rows(first, second))
    [problem] = caught.value.problems
    assert problem.row == 3
    assert "bidders.*.info_quality" in problem.message
    assert "bidders.Alpha.info_quality" in problem.message


def test_a_star_path_beside_other_columns_and_groups_is_fine() -> None:
    params = check_parameters(
        _rows(
            STAR,
            ("bidders.Alpha.cost_factor", 0.8, 0.9),
            ("lots.L1.price_weight", 0.3, 0.5),
            ("lots.*.cost_sharing", 0.0, 0.2),
        )
    )
    assert len(params) == 4
