"""The uncertainty sentences say nothing more precise than the runs behind them (review 8).

Found by review8b on a tender nobody wins: "is between £0 and £0 in 9 runs out of 10"
(a range of one value) and, over 10 runs, "the NHS surplus falls in 100.0% of runs" (a
share to a tenth of a per cent, from ten runs, when it simply falls in every one).
"""

from __future__ import annotations

from pbrkit.reports.uncertainty_narrative import (
    in_share_of_runs,
    interval_sentence,
    threshold_sentence,
)


def test_a_range_of_one_shown_value_is_one_value() -> None:
    # p5 −£0.20 and p95 £0.40 both show as £0: one value, not "between £0 and £0".
    stats = {"p5": -0.2, "p50": 0.0, "p95": 0.4}
    assert interval_sentence(200, "the change", stats, "below") == (
        "Over 200 runs, the change is £0 in at least 9 runs out of 10, given the ranges below"
    )
    moving = {"p5": -1_250_000.0, "p50": -600_000.0, "p95": 0.0}
    assert interval_sentence(200, "the change", moving, "below") == (
        "Over 200 runs, the change is between -£1.25m and £0 in 9 runs out of 10 "
        "(median -£600k), given the ranges below"
    )


def test_all_or_none_of_the_runs_is_said_in_words() -> None:
    assert in_share_of_runs(1.0, 100) == "in every run"
    assert in_share_of_runs(0.0, 100) == "in no run"
    # 81 of 100 runs; 999 of 1,000 stays a share (it is not every run).
    assert in_share_of_runs(0.81, 100) == "in 81.0% of runs"
    assert in_share_of_runs(0.999, 1_000) == "in 99.9% of runs"


def test_no_crossing_does_not_speak_of_other_parameters_there_may_not_be() -> None:
    # `pbrkit threshold` with one uncertain parameter, or none but --param: "with the other
    # parameters at their medians" spoke of parameters that did not exist.
    threshold = {"parameter": "nhs.fixed_cost_share", "figure": "nhs_surplus_change",
                 "target": -5_000_000.0, "value": None, "bounds": [0.0, 1.0]}  # fmt: skip
    assert threshold_sentence(threshold) == (
        "With every other input as given (an uncertain one at its median), the change in "
        "the NHS provider's surplus does not cross -£5.0m anywhere between "
        "nhs.fixed_cost_share = 0 and 1."
    )
