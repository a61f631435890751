"""The currency read from a reference set: spellings, lists and messages (methodology §3.1)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.currency import using_currency
from pbrkit.io.parse import parse_cluster, parse_cluster_list
from pbrkit.reference import load_reference_set
from pbrkit.tender.model import parse_cluster_list as tender_cluster_list

CLUSTERS = load_reference_set("illustrative-2014-15").currency
GROUPS = load_reference_set("illustrative-mhnrg").currency


def test_care_clusters_come_from_clusters_csv() -> None:
    # The set's rows: 0 variance, 1-8, 9 unused, 10-21, 99 not assessed.
    assert CLUSTERS.variance == 0
    assert CLUSTERS.not_assessed == 99
    assert CLUSTERS.unused == frozenset({9})
    assert CLUSTERS.valid == frozenset(range(22)) - {9} | {99}
    assert CLUSTERS.profiled == frozenset(range(1, 22)) - {9}
    assert CLUSTERS.describe_codes() == "0-21 without 9, and 99"
    assert CLUSTERS.describe_valid() == "0-8, 10-21, or 99 for not assessed"


def test_care_cluster_spellings() -> None:
    with using_currency(CLUSTERS):
        keys, bad = parse_cluster(pd.Series(["3", "03", "3.0", "C3", "Cluster 3", "MHCC03", "9"]))
    assert keys[:6].tolist() == [3.0] * 6
    assert bad.tolist() == [False] * 6 + [True]  # 9 is listed but unused


def test_a_range_skips_the_unused_code_and_stops_before_not_assessed() -> None:
    with using_currency(CLUSTERS):
        assert parse_cluster_list("8-10") == frozenset({8, 10})
        # A sheet's list runs in the set's row order, so 1-99 is everything but 0 and 9
        # (as before codes came from the set); a scenario's list stops at 21.
        assert parse_cluster_list("1-99") == CLUSTERS.valid - {0}
        assert tender_cluster_list("20-21, 99") == frozenset({20, 21, 99})
        with pytest.raises(ValueError, match="must run upwards within 0-21"):
            tender_cluster_list("1-99")


def test_unused_message_names_the_set_s_row() -> None:
    message, fix = CLUSTERS.unused_message(9)
    assert message.startswith("cluster 9 is not used (")
    assert fix == "re-cluster the activity or record it as 0 (variance)"


@given(st.sets(st.sampled_from(sorted(CLUSTERS.valid))))
def test_a_list_of_care_clusters_reads_back_as_written(codes: set[int]) -> None:
    """describe_list (reports) and parse_cluster_list (inputs) are inverses."""
    shown = CLUSTERS.describe_list(codes)
    with using_currency(CLUSTERS):
        read = parse_cluster_list(shown) if codes else None
    assert read == (frozenset(codes) if codes else None)


@given(st.sets(st.sampled_from(GROUPS.codes), min_size=1))
def test_a_list_of_text_codes_reads_back_as_written(codes: set[str]) -> None:
    shown = GROUPS.describe_list(codes)
    assert "-" not in shown  # text codes are never collapsed into a range
    with using_currency(GROUPS):
        read = parse_cluster_list(shown)
    assert read is not None
    assert {GROUPS.code_of(k) for k in read} == codes


@given(st.sampled_from(GROUPS.codes), st.sampled_from(["", " ", "  "]), st.booleans())
def test_text_codes_ignore_case_and_spaces(code: str, pad: str, lower: bool) -> None:
    written = pad + (code.lower() if lower else code) + pad
    assert GROUPS.code_of(GROUPS.parse(written) or -1) == code
