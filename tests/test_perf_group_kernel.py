"""Group sums, means and SDs by codes (pbrkit.group_kernel): exact, and so the same
bits in any row order (they were pandas' bits, which change with the order).

A group's sum is the exact sum of its doubles rounded once: checked against
fractions.Fraction arithmetic. A pandas group-by adds in row order, with a compensated
sum, or with ``np.add.reduceat`` when the groups come in order: values of mixed
magnitudes (1e16 beside 0.1) make these differ from the exact sum and from each other
in the last bits, so each property below would fail if the kernel added in row order.
Every comparison is of the bits (``view(np.int64)``), NaN included.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fresh_run import probe_lines
from pbrkit import exact_sum, group_kernel, homogeneity
from pbrkit.audit import _money_by_cluster
from pbrkit.clustering import money_by_cell

pytestmark = pytest.mark.skipif(
    not group_kernel.installed(), reason="numba (the fast extra) is absent"
)

_VALUE = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False) | st.sampled_from(
    [0.1, 0.2, 0.3, 1e16, -1e16, 1.0, -0.0, 0.0, 1e-300, 7.25]
)
_ROWS = st.lists(st.tuples(st.integers(0, 40), _VALUE, _VALUE), min_size=1, max_size=80)


@pytest.fixture(autouse=True)
def _every_size_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled passes for a handful of rows too (they start at 50,000 and 200,000)."""
    monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)
    monkeypatch.setattr(exact_sum, "MIN_ROWS", 1)


def _same_bits(got: Any, want: Any) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    if got.dtype == np.float64:
        nan = np.isnan(got)
        assert (nan == np.isnan(want)).all()
        got, want = got[~nan].view(np.int64), want[~nan].view(np.int64)
    np.testing.assert_array_equal(got, want)


def _columns(rows: list[tuple[int, float, float]], order: str, dtype: type) -> tuple[Any, ...]:
    if order == "sorted":  # groups one after another: pandas sums by np.add.reduceat
        rows = sorted(rows, key=lambda row: row[0])
    elif order == "runs":  # each group one run, not ascending (sort=False's reduceat)
        rows = sorted(rows, key=lambda row: -row[0])
    keys = np.array([r[0] for r in rows]).astype(dtype)
    a = np.array([r[1] for r in rows], dtype=np.float64)
    b = np.array([r[2] for r in rows], dtype=np.float64)
    return keys, a, b


_ORDER = st.sampled_from(["input", "sorted", "runs"])
_DTYPE = st.sampled_from([np.int8, np.int16, np.int32, np.int64])


#: 1e16 + 1 rounds to 1e16 (its spacing is 2): a naive sum of this group is 0, the
#: compensated sum 2 (pandas' in row order), np.add.reduceat's 0 (sorted rows).
_ROUNDING = [(3, 1e16, 0.0), (3, 1.0, 0.0), (1, 0.5, 0.0), (3, 1.0, 0.0), (3, -1e16, 0.0)]


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS, order=_ORDER, dtype=_DTYPE, nan=st.booleans())
@example(rows=_ROUNDING, order="input", dtype=np.int16, nan=False)
@example(rows=_ROUNDING, order="sorted", dtype=np.int16, nan=False)
@example(rows=_ROUNDING, order="runs", dtype=np.int16, nan=False)
def test_sums_means_sds_are_exact_in_any_order(
    rows: list[tuple[int, float, float]], order: str, dtype: type, nan: bool
) -> None:
    keys, a, _ = _columns(rows, order, dtype)
    if nan:  # NaN is skipped
        a[:: max(len(a) // 3, 1)] = np.nan
    groups = group_kernel.Groups(keys)
    grouped = pd.Series(a).groupby(keys)
    sums, counts, sizes = groups.sums(a)
    _same_bits(groups.codes, grouped.sum().index.to_numpy(dtype=np.int64))
    _same_bits(counts, grouped.count().to_numpy())
    _same_bits(sizes, grouped.size().to_numpy())
    want_sums, want_means, want_sds = _exact_figures(keys, a)
    _same_bits(sums, want_sums)
    _same_bits(groups.means(a)[0], want_means)
    _same_bits(groups.std(a), want_sds)
    reversed_groups = group_kernel.Groups(keys[::-1])
    _same_bits(reversed_groups.sums(a[::-1])[0], sums)
    _same_bits(reversed_groups.std(a[::-1]), want_sds)


def _exact(values: list[float]) -> float:
    """The exact sum of ``values`` (finite), rounded once."""
    return float(sum((Fraction(v) for v in values), Fraction(0))) + 0.0


def _exact_figures(keys: np.ndarray, values: np.ndarray) -> tuple[Any, Any, Any]:
    """Each code's exact sum, mean (sum / n) and SD (√(exact Σ (x − mean)² / (n − 1)),
    each square a double), ascending by code, NaN skipped."""
    sums, means, sds = [], [], []
    for code in sorted(set(keys.tolist())):
        pairs = zip(keys.tolist(), values.tolist(), strict=True)
        group = [v for k, v in pairs if k == code and v == v]
        total = _exact(group)
        mean = total / len(group) if group else np.nan
        squares = [(v - mean) * (v - mean) for v in group]
        sds.append(np.sqrt(_exact(squares) / (len(group) - 1)) if len(group) > 1 else np.nan)
        sums.append(total)
        means.append(mean)
    return np.array(sums), np.array(means), np.array(sds)


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER, dtype=_DTYPE)
@example(rows=_ROUNDING, order="input", dtype=np.int8)
@example(rows=_ROUNDING, order="runs", dtype=np.int8)
def test_groups_in_order_of_appearance(
    rows: list[tuple[int, float, float]], order: str, dtype: type
) -> None:
    keys, a, b = _columns(rows, order, dtype)
    values = pd.DataFrame({"income": a, "cost": b})
    got_keys, got = homogeneity._group_means(values, keys)
    table = values.groupby(keys, sort=False).size()
    _same_bits(got_keys, table.index.to_numpy().astype(np.intp))
    _same_bits(got["n"].to_numpy(), table.to_numpy())
    for name, column in (("mean_income", a), ("mean_cost", b)):
        _, means, _ = _exact_figures(keys, column)
        by_code = dict(zip(sorted(set(keys.tolist())), means.tolist(), strict=True))
        _same_bits(got[name].to_numpy(), np.array([by_code[k] for k in got_keys.tolist()]))


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER)
def test_cluster_cost_figures_are_exact(rows: list[tuple[int, float, float]], order: str) -> None:
    keys, a, b = _columns(rows, order, np.int64)
    frame = pd.DataFrame({"cluster": keys, "cost": np.abs(a) + 0.0, "income": b})
    stats = homogeneity._count_mean_sd(frame, keys.astype(np.int16))[0]
    want = frame.groupby("cluster")["cost"].count()
    _same_bits(stats.index.to_numpy(), want.index.to_numpy())
    _same_bits(stats["n"].to_numpy(), want.to_numpy())
    _, means, sds = _exact_figures(keys, frame["cost"].to_numpy())
    _same_bits(stats["mean"].to_numpy(), means)
    _same_bits(stats["sd"].to_numpy(), sds)
    money = homogeneity._money_means(frame)
    for name in ("income", "cost"):
        _same_bits(money[name].to_numpy(), _exact_figures(keys, frame[name].to_numpy())[1])


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER)
def test_audit_money_is_exact(rows: list[tuple[int, float, float]], order: str) -> None:
    clinician, a, b = _columns(rows, order, np.int16)
    suggested = clinician[::-1].copy()
    difference = a - b
    money = _money_by_cluster(clinician, a, b, difference)
    sizes = pd.Series(a).groupby(clinician).size()
    _same_bits(money.index.to_numpy(), sizes.index.to_numpy().astype(np.int64))
    _same_bits(money["patients"].to_numpy(), sizes.to_numpy().astype(np.int64))
    columns = {"income_clinician": a, "income_suggested": b, "difference": difference}
    for name, column in columns.items():
        _same_bits(money[name].to_numpy(), _exact_figures(clinician, column)[0])
    by_cell = money_by_cell(clinician, suggested, difference)
    cells = pd.Series(difference).groupby([clinician, suggested]).size()
    cell_keys = clinician.astype(np.int64) * 100 + suggested
    _same_bits(by_cell.to_numpy(), _exact_figures(cell_keys, difference)[0])
    for level in (0, 1):
        _same_bits(
            by_cell.index.get_level_values(level).to_numpy(),
            cells.index.get_level_values(level).to_numpy().astype(np.int64),
        )


def test_codes_too_wide_negative_or_not_whole_are_numbered_first() -> None:
    assert not group_kernel.compiled(np.array([0, 1 << 16]))
    assert not group_kernel.compiled(np.array([-1, 3]))
    assert not group_kernel.compiled(np.array([0.0, 1.0]))
    assert group_kernel.compiled(np.array([0, 5], dtype=np.int8))
    # 1e16 + 1 + -1e16 + 0.5: exactly 1.5 (a running sum gives 0.5).
    values = np.array([1e16, 1.0, 7.0, -1e16, 0.5])
    for keys in (
        [1 << 16, 1 << 16, 3, 1 << 16, 1 << 16],
        [-1, -1, 3, -1, -1],
        [0.5, 0.5, 3.0, 0.5, 0.5],
    ):
        groups = group_kernel.Groups(np.array(keys))
        assert groups.codes.tolist() == sorted({keys[0], 3})
        sums = dict(zip(groups.codes.tolist(), groups.sums(values)[0].tolist(), strict=True))
        assert sums == {keys[0]: 1.5, 3: 7.0}


def test_numba_is_not_imported_by_importing_the_cluster_command() -> None:
    # Importing numba costs 0.15-0.5 s: a run of a few patients, or another command,
    # must not pay for it (the compiled passes import it for 200,000 rows or more).
    code = "import sys, pbrkit.workflows.cluster, pbrkit.homogeneity; print('numba' in sys.modules)"
    assert probe_lines(code, "PBRKIT_UNUSED", None) == ["False"]


@settings(max_examples=100, deadline=None)
@given(
    keys=st.lists(st.integers(0, 30), min_size=1, max_size=120),
    dtype=_DTYPE,
    appearance=st.booleans(),
)
def test_rows_counted_in_one_pass_as_numpy_counts_them(
    keys: list[int], dtype: type, appearance: bool
) -> None:
    # Round 21 of issue 16: each code's rows and first row in one compiled pass (MIN_ROWS
    # is 1 here), against numpy's np.bincount and np.minimum.at (MIN_ROWS past the rows).
    codes = np.array(keys).astype(dtype)
    width = int(codes.max()) + 3  # two codes with no rows: 0 rows, first row len(keys)
    sizes, first = group_kernel._counted_rows(codes, width, appearance=appearance)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", len(keys) + 1)
        want_sizes, want_first = group_kernel._counted_rows(codes, width, appearance=True)
    _same_bits(sizes, want_sizes)
    assert sizes.tolist() == [keys.count(k) for k in range(width)]
    if appearance:
        _same_bits(first, want_first)
        assert first.tolist() == [keys.index(k) if k in keys else len(keys) for k in range(width)]
