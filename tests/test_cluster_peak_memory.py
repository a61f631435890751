"""`pbrkit cluster` at 10 million patients within 1.5× the bare read and kernel (issue 16).

Each step that holds less is checked here against the computation it replaces:
the same figures, bit for bit, on inputs of any size.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pbrkit import allocation as allocation_module
from pbrkit import audit, clustering, homogeneity
from pbrkit.allocation import Allocation, allocation_frame
from pbrkit.audit import audit_clusters
from pbrkit.clustering import money_by_cell, patients_per_code
from pbrkit.io.ratings import _rows_with_a_cell
from test_audit import REVIEW_DAYS, TARIFF  # the audit tests' small tariff

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx"
codes = st.sampled_from([0, 1, 3, 10, 11, 17, 21, 99])
money = st.floats(-1e7, 1e7, allow_nan=False, allow_subnormal=False)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(codes, codes, money), max_size=60),
    st.sampled_from([np.int16, np.int64]),
)
def test_money_by_cell_is_the_group_by_over_both_codes(cells: list, dtype: type) -> None:
    # One folded key per cell gives each cell the same patients as the group-by over
    # the two arrays it replaced; each cell's sum exact (rounded once), bit for bit.
    clinician = np.array([c for c, _, _ in cells], dtype=dtype)
    suggested = np.array([s for _, s, _ in cells], dtype=dtype)
    difference = np.array([m for _, _, m in cells], dtype=np.float64)
    expected = (
        pd.Series(difference)
        .groupby([clinician, suggested])
        .agg(lambda cell: _exact(cell.tolist()))
    )
    got = money_by_cell(clinician, suggested, difference)
    assert got.index.get_level_values(0).tolist() == expected.index.get_level_values(0).tolist()
    assert got.index.get_level_values(1).tolist() == expected.index.get_level_values(1).tolist()
    assert got.index.get_level_values(0).dtype == np.int64
    assert got.to_numpy().tobytes() == expected.to_numpy().tobytes()


def test_money_by_cell_worked_example() -> None:
    # Cells (3, 1): -410 + 0.1 = -409.9; (11, 3): 1010; (3, 0): 90.
    # Key (c - 0) * 12 + s: (3, 1) -> 37, (11, 3) -> 135, (3, 0) -> 36.
    got = money_by_cell(
        np.array([3, 11, 3, 3], np.int16),
        np.array([1, 3, 0, 1], np.int16),
        np.array([-410.0, 1010.0, 90.0, 0.1]),
    )
    assert list(got.index) == [(3, 0), (3, 1), (11, 3)]
    assert got.tolist() == [90.0, -410.0 + 0.1, 1010.0]


def test_money_by_cell_codes_spread_wide_grouped_by_both() -> None:
    # A span beyond 2**15 codes would overflow the folded key: grouped by both codes.
    got = money_by_cell(
        np.array([1, 40_000, 1], np.int64), np.array([2, 2, 2], np.int64), np.ones(3)
    )
    assert list(got.index) == [(1, 2), (40_000, 2)]
    assert got.tolist() == [2.0, 1.0]


@settings(max_examples=80, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(0, 50),
        elements=st.sampled_from([np.nan, 0.0, 1.0, 3.0, 99.0, 70_000.0, -2.0]),
    ),
    st.integers(1, 7),
)
def test_patients_per_code_is_value_counts(values: np.ndarray, block: int) -> None:
    # Counted in blocks (of 1 to 7 here), by bincount or, for codes beyond 16 bits or
    # below 0, by np.unique: the counts value_counts gives, code by code.
    expected = pd.Series(values).dropna().astype(np.int64).value_counts().sort_index()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clustering, "COUNT_BLOCK", block)
        got = patients_per_code(values).sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert got.tolist() == expected.tolist()
    assert got.dtype == np.int64
    whole = values[~np.isnan(values)].astype(np.int64)
    assert patients_per_code(whole).sort_index().tolist() == expected.tolist()


def test_patients_per_code_worked_example() -> None:
    # 3 twice, 11 once, 99 once; the blank is no one's code.
    got = patients_per_code(np.array([3.0, np.nan, 11.0, 3.0, 99.0]))
    assert got.sort_index().to_dict() == {3: 2, 11: 1, 99: 1}


def test_runner_up_column_shares_the_allocations_array() -> None:
    # No copy of the runner-up codes (80 MB at 10 million patients): the column reads
    # the allocation's array, missing where there is no runner-up (-1).
    n = 3
    allocation = Allocation(
        suggested=np.array([3, 0, 99]),
        score=np.array([9.0, np.nan, np.nan]),
        runner_up=np.array([12, -1, -1]),
        runner_up_score=np.array([7.0, np.nan, np.nan]),
        margin=np.array([2.0, np.nan, np.nan]),
        outcome=np.array([0, 2, 3], dtype=np.int8),
        unknown_count=np.array([0, 0, 5], dtype=np.int8),
        unknown_items=np.array([0, 0, 31]),
        breaking_items=np.array([0, 1, 0]),
        min_score=0.0,
        max_unknown=2,
    )
    frame = allocation_frame(["a", "b", "c"], allocation)
    column = frame["runner_up"]
    assert column.dtype == "Int64"
    assert column.isna().tolist() == [False, True, True]
    assert column.iloc[0] == 12
    assert np.shares_memory(column.array._data, allocation.runner_up)
    assert len(frame) == n


cells = st.one_of(st.none(), st.just(np.nan), st.just(""), st.sampled_from(["a", "3", "9"]))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 12).flatmap(
        lambda n: st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=4)
    )
)
def test_rows_with_a_cell_found_column_by_column(columns: list) -> None:
    # Column by column, the rows the table of every cell's flag found: any cell not
    # missing (an empty string is a cell; None and NaN are not).
    body = pd.DataFrame({f"c{i}": pd.Series(c, dtype=object) for i, c in enumerate(columns)})
    expected = body.notna().to_numpy().any(axis=1)
    assert _rows_with_a_cell(body).tolist() == expected.tolist()


def test_rows_with_a_cell_worked_example() -> None:
    # Row 0 has "a", row 1 nothing, row 2 an empty string (a cell, as before).
    body = pd.DataFrame({"x": ["a", None, None], "y": [None, np.nan, ""]})
    assert _rows_with_a_cell(body).tolist() == [True, False, True]


# --------------------------------------------------------------- cost homogeneity
# The former computations (commit a817525), over every patient at once, with each sum
# made exact (fractions.Fraction, rounded once: the figures are the same in any row
# order): the reference each figure must equal, bit for bit.


def _exact(values: list[float]) -> float:
    return float(sum((Fraction(v) for v in values), Fraction(0))) + 0.0


def _exact_count_mean_sd(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, cost in frame.groupby("cluster")["cost"]:
        values = cost.dropna().tolist()
        mean = _exact(values) / len(values) if values else np.nan
        squares = [(v - mean) * (v - mean) for v in values]
        sd = np.sqrt(_exact(squares) / (len(values) - 1)) if len(values) > 1 else np.nan
        rows.append((code, len(values), mean, sd))
    stats = pd.DataFrame(rows, columns=["cluster", "n", "mean", "sd"]).set_index("cluster")
    stats.index = stats.index.astype(np.int64)
    return stats


def _former_top_decile_share(frame: pd.DataFrame) -> pd.Series:
    cluster = frame["cluster"].to_numpy(dtype=np.int64)
    by_cluster = np.argsort(cluster, kind="stable")
    cluster = cluster[by_cluster]
    cost = frame["cost"].to_numpy(dtype=np.float64)[by_cluster]
    starts = np.flatnonzero(np.diff(cluster, prepend=cluster[:1] - 1) != 0)
    sizes = np.diff(np.append(starts, len(cluster)))
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        cost[start : start + size] = np.sort(cost[start : start + size])[::-1]
    in_top = np.arange(len(cluster)) < np.repeat(starts + np.ceil(sizes / 10), sizes)
    top = np.where(in_top, cost, 0.0)
    totals = pd.Series(cost).groupby(cluster).sum()
    return pd.Series(top).groupby(cluster).sum() / totals.where(totals > 0)


def _former_cluster_stats(frame: pd.DataFrame, cv_threshold: float) -> pd.DataFrame:
    top10_share = _former_top_decile_share(frame)
    grouped = frame.groupby("cluster")["cost"]
    stats = _exact_count_mean_sd(frame)
    stats["cv"] = stats["sd"] / stats["mean"].where(stats["mean"] != 0)
    quantiles = grouped.quantile(np.array([0.1, 0.5, 0.9]))
    for name, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        stats[name] = quantiles.xs(q, level=1)
    stats["top10_share"] = top10_share
    stats["high_cv"] = (stats["cv"] > cv_threshold).to_numpy(dtype=bool)
    stats.index.name = "cluster"
    return stats


def _former_within_trim(frame: pd.DataFrame) -> np.ndarray:
    grouped = frame.groupby("cluster")["cost"]
    lowest = grouped.quantile(homogeneity.TRIM_LOW, interpolation="lower")
    highest = grouped.quantile(homogeneity.TRIM_HIGH, interpolation="higher")
    cluster, cost = frame["cluster"], frame["cost"]
    above = (cost >= cluster.map(lowest)).to_numpy(dtype=bool)
    return above & (cost <= cluster.map(highest)).to_numpy(dtype=bool)


def _former_riv(cost: pd.Series, group: pd.Series) -> float:
    c = cost.to_numpy(dtype=np.float64)
    if len(c) == 0:
        return np.nan
    keys = group.to_numpy()
    means = {k: _exact(c[keys == k].tolist()) / int((keys == k).sum()) for k in set(keys.tolist())}
    ssw = _exact(
        [(x - means[k]) * (x - means[k]) for x, k in zip(c.tolist(), keys.tolist(), strict=True)]
    )
    mean = _exact(c.tolist()) / len(c)
    sst = _exact([(x - mean) * (x - mean) for x in c.tolist()])
    return 1.0 - ssw / sst if sst > 0 else np.nan


def _bits(values: object) -> bytes:
    return np.asarray(values, dtype=np.float64).tobytes()


def _same_homogeneity(rows: list, block: int) -> None:
    patients = pd.DataFrame(rows, columns=["cluster", "cost"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(homogeneity, "STATS_BLOCK", block)
        result = homogeneity.cost_homogeneity(patients)
    frame = homogeneity._measured(patients, "patients", None)
    expected = _former_cluster_stats(frame, 1.0)
    got = result.clusters
    assert got.columns.tolist() == expected.columns.tolist()
    assert got.index.tolist() == expected.index.tolist()
    assert got.index.dtype == expected.index.dtype == np.int64
    assert got.index.name == "cluster"
    for name in expected.columns:
        assert got[name].dtype == expected[name].dtype, name
        assert _bits(got[name]) == _bits(expected[name]), name
    keep = _former_within_trim(frame)
    assert result.trimmed == int((~keep).sum())
    cost, cluster = frame["cost"], frame["cluster"]
    assert _bits(result.riv) == _bits(_former_riv(cost, cluster))
    assert _bits(result.riv_trimmed) == _bits(_former_riv(cost[keep], cluster[keep]))


costs = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 2.5, 100.0, 1e6]),
    st.floats(0, 1e7, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0, 1, 3, 11, 99, 40_000]), costs), min_size=1, max_size=120
    ),
    st.integers(1, 9),
)
def test_cluster_figures_by_blocks_are_pandas_group_by_figures(rows: list, block: int) -> None:
    # Blocks of rows (from 1 row up) for the trim and the RIV, quantiles picked from
    # each cluster's sorted costs against pandas' group-by quantiles; costs with ties,
    # zeros of both signs and costs of any size (float sums depend on their order), codes
    # too large for int16 as well as small ones: every figure bit for bit.
    _same_homogeneity(rows, block)


def test_cluster_figures_of_many_patients_in_blocks() -> None:
    # Clusters of 1 to 300 patients (the trim drops some above 100 and 200), in blocks.
    rng = np.random.default_rng(16)
    sizes = [1, 2, 9, 10, 11, 101, 201, 300]
    rows = [
        (code, float(cost))
        for code, size in zip([0, 1, 2, 3, 4, 11, 17, 21], sizes, strict=True)
        for cost in np.round(rng.lognormal(7, 1.5, size), 2)
    ]
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    for block in (1, 50, 250, 1 << 20):
        _same_homogeneity(rows, block)


def test_cluster_figures_worked_example() -> None:
    # Cluster 1: costs 10, 30 -> n 2, mean 20, sd sqrt(((10-20)² + (30-20)²)/1) = 14.142..,
    #   top tenth ceil(0.2) = 1 patient: 30 of 40 = 0.75.
    # Cluster 2: cost 5 -> mean 5, sd NaN (one patient), top share 5/5 = 1.
    # RIV: overall mean 15; SST = 25 + 225 + 100 = 350; SSW = 100 + 100 + 0 = 200;
    #   1 - 200/350 = 0.428571...
    patients = pd.DataFrame({"cluster": [1, 2, 1], "cost": [10.0, 5.0, 30.0]})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(homogeneity, "STATS_BLOCK", 1)  # one row a block
        result = homogeneity.cost_homogeneity(patients)
    stats = result.clusters
    assert stats["n"].tolist() == [2, 1]
    assert stats["mean"].tolist() == [20.0, 5.0]
    assert stats.loc[1, "sd"] == pytest.approx(200**0.5)
    assert np.isnan(stats.loc[2, "sd"])
    assert stats["top10_share"].tolist() == [0.75, 1.0]
    assert result.riv == pytest.approx(1 - 200 / 350)


def test_riv_of_text_groups_is_the_riv_of_their_codes() -> None:
    # Text keys take transform("mean") itself; integer keys have the means put back a
    # block at a time. Same groups, same figure, bit for bit.
    # Worked: costs 1, 3 | 10: means 2 | 10; SSW = 1 + 1 + 0 = 2; mean 14/3;
    # SST = (11/3)² + (5/3)² + (16/3)² = 402/9; RIV = 1 - 18/402 = 0.955223...
    cost = pd.Series([1.0, 3.0, 10.0])
    as_text = homogeneity.reduction_in_variance(cost, pd.Series(["a", "a", "b"]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(homogeneity, "STATS_BLOCK", 2)
        as_codes = homogeneity.reduction_in_variance(cost, pd.Series([5, 5, 7]))
    assert _bits(as_text) == _bits(as_codes) == _bits(_former_riv(cost, pd.Series([5, 5, 7])))
    assert as_codes == pytest.approx(1 - 18 / 402)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([1, 3, 11, 0, 99]),
            st.sampled_from([1, 3, 11, np.nan, 99]),
            st.one_of(st.just(np.nan), st.integers(0, 400).map(float)),
            st.one_of(st.just(np.nan), st.integers(0, 5).map(float)),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 7),
)
def test_audited_money_priced_a_block_at_a_time(rows: list, block: int) -> None:
    # Each audited patient's incomes are their own: priced a block of patients at a time
    # (the blocks' audited patients gathered from every patient's days), the £ and the
    # sums per cluster are those of one block, bit for bit.
    suggested, clinician, days, admitted = (list(column) for column in zip(*rows, strict=True))
    args = {"tariff": TARIFF, "review_days": REVIEW_DAYS, "days": days, "admitted_days": admitted}
    whole = audit_clusters(suggested, clinician, **args)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit, "PRICE_BLOCK", block)
        blocks = audit_clusters(suggested, clinician, **args)
    assert whole.audited_money is not None and blocks.audited_money is not None
    assert _bits(blocks.audited_money.difference) == _bits(whole.audited_money.difference)
    assert whole.money is not None and blocks.money is not None
    assert blocks.money.index.tolist() == whole.money.index.tolist()
    assert _bits(blocks.money.to_numpy(dtype=np.float64)) == _bits(
        whole.money.to_numpy(dtype=np.float64)
    )


# ------------------------------------------------------------------------ reasons


def _former_distinct(keys: list, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    combined = np.zeros(len(members), dtype=np.int64)
    for key in keys:
        code, uniques = pd.factorize(key[members], use_na_sentinel=False)
        combined *= len(uniques) + 1
        combined += np.asarray(code, dtype=np.int64)
        combined = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
    group, uniques = pd.factorize(combined)
    representative = np.empty(len(uniques), dtype=np.int64)
    representative[group] = np.arange(len(group))
    return np.asarray(group, dtype=np.int64), representative


def _former_reasons(a: Allocation) -> pd.Categorical:
    """reasons() as it was (commit fd56371): every patient of an outcome at once."""
    codes = np.full(len(a), -1, dtype=np.int64)
    texts: list[str] = []
    for outcome in (0, 1, 2, 3):
        members = np.flatnonzero(a.outcome == outcome)
        if members.size == 0:
            continue
        keys = {
            0: [a.suggested, a.score, a.runner_up, a.runner_up_score],
            1: [a.runner_up, a.runner_up_score],
            2: [a.breaking_items],
            3: [a.unknown_items],
        }[outcome]
        group, representative = _former_distinct(keys, members)
        codes[members] = group + len(texts)
        texts.extend(_text_of(a, int(members[i])) for i in representative)
    unique = list(dict.fromkeys(texts))
    position = {text: i for i, text in enumerate(unique)}
    remap = np.array([position[text] for text in texts], dtype=np.int64)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(unique, dtype=str))


def _text_of(a: Allocation, i: int) -> str:
    """The reason of patient ``i`` alone, as reasons() writes it."""
    one = Allocation(
        **{name: getattr(a, name)[i : i + 1] for name in _ARRAYS},
        min_score=a.min_score,
        max_unknown=a.max_unknown,
    )
    return str(allocation_module.reasons(one)[0])


_ARRAYS = (
    "suggested", "score", "runner_up", "runner_up_score", "margin", "outcome",
    "unknown_count", "unknown_items", "breaking_items",
)  # fmt: skip

patients = st.tuples(
    st.sampled_from([0, 1, 2, 3]),  # outcome
    st.sampled_from([3, 11, 12]),  # suggested (for outcome 0)
    st.sampled_from([9.0, 7.0, -0.0, 0.0, 1.0000001, 1.0000002, np.nan]),  # score
    st.sampled_from([-1, 3, 12]),  # runner-up
    st.sampled_from([7.0, 9.0, 0.0, np.nan]),  # runner-up score
    st.sampled_from([0, 1, 5, 1 << 17]),  # item bitmask
)


def _allocation(rows: list) -> Allocation:
    outcome = np.array([r[0] for r in rows], dtype=np.int8)
    score = np.array([r[2] for r in rows])
    runner_up_score = np.array([r[4] for r in rows])
    mask = np.array([r[5] for r in rows], dtype=np.int64)
    return Allocation(
        suggested=np.where(outcome == 0, [r[1] for r in rows], np.where(outcome == 3, 99, 0)),
        score=score,
        runner_up=np.array([r[3] for r in rows], dtype=np.int64),
        runner_up_score=runner_up_score,
        margin=score - runner_up_score,
        outcome=outcome,
        unknown_count=np.array([bin(m).count("1") for m in mask.tolist()], dtype=np.int8),
        unknown_items=np.where(outcome == 3, mask, 0),
        breaking_items=np.where(outcome == 2, mask, 0),
        min_score=0.0,
        max_unknown=2,
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(patients, min_size=1, max_size=60), st.integers(1, 7))
# One case, whose last patient (the one its text is written from) scored -0: "-0".
@example([(0, 3, 0.0, 12, 7.0, 0), (0, 3, -0.0, 12, 7.0, 0), (0, 3, 0.0, 3, 7.0, 0)], 1)
def test_reasons_a_block_at_a_time_are_the_reasons_of_one_pass(rows: list, block: int) -> None:
    # Cases found a block of patients at a time and matched by value across blocks
    # (NaN scores, 0 and -0, scores alike to 6 digits): the same categories in the
    # same order, and the same category for every patient.
    a = _allocation(rows)
    expected = _former_reasons(a)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation_module, "REASON_BLOCK", block)
        got = allocation_module.reasons(a)
    assert list(got.categories) == list(expected.categories)
    assert got.codes.tolist() == expected.codes.tolist()
    assert got.codes.dtype == expected.codes.dtype


def test_reasons_worked_example() -> None:
    # Patients 0 and 2 share a case (cluster 3, score 9, runner-up 12 at 7), patient 1
    # is not assessed: two texts, the first case first.
    a = _allocation(
        [(0, 3, 9.0, 12, 7.0, 0), (3, 3, np.nan, -1, np.nan, 5), (0, 3, 9.0, 12, 7.0, 0)]
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocation_module, "REASON_BLOCK", 1)  # each patient its own block
        got = allocation_module.reasons(a)
    assert list(got.categories) == [
        "best score 9 for cluster 3 (runner-up 12 at 7)",
        "2 items unknown (1, 3; more than 2 allowed): not assessed",
    ]
    assert got.codes.tolist() == [0, 1, 0]


# ------------------------------------------------------------- allocation's masks


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_item_bitmasks_are_int32_of_the_items_bits(kernel: str) -> None:
    # Patient 0: items 1, 2 and E unknown (3 > 2 allowed): bits 0, 1 and 17,
    #   1 + 2 + 131,072 = 131,075 (the largest mask, all 18 items, is 262,143 < 2**31).
    # Patient 1: item 1 rated 2 where cluster 7's must rule asks 4, the only profile:
    #   ruled out everywhere, breaking item 1 (bit 0 = 1).
    from pbrkit import allocation_kernel

    if kernel == "compiled" and not allocation_kernel.installed():
        pytest.skip("numba (pbrkit[fast]) is not installed")
    grid = allocation_module._build_compiled(
        np.array([(7, 0, 4, 0)]), allocation_module.BandWeights()
    )
    r = np.zeros((2, 18), dtype=np.int8)
    r[0, [0, 1, 17]] = -1
    r[1, 0] = 2
    result = allocation_module.allocate(r, grid, kernel=kernel)
    assert result.unknown_items.dtype == result.breaking_items.dtype == np.int32
    assert result.unknown_items.tolist() == [131_075, 0]
    assert result.breaking_items.tolist() == [0, 1]
    assert "items unknown (1, 2, E; more than 2 allowed)" in str(
        allocation_module.reasons(result)[0]
    )


def test_cluster_with_a_blank_cost_column_is_refused_with_one_message(tmp_path: Path) -> None:
    # Before: "unexpected failure: KeyError: 0.1" (an empty group-by has no quantiles).
    # Now: the one problem, exit 2, and nothing written.
    from click.testing import CliRunner

    from pbrkit.cli import cli

    frame = pd.read_excel(EXAMPLE, sheet_name="ratings", dtype=str, engine="openpyxl")
    frame["cost"] = None
    source = tmp_path / "ratings.csv"
    frame.to_csv(source, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(source), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "no patient has both a cluster and a cost" in result.output
    assert not out.exists()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([1, 3, 11]),
            st.sampled_from(["yes", "no", None, "North", "South"]),
            costs,
            st.floats(0, 1e6, allow_nan=False, allow_subnormal=False),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_trait_tables_of_int8_codes_are_those_of_intp_codes(rows: list) -> None:
    # The subgroups' codes held as int8 group the same rows in the same order as the
    # intp codes they replace: the same tables, bit for bit.
    money = pd.DataFrame(
        {
            "cluster": np.array([r[0] for r in rows], dtype=np.int64),
            "income": np.array([r[3] for r in rows]),
            "cost": np.array([r[2] for r in rows]),
        }
    )
    codes, labels = homogeneity._trait_codes(pd.Series([r[1] for r in rows]), "team")
    assert codes.dtype == np.int8
    narrow = homogeneity._trait_tables(money, [("team", codes, labels)])
    wide = homogeneity._trait_tables(money, [("team", codes.astype(np.intp), labels)])
    for got, expected in zip(narrow, wide, strict=True):
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


key_columns = st.lists(
    st.one_of(
        st.lists(st.sampled_from([-1, 0, 3, 21, 99]), min_size=12, max_size=12),  # codes
        st.lists(st.sampled_from([0, 1 << 17, -(1 << 40), 1 << 40]), min_size=12, max_size=12),
        st.lists(st.sampled_from([0, 5, (1 << 20) - 1]), min_size=12, max_size=12),  # 2**20 wide
        st.lists(st.sampled_from([9.0, -0.0, 0.0, np.nan, 1.5]), min_size=12, max_size=12),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=200, deadline=None)
@given(key_columns, st.lists(st.integers(0, 11), min_size=0, max_size=12, unique=True))
def test_distinct_cases_are_the_groups_of_factorising_each_key(columns: list, chosen: list) -> None:
    # Narrow integer keys coded by subtraction (up to 2**20 codes wide), wide ones
    # (2**41 apart) and floats (NaN equal to NaN, -0 to 0) factorised, up to 7 keys
    # (four keys 2**20 wide pass 2**62 and are re-factorised): the same groups,
    # numbered in the same order, as before.
    keys = [np.array(c, dtype=np.float64 if isinstance(c[0], float) else np.int64)
            for c in columns]  # fmt: skip
    members = np.array(sorted(chosen), dtype=np.int64)
    group, representative = allocation_module._distinct(keys, members)
    former_group, former_representative = _former_distinct(keys, members)
    assert group.tolist() == former_group.tolist()
    assert representative.tolist() == former_representative.tolist()


def test_distinct_cases_never_collide_when_the_codes_would_overflow() -> None:
    # Four keys 2**20 codes wide: a·2**60 + b·2**40 + c·2**20 + d passes int64 at the
    # fourth, where a = 16 would wrap round to a = 0 (16·2**60 = 2**64). The codes are
    # re-factorised first, so rows 0 and 1 stay apart.
    top = (1 << 20) - 1
    keys = [np.array([0, 16, top]), *(np.array([0, 0, top]) for _ in range(3))]
    group, representative = allocation_module._distinct(keys, np.arange(3))
    assert group.tolist() == [0, 1, 2]
    assert representative.tolist() == [0, 1, 2]


def test_batches_hold_whole_clusters() -> None:
    # Clusters start at rows 0, 3, 4, 9 of 12; a new batch at the first start 4 or
    # more rows after the last one's: 0-4 (two clusters), 4-9, 9-12.
    assert homogeneity._batches(np.array([0, 3, 4, 9]), 12, 4) == [(0, 4), (4, 9), (9, 12)]
    assert homogeneity._batches(np.array([0, 3, 4, 9]), 12, 100) == [(0, 12)]
    assert homogeneity._batches(np.array([], dtype=np.int64), 0, 4) == []
    # Starts 0, 5, 6 of 10: the second cluster starts a batch (5 rows on), the third
    # does not (1 row after the second's start).
    assert homogeneity._batches(np.array([0, 5, 6]), 10, 4) == [(0, 5), (5, 10)]


def test_picked_knows_only_its_three_interpolations() -> None:
    one = (np.array([1.0, 2.0]), np.array([0]), np.array([2]))
    assert homogeneity._picked(*one, 0.5, "linear").tolist() == [1.5]  # 1 + (2 − 1)·0.5
    assert homogeneity._picked(*one, 0.5, "lower").tolist() == [1.0]
    assert homogeneity._picked(*one, 0.5, "higher").tolist() == [2.0]
    with pytest.raises(ValueError, match="nearest"):
        homogeneity._picked(*one, 0.5, "nearest")  # type: ignore[arg-type]
