"""A categorical trait's codes come from its categorical codes, not a new hash pass.

Traits are read as categoricals (pbrkit.io.ratings); cost homogeneity factorised
each one again (pd.factorize: a hash table over every patient, about 0.15 s a trait
at 10 million, issue 16 round 13). ``homogeneity._categorical_codes`` renumbers the
categorical's own codes in order of first appearance, as ``pd.factorize`` numbers
them (blank, NaN, taking its place among them as ``use_na_sentinel=False`` gives it);
the codes and the distinct values must be exactly those of the general path, on any
categorical: unused and reordered categories, blanks anywhere, one value, none.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import homogeneity


def _general(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    codes = np.asarray(pd.factorize(values, use_na_sentinel=False)[0], dtype=np.intp)
    first = homogeneity._first_positions(codes)
    return codes, values.iloc[first].reset_index(drop=True)


def _check(values: pd.Series) -> None:
    want_codes, want_distinct = _general(values)
    codes, distinct = homogeneity._factorised(values)
    assert codes.tolist() == want_codes.tolist()
    pd.testing.assert_series_equal(distinct, want_distinct)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "Yes", " no", "45", "c"]))),
    st.permutations(["a", "b", "Yes", " no", "45", "c", "unused"]),
)
def test_same_codes_as_factorize(cells: list[str | None], categories: list[str]) -> None:
    values = pd.Series(pd.Categorical(cells, categories=categories), index=range(5, 5 + len(cells)))
    _check(values)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])), max_size=60),
    st.integers(1, 7),
)
def test_same_codes_in_small_blocks(cells: list[str | None], block: int) -> None:
    values = pd.Series(pd.Categorical(cells, categories=["d", "c", "b", "a"]))
    with mock.patch.object(homogeneity, "_CODE_BLOCK", block):
        _check(values)


def test_a_worked_column() -> None:
    # Categories in the order b, a, (unused z); cells: a, blank, b, a, blank.
    # First appearance: a (row 0) → 0, blank (row 1) → 1, b (row 2) → 2.
    values = pd.Series(pd.Categorical(["a", None, "b", "a", None], categories=["b", "a", "z"]))
    codes, distinct = homogeneity._factorised(values)
    assert codes.tolist() == [0, 1, 2, 0, 1]
    assert distinct.tolist()[0] == "a" and pd.isna(distinct[1]) and distinct[2] == "b"
    assert homogeneity._categorical_codes(values) is not None


def test_many_rows_over_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A value first seen in a late block keeps its place after the earlier ones.
    monkeypatch.setattr(homogeneity, "_CODE_BLOCK", 4_096)
    rng = np.random.default_rng(3)
    cells = rng.choice(np.array(["x", "y"], dtype=object), size=50_000)
    cells[40_000] = "late"
    cells[45_000] = None
    values = pd.Series(pd.Categorical(cells, categories=["late", "y", "x"]))
    _check(values)
    codes, distinct = homogeneity._factorised(values)
    assert distinct.tolist()[2] == "late" and codes[40_000] == 2 and codes[45_000] == 3
