"""The audit's codes taken and counted a block of patients at a time (round 17 of issue
16): the audited patients' codes without a float array of them, the confusion counts
without a key of every patient, and the codes checked for a price read off the
confusion matrix instead of a join and sort of both codings; the same figures."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import audit
from pbrkit.audit import audit_clusters
from pbrkit.errors import MissingTariff
from pbrkit.reference import load_reference_set

_BLOCK = st.sampled_from([1, 2, 5, 1 << 16])


@settings(max_examples=120, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=0, max_size=50),
    low=st.sampled_from([0, 3, 99]),
    block=_BLOCK,
)
def test_confusion_counts_are_one_bincount(
    pairs: list[tuple[int, int]], low: int, block: int
) -> None:
    # Codes low .. low + 6 counted into a 7 × 7 table, as one bincount of every
    # patient's (row - low) * 7 + (column - low) gives it.
    rows = np.array([r + low for r, _ in pairs], dtype=np.int16)
    columns = np.array([c + low for _, c in pairs], dtype=np.int16)
    key = (rows.astype(np.int64) - low) * 7 + (columns.astype(np.int64) - low)
    expected = np.bincount(key, minlength=49).reshape(7, 7)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit, "CODES_BLOCK", block)
        got = audit._confusion_counts(rows, columns, 7, low)
    assert got.dtype == np.int64 and got.tolist() == expected.tolist()


_CODE = st.sampled_from([0.0, 3.0, 11.0, 21.0, 99.0, 32767.0, 32768.0, 1e6])


@settings(max_examples=120, deadline=None)
@given(cells=st.lists(st.tuples(_CODE, st.booleans()), min_size=0, max_size=40), block=_BLOCK)
def test_audited_codes_are_the_chosen_codes(cells: list[tuple[float, bool]], block: int) -> None:
    # The audited patients' codes in order, int16 when every one fits, else int64
    # (32,768 and a million do not), as codes[audited].astype(...) made them.
    codes = np.array([c for c, _ in cells], dtype=np.float64)
    audited = np.array([a for _, a in cells], dtype=bool)
    chosen = codes[audited]
    fits = len(chosen) == 0 or chosen.max() <= 32767
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit, "CODES_BLOCK", block)
        got = audit._audited_codes(codes, audited)
    assert got.dtype == (np.int16 if fits else np.int64)
    assert got.tolist() == chosen.astype(np.int64).tolist()


def test_no_array_of_every_patient_made() -> None:
    # 1,000,000 audited patients: their float codes are 8 MB (the codes given), a key
    # of every patient 8 MB; taken and counted a block at a time, neither is made:
    # the int16 codes (2 MB) and a block's arrays (512 kB each) are.
    rng = np.random.default_rng(17)
    n = 1_000_000
    codes = rng.integers(1, 22, n).astype(np.float64)
    audited = np.ones(n, dtype=bool)
    tracemalloc.start()
    try:
        clinician = audit._audited_codes(codes, audited)
        _, taken = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        counts = audit._confusion_counts(clinician, clinician[::-1].copy(), 22)
        _, counted = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert clinician.dtype == np.int16 and int(counts.sum()) == n
    assert taken < 4 * 2**20 and counted < 6 * 2**20


def test_every_audited_cluster_without_a_price_is_named() -> None:
    # Clinicians' 3 and 12, suggested 3, 5 and 12; the tariff prices 3 and 12 only:
    # clusters 5 (suggested) is refused by name, and nothing else.
    ref = load_reference_set()
    tariff = ref.tariff.loc[[3, 12]]
    with pytest.raises(MissingTariff) as raised:
        audit_clusters(
            np.array([3, 5, 12, 12]),
            pd.Series([3.0, 3.0, 12.0, np.nan]),
            tariff=tariff,
            review_days=ref.clusters["review_days"],
        )
    assert [p.value for p in raised.value.problems] == [5]


_SUGGESTION = st.sampled_from([0, 3, 11, 12, 99])


@settings(max_examples=80, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(_SUGGESTION, st.sampled_from([3.0, 11.0, 12.0, 99.0, np.nan])),
        min_size=1,
        max_size=40,
    )
)
def test_integer_suggestions_are_audited_as_their_floats(
    pairs: list[tuple[int, float]],
) -> None:
    # The allocation's int64 suggestions compared as they are: who is audited, the
    # counts and both agreements as for the same codes as floats (the way before).
    suggested = np.array([s for s, _ in pairs], dtype=np.int64)
    clinician = pd.Series([c for _, c in pairs])
    got = audit_clusters(suggested, clinician)
    expected = audit_clusters(suggested.astype(np.float64), clinician)
    assert (got.patients, got.audited, got.no_clinician_cluster, got.not_assessed) == (
        expected.patients,
        expected.audited,
        expected.no_clinician_cluster,
        expected.not_assessed,
    )
    for mine, theirs in ((got.cluster, expected.cluster), (got.superclass, expected.superclass)):
        pd.testing.assert_frame_equal(mine.confusion, theirs.confusion)
        np.testing.assert_array_equal(  # exactly, NaN equal to NaN
            [mine.n, mine.agreement, mine.expected, mine.kappa],
            [theirs.n, theirs.agreement, theirs.expected, theirs.kappa],
        )


def test_integer_suggestions_are_not_copied_as_floats() -> None:
    # 1,000,000 patients: the suggestions as floats would be 8 MB. Without them the
    # masks (1 MB each), the int16 codes (2 MB each) and a block's arrays are held.
    rng = np.random.default_rng(5)
    n = 1_000_000
    suggested = rng.integers(1, 22, n)
    clinician = pd.Series(rng.integers(1, 22, n).astype(np.float64))
    tracemalloc.start()
    try:
        who = audit._who_is_audited(suggested, clinician)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert who.suggested.tolist() == suggested.tolist()
    assert peak < 8 * 2**20, peak
