"""A triangle floats cannot compute is told so, not that none exists (fix6).

For any low < high and a mode in [low, high] one triangle has low and high as its 10th
and 90th percentiles (with d = low − a, F(high) falls from 1 at a tiny d towards 0.1 at
a huge one, so some d puts it at 0.9: distributions._triangular). So when the search
fails it is floating point that failed, and "no triangular distribution has this mode,
10th and 90th percentile" (the message since mutu) was untrue. An interval too narrow
beside its size (1 to 1.00000001: 1e-8 of the value, where floats are 2.2e-16 apart)
is told to widen; one spanning hundreds of orders of magnitude, or in denormals, is told
floats cannot hold it. Either way the row may be left out to keep the value fixed.
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.params import ParameterRow, check_parameters

TOO_NARROW = (
    "a triangular distribution with this mode, 10th and 90th percentile exists but "
    "the interval is too narrow to compute it in floating point; widen the interval, "
    "or leave the row out to keep the value fixed"
)
OUT_OF_REACH = (
    "a triangular distribution with this mode, 10th and 90th percentile exists but "
    "cannot be computed in floating point (low and high are too far apart in size, or "
    "too near 0); give an interval of ordinary numbers, or leave the row out to keep "
    "the value fixed"
)


@pytest.mark.parametrize(
    ("path", "low", "high", "mode", "told"),
    [
        ("tariff.scale", 1.0, 1.00000001, 1.0, TOO_NARROW),  # width 1e-8 of the value
        ("nhs.shed_rate", 0.5, 0.500000001, 0.5, TOO_NARROW),  # 2e-9 of it
        ("tariff.scale", 1.0, 1.000000001, 1.0000000005, TOO_NARROW),  # misses by > 1e-9
        ("pools.x.amount", 1e-300, 1e300, 1.0, OUT_OF_REACH),  # width is the value's size
        ("tariff.scale", 5e-324, 1e-323, 5e-324, OUT_OF_REACH),  # denormals
    ],
)
def test_a_triangle_floats_cannot_compute_is_told_why(
    path: str, low: float, high: float, mode: float, told: str
) -> None:
    row = ParameterRow(path, low, high, "triangular", mode, row=7)
    with pytest.raises(InputError) as caught:
        check_parameters([row])
    (problem,) = caught.value.problems
    assert problem.message == f"'{path}': {told}"
    assert (problem.sheet, problem.row) == ("uncertainty", 7)


def test_an_ordinary_narrow_triangle_is_still_fitted() -> None:
    # 1 to 1.001 (a thousandth of the value) is well within what floats hold.
    (fitted,) = check_parameters([ParameterRow("tariff.scale", 1.0, 1.001, "triangular", 1.0)])
    assert fitted.marginal.cdf(1.0)[()] == pytest.approx(0.1, abs=1e-9)
    assert fitted.marginal.cdf(1.001)[()] == pytest.approx(0.9, abs=1e-9)
