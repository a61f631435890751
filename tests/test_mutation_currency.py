"""Tests written against the survivors of mutmut on ``pbrkit.currency``.

Each builds its own :class:`Currency`, so the code under test runs inside the test (a
currency built once when the reference set is loaded is out of a mutant's reach); the
survivors and their verdicts are in benchmarks/mutation-cost.md.
"""

from __future__ import annotations

import pytest

from pbrkit.currency import Currency, in_order, using_currency


def _clusters() -> Currency:
    # Five integer codes in this row order: 0 (variance), 3, 9 (unused), 12, 99 (not
    # assessed); written 3, 03, C3, Cluster 3, cluster_3, 3.0.
    return Currency(
        unit="cluster",
        name="care cluster",
        code_kind="integer",
        price_unit="cluster day",
        keys=(0, 3, 9, 12, 99),
        codes=(0, 3, 9, 12, 99),
        names=("Variance", "Three", "Unused", "Twelve", "Not assessed"),
        superclasses=("", "a", "", "b", ""),
        roles=("variance", "", "unused", "", "not assessed"),
        prefixes=("C", "Cluster"),
    )


def _groups() -> Currency:
    # Text codes, keyed by row number, in the order B, A, C.
    return Currency(
        unit="resource group",
        name="resource group",
        code_kind="text",
        price_unit="person-year",
        keys=(1, 2, 3),
        codes=("B", "A", "C"),
        names=("Bee", "Ay", "Sea"),
        superclasses=("", "", ""),
        roles=("", "", ""),
        aliases={"bee": 1},
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("3", 3),
        ("03", 3),
        ("3.0", 3),
        ("C3", 3),
        ("c3", 3),
        ("Cluster 3", 3),
        ("CLUSTER_03", 3),
        ("cluster-12", 12),
        ("X3", None),
        ("Cluster", None),
        ("", None),
    ],
)
def test_integer_codes_with_and_without_a_prefix(text: str, key: int | None) -> None:
    assert _clusters().key_of(text) == key


def test_a_set_without_prefixes_reads_bare_integers_only() -> None:
    plain = Currency(
        unit="code",
        name="code",
        code_kind="integer",
        price_unit="day",
        keys=(1, 2),
        codes=(1, 2),
        names=("One", "Two"),
        superclasses=("", ""),
        roles=("", ""),
    )
    assert plain.key_of("2") == 2
    assert plain.key_of("C2") is None
    assert plain.key_of("XXXX2") is None
    # No prefix means no separator either: "-2" is not code 2 (nor is "_2").
    assert plain.key_of("-2") is None
    assert plain.key_of("_2") is None


def test_parse_gives_valid_codes_only() -> None:
    clusters = _clusters()
    assert clusters.parse("3") == 3
    assert clusters.parse("99") == 99
    assert clusters.parse("9") is None  # listed, but unused
    assert clusters.parse("22") is None  # an integer the set does not list
    assert clusters.parse("abc") is None
    assert clusters.valid == frozenset({0, 3, 12, 99})
    assert clusters.unused == frozenset({9})


def test_roles_must_match_the_codes_one_for_one() -> None:
    broken = Currency(
        unit="cluster",
        name="care cluster",
        code_kind="integer",
        price_unit="day",
        keys=(1, 2),
        codes=(1, 2),
        names=("One", "Two"),
        superclasses=("", ""),
        roles=("",),
    )
    with pytest.raises(ValueError, match="zip"):
        _ = broken.valid


def test_natural_order_is_the_sets_row_order_then_unlisted_keys_ascending() -> None:
    # Rows B (1), A (2), C (3); keys 7 and 5 unlisted come last, 5 before 7.
    assert _groups().natural_order([2, 7, 1, 5, 3]) == [1, 2, 3, 5, 7]
    clusters = _clusters()
    assert clusters.natural_order([99, 14, 3, 0, 13]) == [0, 3, 99, 13, 14]


def test_in_order_follows_the_active_sets_rows() -> None:
    # B, A, C is the set's order; Y and Z are not listed and come last, sorted.
    with using_currency(_groups()):
        assert in_order(["C", "Z", "A", "B", "Y"]) == ["B", "A", "C", "Y", "Z"]
    with using_currency(_clusters()):
        assert in_order([99, 12, 40, 0, 3, 21]) == [0, 3, 12, 99, 21, 40]


def test_an_integer_code_the_set_does_not_list_is_shown_as_itself() -> None:
    # A message may name a code the set does not list (22): shown as 22, not an error.
    clusters = _clusters()
    assert clusters.code_of(22) == 22
    assert clusters.code_of(12) == 12
    assert _groups().code_of(2) == "A"
