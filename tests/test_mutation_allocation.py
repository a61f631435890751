"""Hand-worked allocations that kill the mutants of src/pbrkit/allocation.py
(benchmarks/mutation-cluster.md, section "allocation.py").

The rules are docs/methodology.md §5: a cluster is ruled out when an item has must
rows for it and the patient's known rating on that item is not one of them; its score
is the sum of the band weights (must +2, expected +2, may +1, unlikely -2) of the
known ratings; the highest-scoring cluster left is suggested, ties to the lower code;
none left, or the best below the minimum score, gives variance (0); more than
``max_unknown`` unknown items gives not assessed (99).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pbrkit import allocation
from pbrkit.allocation import (
    ITEMS,
    NOT_ASSESSED,
    UNKNOWN,
    VARIANCE,
    BandWeights,
    Outcome,
    allocate,
    allocation_frame,
    compile_profiles,
    ratings_array,
    reasons,
)
from pbrkit.errors import InputError

# The grid G (items by their MHCT labels):
#   cluster 1: item 1 MUST 0-1; item 2 expected 2; item A may 3
#   cluster 2: item 1 expected 1; item 2 MUST 2-3; item E unlikely 4
#   cluster 3: item 13 MUST 4; item 2 may 2; item 1 may 1
G = pd.DataFrame(
    [
        (1, "1", 0, "must"),
        (1, "1", 1, "must"),
        (1, "2", 2, "expected"),
        (1, "A", 3, "may"),
        (2, "1", 1, "expected"),
        (2, "2", 2, "must"),
        (2, "2", 3, "must"),
        (2, "E", 4, "unlikely"),
        (3, "13", 4, "must"),
        (3, "2", 2, "may"),
        (3, "1", 1, "may"),
    ],
    columns=["cluster", "item", "rating", "band"],
)


def rated(**given: int) -> list[int]:
    """18 ratings, 0 unless given by MHCT label (``i1=1``, ``A=3``; ``UNKNOWN`` = -1)."""
    return [given.get(f"i{item}" if item.isdigit() else item, 0) for item in ITEMS]


# Seven patients, one of every outcome, with min_score 1 and max_unknown 2:
PATIENTS = np.array(
    [
        # a: c1 = 2 (must) + 2 (item 2 expected) = 4; c2 = 2 (item 1 expected) + 2 (must) = 4;
        #    c3 = 2 (must) + 1 (item 2 may) + 1 (item 1 may) = 4: a three-way tie, 1 wins.
        rated(i1=1, i2=2, i13=4),
        # b: c1 out (item 1 = 2), c2 out (item 2 = 0), c3 out (item 13 = 0): ruled out by
        #    items 1, 2 and 13, mask 2**0 + 2**1 + 2**12 = 4099.
        rated(i1=2),
        # c: items 5, B and E unknown (3 > 2): not assessed, mask 2**4 + 2**14 + 2**17 = 147472.
        rated(i5=UNKNOWN, B=UNKNOWN, E=UNKNOWN, i1=1, i2=2),
        # d: items 1 and 2 unknown (2, allowed): c1 = 0, c2 = 0 (neither ruled out: unknown
        #    ratings rule nothing out), c3 out: best 0 (cluster 1) below the minimum 1.
        rated(i1=UNKNOWN, i2=UNKNOWN),
        # e: c1 = 2 (must), c2 out (item 2 = 0), c3 out: cluster 1 alone.
        rated(),
        # f: c1 = 2 + 1 (A may) = 3; c2 = 2 + 2 - 2 (E unlikely) = 2; c3 out: 1, margin 1.
        rated(i1=1, i2=3, A=3, E=4),
        # g: c1 out (item 1 = 3); c2 = 2 (must) + 0 = 2; c3 = 2 (must) + 1 (item 2 may) = 3:
        #    cluster 3 beats cluster 2, margin 1; the same case as nobody else.
        rated(i1=3, i2=2, i13=4),
    ],
    dtype=np.int8,
)
NAN = np.nan
EXPECTED: dict[str, list[Any]] = {
    "outcome": [0, 2, 3, 1, 0, 0, 0],
    "suggested": [1, VARIANCE, NOT_ASSESSED, VARIANCE, 1, 1, 3],
    "score": [4, NAN, NAN, 0, 2, 3, 3],
    "runner_up": [2, -1, -1, 1, -1, 2, 2],
    "runner_up_score": [4, NAN, NAN, 0, NAN, 2, 2],
    "margin": [0, NAN, NAN, NAN, NAN, 1, 1],
    "unknown_count": [0, 0, 3, 2, 0, 0, 0],
    "unknown_items": [0, 0, 147472, 0, 0, 0, 0],
    "breaking_items": [0, 4099, 0, 0, 0, 0, 0],
}
REASONS = [
    "best score 4 for cluster 1 (tied with 2; the lower code wins)",
    "ruled out everywhere: the ratings on items 1, 2, 13 break the must rules of every "
    "profiled cluster: variance",
    "3 items unknown (5, B, E; more than 2 allowed): not assessed",
    "best score 0 for cluster 1 is below the minimum 1: variance",
    "best score 2 for cluster 1 (every other cluster ruled out)",
    "best score 3 for cluster 1 (runner-up 2 at 2)",
    "best score 3 for cluster 3 (runner-up 2 at 2)",
]


def _check(result: allocation.Allocation) -> None:
    for name, expected in EXPECTED.items():
        got = getattr(result, name)
        np.testing.assert_array_equal(got, np.array(expected, dtype=got.dtype), err_msg=name)
    assert result.outcome.dtype == np.int8
    assert result.suggested.dtype == np.int64
    assert result.runner_up.dtype == np.int64
    assert result.unknown_items.dtype == np.int32
    assert result.breaking_items.dtype == np.int32
    assert (result.min_score, result.max_unknown) == (1.0, 2)
    assert list(reasons(result)) == REASONS


def test_every_outcome_at_once_worked_by_hand() -> None:
    # Patients b, c and e have no runner-up (-inf - -inf for b): no NumPy warning reaches
    # the user for it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = allocate(PATIENTS, compile_profiles(G), min_score=1, kernel="numpy")
    _check(result)


def test_the_default_minimum_score_is_zero() -> None:
    # Patient d's best score is 0 (cluster 1): not below the default minimum of 0.
    result = allocate(PATIENTS[[3]], compile_profiles(G), kernel="numpy")
    assert (result.suggested[0], result.min_score) == (1, 0.0)


def test_chunks_and_reason_blocks_of_two_patients(monkeypatch: pytest.MonkeyPatch) -> None:
    # Seven patients scored two at a time (the last chunk holds one) and their reasons
    # found two at a time: the same arrays and texts as in one pass.
    monkeypatch.setattr(allocation, "_CHUNK", 2)
    monkeypatch.setattr(allocation, "REASON_BLOCK", 2)
    _check(allocate(PATIENTS, compile_profiles(G), min_score=1, kernel="numpy"))


def test_repeated_cases_share_one_reason_and_keep_first_appearance_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Patients e, a, e, b, a, d, b: four distinct texts, in the order suggested cases
    # first (e then a, as they first appear), then below the minimum (d), then ruled out (b).
    monkeypatch.setattr(allocation, "REASON_BLOCK", 3)
    order = [4, 0, 4, 1, 0, 3, 1]
    result = allocate(PATIENTS[order], compile_profiles(G), min_score=1, kernel="numpy")
    got = reasons(result)
    assert list(got) == [REASONS[i] for i in order]
    assert list(got.categories) == [REASONS[4], REASONS[0], REASONS[3], REASONS[1]]
    assert got.codes.tolist() == [0, 1, 0, 3, 1, 2, 3]


def test_half_weights_and_minimum_print_as_decimals() -> None:
    # Weights may 0.5, unlikely -0.25 (sums exact in binary). Patient f: c1 = 2 + 0.5 = 2.5;
    # c2 = 2 + 2 - 0.25 = 3.75 -> cluster 2, runner-up 1 at 2.5, margin 1.25.
    # Patient d with a minimum of 0.5: best 0 -> "below the minimum 0.5".
    compiled = compile_profiles(G, BandWeights(may=0.5, unlikely=-0.25))
    result = allocate(PATIENTS[[5, 3]], compiled, min_score=0.5, kernel="numpy")
    assert (result.suggested.tolist(), result.score[0], result.margin[0]) == ([2, 0], 3.75, 1.25)
    assert list(reasons(result)) == [
        "best score 3.75 for cluster 2 (runner-up 1 at 2.5)",
        "best score 0 for cluster 1 is below the minimum 0.5: variance",
    ]


def test_weights_not_held_exactly_in_float32_keep_float64() -> None:
    # may = 0.1: patient f scores c1 = 2 + 0.1 = 2.1 (float64, not float32's 2.0999999).
    compiled = compile_profiles(G, BandWeights(may=0.1))
    result = allocate(PATIENTS[[5]], compiled, kernel="numpy")
    assert result.score[0] == 2.0 + 0.1
    assert list(reasons(result)) == ["best score 2.1 for cluster 1 (runner-up 2 at 2)"]


def test_a_seventh_significant_digit_is_rounded_in_the_text() -> None:
    # may = 1.0000001: patient f's c1 = 2 + 1.0000001 = 3.0000001, printed to 6 digits as 3.
    compiled = compile_profiles(G, BandWeights(may=1.0000001))
    result = allocate(PATIENTS[[5]], compiled, kernel="numpy")
    assert list(reasons(result)) == ["best score 3 for cluster 1 (runner-up 2 at 2)"]


def test_allocation_frame_of_every_outcome() -> None:
    result = allocate(PATIENTS, compile_profiles(G), min_score=1, kernel="numpy")
    frame = allocation_frame(
        list("abcdefg"), result, clinician_cluster=pd.Series([1, 2, None, 0, 1, 3, 3])
    )
    assert frame["runner_up"].tolist() == [2, pd.NA, pd.NA, 1, pd.NA, 2, 2]
    assert frame["cluster"].tolist() == [1, 2, pd.NA, 0, 1, 3, 3]
    assert frame["reason"].tolist() == REASONS


def test_unknown_ratings_at_the_limit_are_assessed() -> None:
    # max_unknown 0: patient d (2 unknown) is not assessed, with items 1 and 2 in its text;
    # max_unknown 2 (the limit itself): assessed.
    compiled = compile_profiles(G)
    strict = allocate(PATIENTS[[3]], compiled, max_unknown=0, kernel="numpy")
    assert strict.suggested[0] == NOT_ASSESSED
    assert list(reasons(strict)) == ["2 items unknown (1, 2; more than 0 allowed): not assessed"]
    assert allocate(PATIENTS[[3]], compiled, max_unknown=2, kernel="numpy").suggested[0] == 1


def test_a_negative_max_unknown_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        allocate(PATIENTS, compile_profiles(G), max_unknown=-1)
    assert str(caught.value) == "max_unknown must be 0 or more"


@pytest.mark.parametrize("bad", [-2, 5])
def test_ratings_outside_minus_one_to_four_are_refused(bad: int) -> None:
    ratings = PATIENTS.copy()
    ratings[6, 17] = bad
    with pytest.raises(ValueError) as caught:
        allocate(ratings, compile_profiles(G))
    assert str(caught.value) == "ratings must be 0-4, or -1 for unknown"


def test_typed_integer_ratings_read_with_nine_as_unknown() -> None:
    # A typed int column: 0 and 4 are ratings, 9 unknown (-1), -1 and 5 are not ratings.
    good = pd.DataFrame({item: np.array([0, 4, 9], dtype=np.int64) for item in ITEMS})
    assert ratings_array(good)[:, 0].tolist() == [0, 4, -1]
    for bad in (-1, 5):
        frame = good.copy()
        frame["C"] = np.array([0, bad, 9], dtype=np.int64)
        with pytest.raises(InputError) as caught:
            ratings_array(frame)
        (problem,) = caught.value.problems
        assert (problem.row, problem.column, problem.value) == (3, "C", bad)


def test_a_rating_that_meets_every_must_rule_on_its_item_does_not_break() -> None:
    # Cluster 1: item 1 MUST 0-1, item 2 MUST 0; cluster 2: item 2 MUST 2. Ratings
    # item 1 = 0 (meets cluster 1's rule), item 2 = 1 (breaks both clusters' rules):
    # ruled out everywhere by item 2 alone (mask 2**1 = 2), item 1 not named.
    grid = pd.DataFrame(
        [(1, "1", 0, "must"), (1, "1", 1, "must"), (1, "2", 0, "must"), (2, "2", 2, "must")],
        columns=["cluster", "item", "rating", "band"],
    )
    result = allocate(np.array([rated(i2=1)], dtype=np.int8), compile_profiles(grid))
    assert (result.outcome[0], result.breaking_items[0]) == (Outcome.RULED_OUT, 2)
    assert list(reasons(result)) == [
        "ruled out everywhere: the rating on item 2 breaks the must rules of every "
        "profiled cluster: variance"
    ]


def test_the_compiled_grid_keeps_its_bands_and_weights() -> None:
    # Cluster 1 (first row), item 1: must at ratings 0 and 1 (band 0), no row at 2-4 (-1).
    weights = BandWeights(may=0.5)
    compiled = compile_profiles(G, weights)
    assert compiled.band.dtype == np.int8
    assert compiled.band[0, 0].tolist() == [0, 0, -1, -1, -1]
    assert compiled.weights is weights


@pytest.mark.parametrize("cell", [True, "0_3"])
def test_text_columns_refuse_a_yes_no_value_and_an_underscored_number(cell: object) -> None:
    # A text column ("2", blank, and the cell): True is no rating (nor a blank), and
    # "0_3" is no rating although Python's float() reads it as 3.
    frame = pd.DataFrame({item: ["2", None, "2"] for item in ITEMS})
    frame["D"] = pd.Series(["2", None, cell], dtype=object)
    with pytest.raises(InputError) as caught:
        ratings_array(frame)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "D", cell)


class _Spy:
    """Stands in for the compiled kernel: records its arguments, answers with the numpy one."""

    def __init__(self) -> None:
        self.calls: list[tuple[np.ndarray, allocation.CompiledProfiles, float, int]] = []

    def __call__(
        self,
        ratings: np.ndarray,
        compiled: allocation.CompiledProfiles,
        min_score: float,
        max_unknown: int,
    ) -> allocation.Allocation:
        self.calls.append((ratings, compiled, min_score, max_unknown))
        return allocate(
            ratings, compiled, min_score=min_score, max_unknown=max_unknown, kernel="numpy"
        )


class _Asked:
    """Stands in for the check that the compiled kernel suits a grid: records the grid."""

    def __init__(self) -> None:
        self.grids: list[allocation.CompiledProfiles] = []

    def __call__(self, grid: allocation.CompiledProfiles) -> bool:
        self.grids.append(grid)
        return True


@pytest.mark.parametrize(
    ("kernel", "patients", "compiles"),
    [
        ("numpy", 7, False),  # never, however many patients
        ("compiled", 6, True),  # always (when the grid allows it)
        ("auto", 7, True),  # from _compiled_from() patients (7 here) ...
        ("auto", 6, False),  # ... not below it
        (None, 7, True),  # "auto" is the default
    ],
)
def test_which_kernel_runs(
    monkeypatch: pytest.MonkeyPatch, kernel: str | None, patients: int, compiles: bool
) -> None:
    spy, asked = _Spy(), _Asked()
    monkeypatch.setattr(allocation, "_allocate_compiled", spy)
    monkeypatch.setattr(allocation, "_compiled_from", lambda: 7)
    monkeypatch.setattr(allocation, "_compilable", asked)
    compiled, ratings = compile_profiles(G), PATIENTS[:patients]
    if kernel is None:
        result = allocate(ratings, compiled, min_score=1, max_unknown=2)
    else:
        result = allocate(ratings, compiled, min_score=1, max_unknown=2, kernel=kernel)  # type: ignore[arg-type]
    assert result.suggested.tolist() == EXPECTED["suggested"][:patients]
    if compiles:
        ((given, grid, min_score, max_unknown),) = spy.calls
        assert (given is ratings, grid, min_score, max_unknown) == (True, compiled, 1, 2)
        assert asked.grids == [compiled]
    else:
        assert spy.calls == []


def test_a_runner_up_coded_0_is_named() -> None:
    # A grid may profile code 0 where a set's variance is another code: runner-up 0 at 2
    # is a runner-up (only -1 means none), so cluster 5 at 3 reads "runner-up 0 at 2".
    result = allocation.Allocation(
        suggested=np.array([5]),
        score=np.array([3.0]),
        runner_up=np.array([0]),
        runner_up_score=np.array([2.0]),
        margin=np.array([1.0]),
        outcome=np.array([Outcome.SUGGESTED], dtype=np.int8),
        unknown_count=np.zeros(1, dtype=np.int8),
        unknown_items=np.zeros(1, dtype=np.int32),
        breaking_items=np.zeros(1, dtype=np.int32),
        min_score=0.0,
        max_unknown=2,
    )
    assert list(reasons(result)) == ["best score 3 for cluster 5 (runner-up 0 at 2)"]


def _suggested(
    suggested: list[int], runner_up: list[int], runner_up_score: list[float]
) -> allocation.Allocation:
    """Suggested patients scoring 2, with the runner-ups given (an Allocation by hand)."""
    n = len(suggested)
    return allocation.Allocation(
        suggested=np.array(suggested),
        score=np.full(n, 2.0),
        runner_up=np.array(runner_up),
        runner_up_score=np.array(runner_up_score),
        margin=2.0 - np.array(runner_up_score),
        outcome=np.zeros(n, dtype=np.int8),
        unknown_count=np.zeros(n, dtype=np.int8),
        unknown_items=np.zeros(n, dtype=np.int32),
        breaking_items=np.zeros(n, dtype=np.int32),
        min_score=0.0,
        max_unknown=2,
    )


def test_cases_differing_in_two_codes_keep_their_own_reasons() -> None:
    # (cluster 1, runner-up 3) and (cluster 3, runner-up 1) are two cases: each key's
    # codes span 3 values (1..3), so the combined code must step by 3, not fewer.
    result = _suggested([1, 3, 1, 3], [3, 1, 2, 2], [1.0, 1.0, 1.0, 1.0])
    assert list(reasons(result)) == [
        "best score 2 for cluster 1 (runner-up 3 at 1)",
        "best score 2 for cluster 3 (runner-up 1 at 1)",
        "best score 2 for cluster 1 (runner-up 2 at 1)",
        "best score 2 for cluster 3 (runner-up 2 at 1)",
    ]


def test_a_blank_score_is_a_value_of_its_own_among_the_cases() -> None:
    # Runner-up scores 1 and blank (NaN) are two values of the key: NaN must not take a
    # code (-1) that, added to the code before it, lands on another case.
    result = _suggested([1, 2], [3, 3], [1.0, np.nan])
    assert list(reasons(result)) == [
        "best score 2 for cluster 1 (runner-up 3 at 1)",
        "best score 2 for cluster 2 (runner-up 3 at nan)",
    ]


def test_bad_grid_rows_each_say_what_and_how_word_for_word() -> None:
    # Rows (sheet rows 2-8): a good row, the same (cluster, item, rating) again, an
    # unknown item twice (two problems, not a repeat), a blank item, a rating 5 and a
    # blank rating. The repeat does not stop the rows after it being read.
    grid = pd.DataFrame(
        [
            (1, "1", 0, "must"),
            (1, "1", 0, "may"),
            (1, "Z", 2, "may"),
            (1, "Z", 2, "may"),
            (1, None, 2, "may"),
            (1, "2", 5, "may"),
            (1, "2", None, "may"),
        ],
        columns=["cluster", "item", "rating", "band"],
    )
    with pytest.raises(InputError) as caught:
        compile_profiles(grid, sheet="grid")
    item = (
        "an MHCT item 1-13 or A-E",
        "write the scale as on the MHCT form: 1 to 13, or A to E for the historical scales",
    )
    rating = (
        "a whole number 0-4",
        "write one row per rating (a range such as 2-4 takes three rows)",
    )
    got = [
        (p.message, p.sheet, p.row, p.column, p.value, p.expected, p.fix)
        for p in caught.value.problems
    ]
    assert got == [
        (
            "cluster 1, item 1, rating 0 is given twice (row 2 says 'must')",
            "grid",
            3,
            "rating",
            0,
            "one band per cluster, item and rating",
            "delete one of the two rows",
        ),
        ("not an MHCT item", "grid", 4, "item", "Z", *item),
        ("not an MHCT item", "grid", 5, "item", "Z", *item),
        ("item is blank", "grid", 6, "item", None, *item),
        ("not a rating 0-4", "grid", 7, "rating", 5, *rating),
        ("rating is blank", "grid", 8, "rating", None, *rating),
    ]


def test_the_frame_keeps_the_ids_and_a_runner_up_coded_0() -> None:
    # Ids as given (not blank); runner-up 0 is a code, only -1 is blank.
    frame = allocation_frame(np.array([7, 8]), _suggested([1, 3], [0, -1], [1.0, np.nan]))
    assert frame["patient_id"].tolist() == [7, 8]
    assert frame["runner_up"].tolist() == [0, pd.NA]


def test_ids_of_another_length_are_refused_word_for_word() -> None:
    with pytest.raises(ValueError) as caught:
        allocation_frame(["a"], _suggested([1, 3], [0, -1], [1.0, np.nan]))
    assert str(caught.value) == "patient_ids and allocation differ in length"
