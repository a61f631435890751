"""The tender's building blocks: bidders, lots, cost pools and their defaults (methodology §8)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec, parse_cluster_list


def test_defaults_are_design_section_3():
    bidder = Bidder(name="Acme", cost_factor=0.9)
    assert (bidder.info_quality, bidder.hurdle_margin, bidder.capacity, bidder.clusters) == (
        0.5,
        0.05,
        None,
        None,
    )
    assert (bidder.screening, bidder.risk_aversion, bidder.quality_score) == (True, 0.0, 0.5)
    lot = Lot(name="L", clusters="1-4")
    assert (lot.accept_all, lot.award, lot.price_weight, lot.cost_sharing) == (
        False,
        "fixed_tariff",
        0.4,
        0.0,
    )
    nhs = NhsCostStructure()
    assert (nhs.fixed_cost_share, nhs.shed_rate) == (0.5, 0.25)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("1, 2, 3", {1, 2, 3}),
        ("1-4", {1, 2, 3, 4}),
        ("1-4, 7, 18-21", {1, 2, 3, 4, 7, 18, 19, 20, 21}),
        ("8-10", {8, 10}),  # a range skips the unused cluster 9
        ("0, 99", {0, 99}),
        ([10, 11.0], {10, 11}),
        (5, {5}),
    ],
)
def test_cluster_lists(text, codes):
    assert parse_cluster_list(text) == frozenset(codes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "not a cluster code: 9"),
        ("1, 22", "not a cluster code: 22"),
        ("4-1", "must run upwards"),
        ("1-99", "must run upwards within 0-21"),
        ("one", "'one' is not a cluster code"),
        ("", "at least one cluster"),
        ([1.5], "1.5 is not a cluster code"),
    ],
)
def test_bad_cluster_lists(text, message):
    with pytest.raises(ValueError, match=message):
        parse_cluster_list(text)


def test_bidder_rules_are_reported_in_plain_words():
    with pytest.raises(ValidationError) as error:
        Bidder(
            name=" ",
            cost_factor=0,
            info_quality=1.5,
            capacity=-1,
            risk_aversion=-1,
            hurdle_margin=-2,
            colour="red",
        )
    messages = {e["loc"][0]: e["msg"] for e in error.value.errors()}
    assert messages == {
        "name": "Value error, must not be blank",
        "cost_factor": "Value error, must be greater than 0",
        "info_quality": "Value error, must be between 0 and 1",
        "capacity": "Value error, must be 0 or more",
        "risk_aversion": "Value error, must be 0 or more",
        "hurdle_margin": "Value error, must be greater than -1 (a margin of -100% or less "
        "makes no sense)",
        "colour": "Extra inputs are not permitted",
    }


def test_unlimited_capacity_and_all_clusters_can_be_written_out():
    bidder = Bidder(name="A", cost_factor=1, capacity="unlimited", clusters="all")
    assert bidder.capacity is None
    assert bidder.clusters is None
    assert bidder.considers(Lot(name="L", clusters="1-21"))
    picky = Bidder(name="B", cost_factor=1, clusters="1-4")
    assert picky.considers(Lot(name="L", clusters=[1, 2]))
    assert not picky.considers(Lot(name="L", clusters=[4, 5]))


def test_models_are_frozen():
    bidder = Bidder(name="A", cost_factor=1)
    with pytest.raises(ValidationError):
        bidder.cost_factor = 2  # type: ignore[misc]


def test_fixed_share_and_shed_rate_from_pools():
    # AMHP £1m fixed, never shed; estates £3m fixed, 50% shed; teams £6m variable.
    nhs = NhsCostStructure.from_pools(
        [
            CostPool(pool="AMHP service", amount=1e6, kind="fixed", shed_rate=0),
            CostPool(pool="Estates", amount=3e6, kind="fixed", shed_rate=0.5),
            CostPool(pool="Community teams", amount=6e6, kind="variable"),
        ]
    )
    assert nhs.fixed_cost_share == pytest.approx(0.4)  # 4m ÷ 10m
    assert nhs.shed_rate == pytest.approx(0.375)  # (1m × 0 + 3m × 0.5) ÷ 4m
    assert len(nhs.pools) == 3
    variable_only = NhsCostStructure.from_pools(
        [CostPool(pool="Teams", amount=5.0, kind="variable")]
    )
    assert variable_only.fixed_cost_share == 0.0
    with pytest.raises(ValueError, match="more than £0"):
        NhsCostStructure.from_pools([])


def test_spec_names_must_be_unique():
    with pytest.raises(ValidationError, match="bidder names must be unique; repeated: A"):
        TenderSpec(bidders=[Bidder(name="A", cost_factor=1), Bidder(name="A", cost_factor=2)])
    spec = TenderSpec(lots=[Lot(name="L", clusters=[1])])
    assert spec.lot("L").clusters == {1}
    with pytest.raises(KeyError, match="no bidder called 'Z'"):
        spec.bidder("Z")
