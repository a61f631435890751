"""The Arrow pass over all-text columns finds exactly the cells the per-distinct test
finds (issue 16: a million distinct patient IDs are no longer tested one by one)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import values
from pbrkit.io.values import MAX_TEXT_CHARS, excel_errors, too_long

#: Texts near the edges: error values with spaces and case changes, text that only
#: starts like one, lengths either side of the limit (counted in characters, not bytes).
EDGES = [
    "#N/A", " #N/A", "#n/a ", "#DIV/0!", "Err:502", "err:502", "Err:50", "E", "e", "#",
    "#VALUE!x", "P00000001", "", " ", "£" * MAX_TEXT_CHARS, "£" * (MAX_TEXT_CHARS + 1),
    "x" * MAX_TEXT_CHARS, "x" * (MAX_TEXT_CHARS + 1), "Ünïcödé", "#REF!\n",
]  # fmt: skip

cells = st.lists(
    st.one_of(st.sampled_from(EDGES), st.text(max_size=8), st.none()), min_size=1, max_size=40
)


def _slow(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    errors = values._per_distinct(column, values._is_error)
    long = values._per_distinct(column, lambda text: len(text) > MAX_TEXT_CHARS)
    return errors, long


@settings(max_examples=200, deadline=None)
@given(cells, st.sampled_from(["object", "string"]))
def test_arrow_pass_agrees_with_per_distinct(texts: list[str | None], dtype: str) -> None:
    column = pd.Series(texts, dtype=dtype)
    errors, long = _slow(column)
    assert np.array_equal(excel_errors(column), errors)
    assert np.array_equal(too_long(column), long)


def test_hand_worked_cells() -> None:
    # Row by row: '#N/A' is an error; ' Err:502 ' is one once stripped (it starts with
    # a space, so _is_error's first-character test rejects it: not an error, as before);
    # 'Err:502' is; the 1,001 pound signs are 1,001 characters (2,002 bytes), too long;
    # the 1,000 are not; None is empty; 'E12' is an ID, not an error.
    column = pd.Series(
        ["#N/A", " Err:502 ", "Err:502", "£" * 1001, "£" * 1000, None, "E12"], dtype=object
    )
    assert excel_errors(column).tolist() == [True, False, True, False, False, False, False]
    assert too_long(column).tolist() == [False, False, False, True, False, False, False]


def test_mixed_and_unencodable_columns_take_the_old_path() -> None:
    # Numbers among text, and a lone surrogate Arrow cannot hold: same answers.
    mixed = pd.Series(["#N/A", 3, 2.5, "ok"], dtype=object)
    assert excel_errors(mixed).tolist() == [True, False, False, False]
    odd = pd.Series(["\ud800", "#NULL!"], dtype=object)
    assert excel_errors(odd).tolist() == [False, True]
    assert too_long(odd).tolist() == [False, False]


def _factorized(column: pd.Series, test: object) -> np.ndarray:
    """The per-distinct test as main had it for every column: pd.factorize's codes."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    hits = np.array([isinstance(u, str) and test(u) for u in uniques] + [False], dtype=bool)  # type: ignore[operator]
    return hits[codes]


@settings(max_examples=200, deadline=None)
@given(cells, st.lists(st.sampled_from(EDGES), max_size=4))
def test_categorical_columns_are_tested_per_category(
    texts: list[str | None], unused: list[str]
) -> None:
    # A Parquet dictionary column (a team) arrives as a categorical; its categories are
    # its distinct values (plus any unused one, which no cell points at), so the same
    # cells are found from its own codes as from pd.factorize's.
    column = pd.Series(pd.Categorical(texts, categories=sorted({*filter(None, texts), *unused})))
    for test in (values._is_error, lambda text: len(text) > MAX_TEXT_CHARS, bool):
        assert np.array_equal(values._per_distinct(column, test), _factorized(column, test))


def test_a_categorical_column_is_not_factorized(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 million patients' team column: pd.factorize made 80 MB of int64 codes for each
    # of the three cell checks (0.05-0.2 s each, round 17 of issue 16); the column's
    # own codes (int8) index the categories' answers instead. '#N/A' is category 0 and
    # an error; 'North' (1) is not; the blank (code -1) never is.
    column = pd.Series(pd.Categorical(["North", "#N/A", None, "North"]))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pd.factorize called on a categorical column")

    monkeypatch.setattr(values.pd, "factorize", refuse)
    assert values._per_distinct(column, values._is_error).tolist() == [False, True, False, False]
