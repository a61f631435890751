"""Group sums, means and SDs by small integer codes (pbrkit.group_kernel): the same
bits as the pandas group-bys they replace (issue 16, round 12).

pandas adds a group's values with a compensated (Kahan) sum in row order, unless the
groups come one after another and nothing is NaN, when it uses ``np.add.reduceat``
(pairwise within each run): two different roundings of the same numbers. Values of
mixed magnitudes (1e16 beside 0.1) make the two, and a naive sum, differ in the last
bits, so each property below would fail if the kernel added in another order or way.
Every comparison is of the bits (``view(np.int64)``), -0.0 and NaN included.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fresh_run import probe_lines
from pbrkit import group_kernel, homogeneity
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
    """The compiled passes for a handful of rows too (they start at 200,000)."""
    monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)


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
def test_sums_means_sds_are_pandas_bits(
    rows: list[tuple[int, float, float]], order: str, dtype: type, nan: bool
) -> None:
    keys, a, _ = _columns(rows, order, dtype)
    if nan:  # NaN is skipped, and sends pandas to the compensated sum even in order
        a[:: max(len(a) // 3, 1)] = np.nan
    groups = group_kernel.Groups(keys)
    grouped = pd.Series(a).groupby(keys)
    sums, counts, sizes = groups.sums(a)
    _same_bits(groups.codes, grouped.sum().index.to_numpy(dtype=np.int64))
    _same_bits(sums, grouped.sum().to_numpy())
    _same_bits(counts, grouped.count().to_numpy())
    _same_bits(sizes, grouped.size().to_numpy())
    _same_bits(groups.means(a)[0], grouped.mean().to_numpy())
    _same_bits(groups.std(a), grouped.std().to_numpy())


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER, dtype=_DTYPE)
@example(rows=_ROUNDING, order="input", dtype=np.int8)
@example(rows=_ROUNDING, order="runs", dtype=np.int8)
def test_groups_in_order_of_appearance_are_pandas_bits(
    rows: list[tuple[int, float, float]], order: str, dtype: type
) -> None:
    keys, a, b = _columns(rows, order, dtype)
    values = pd.DataFrame({"income": a, "cost": b})
    got_keys, got = homogeneity._group_means(values, keys)
    table = values.groupby(keys, sort=False).agg(
        n=("cost", "size"), mean_income=("income", "mean"), mean_cost=("cost", "mean")
    )
    _same_bits(got_keys, table.index.to_numpy().astype(np.intp))
    for name in ("n", "mean_income", "mean_cost"):
        _same_bits(got[name].to_numpy(), table[name].to_numpy())


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER)
def test_cluster_cost_figures_are_pandas_bits(
    rows: list[tuple[int, float, float]], order: str
) -> None:
    keys, a, b = _columns(rows, order, np.int64)
    frame = pd.DataFrame({"cluster": keys, "cost": np.abs(a) + 0.0, "income": b})
    stats = homogeneity._count_mean_sd(frame, keys.astype(np.int16))
    want = frame.groupby("cluster")["cost"].agg(["count", "mean", "std"])
    _same_bits(stats.index.to_numpy(), want.index.to_numpy())
    _same_bits(stats["n"].to_numpy(), want["count"].to_numpy())
    _same_bits(stats["mean"].to_numpy(), want["mean"].to_numpy())
    _same_bits(stats["sd"].to_numpy(), want["std"].to_numpy())
    money = homogeneity._money_means(frame)
    want_money = frame.groupby("cluster")[["income", "cost"]].mean()
    for name in ("income", "cost"):
        _same_bits(money[name].to_numpy(), want_money[name].to_numpy())
    centred = homogeneity._from_group_mean(frame["cost"], keys)
    want_centred = frame["cost"] - frame["cost"].groupby(keys).transform("mean")
    _same_bits(centred, want_centred.to_numpy())


@settings(max_examples=100, deadline=None)
@given(rows=_ROWS, order=_ORDER)
def test_audit_money_is_pandas_bits(rows: list[tuple[int, float, float]], order: str) -> None:
    clinician, a, b = _columns(rows, order, np.int16)
    suggested = clinician[::-1].copy()
    difference = a - b
    money = _money_by_cluster(clinician, a, b, difference)
    columns = {"income_clinician": a, "income_suggested": b, "difference": difference}
    grouped = pd.DataFrame(columns).groupby(clinician)
    want = grouped.sum()
    _same_bits(money.index.to_numpy(), want.index.to_numpy().astype(np.int64))
    _same_bits(money["patients"].to_numpy(), grouped.size().to_numpy().astype(np.int64))
    for name in columns:
        _same_bits(money[name].to_numpy(), want[name].to_numpy())
    by_cell = money_by_cell(clinician, suggested, difference)
    want_cell = pd.Series(difference).groupby([clinician, suggested]).sum()
    _same_bits(by_cell.to_numpy(), want_cell.to_numpy())
    for level in (0, 1):
        _same_bits(
            by_cell.index.get_level_values(level).to_numpy(),
            want_cell.index.get_level_values(level).to_numpy().astype(np.int64),
        )


def test_codes_too_wide_or_negative_are_left_to_pandas() -> None:
    assert not group_kernel.compiled(np.array([0, 1 << 16]))
    assert not group_kernel.compiled(np.array([-1, 3]))
    assert not group_kernel.compiled(np.array([0.0, 1.0]))
    assert group_kernel.compiled(np.array([0, 5], dtype=np.int8))


def test_numba_is_not_imported_by_importing_the_cluster_command() -> None:
    # Importing numba costs 0.15-0.5 s: a run of a few patients, or another command,
    # must not pay for it (the compiled passes import it for 200,000 rows or more).
    code = "import sys, pbrkit.workflows.cluster, pbrkit.homogeneity; print('numba' in sys.modules)"
    assert probe_lines(code, "PBRKIT_UNUSED", None) == ["False"]
