"""A range cut off by its parameter's valid range says what is drawn (review 8).

Found running ``pbrkit psa B.xlsx --uncertainty uB.csv`` on a workbook of our own, with
``years.deflator`` 0 to 0.04 (uniform) and ``pools.Beds.shed_rate`` 0 to 0.2 (uniform):
the ranges assumed said "the projection's deflator, drawn from a uniform distribution:
1 run in 10 below 0, 1 in 10 above 0.04, median 0.0225". No run is below 0: the
uniform is widened by an eighth of the interval at each end (−0.005 to 0.045,
docs/uncertainty.md §2) and cut off at 0, the lowest valid deflator, so what is drawn
is uniform on 0 to 0.045: 1 run in 10 below 0.0045 and 1 in 10 above 0.0405 (and the
median 0.0225, not 0.02). The sentence now gives the drawn distribution's 10th and 90th
percentiles when the cut moves them (by more than 5% of the interval), and says the
interval given was cut off.
"""

from __future__ import annotations

import pytest

from pbrkit.reports.layouts.break_even import range_words
from pbrkit.uncertainty import ParameterRow, check_parameters
from pbrkit.workflows.uncertainty import parameter_summary


def _summary(low: float, high: float, shape: str) -> dict[str, object]:
    (param,) = check_parameters(
        [ParameterRow("years.deflator", low, high, shape, None, None, row=2)]
    )
    return parameter_summary(param)


def test_a_uniform_cut_at_zero() -> None:
    p = _summary(0.0, 0.04, "uniform")
    # Uniform on [0, 0.045] after the cut: p10 = 0.0045, p90 = 0.0405, median 0.0225.
    assert p["p10"] == pytest.approx(0.0045)
    assert p["p90"] == pytest.approx(0.0405)
    words = range_words(p)
    assert "1 run in 10 below 0.0045, 1 in 10 above 0.0405, median 0.0225" in words
    assert "1 run in 10 below 0," not in words
    assert "the 80% interval given, 0 to 0.04, is cut off by the valid range" in words


def test_an_interval_clear_of_the_bounds_reads_as_given() -> None:
    p = _summary(0.01, 0.03, "uniform")
    words = range_words(p)
    assert "1 run in 10 below 0.01, 1 in 10 above 0.03, median 0.02;" in words
    assert "cut off" not in words
