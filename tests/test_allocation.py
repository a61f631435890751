"""Cluster allocation from MHCT ratings (docs/methodology.md §5)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pbrkit.allocation import (
    BANDS,
    ITEMS,
    NOT_ASSESSED,
    PROFILED_CLUSTERS,
    UNKNOWN,
    VARIANCE,
    BandWeights,
    Outcome,
    allocate,
    allocation_frame,
    compile_profiles,
    ratings_array,
)
from pbrkit.errors import InputError

SHIPPED = Path(__file__).parents[1] / "tariffs" / "illustrative-2014-15" / "profiles.csv"


def grid(rows: list[tuple[int, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cluster", "item", "rating", "band"])


def patient(item1: int, item2: int, item3: int, *, unknown_others: int = 0) -> list[int]:
    """18 ratings: items 1-3 as given, the rest 0 (known, unscored) or some unknown."""
    rest = [UNKNOWN] * unknown_others + [0] * (15 - unknown_others)
    return [item1, item2, item3, *rest]


# A small grid on items 1-3 for hand-worked cases:
#   cluster 1:  item 1 expected 0-1, unlikely 3-4; item 2 expected 1-2; item 3 may 0
#   cluster 2:  item 1 expected 1-2; item 2 expected 1-2, unlikely 0; item 3 unlikely 3-4
#   cluster 10: item 3 MUST 2-4; item 1 expected 2-4; item 2 expected 1-2
#   cluster 18: item 2 MUST 3-4; item 1 may 0-4
SMALL = grid(
    [
        *[(1, "1", r, "expected") for r in (0, 1)],
        *[(1, "1", r, "unlikely") for r in (3, 4)],
        *[(1, "2", r, "expected") for r in (1, 2)],
        (1, "3", 0, "may"),
        *[(2, "1", r, "expected") for r in (1, 2)],
        *[(2, "2", r, "expected") for r in (1, 2)],
        (2, "2", 0, "unlikely"),
        *[(2, "3", r, "unlikely") for r in (3, 4)],
        *[(10, "3", r, "must") for r in (2, 3, 4)],
        *[(10, "1", r, "expected") for r in (2, 3, 4)],
        *[(10, "2", r, "expected") for r in (1, 2)],
        *[(18, "2", r, "must") for r in (3, 4)],
        *[(18, "1", r, "may") for r in range(5)],
    ]
)


def allocate_one(ratings: list[int], **options: float) -> pd.Series:
    compiled = compile_profiles(SMALL)
    result = allocate(np.array([ratings], dtype=np.int8), compiled, **options)  # type: ignore[arg-type]
    return allocation_frame(["p1"], result).iloc[0]


def test_best_score_wins() -> None:
    # items (1, 1, 0):
    #   cluster 1:  +2 (item 1 = 1 expected) +2 (item 2 = 1 expected) +1 (item 3 = 0 may) = 5
    #   cluster 2:  +2 +2 + 0 (no row for item 3 = 0)                                     = 4
    #   cluster 10: item 3 = 0 is not in its must set {2, 3, 4} -> ruled out
    #   cluster 18: item 2 = 1 is not in its must set {3, 4}    -> ruled out
    row = allocate_one(patient(1, 1, 0))
    assert row["suggested_cluster"] == 1
    assert row["score"] == 5
    assert row["runner_up"] == 2
    assert row["margin"] == 1
    assert row["reason"] == "best score 5 for cluster 1 (runner-up 2 at 4)"


def test_tie_goes_to_lower_code() -> None:
    # items (1, 2, 1): cluster 1: 2 + 2 + 0 = 4; cluster 2: 2 + 2 + 0 = 4;
    # 10 ruled out (item 3 = 1), 18 ruled out (item 2 = 2). Tie -> the lower code, 1.
    row = allocate_one(patient(1, 2, 1))
    assert row["suggested_cluster"] == 1
    assert (row["score"], row["runner_up"], row["margin"]) == (4, 2, 0)
    assert row["reason"] == "best score 4 for cluster 1 (tied with 2; the lower code wins)"


def test_must_rows_count_and_rule_in() -> None:
    # items (3, 1, 3):
    #   cluster 10: +2 (item 3 = 3 must) +2 (item 1 = 3 expected) +2 (item 2 = 1 expected) = 6
    #   cluster 1:  -2 (item 1 = 3 unlikely) +2 (item 2) + 0 = 0
    #   cluster 2:   0 + 2 - 2 (item 3 = 3 unlikely)     = 0   (runner-up: 1, the lower of 1, 2)
    row = allocate_one(patient(3, 1, 3))
    assert (row["suggested_cluster"], row["score"], row["runner_up"], row["margin"]) == (
        10,
        6,
        1,
        6,
    )


def test_must_rule_excludes_the_highest_raw_score() -> None:
    # items (4, 1, 1): cluster 10 would score 2 (item 1) + 2 (item 2) = 4, but item 3 = 1
    # breaks its must rule. Cluster 1: -2 + 2 + 0 = 0; cluster 2: 0 + 2 + 0 = 2.
    row = allocate_one(patient(4, 1, 1))
    assert (row["suggested_cluster"], row["score"], row["runner_up"]) == (2, 2, 1)


def test_unknown_item_never_rules_out() -> None:
    # items (3, 1, unknown): cluster 10's must item is unknown, so 10 stays in:
    #   cluster 10: 2 (item 1 = 3) + 2 (item 2 = 1) = 4; cluster 1: -2 + 2 = 0; cluster 2: 0 + 2 = 2
    row = allocate_one(patient(3, 1, UNKNOWN))
    assert (row["suggested_cluster"], row["score"], row["runner_up"]) == (10, 4, 2)


def test_variance_when_best_is_below_min_score() -> None:
    # items (2, 1, 1): cluster 1: 0 + 2 + 0 = 2; cluster 2: 2 + 2 + 0 = 4; 10 and 18 out.
    # With min_score 5 the best, 4 for cluster 2, is not enough: variance (0).
    row = allocate_one(patient(2, 1, 1), min_score=5)
    assert row["suggested_cluster"] == VARIANCE
    assert row["score"] == 4
    assert row["runner_up"] == 2  # the best alternative to variance
    assert np.isnan(row["margin"])
    assert row["reason"] == "best score 4 for cluster 2 is below the minimum 5: variance"
    assert allocate_one(patient(2, 1, 1), min_score=4)["suggested_cluster"] == 2


def test_variance_when_every_score_is_negative() -> None:
    # items (4, 0, 1): cluster 1: -2 (item 1 = 4) + 0 + 0 = -2; cluster 2: 0 - 2 (item 2 = 0) = -2;
    # 10 out (item 3 = 1), 18 out (item 2 = 0). Best -2 < default min_score 0 -> variance.
    row = allocate_one(patient(4, 0, 1))
    assert row["suggested_cluster"] == VARIANCE
    assert row["score"] == -2
    assert row["runner_up"] == 1


def test_variance_when_every_cluster_is_ruled_out() -> None:
    must_only = grid(
        [*[(10, "6", r, "must") for r in (2, 3, 4)], *[(18, "4", r, "must") for r in (2, 3, 4)]]
    )
    ratings = np.zeros((1, 18), dtype=np.int8)  # item 4 = 0 rules out 18, item 6 = 0 rules out 10
    result = allocate(ratings, compile_profiles(must_only))
    assert result.outcome[0] == Outcome.RULED_OUT
    row = allocation_frame(["p"], result).iloc[0]
    assert row["suggested_cluster"] == VARIANCE
    assert np.isnan(row["score"])
    assert pd.isna(row["runner_up"])
    assert row["reason"] == (
        "ruled out everywhere: the ratings on items 4, 6 break the must rules of every "
        "profiled cluster: variance"
    )


def test_not_assessed_when_more_than_two_items_unknown() -> None:
    # 1 unknown in items 1-3 plus 1 elsewhere = 2 unknown: still assessed
    # (items (1, 1, ?): cluster 1: 2 + 2 = 4, cluster 2: 2 + 2 = 4, tie -> 1).
    assessed = allocate_one(patient(1, 1, UNKNOWN, unknown_others=1))
    assert assessed["suggested_cluster"] == 1
    # 3 unknown: not assessed (99), whatever the known ratings say.
    row = allocate_one(patient(1, 1, UNKNOWN, unknown_others=2))
    assert row["suggested_cluster"] == NOT_ASSESSED
    assert np.isnan(row["score"])
    assert pd.isna(row["runner_up"])
    assert row["reason"] == "3 items unknown (3, 4, 5; more than 2 allowed): not assessed"


def test_max_unknown_is_configurable() -> None:
    ratings = np.array([patient(1, 1, 0, unknown_others=3)], dtype=np.int8)
    compiled = compile_profiles(SMALL)
    assert allocate(ratings, compiled).suggested[0] == NOT_ASSESSED
    assert allocate(ratings, compiled, max_unknown=3).suggested[0] == 1


def test_only_cluster_left_has_no_runner_up() -> None:
    # Grid: 10 must have item 3 = 3; 18 must have item 2 = 3. Items (0, 3, 0):
    # 10 ruled out (item 3 = 0); 18 scores 2 (its must row) and nothing else is left.
    only = grid([(10, "3", 3, "must"), (18, "2", 3, "must")])
    result = allocate(np.array([patient(0, 3, 0)], dtype=np.int8), compile_profiles(only))
    row = allocation_frame(["p"], result).iloc[0]
    assert (row["suggested_cluster"], row["score"]) == (18, 2)
    assert pd.isna(row["runner_up"])
    assert row["reason"] == "best score 2 for cluster 18 (every other cluster ruled out)"


def test_weights_are_configurable() -> None:
    # items (1, 1, 0) with may worth 5: cluster 1 = 2 + 2 + 5 = 9.
    compiled = compile_profiles(SMALL, BandWeights(may=5.0))
    result = allocate(np.array([patient(1, 1, 0)], dtype=np.int8), compiled)
    assert result.score[0] == 9


# ------------------------------------------------------------------ the frame


def test_frame_columns_and_types() -> None:
    ratings = np.array([patient(1, 1, 0), patient(1, 1, UNKNOWN, unknown_others=2)], dtype=np.int8)
    result = allocate(ratings, compile_profiles(SMALL))
    frame = allocation_frame(
        pd.Series(["007", "008"]), result, clinician_cluster=pd.Series([3.0, np.nan])
    )
    assert list(frame.columns) == [
        "patient_id",
        "suggested_cluster",
        "score",
        "runner_up",
        "margin",
        "reason",
        "cluster",
    ]
    assert frame["patient_id"].tolist() == ["007", "008"]
    assert frame["suggested_cluster"].tolist() == [1, 99]
    assert str(frame["runner_up"].dtype) == "Int64"
    assert frame["runner_up"].isna().tolist() == [False, True]
    assert str(frame["cluster"].dtype) == "Int64"
    assert frame["cluster"].isna().tolist() == [False, True]


def test_frame_without_clinician_cluster_has_no_cluster_column() -> None:
    result = allocate(np.zeros((2, 18), dtype=np.int8), compile_profiles(SMALL))
    assert "cluster" not in allocation_frame(["a", "b"], result).columns


def test_empty_input() -> None:
    result = allocate(np.zeros((0, 18), dtype=np.int8), compile_profiles(SMALL))
    frame = allocation_frame([], result)
    assert len(frame) == 0


def test_bad_ratings_array_is_a_programming_error() -> None:
    compiled = compile_profiles(SMALL)
    with pytest.raises(ValueError, match="shape"):
        allocate(np.zeros((2, 17), dtype=np.int8), compiled)
    with pytest.raises(ValueError, match="0-4"):
        allocate(np.full((1, 18), 9, dtype=np.int8), compiled)


# ------------------------------------------------------------- profile checks


def problems_of(error: pytest.ExceptionInfo[InputError]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in error.value.problems]


def test_profile_rows_are_validated_one_problem_per_bad_row() -> None:
    bad = grid(
        [
            (1, "1", 0, "expected"),  # row 2: fine
            (9, "1", 0, "expected"),  # row 3: cluster 9 is unused
            (1, "14", 0, "expected"),  # row 4: no item 14
            (1, "2", 5, "expected"),  # row 5: no rating 5
            (1, "3", 0, "sometimes"),  # row 6: no such band
            (0, "1", 0, "may"),  # row 7: cluster 0 takes no rows
            (1, "1", 0, "may"),  # row 8: repeats row 2
        ]
    )
    with pytest.raises(InputError) as error:
        compile_profiles(bad)
    assert problems_of(error) == [
        (3, "cluster"),
        (4, "item"),
        (5, "rating"),
        (6, "band"),
        (7, "cluster"),
        (8, "rating"),
    ]
    problems = error.value.problems
    assert all(p.sheet == "profiles" for p in problems)
    assert "cluster 9 is not used" in problems[0].message
    assert problems[0].fix
    assert "row 2" in problems[5].message
    assert problems[3].expected == "one of must, expected, may, unlikely"


def test_profile_cells_are_read_loosely() -> None:
    loose = pd.DataFrame(
        {
            "Cluster": ["C10", "MHCC10", "10.0", "Cluster 18"],
            "ITEM": ["6", 6.0, "a", " e "],
            "Rating ": ["2", 3, 4.0, "1"],
            "band": ["MUST", " must", "Expected", "may"],
        }
    )
    compiled = compile_profiles(loose)
    assert compiled.clusters.tolist() == [10, 18]
    assert compiled.has_must[0, ITEMS.index("6")]
    assert compiled.band[0, ITEMS.index("A"), 4] == BANDS.index("expected")
    assert compiled.band[1, ITEMS.index("E"), 1] == BANDS.index("may")


def test_profiles_missing_column() -> None:
    with pytest.raises(InputError) as error:
        compile_profiles(pd.DataFrame({"cluster": [1], "item": ["1"], "rating": [0]}))
    assert problems_of(error) == [(1, "band")]


def test_profile_rows_use_given_sheet_rows() -> None:
    with pytest.raises(InputError) as error:
        compile_profiles(grid([(1, "1", 7, "may")]), sheet="grid", rows=[41])
    assert error.value.problems[0].row == 41
    assert error.value.problems[0].sheet == "grid"


# ------------------------------------------------------------ ratings reading


def ratings_frame(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(ITEMS))


def test_ratings_array_reads_numbers_text_blanks_and_nines() -> None:
    frame = ratings_frame(
        [
            [0, 1, 2, 3, 4, 9, None, np.nan, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            ["0", " 1 ", "2.0", 3.0, "4", "9", "", "  ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ]
    )
    frame["patient_id"] = ["a", "b"]  # other columns are ignored
    array = ratings_array(frame)
    assert array.dtype == np.int8
    assert array.flags["C_CONTIGUOUS"]  # a patient's 18 ratings side by side
    expected = [0, 1, 2, 3, 4, -1, -1, -1] + [0] * 10
    assert array.tolist() == [expected, expected]


@given(
    hnp.arrays(np.int16, st.tuples(st.integers(1, 6), st.just(18)), elements=st.integers(-3, 12)),
    st.sampled_from(["int8", "int16", "int64", "uint8"]),
)
def test_integer_columns_read_as_their_float_spelling(grid: np.ndarray, dtype: str) -> None:
    """A Parquet extract's integer columns take a path without float copies; it gives
    the same ratings, and the same problems, as the same cells written as floats."""
    if dtype == "uint8":
        grid = np.abs(grid)
    whole = ratings_frame(grid.astype(dtype).tolist()).astype(dtype)
    floats = whole.astype(np.float64)

    def read(frame: pd.DataFrame) -> object:
        try:
            return ratings_array(frame).tolist()
        except InputError as error:
            return [(p.row, p.column, _number(p.value), p.message) for p in error.problems]

    assert read(whole) == read(floats)


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))


def test_a_column_of_true_and_false_is_not_ratings() -> None:
    # A yes/no column put where an item belongs is refused cell by cell, not read as
    # ratings 1 and 0 (booleans are integers to numpy, but not to a rater).
    frame = ratings_frame([[0] * 18, [0] * 18])
    frame["1"] = [True, False]
    with pytest.raises(InputError) as error:
        ratings_array(frame)
    assert problems_of(error) == [(2, "1"), (3, "1")]


def test_ratings_array_lists_every_bad_cell() -> None:
    frame = ratings_frame([[0] * 18, [5, "x", 2.5, -1] + [0] * 14])
    with pytest.raises(InputError) as error:
        ratings_array(frame)
    assert problems_of(error) == [(3, "1"), (3, "2"), (3, "3"), (3, "4")]
    first = error.value.problems[0]
    assert (first.sheet, first.value) == ("ratings", 5)
    assert "blank or 9" in (first.expected or "")


def test_ratings_array_caps_problems_for_huge_files() -> None:
    frame = ratings_frame([[7] * 18] * 10)  # 180 bad cells
    with pytest.raises(InputError) as error:
        ratings_array(frame, max_problems=50)
    problems = error.value.problems
    assert len(problems) == 51
    assert problems[-1].message == "130 more cells are not valid ratings (up to row 11)"


def test_ratings_array_missing_columns() -> None:
    frame = ratings_frame([[0] * 18]).drop(columns=["C", "13"])
    with pytest.raises(InputError, match=r"rating columns 13, C are missing"):
        ratings_array(frame)


def test_ratings_array_uses_given_rows() -> None:
    frame = ratings_frame([[0] * 17 + ["bad"]])
    with pytest.raises(InputError) as error:
        ratings_array(frame, rows=[15])
    assert problems_of(error) == [(15, "E")]


# ------------------------------------------------- the shipped illustrative grid

# A typical patient for each shipped cluster: the middle of its typical ranges in
# tariffs/illustrative-2014-15/PROFILES.md. Items in order 1-13, A-E.
TYPICAL: dict[int, str] = {
    1: "0 0 0 0 0 0 1 2 1 0 0 1 0 0 0 0 0 0",  # minor mood/anxiety, nothing else
    2: "0 0 0 0 0 0 1 2 2 1 1 2 0 0 1 0 0 1",  # as 1 with social need
    3: "0 1 0 0 0 0 3 2 2 1 0 2 0 0 1 0 0 1",  # moderate mood/anxiety
    4: "1 2 1 0 0 0 4 3 2 1 1 2 0 0 2 0 1 1",  # severe, self-harm risk
    5: "1 3 1 0 1 0 4 4 3 2 1 3 2 0 3 0 1 2",  # very severe, unreasonable beliefs
    6: "0 1 0 0 1 0 2 3 2 1 0 2 3 0 1 0 1 1",  # over-valued ideas (13)
    7: "0 0 0 0 1 0 2 3 3 3 2 3 0 0 1 0 1 2",  # enduring, high disability
    8: "3 3 3 0 0 0 2 2 3 1 2 3 0 3 3 1 2 3",  # chaotic and challenging
    10: "1 0 0 0 0 3 2 1 2 1 0 2 1 0 0 0 0 1",  # first episode psychosis
    11: "0 0 0 0 0 2 0 1 1 0 0 1 0 1 0 0 0 0",  # psychosis, low symptoms
    12: "1 0 0 1 1 2 1 1 2 2 2 3 0 1 0 0 1 2",  # psychosis, high disability
    13: "2 1 1 1 1 3 2 2 3 3 2 3 1 3 1 0 2 3",  # high symptoms and disability
    14: "4 1 1 0 0 4 2 2 2 2 1 2 1 3 1 0 1 2",  # psychotic crisis
    15: "1 3 0 0 1 3 4 2 2 2 1 2 1 1 3 0 1 2",  # severe psychotic depression
    16: "2 1 4 0 1 3 2 1 2 1 2 2 0 2 1 0 2 2",  # dual diagnosis
    17: "2 1 1 0 0 3 2 1 2 1 1 2 1 3 1 0 4 2",  # difficult to engage
    18: "0 0 0 2 1 0 1 1 1 1 0 1 0 0 0 0 0 1",  # cognitive impairment, low need
    19: "2 0 0 3 1 1 2 2 2 2 1 2 0 0 0 0 0 2",  # dementia, moderate need
    20: "3 0 0 4 2 2 2 2 3 4 2 3 0 1 0 0 1 3",  # dementia, high need
    21: "1 0 0 3 4 0 1 1 1 4 1 2 0 0 0 0 2 3",  # dementia, high physical need
}


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return pd.read_csv(SHIPPED, dtype={"item": str})


def test_shipped_grid_covers_every_profiled_cluster(shipped: pd.DataFrame) -> None:
    compiled = compile_profiles(shipped)
    assert set(compiled.clusters.tolist()) == set(PROFILED_CLUSTERS)
    assert set(TYPICAL) == set(PROFILED_CLUSTERS)


@pytest.mark.parametrize("cluster", sorted(TYPICAL))
def test_typical_profile_is_allocated_to_its_cluster(shipped: pd.DataFrame, cluster: int) -> None:
    ratings = np.array([[int(x) for x in TYPICAL[cluster].split()]], dtype=np.int8)
    result = allocate(ratings, compile_profiles(shipped))
    assert result.suggested[0] == cluster, allocation_frame(["p"], result)["reason"][0]


# ----------------------------------------------------------------- properties


def slow_allocate(
    row: list[int],
    rows: list[tuple[int, str, int, str]],
    weights: BandWeights,
    min_score: float,
    max_unknown: int,
) -> tuple[int, float]:
    """methodology §5 written out patient by patient, as the specification to test against."""
    if sum(r < 0 for r in row) > max_unknown:
        return NOT_ASSESSED, np.nan
    weight = {
        "must": weights.must,
        "expected": weights.expected,
        "may": weights.may,
        "unlikely": weights.unlikely,
    }
    band = {(k, i, r): b for k, i, r, b in rows}
    allowed: list[tuple[float, int]] = []
    for k in sorted({k for k, *_ in rows}):
        score, ruled_out = 0.0, False
        for item, rating in zip(ITEMS, row, strict=True):
            if rating < 0:
                continue
            musts = {r for (kk, i, r), b in band.items() if kk == k and i == item and b == "must"}
            ruled_out |= bool(musts) and rating not in musts
            score += weight.get(band.get((k, item, rating), ""), 0.0)
        if not ruled_out:
            allowed.append((score, k))
    if not allowed:
        return VARIANCE, np.nan
    best = max(s for s, _ in allowed)
    if best < min_score:
        return VARIANCE, best
    return min(k for s, k in allowed if s == best), best


FEW_ITEMS = ("1", "2", "6", "A")
grid_rows = st.lists(
    st.tuples(
        st.sampled_from(sorted(PROFILED_CLUSTERS)[:6]),
        st.sampled_from(FEW_ITEMS),
        st.integers(0, 4),
        st.sampled_from(BANDS),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda row: row[:3],
)
ratings_arrays = hnp.arrays(
    np.int8, st.tuples(st.integers(0, 30), st.just(18)), elements=st.integers(-1, 4)
)


@settings(max_examples=150, deadline=None)
@given(
    rows=grid_rows,
    ratings=ratings_arrays,
    min_score=st.sampled_from([0.0, -3.0, 2.0, 5.0]),
    max_unknown=st.integers(0, 6),
)
def test_matches_the_rules_written_out_per_patient(
    rows: list[tuple[int, str, int, str]], ratings: np.ndarray, min_score: float, max_unknown: int
) -> None:
    result = allocate(
        ratings, compile_profiles(grid(rows)), min_score=min_score, max_unknown=max_unknown
    )
    for i, row in enumerate(ratings.tolist()):
        cluster, score = slow_allocate(row, rows, BandWeights(), min_score, max_unknown)
        assert result.suggested[i] == cluster
        assert result.score[i] == score or (np.isnan(score) and np.isnan(result.score[i]))


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_arrays)
def test_every_patient_gets_exactly_one_outcome(shipped: pd.DataFrame, ratings: np.ndarray) -> None:
    compiled = compile_profiles(shipped)
    result = allocate(ratings, compiled)
    allowed = {VARIANCE, NOT_ASSESSED, *compiled.clusters.tolist()}
    assert len(result.suggested) == len(ratings)
    assert set(result.suggested.tolist()) <= allowed
    suggested = result.outcome == Outcome.SUGGESTED
    assert np.array_equal(suggested, np.isin(result.suggested, compiled.clusters))
    assert np.array_equal(result.outcome == Outcome.NOT_ASSESSED, result.suggested == NOT_ASSESSED)
    frame = allocation_frame(np.arange(len(ratings)), result)
    assert frame["reason"].notna().all()


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_arrays, data=st.data())
def test_permuting_patients_permutes_the_output(
    shipped: pd.DataFrame, ratings: np.ndarray, data: st.DataObject
) -> None:
    compiled = compile_profiles(shipped)
    order = np.array(data.draw(st.permutations(range(len(ratings)))), dtype=np.intp)
    ids = np.arange(len(ratings))
    straight = allocation_frame(ids, allocate(ratings, compiled))
    permuted = allocation_frame(ids[order], allocate(ratings[order], compiled))
    pd.testing.assert_frame_equal(
        straight.iloc[order].reset_index(drop=True).astype({"reason": str}),
        permuted.astype({"reason": str}),
    )


@settings(max_examples=60, deadline=None)
@given(
    rows=grid_rows,
    ratings=ratings_arrays,
    # Dyadic factors keep every sum exact, so a tie stays a tie after scaling.
    factor=st.integers(1, 400).map(lambda k: k / 16),
)
def test_scaling_all_weights_leaves_suggestions_unchanged(
    rows: list[tuple[int, str, int, str]], ratings: np.ndarray, factor: float
) -> None:
    base = BandWeights()
    scaled = BandWeights(
        must=base.must * factor,
        expected=base.expected * factor,
        may=base.may * factor,
        unlikely=base.unlikely * factor,
    )
    before = allocate(ratings, compile_profiles(grid(rows), base))
    after = allocate(ratings, compile_profiles(grid(rows), scaled))
    assert np.array_equal(before.suggested, after.suggested)
    assert np.array_equal(before.runner_up, after.runner_up)


@settings(max_examples=40, deadline=None)
@given(ratings=ratings_arrays)
def test_allocate_does_not_change_its_input(shipped: pd.DataFrame, ratings: np.ndarray) -> None:
    copy = ratings.copy()
    allocate(ratings, compile_profiles(shipped))
    assert np.array_equal(ratings, copy)
