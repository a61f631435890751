"""The compiled allocation kernel gives the numpy kernel's arrays exactly.

``allocate(kernel="numpy")`` is the kernel pbrkit has always had; the compiled one
(numba, ``pbrkit.allocation_kernel``) must agree with it on every field, bit for bit,
on any grid and any ratings: random grids with random bands and weights (whole and
half weights, held in float32, and others, in float64), random unknowns, ties,
ruled-out clusters, every ``min_score`` and ``max_unknown``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import allocation_kernel
from pbrkit.allocation import (
    ITEMS,
    RATINGS,
    Allocation,
    BandWeights,
    CompiledProfiles,
    _build_compiled,
    allocate,
)

pytestmark = pytest.mark.skipif(
    not allocation_kernel.installed(), reason="numba (pbrkit[fast]) is not installed"
)

FIELDS = (
    "suggested",
    "score",
    "runner_up",
    "runner_up_score",
    "margin",
    "outcome",
    "unknown_count",
    "unknown_items",
    "breaking_items",
)


def assert_identical(a: Allocation, b: Allocation) -> None:
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape, name
        # Bit for bit: NaN where NaN, and -0.0 is not 0.0.
        assert np.array_equal(x.view(np.uint8), y.view(np.uint8)), name
    assert (a.min_score, a.max_unknown) == (b.min_score, b.max_unknown)


@st.composite
def grids(draw: st.DrawFn) -> CompiledProfiles:
    clusters = draw(st.lists(st.sampled_from([*range(1, 9), *range(10, 22)]), min_size=1,
                             max_size=20, unique=True))  # fmt: skip
    keys = [(c, i, r) for c in clusters for i in range(len(ITEMS)) for r in RATINGS]
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=120, unique=True))
    bands = draw(st.lists(st.integers(0, 3), min_size=len(chosen), max_size=len(chosen)))
    rows = np.array([(*key, band) for key, band in zip(chosen, bands, strict=True)])
    weight = st.one_of(
        st.integers(-4, 4).map(lambda w: w / 2),  # whole and half: float32 tables
        st.floats(-10, 10, allow_nan=False).map(lambda w: round(w, 3)),  # float64 tables
    )
    return _build_compiled(rows, BandWeights(*(draw(weight) for _ in range(4))))


@st.composite
def ratings(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(0, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    unknown_share = draw(st.sampled_from([0.0, 0.05, 0.3]))
    rng = np.random.default_rng(seed)
    # Few distinct levels make ties and must-rule breaks common.
    levels = draw(st.sampled_from([(0, 1), (0, 4), RATINGS]))
    out = rng.choice(np.array(levels, dtype=np.int8), size=(n, len(ITEMS)))
    out[rng.random(out.shape) < unknown_share] = -1
    return out


@settings(max_examples=150, deadline=None)
@given(
    grid=grids(),
    r=ratings(),
    min_score=st.sampled_from([0.0, -3.0, 2.5, 6.0, float("-inf")]),
    max_unknown=st.integers(0, 18),
)
def test_compiled_kernel_equals_numpy_kernel(
    grid: CompiledProfiles, r: np.ndarray, min_score: float, max_unknown: int
) -> None:
    numpy_result = allocate(r, grid, min_score=min_score, max_unknown=max_unknown, kernel="numpy")
    compiled = allocate(r, grid, min_score=min_score, max_unknown=max_unknown, kernel="compiled")
    assert_identical(compiled, numpy_result)


def test_ties_go_to_the_lower_code_in_both_kernels() -> None:
    """Hand-made: clusters 3 and 5 both score 2 on item 1 rated 2; 3 wins, 5 is the
    runner-up at margin 0 (2 - 2), and cluster 7 (ruled out by a must rule) is skipped."""
    rows = np.array(
        [
            (3, 0, 2, 1),  # cluster 3, item 1, rating 2: expected (+2)
            (5, 0, 2, 0),  # cluster 5, item 1, rating 2: must (+2)
            (7, 0, 4, 0),  # cluster 7: item 1 must be 4, so rating 2 rules it out
        ]
    )
    grid = _build_compiled(rows, BandWeights())
    r = np.zeros((1, len(ITEMS)), dtype=np.int8)
    r[0, 0] = 2
    for kernel in ("numpy", "compiled"):
        a = allocate(r, grid, kernel=kernel)  # type: ignore[arg-type]
        assert (a.suggested[0], a.score[0], a.runner_up[0], a.margin[0]) == (3, 2.0, 5, 0.0)


def test_absurd_weights_fall_back_to_numpy() -> None:
    """Weights whose sums overflow (1e308 x 3 = inf, inf - inf = NaN) are left to the
    numpy kernel, whose argmax rules for NaN the compiled loop does not copy."""
    rows = np.array([(c, i, r, 1) for c in (1, 2) for i in range(len(ITEMS)) for r in RATINGS])
    rows[:6, 3] = 3  # some unlikely rows for cluster 1
    grid = _build_compiled(rows, BandWeights(expected=1e308, unlikely=-1e308))
    r = np.random.default_rng(0).integers(0, 5, size=(50, len(ITEMS))).astype(np.int8)
    with np.errstate(all="ignore"):
        assert_identical(allocate(r, grid, kernel="compiled"), allocate(r, grid, kernel="numpy"))


def test_auto_uses_the_compiled_kernel_for_large_caseloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """From MIN_PATIENTS patients "auto" compiles; PBRKIT_KERNEL=numpy turns it off."""
    calls: list[int] = []
    original = allocation_kernel.run

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(allocation_kernel, "run", counting)
    monkeypatch.setattr(allocation_kernel, "MIN_PATIENTS", 10)
    rows = np.array([(1, 0, 0, 1), (2, 0, 1, 1)])
    grid = _build_compiled(rows, BandWeights())
    r = np.zeros((10, len(ITEMS)), dtype=np.int8)
    allocate(r[:9], grid)
    assert calls == []
    allocate(r, grid)
    assert calls == [1]
    monkeypatch.setenv("PBRKIT_KERNEL", "numpy")
    allocate(r, grid)
    assert calls == [1]
