"""`pbrkit cluster` at national scale holds less in memory and gives the same figures.

Issue 16 (benchmarks/results.md, "Issue 16, fourth round"): the audit keeps only the
audited patients' £, counts agreement in one dense table, prices in blocks, and the
ratings reader shares the text of a dictionary column. Each is checked here against
the straightforward computation it replaces.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pbrkit import audit, homogeneity
from pbrkit.audit import agreement, audit_clusters, patient_income, superclass_of, superclasses
from pbrkit.clustering import _trait_text
from pbrkit.io import parse
from pbrkit.io.ratings import _as_text, _as_trait, _ids_as_text, read_ratings
from test_audit import REVIEW_DAYS, TARIFF  # the audit tests' small tariff


def _same(a: float, b: float) -> bool:
    return (np.isnan(a) and np.isnan(b)) or a == b


def _assert_same_agreement(fast: audit.Agreement, general: audit.Agreement) -> None:
    assert fast.n == general.n
    assert _same(fast.agreement, general.agreement)
    assert _same(fast.expected, general.expected)
    assert _same(fast.kappa, general.kappa)
    assert fast.confusion.index.tolist() == general.confusion.index.tolist()
    assert fast.confusion.columns.tolist() == general.confusion.columns.tolist()
    assert np.array_equal(fast.confusion.to_numpy(), general.confusion.to_numpy())


codings = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.int64, n, elements=st.integers(-3, 40)),
        hnp.arrays(np.int64, n, elements=st.integers(-3, 40)),
    )
)


@settings(max_examples=60, deadline=None)
@given(codings, st.sampled_from([np.int16, np.int64]))
def test_integer_codes_agree_with_the_general_path(pair: tuple, dtype: type) -> None:
    # The dense count over the span of codes must give what the crosstab over the
    # sorted distinct values gives (object arrays take that general path).
    rows, columns = (a.astype(dtype) for a in pair)
    general = agreement(rows.astype(object), columns.astype(object))
    _assert_same_agreement(agreement(rows, columns), general)


@settings(max_examples=30, deadline=None)
@given(codings, st.integers(2_000, 10**9))
def test_codes_spread_wide_agree_with_the_general_path(pair: tuple, shift: int) -> None:
    # A span beyond the dense table (over 1,024 values) is factorised instead.
    rows, columns = pair
    columns = np.where(columns > 20, columns + shift, columns)
    general = agreement(rows.astype(object), columns.astype(object))
    _assert_same_agreement(agreement(rows, columns), general)


def test_confusion_counts_worked_example() -> None:
    # Codes 3 and 5 (span 3 from low 3: 3, 4, 5; 4 never occurs and is dropped).
    # (clinician, suggested): (3,3), (3,5), (5,5), (5,5) -> [[1, 1], [0, 2]]
    # p_o = 3/4; p_e = (2·1 + 2·3) / 16 = 0.5; kappa = (0.75 − 0.5) / 0.5 = 0.5
    result = agreement(np.array([3, 3, 5, 5], np.int16), np.array([3, 5, 5, 5], np.int16))
    assert result.confusion.index.tolist() == [3, 5]
    assert result.confusion.to_numpy().tolist() == [[1, 1], [0, 2]]
    assert (result.agreement, result.expected, result.kappa) == (0.75, 0.5, 0.5)


cluster_codes = st.sampled_from([0, 1, 2, 3, 4, 8, 10, 11, 17, 18, 21, 99, 50, 150])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cluster_codes, cluster_codes), min_size=1, max_size=40))
def test_superclass_agreement_equals_the_labels_compared(pairs: list) -> None:
    # Codes outside every superclass (50, 150) read "None", as in the docstring.
    clinician = np.array([c for c, _ in pairs], dtype=np.int16)
    suggested = np.array([s for _, s in pairs], dtype=np.int16)
    labelled = agreement(
        superclass_of(clinician).astype(str),
        superclass_of(suggested).astype(str),
        order=superclasses(),
    )
    _assert_same_agreement(audit._superclass_agreement(clinician, suggested), labelled)


def test_income_priced_in_blocks_is_the_income_priced_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(16)
    n = 1_001
    clusters = rng.choice([0, 1, 3, 11], n)
    period = rng.choice([0, 1, 3, 11], n)
    days = np.where(rng.random(n) < 0.2, np.nan, rng.integers(1, 366, n).astype(float))
    admitted = np.where(rng.random(n) < 0.3, np.nan, np.floor(rng.random(n) * 5))
    once = patient_income(
        clusters, TARIFF, REVIEW_DAYS, days=days, admitted_days=admitted, period_clusters=period
    )
    monkeypatch.setattr(audit, "PRICE_BLOCK", 7)  # 143 blocks, the last one short
    blocks = patient_income(
        clusters, TARIFF, REVIEW_DAYS, days=days, admitted_days=admitted, period_clusters=period
    )
    assert np.array_equal(once, blocks, equal_nan=True)


def test_income_in_blocks_worked_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "PRICE_BLOCK", 1)
    income = patient_income(
        [3, 11, 1], TARIFF, REVIEW_DAYS, days=[91, 91, np.nan], admitted_days=[0, 2, np.nan]
    )
    # cluster 3: 1000 × 91/182 = 500; cluster 11: 3650 × 91/365 + 300 × 2 = 1510;
    # cluster 1 without days: one review period, 10 × 84 = 840 (no admitted days: 0).
    assert income.tolist() == pytest.approx([500, 1510, 840])


def test_only_the_audited_patients_money_is_kept() -> None:
    result = audit_clusters(
        [1, 3, 1, 0, 3, 99],
        [3, 11, 1, 3, np.nan, 1],
        tariff=TARIFF,
        review_days=REVIEW_DAYS,
        days=[91, 91, np.nan, np.nan, 10, 10],
        admitted_days=[0, 2, 0, np.nan, 0, 0],
    )
    money = result.audited_money
    assert money is not None
    # As in tests/test_audit.py::test_money_at_stake: −410, +1010, 0, +90 for the
    # four audited patients; the fifth has no clinician cluster, the sixth is 99.
    assert money.audited.tolist() == [True, True, True, True, False, False]
    assert money.clinician.tolist() == [3, 11, 1, 3]
    assert money.suggested.tolist() == [1, 3, 1, 0]
    assert money.difference.tolist() == pytest.approx([-410, 1010, 0, 90])
    assert money.clinician.dtype == np.int16  # care-cluster codes fit in 16 bits
    frame = result.per_patient
    assert frame is not None
    assert frame["difference"].tolist()[:4] == pytest.approx([-410, 1010, 0, 90])
    assert frame["difference"].iloc[4:].isna().all()


def test_codes_beyond_16_bits_are_kept_whole() -> None:
    chosen = audit._audited_codes(np.array([1.0, 40_000.0, 2.0]), np.array([True, True, False]))
    assert chosen.dtype == np.int64
    assert chosen.tolist() == [1, 40_000]


text_cells = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "North", " North ", "north", "\tEast", "Crisis\u00a0", "1", "1.0"]),
    st.text(max_size=6),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(text_cells, max_size=30))
def test_dictionary_text_is_each_cell_as_text(cells: list) -> None:
    # A categorical of text converted once per category is the column converted
    # cell by cell (pbrkit.io.parse.as_text).
    values = pd.Series(pd.Categorical(cells))
    expected = parse.as_text(values)
    shared = _as_text(values)
    assert shared.dtype == expected.dtype == object
    assert shared.index.equals(expected.index)
    assert [None if pd.isna(v) else v for v in shared] == [
        None if pd.isna(v) else v for v in expected
    ]


def _column(kind: str, cells: list) -> pd.Series:
    """The same cells as each reader may hand them over: objects (an xlsx sheet read
    cell by cell), Arrow text, a Parquet dictionary, or numbers."""
    if kind == "numbers":
        return pd.Series([None if c is None else float(len(c)) / 2 for c in cells], dtype=float)
    if kind == "mixed":  # 1 and 1.0 hash alike but read as "1" and "1.0"
        return pd.Series([1 if c == "1" else 1.0 if c == "1.0" else c for c in cells], dtype=object)
    if kind == "unused labels":  # a Parquet dictionary whose labels some cells never use
        labels = sorted({c for c in cells if c is not None} | {"Unused"})
        return pd.Series(pd.Categorical(cells, categories=labels))
    dtype = {"objects": object, "arrow": "str", "dictionary": "category"}[kind]
    return pd.Series(cells, dtype=dtype)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(text_cells, max_size=30),
    st.sampled_from(["objects", "arrow", "dictionary", "unused labels", "numbers", "mixed"]),
)
def test_traits_held_as_codes_read_as_each_cell_as_text(cells: list, kind: str) -> None:
    # A trait is held as a categorical of its texts: cell by cell it is the text
    # parse.as_text gives, and in the allocations table it is the same column, of the
    # same dtype, as the Python strings it used to be.
    values = _column(kind, cells)
    expected, held = _as_text(values), _as_trait(values)
    assert isinstance(held.dtype, pd.CategoricalDtype)
    assert held.index.equals(expected.index)
    plain = [None if pd.isna(v) else v for v in expected]
    assert [None if pd.isna(v) else v for v in held.astype(object)] == plain
    before, after = pd.DataFrame(index=values.index), pd.DataFrame(index=values.index)
    before["trait"], after["trait"] = expected.to_numpy(), _trait_text(held)
    assert before["trait"].dtype == after["trait"].dtype
    assert [None if pd.isna(v) else v for v in after["trait"]] == plain


def test_a_trait_of_mixed_objects_keeps_each_cells_own_text() -> None:
    # 1 and 1.0 hash alike, so coding the objects first would read both as "1"; the
    # column is read as text first: "1" and "1.0", as parse.as_text reads them.
    values = pd.Series([1, 1.0, "a", None], dtype=object)
    assert _as_trait(values).astype(object).tolist()[:3] == ["1", "1.0", "a"]
    assert parse.as_text(values).tolist()[:3] == ["1", "1.0", "a"]


def test_a_categorical_trait_is_coded_by_its_values_not_row_by_row() -> None:
    # Homogeneity works on a trait's distinct values: a categorical of three labels
    # over six rows gives three codes (not one per row, the fallback for objects
    # that are not all text).
    values = pd.Series(pd.Categorical(["b", "a", "b", None, "a", "b"]))
    codes, distinct = homogeneity._factorised(values)
    assert codes.tolist() == [0, 1, 0, 2, 1, 0]
    assert [None if pd.isna(v) else v for v in distinct] == ["b", "a", None]


def test_dictionary_of_numbers_is_left_to_as_text() -> None:
    values = pd.Series(pd.Categorical([1.0, 2.5, None]))
    assert _as_text(values).tolist()[:2] == parse.as_text(values).tolist()[:2]


def test_a_dictionary_column_reads_as_its_text(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    items = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")
    teams = [" North", "South ", None, "North"]
    columns = {"patient_id": ["P1", "P2", "P3", "P4"]}
    columns |= {item: [0, 1, 2, 9] for item in items}
    plain, encoded = tmp_path / "plain.parquet", tmp_path / "encoded.parquet"
    pq.write_table(pa.table({**columns, "team": pa.array(teams)}), plain)
    pq.write_table(pa.table({**columns, "team": pa.array(teams).dictionary_encode()}), encoded)
    expected = read_ratings(plain).patients["team"].tolist()
    got = read_ratings(encoded).patients["team"].tolist()
    assert expected[:2] == got[:2] == ["North", "South"]
    assert pd.isna(got[2]) and got[3] == "North"


def _first_positions_at_once(codes: np.ndarray) -> np.ndarray:
    """The computation that homogeneity._first_positions does in blocks."""
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", None]), max_size=40), st.integers(1, 7))
def test_first_occurrences_found_in_blocks(cells: list, block: int) -> None:
    codes = np.asarray(pd.factorize(pd.Series(cells), use_na_sentinel=False)[0], dtype=np.intp)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(homogeneity, "_SCAN_BLOCK", block)
        blocks = homogeneity._first_positions(codes).tolist()
    assert blocks == _first_positions_at_once(codes).tolist()


def _top_decile_share_two_sorts(frame: pd.DataFrame) -> pd.Series:
    """The former computation (two stable sorts and a rank) that lexsort replaced."""
    cluster = frame["cluster"].to_numpy(dtype=np.int64)
    cost = frame["cost"].to_numpy(dtype=np.float64)
    by_cost = np.argsort(-cost, kind="stable")
    ordered = by_cost[np.argsort(cluster[by_cost], kind="stable")]
    cluster, cost = cluster[ordered], cost[ordered]
    starts = np.flatnonzero(np.diff(cluster, prepend=cluster[:1] - 1) != 0)
    sizes = np.diff(np.append(starts, len(cluster)))
    rank = np.arange(len(cluster)) - np.repeat(starts, sizes)
    top = np.where(rank < np.repeat(np.ceil(sizes / 10), sizes), cost, 0.0)
    totals = pd.Series(cost).groupby(cluster).sum()
    return pd.Series(top).groupby(cluster).sum() / totals.where(totals > 0)


def _same_top_decile_share_as_two_sorts(rows: list) -> None:
    """The top-decile share of ``rows`` (cluster, cost) is, bit for bit, the former one's."""
    frame = pd.DataFrame(rows, columns=["cluster", "cost"])
    got = homogeneity._cluster_costs(frame)[0]["top10_share"]
    expected = _top_decile_share_two_sorts(frame)
    assert got.index.tolist() == expected.index.tolist()
    assert np.array_equal(got.to_numpy(), expected.to_numpy(), equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3, 11]), st.sampled_from([0.0, 1.0, 2.5, 100.0, 1e6])),
        min_size=1,
        max_size=60,
    )
)
def test_top_decile_share_by_one_stable_sort(rows: list) -> None:
    # Ties in cost (few distinct values) are where the order of the sorts matters.
    # Compared bit for bit: each cluster's sums add the same costs in the same order.
    _same_top_decile_share_as_two_sorts(rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 3, 99, 40_000]),
            st.floats(0, 1e7, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=80,
    )
)
def test_top_decile_share_of_any_costs_bit_for_bit(rows: list) -> None:
    # Costs of any size (so float sums depend on their order), and codes too large
    # for int16 (40,000) as well as small ones.
    _same_top_decile_share_as_two_sorts(rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3, 11]), st.floats(0, 1e7, allow_nan=False)),
        min_size=1,
        max_size=80,
    )
)
def test_cluster_quantiles_from_one_sort_are_each_asked_alone(rows: list) -> None:
    # p10, p50 and p90 come from one call (one sort per cluster); each is, bit for bit,
    # the quantile asked for on its own.
    frame = pd.DataFrame(rows, columns=["cluster", "cost"])
    stats = homogeneity._cluster_stats(homogeneity._cluster_costs(frame)[0], cv_threshold=1.0)
    grouped = frame.groupby("cluster")["cost"]
    for name, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        assert np.array_equal(stats[name].to_numpy(), grouped.quantile(q).to_numpy())
        assert stats[name].index.tolist() == grouped.quantile(q).index.tolist()


def test_top_decile_share_worked_example() -> None:
    # Cluster 1 has 11 patients: ceil(11 / 10) = 2 in its top tenth, 100 + 50 of
    # 100 + 50 + 9 × 10 = 240 -> 150 / 240 = 0.625. Cluster 2: one patient, all of it.
    frame = pd.DataFrame({"cluster": [1] * 11 + [2], "cost": [10.0] * 9 + [50.0, 100.0, 7.0]})
    share = homogeneity._cluster_costs(frame)[0]["top10_share"]
    assert share.to_dict() == {1: 0.625, 2: 1.0}


@settings(max_examples=80, deadline=None)
@given(st.lists(text_cells, min_size=1, max_size=30))
def test_ids_held_as_arrow_text_read_as_each_cell_as_text(cells: list) -> None:
    # The IDs of a Parquet file (Arrow text) keep the values parse.as_text gives,
    # and reach the allocations table with the same dtype as through Python strings.
    values = pd.Series(cells, dtype="str")
    expected, got = parse.as_text(values), _ids_as_text(values)
    assert [None if pd.isna(v) else v for v in got] == [None if pd.isna(v) else v for v in expected]
    through_objects = pd.DataFrame({"patient_id": expected.to_numpy()}, copy=False)
    shared = pd.DataFrame({"patient_id": got.array}, copy=False)
    assert through_objects["patient_id"].dtype == shared["patient_id"].dtype


def test_numeric_or_blank_ids_keep_the_general_conversion() -> None:
    numbers = pd.Series([1.0, 2.0, None])
    assert _ids_as_text(numbers).tolist()[:2] == ["1", "2"]
    assert _ids_as_text(numbers).dtype == object
    blank = pd.Series([" ", None], dtype="str")
    assert _ids_as_text(blank).dtype == object
