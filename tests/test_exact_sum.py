"""Exact group sums (pbrkit.exact_sum): each group's values added exactly and rounded
once, so the sum is the same bits whatever the order of the rows.

The reference is Python's math.fsum (Shewchuk's algorithm: the correctly rounded sum),
or, where fsum gives up on a partial sum past the largest double, exact rational
arithmetic with fractions.Fraction.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import dyadic_sum, exact_sum, group_kernel

compiled = pytest.mark.skipif(not group_kernel.installed(), reason="numba not installed")


def _truth(values: list[float]) -> float:
    """The exact sum of finite ``values`` rounded once (a reference written apart)."""
    exact = sum((Fraction(v) for v in values), Fraction(0))
    try:
        return float(exact) + 0.0
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def _compiled_sums(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    passes = exact_sum._passes()
    assert passes is not None
    width = int(keys.max()) + 1
    sums, _, _ = passes.group_sums(keys, values, np.empty(0), width, False)
    return np.asarray(sums)


def test_worked_example() -> None:
    # Code 0: 0.1 + 0.2 + 0.3. Added in that order in doubles: 0.1 + 0.2 =
    # 0.30000000000000004, + 0.3 = 0.6000000000000001; in the order 0.3, 0.2, 0.1:
    # 0.5 + 0.1 = 0.6. The exact sum of the three doubles is
    # 0.6000000000000000055511151231257827 (0.1 is 0.1000000000000000055511151231257827,
    # 0.2 twice that, 0.3 is 0.2999999999999999888977697537484345), nearest double 0.6.
    # Code 1: 1e16 + 1 + -1e16 in order gives 0.0 (1e16 + 1 rounds back to 1e16);
    # exactly it is 1. Code 2 has a NaN (skipped) and 2.5. Code 3 has no rows.
    keys = np.array([0, 1, 0, 1, 2, 0, 1, 2, 4])
    values = np.array([0.1, 1e16, 0.2, 1.0, np.nan, 0.3, -1e16, 2.5, 7.0])
    sums, counts, sizes = exact_sum.group_sums(keys, values, 5)
    assert sums.tolist() == [0.6, 1.0, 2.5, 0.0, 7.0]
    assert counts.tolist() == [3, 3, 1, 0, 1]
    assert sizes.tolist() == [3, 3, 2, 0, 1]
    assert 0.1 + 0.2 + 0.3 == 0.6000000000000001  # what a running sum gives


@compiled
def test_compiled_worked_example() -> None:
    keys = np.array([0, 1, 0, 1, 2, 0, 1, 2, 4])
    values = np.array([0.1, 1e16, 0.2, 1.0, np.nan, 0.3, -1e16, 2.5, 7.0])
    assert _compiled_sums(keys, values).tolist() == [0.6, 1.0, 2.5, 0.0, 7.0]


@compiled
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([math.inf, 1.0], math.inf),
        ([-math.inf, 1.0], -math.inf),
        ([math.inf, -math.inf], math.nan),
        ([1.7976931348623157e308, 1.7976931348623157e308], math.inf),
        ([-1.7976931348623157e308, -1e300, -1e300], -math.inf),
        # A partial sum past the largest double, the whole back in range.
        ([1.7976931348623157e308, 1e308, -1e308], 1.7976931348623157e308),
        ([5e-324, 5e-324, -1e-323], 0.0),
        ([5e-324, 5e-324, 5e-324], 1.5e-323),
        ([-0.0, -0.0], 0.0),
        ([2.0**53, 1.0], 2.0**53),  # a tie: to the even neighbour
        ([2.0**53, 1.0, 2.0**-60], 2.0**53 + 2),  # just past the tie: up
        # The same with the bit past the tie in the digit just below the three read
        # first (2^53 leads digit 35; 2^-40 sits in digit 32).
        ([2.0**53, 1.0, 2.0**-40], 2.0**53 + 2),
        ([2.0**53 + 2, 1.0], 2.0**53 + 4),  # a tie from an odd mantissa: up, to even
    ],
)
def test_edges(values: list[float], expected: float) -> None:
    array = np.array(values)
    keys = np.zeros(len(array), dtype=np.int64)
    got = _compiled_sums(keys, array)[0]
    fallback = exact_sum.exact_sum(array)
    for value in (got, fallback):
        if math.isnan(expected):
            assert math.isnan(value)
        else:
            assert value == expected and math.copysign(1, value) == math.copysign(1, expected)


_FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64)
_MONEY = st.integers(-(10**12), 10**12).map(lambda pence: pence / 100)


@compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.one_of(_FLOATS, _MONEY)), min_size=1, max_size=60),
    st.randoms(use_true_random=False),
)
def test_compiled_sums_are_exact_in_any_order(
    rows: list[tuple[int, float]], random: object
) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows])
    sums = _compiled_sums(keys, values)
    for code in range(len(sums)):
        assert sums[code] == _truth([v for k, v in rows if k == code])
    order = np.arange(len(rows))
    random.shuffle(order)  # type: ignore[attr-defined]
    assert _compiled_sums(keys[order], values[order]).tobytes() == sums.tobytes()
    fallback, _, _ = exact_sum._fsums(keys, values, len(sums))
    assert fallback.tobytes() == sums.tobytes()


@compiled
def test_millions_of_large_values_add_exactly() -> None:
    # 3 × 2^20 values of 2^52 + 1 and as many of -(2^52), alternating: each adds up to
    # 2^33 to a digit; the sum is exact: 3 · 2^20 = 3,145,728 (a running sum gives 0:
    # 2^52 + 1 + -(2^52) is exact, but the point is each digit holds its part).
    n = 3 << 20
    values = np.empty(2 * n)
    values[0::2], values[1::2] = 2.0**52 + 1, -(2.0**52)
    keys = np.zeros(2 * n, dtype=np.int16)
    assert _compiled_sums(keys, values)[0] == 3_145_728.0


def test_fallback_below_the_threshold_equals_the_pass() -> None:
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 22, exact_sum.MIN_ROWS + 1)
    values = np.round(rng.lognormal(8, 2, len(keys)), 2)
    large, counts, sizes = exact_sum.group_sums(keys, values, 22)
    small, counts2, sizes2 = exact_sum._fsums(keys, values, 22)
    assert large.tobytes() == small.tobytes()
    assert counts.tolist() == counts2.tolist() and sizes.tolist() == sizes2.tolist()


@pytest.fixture
def as_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """The accumulator's helpers as Python, as before the pass is compiled (compiling
    it rebinds them to their compiled selves for the rest of the process)."""
    for name, work in (("_SETTLE", "_settle"), ("_ADD", "_add"), ("_LEADING", "_leading"),
                       ("_ROUNDED", "_rounded"), ("_ACCUMULATE", "_accumulate"),
                       ("_ROUNDED_EACH", "_rounded_each")):  # fmt: skip
        monkeypatch.setattr(exact_sum, name, getattr(exact_sum, work))


@pytest.mark.usefixtures("as_python")
def test_carries_settled_part_way_keep_the_sum(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pass settles a group's carries every SETTLE_EVERY values (2^28: too many for
    # a test); run as Python with every 2nd value settling, it gives the exact sums.
    monkeypatch.setattr(exact_sum, "SETTLE_EVERY", 2)
    rng = np.random.default_rng(3)
    values = rng.normal(0, 1, 200) * 10.0 ** rng.integers(-20, 20, 200)
    keys = rng.integers(0, 3, 200)
    sums, _, _ = exact_sum._group_sums(keys, values, np.empty(0), 3, False)
    for code in range(3):
        assert sums[code] == _truth(values[keys == code].tolist())


@compiled
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), _MONEY), min_size=1, max_size=60))
def test_squared_distances_from_centres(rows: list[tuple[int, float]]) -> None:
    # Σ (x − centre)² per code: each square is one rounded double, as numpy makes it,
    # and their sum is exact, rounded once; the pass and math.fsum agree.
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows])
    centres = np.array([0.5, -1234.25, 1e6, 3.0])
    passes = exact_sum._passes()
    assert passes is not None
    sums, _, _ = passes.group_sums(keys, values, centres, 4, False)
    for code in range(4):
        squares = [(v - centres[code]) * (v - centres[code]) for k, v in rows if k == code]
        assert sums[code] == _truth(squares)
    fallback, _, _ = exact_sum._fsums(keys, values, 4, centres)
    assert np.asarray(sums).tobytes() == fallback.tobytes()
    # Pooled: one exact sum of every code's squares (not the sum of the rounded sums).
    pooled, counts, _ = passes.group_sums(keys, values, centres, 4, True)
    every = [(v - centres[k]) * (v - centres[k]) for k, v in rows]
    assert pooled.tolist() == [_truth(every)]
    assert counts.tolist() == [sum(k == code for k, _ in rows) for code in range(4)]
    assert exact_sum._fsums(keys, values, 4, centres, pooled=True)[0].tolist() == [_truth(every)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.7976931348623157e308, 1.7976931348623157e308], math.inf),
        ([-1.7976931348623157e308, -1e300, -1e300], -math.inf),
        ([1.7976931348623157e308, 1e308, -1e308], 1.7976931348623157e308),
        # The largest double plus half its last place: a tie rounds to even, up, past it.
        ([1.7976931348623157e308, 2.0**970], math.inf),
        ([2.0**53, 1.0, 2.0**-60], 2.0**53 + 2),
    ],
)
@pytest.mark.usefixtures("as_python")
def test_the_accumulator_run_as_python_rounds_as_compiled(
    values: list[float], expected: float
) -> None:
    # Uncompiled (math.ldexp raises past the largest double where numba's gives inf):
    # the same rounding, an overflow an infinity of its sign.
    array = np.array(values)
    sums, _, _ = exact_sum._group_sums(
        np.zeros(len(array), dtype=np.int64), array, np.empty(0), 1, False
    )
    assert sums[0] == expected


@compiled
def test_one_compiled_pass_per_key_type_whatever_the_arrays_writability() -> None:
    # numba types a read-only array apart from a writable one, and loads a pass from
    # its cache once per type (about 5 ms each): pandas gives read-only arrays, numpy
    # writable ones, and a 1M cluster run loaded the pass 8 times on main (4 key types,
    # each both ways). Both kinds are passed read-only: one pass per key type.
    passes = exact_sum._passes()
    assert passes is not None
    rows = exact_sum.MIN_ROWS
    keys = (np.arange(rows) % 3).astype(np.int32)  # a key type no other test here uses
    values = np.linspace(0.0, 1.0, rows)
    before = len(passes.group_sums.signatures)
    writable = exact_sum.group_sums(keys, values, 3)
    frozen_keys, frozen_values = keys.copy(), values.copy()
    frozen_keys.flags.writeable = frozen_values.flags.writeable = False
    read_only = exact_sum.group_sums(frozen_keys, frozen_values, 3)
    assert len(passes.group_sums.signatures) - before <= 1
    assert all(a.tobytes() == b.tobytes() for a, b in zip(writable, read_only, strict=True))


# Round 21 of issue 16: a bucket per exponent field where few sums are kept; the
# buckets go into the digits when full and at the end, so the sum stays exact.


@compiled
def test_a_full_bucket_goes_into_the_digits() -> None:
    # 2^53 − 1 is the largest mantissa (all 53 bits set); every value here has the
    # exponent field 1,075 (place 2^0), so all go to one bucket. 512 of them make
    # 2^62 − 512, still below BUCKET_FULL (2^62); the 513th makes 2^62 + 2^53 − 513,
    # full: the bucket goes into the digits. 1,500 of them fill it twice (after 513
    # and 1,026) and the last 474 go in at the end. Exactly: 1,500 × (2^53 − 1) =
    # 13,510,798,882,111,486,500, between 2^63 and 2^64 where doubles are 2,048
    # apart: 6,597,069,766,655,999 × 2,048 + 548, and 548 < 1,024 rounds down, to
    # 13,510,798,882,111,485,952.
    values = np.full(1500, 2.0**53 - 1)
    keys = np.zeros(1500, dtype=np.int64)
    assert 1500 * (2**53 - 1) == 6_597_069_766_655_999 * 2048 + 548
    assert _compiled_sums(keys, values)[0] == 13_510_798_882_111_485_952.0
    # 600 up, then 1,200 down: full at +513 (into the digits, 0), 87 more up, then
    # full at −513 after 600 down (87 − 600) and again after 513 more; the last 87
    # down go in at the end. Exactly −600 × (2^53 − 1) = −5,404,319,552,844,594,600,
    # between −2^63 and −2^62 where doubles are 1,024 apart: its magnitude is
    # 5,277,655,813,324,799 × 1,024 + 424, and 424 < 512 rounds down, to
    # −5,404,319,552,844,594,176.
    values = np.concatenate([np.full(600, 2.0**53 - 1), np.full(1200, -(2.0**53 - 1))])
    keys = np.zeros(1800, dtype=np.int64)
    assert 600 * (2**53 - 1) == 5_277_655_813_324_799 * 1024 + 424
    assert _compiled_sums(keys, values)[0] == -5_404_319_552_844_594_176.0


@compiled
@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, exact_sum.BUCKETED_SUMS), st.one_of(_FLOATS, _MONEY)),
        min_size=1,
        max_size=80,
    )
)
def test_more_sums_than_buckets_are_kept_for_add_the_same(rows: list[tuple[int, float]]) -> None:
    # Past BUCKETED_SUMS codes each value goes straight into the digits: exact too.
    keys = np.array([k for k, _ in rows] + [exact_sum.BUCKETED_SUMS], dtype=np.int64)
    values = np.array([v for _, v in rows] + [0.0])
    assert int(keys.max()) + 1 > exact_sum.BUCKETED_SUMS
    sums = _compiled_sums(keys, values)
    for code in range(len(sums)):
        assert sums[code] == _truth([v for k, v in rows if k == code])


@pytest.mark.usefixtures("as_python")
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), _FLOATS), min_size=1, max_size=40),
    st.sampled_from([1, 2, 3]),
)
def test_buckets_full_often_and_settled_often_keep_the_sum(
    rows: list[tuple[int, float]], settle: int
) -> None:
    # As Python, with a bucket full at 2^53 (any second mantissa of its field fills
    # it) and carries settled every `settle` additions: still exact.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_sum, "BUCKET_FULL", 1 << 53)
        patch.setattr(exact_sum, "SETTLE_EVERY", settle)
        keys = np.array([k for k, _ in rows], dtype=np.int64)
        values = np.array([v for _, v in rows])
        sums, _, _ = exact_sum._group_sums(keys, values, np.empty(0), 3, False)
    for code in range(3):
        assert sums[code] == _truth([v for k, v in rows if k == code])


@pytest.mark.parametrize("threshold", [1, exact_sum.MIN_ROWS, "numpy"])
@settings(max_examples=120, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 4), st.one_of(_FLOATS, _MONEY)), min_size=0, max_size=60
    ),
    cuts=st.lists(st.integers(0, 60), max_size=6),
    random=st.randoms(use_true_random=False),
)
def test_group_sums_in_chunks_are_the_sums_of_all_the_rows(
    threshold: int | str, rows: list[tuple[int, float]], cuts: list[int], random: object
) -> None:
    # GroupSums (a file read batch by batch): however the rows are cut into chunks and
    # in whatever order, each code's sum is the exact sum rounded once. threshold 1
    # takes the compiled accumulators from the first chunk (numba installed), MIN_ROWS
    # keeps these few rows for math.fsum at the end.
    order = list(range(len(rows)))
    random.shuffle(order)  # type: ignore[attr-defined]
    keys = np.array([rows[i][0] for i in order], dtype=np.int64)
    values = np.array([rows[i][1] for i in order], dtype=np.float64)
    with pytest.MonkeyPatch.context() as patch:
        if threshold == "numpy":  # without numba: pbrkit.dyadic_sum, 3 rows a bincount
            patch.setattr(exact_sum, "_passes", lambda: None)
            patch.setattr(dyadic_sum, "ROWS_AT_ONCE", 3)
        patch.setattr(exact_sum, "MIN_ROWS", 1 if threshold == "numpy" else threshold)
        sums = exact_sum.GroupSums(5)
        edges = sorted({0, len(rows), *(c for c in cuts if c <= len(rows))})
        for start, end in itertools.pairwise(edges):
            sums.add(keys[start:end], values[start:end])
        found = sums.sums()
    for code in range(5):
        assert found[code] == _truth([v for k, v in rows if k == code])


@pytest.mark.parametrize("threshold", [1, exact_sum.MIN_ROWS])
def test_adds_exactly_means_whole_and_below_the_limit(threshold: int) -> None:
    # threshold 1: the compiled pass (numba installed); MIN_ROWS: numpy.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_sum, "MIN_ROWS", threshold)
        adds = exact_sum.adds_exactly
        assert adds(np.array([1.0, 366.0, 0.0, -0.0, -5.0]))
        assert adds(np.array([]))
        assert not adds(np.array([1.0, 0.5]))  # a half day
        assert not adds(np.array([0.1, 0.2, 0.3]))  # pennies
        assert not adds(np.array([1.0, math.nan]))
        assert not adds(np.array([1.0, math.inf]))
        assert not adds(np.array([-math.inf]))
        # 2^51 + 2^51 = 2^52: at the limit, not below it; 2^51 + (2^51 − 1) is below.
        assert not adds(np.array([2.0**51, 2.0**51]))
        assert adds(np.array([2.0**51, 2.0**51 - 1]))
        assert not adds(np.array([-(2.0**51), 2.0**51]))  # magnitudes, not the sum


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.one_of(st.floats(width=64), _MONEY)), max_size=40))
def test_numpy_sums_are_exact_with_infinities_and_nan(rows: list[tuple[int, float]]) -> None:
    # DyadicSums against the exact rational sum: every double (subnormals, the largest,
    # -0.0), NaN skipped, an infinity the sum, both signs NaN, past the largest double
    # an infinity of its sign (as exact_sum gives).
    sums = dyadic_sum.DyadicSums(3)
    sums.add(np.array([k for k, _ in rows], dtype=np.int64), np.array([v for _, v in rows]))
    found = sums.sums()
    for code in range(3):
        values = [v for k, v in rows if k == code and not math.isnan(v)]
        plus, minus = math.inf in values, -math.inf in values
        if plus and minus:
            assert math.isnan(found[code])
        elif plus or minus:
            assert found[code] == (math.inf if plus else -math.inf)
        else:
            expected = _truth(values)
            assert found[code] == expected and math.copysign(1, found[code]) == math.copysign(
                1, expected
            )


def test_numpy_sums_worked_example() -> None:
    # 0.1 + 0.2 + 0.3: a running sum gives 0.6000000000000001, the exact sum of the three
    # doubles rounds to 0.6; 2^1023 + 2^1023 is past the largest double: +inf; the least
    # subnormal twice is 2 × 2^-1074 exactly; -0.0 + -0.0 is +0.0 (as the pass gives).
    tiny = math.ldexp(1.0, -1074)
    sums = dyadic_sum.DyadicSums(4)
    sums.add(np.array([0, 0, 0, 1, 1, 2, 2, 3, 3]),
             np.array([0.1, 0.2, 0.3, 2.0**1023, 2.0**1023, tiny, tiny, -0.0, -0.0]))  # fmt: skip
    assert sums.sums().tolist() == [0.6, math.inf, 2 * tiny, 0.0]
    assert math.copysign(1, sums.sums()[3]) == 1.0
    # NaN is skipped; an infinity makes the sum; both signs make NaN.
    sums = dyadic_sum.DyadicSums(3)
    sums.add(np.array([0, 0, 0, 1, 1, 2, 2]),
             np.array([math.inf, 1.0, math.nan, math.inf, -math.inf, math.nan, 2.5]))  # fmt: skip
    found = sums.sums()
    assert found[0] == math.inf and math.isnan(found[1]) and found[2] == 2.5
