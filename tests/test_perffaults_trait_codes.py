"""A trait read as a categorical through narrow codes (round 10 of issue 16): the same
categories and codes as the former intp lookup, spelt out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import parse
from pbrkit.io.ratings import _as_trait


def _former(values: pd.Series) -> pd.Series:
    """The former computation: every code as intp."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy(dtype=np.intp)
        distinct = pd.Series(dtype.categories.to_numpy(dtype=object), dtype=object)
    else:
        found, uniques = pd.factorize(values, use_na_sentinel=True)
        codes, distinct = np.asarray(found, dtype=np.intp), pd.Series(uniques)
    label_codes, labels = pd.factorize(parse.as_text(distinct), use_na_sentinel=True)
    merged = np.append(np.asarray(label_codes, dtype=np.intp), -1)[codes]
    categories = pd.Index(np.asarray(labels, dtype=object), dtype=object)
    return pd.Series(pd.Categorical.from_codes(merged, categories), index=values.index)


_TEXT = st.sampled_from(["north", " north", "south", "", " ", "east", None])


def _same(got: pd.Series, want: pd.Series) -> None:
    assert list(got.cat.categories) == list(want.cat.categories)
    assert got.cat.codes.tolist() == want.cat.codes.tolist()
    assert got.index.equals(want.index)


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_TEXT, min_size=0, max_size=40))
def test_text_categories(cells: list[str | None]) -> None:
    values = pd.Series(pd.Categorical(cells))
    _same(_as_trait(values), _former(values))


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.integers(min_value=-5, max_value=300), min_size=0, max_size=40))
def test_whole_numbers(cells: list[int]) -> None:
    values = pd.Series(np.array(cells, dtype=np.int16))
    _same(_as_trait(values), _former(values))


def test_many_labels_need_wider_codes() -> None:
    # 200 distinct texts (over int8's 127) and a blank: codes up to 199, and -1.
    cells = [f"team {i}" for i in range(200)] + [None] + ["team 5"]
    values = pd.Series(pd.Categorical(cells))
    got = _as_trait(values)
    _same(got, _former(values))
    assert got.iloc[-1] == "team 5" and pd.isna(got.iloc[-2])
