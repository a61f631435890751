"""Tests written against the survivors of mutation testing
``io.ratings.refuse_admitted_over_stand_in`` (mut19, benchmarks/mutation-cluster.md),
called directly with a review period of its own.

docs/methodology.md §5.4: a patient's blank days stand for one review period of the
cluster the run pays for them by; admitted days cannot be more than it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.errors import ProblemCollector
from pbrkit.io.ratings import MAX_REPORTED, RatingsInput, refuse_admitted_over_stand_in


def _ratings(days: list[float], admitted: list[float], cluster: list[float]) -> RatingsInput:
    patients = pd.DataFrame(
        {
            "patient_id": [f"P{i + 1}" for i in range(len(days))],
            "cluster": cluster,
            "days": days,
            "admitted_days": admitted,
        }
    )
    rows = np.arange(2, 2 + len(days), dtype=np.int64)  # sheet rows 2, 3, …
    return RatingsInput("ratings", pd.DataFrame(index=patients.index), patients, rows, ())


def test_under_a_day_admitted_above_a_period_under_a_day_is_refused() -> None:
    # A reference set whose cluster 1 has a review period of half a day (0.5): P1's
    # blank days stand for 0.5 days, of which 0.75 admitted: 0.75 > 0.5, refused.
    # P2 (0.25 admitted) fits; P3 gives its days (so nothing stands in).
    data = _ratings([np.nan, np.nan, 1.0], [0.75, 0.25, 0.75], [1.0, 1.0, 1.0])
    problems = ProblemCollector()
    refuse_admitted_over_stand_in(data, pd.Series({1: 0.5}), problems)
    [problem] = problems.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "ratings",
        2,
        "admitted_days",
        "0.75",
    )
    assert problem.message == (
        "admitted days exceed the 0.5 days standing in for the blank days (one review "
        "period of the clinician's cluster 1, docs/methodology.md §5.4)"
    )
    assert problem.expected == "at most 0.5, or the patient's days given"
    assert problem.fix == "give the patient's days in the cluster, or correct the admitted days"


def test_admitted_days_equal_to_the_period_fit() -> None:
    # 0.5 admitted of the 0.5 days standing in: all of them in hospital, not more.
    data = _ratings([np.nan], [0.5], [1.0])
    problems = ProblemCollector()
    refuse_admitted_over_stand_in(data, pd.Series({1: 0.5}), problems)
    assert problems.problems == ()


def test_past_the_listed_rows_the_rest_are_counted() -> None:
    # 22 patients, each 0.75 admitted over 0.5 standing in: the first MAX_REPORTED (20)
    # are listed at their rows, 22 − 20 = 2 counted in one more problem.
    data = _ratings([np.nan] * 22, [0.75] * 22, [1.0] * 22)
    problems = ProblemCollector()
    refuse_admitted_over_stand_in(data, pd.Series({1: 0.5}), problems)
    assert [p.row for p in problems.problems[:MAX_REPORTED]] == list(range(2, 22))
    last = problems.problems[MAX_REPORTED:]
    assert [(p.message, p.sheet, p.column) for p in last] == [
        (
            "2 more patients with admitted days above the review period standing in for "
            "their blank days",
            "ratings",
            "admitted_days",
        )
    ]
