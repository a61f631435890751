"""A figure with no value in any run (no one left) is blank without numpy's warnings (review 6).

Found by running ``pbrkit psa`` on five patients and one bidder (cost factor 0.1,
capacity 100) that takes all of them in every run: the casemix index of the residue has
no value (no one is left), and the terminal printed numpy's "RuntimeWarning: Mean of
empty slice" and "All-NaN slice encountered", each with the line of pbrkit's source
that raised it, before the reports were written. The summary was right (the figure is
null and shown as a dash); the warnings were noise a user cannot act on. A figure
that is missing in every run is now summarised as blank without asking numpy for the
mean or the percentiles of nothing.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

from pbrkit.uncertainty import ParameterRow, check_parameters, run_psa


def _nobody_left(values: Mapping[str, float], seed: int) -> dict[str, float]:
    # Everyone is taken: the residue's casemix index is undefined (0 people ÷ 0).
    change = -1000.0 * values["tariff.scale"]
    return {
        "nhs_surplus_change": change,
        "public_spending_change": -change,
        "casemix_index": math.nan,
    }


def test_an_all_missing_figure_is_blank_and_warns_nothing() -> None:
    params = check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)])
    result = run_psa(_nobody_left, params, samples=20, inner=2, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summary = result.summary()
    assert summary["figures"]["casemix_index"] == {
        "mean": None,
        "p5": None,
        "p50": None,
        "p95": None,
        "share_parameters": None,
    }
    assert summary["figures"]["nhs_surplus_change"]["p50"] is not None
