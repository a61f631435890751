"""Checks that kill the mutants of :mod:`pbrkit.tender.model`.

Each rule at its boundary (a share of exactly 0 and 1, a cost factor just above 0, a
margin just above −1, a capacity of 0), every message word for word, the cluster-list
reader's edge cases, v for each payment, and cost pools worked by hand.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pydantic import ValidationError

from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec, parse_cluster_list
from pbrkit.tender.model import (
    DEFAULT_BIDDER_NAME,
    DEFAULT_LOT_NAME,
    default_bidder,
    default_lot,
    stage_two,
)


def _messages(model: type, **fields: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        model(**fields)
    return {str(e["loc"][0]): e["msg"].removeprefix("Value error, ") for e in error.value.errors()}


def test_each_rule_holds_at_its_boundary() -> None:
    # Shares of exactly 0 and 1, a cost factor just above 0, a margin just above −1,
    # capacity 0 and risk aversion 0 are all allowed.
    for share in (0.0, 1.0):
        Bidder(name="A", cost_factor=1e-9, info_quality=share, quality_score=share)
    bidder = Bidder(name=" A ", cost_factor=1, hurdle_margin=-0.999, capacity=0, risk_aversion=0)
    assert (bidder.name, bidder.capacity) == ("A", 0)
    # Just outside each: −0.001 and 1.001, a cost factor of 0, a margin of −1, NaN.
    assert _messages(
        Bidder,
        name="A",
        cost_factor=0.0,
        info_quality=-0.001,
        quality_score=1.001,
        hurdle_margin=-1.0,
        risk_aversion=math.nan,
    ) == {
        "cost_factor": "must be greater than 0",
        "info_quality": "must be between 0 and 1",
        "quality_score": "must be between 0 and 1",
        "hurdle_margin": "must be greater than -1 (a margin of -100% or less makes no sense)",
        "risk_aversion": "must be 0 or more",
    }
    assert _messages(Bidder, name="A", cost_factor=math.nan, info_quality=math.nan) == {
        "cost_factor": "must be greater than 0",
        "info_quality": "must be between 0 and 1",
    }
    assert _messages(Lot, name="L", clusters=[1], price_weight=2, cost_sharing=-1) == {
        "price_weight": "must be between 0 and 1",
        "cost_sharing": "must be between 0 and 1",
    }


def test_capacity_and_clusters_can_be_written_as_words_or_left_blank() -> None:
    for blank in (None, math.nan, pd.NA, "", " Unlimited ", "NONE"):
        assert Bidder(name="A", cost_factor=1, capacity=blank).capacity is None
    for every in (None, math.nan, pd.NA, " ALL "):
        assert Bidder(name="A", cost_factor=1, clusters=every).clusters is None
    assert Bidder(name="A", cost_factor=1, capacity="3").capacity == 3
    assert Bidder(name="A", cost_factor=1, clusters="2").clusters == {2}


def test_cluster_list_edge_cases() -> None:
    # Spaces round the dash, empty parts and a float code are fine.
    assert parse_cluster_list("1 - 3") == {1, 2, 3}
    assert parse_cluster_list(" ,1,, 2") == {1, 2}
    assert parse_cluster_list(4.0) == {4}
    assert parse_cluster_list((0, 21, 99)) == {0, 21, 99}
    bad = {
        True: "must be a list of cluster codes",
        None: "must be a list of cluster codes",
        "1-": "'1-' is not a cluster code or a range like 1-4",
        "-3": "'-3' is not a cluster code or a range like 1-4",
        "1-x": "'1-x' is not a cluster code or a range like 1-4",
        "3-3x": "'3-3x' is not a cluster code or a range like 1-4",
        "9": "not a cluster code: 9 (codes are 0-21 without 9, and 99)",
        "9, 1, 22": "not a cluster code: 9, 22 (codes are 0-21 without 9, and 99)",
        "1 2": "'1 2' is not a cluster code or a range like 1-4",
        "99-1": "range '99-1' must run upwards within 0-21",
        "2-1": "range '2-1' must run upwards within 0-21",
        " , ": "must name at least one cluster",
        (): "must name at least one cluster",
        (1, True): "True is not a cluster code",
        (1, "2"): "'2' is not a cluster code",
        (2.5,): "2.5 is not a cluster code",
    }
    for value, message in bad.items():
        with pytest.raises(ValueError) as error:
            parse_cluster_list(value)
        assert str(error.value) == message, value
    # A range may start on the unused code 9; only naming it alone is an error.
    assert parse_cluster_list("9-12") == {10, 11, 12}
    # Ranges run in the set's order and keep their ends: 20-21, and 0-0.
    assert parse_cluster_list("20-21") == {20, 21}
    assert parse_cluster_list("0-0") == {0}


def test_income_at_risk_for_each_payment() -> None:
    # v = 1 for activity, 0 for block, the variable share for blended (here 0.3).
    assert NhsCostStructure(payment="activity").income_at_risk == 1.0
    assert NhsCostStructure(payment="block").income_at_risk == 0.0
    blended = NhsCostStructure(payment="blended", variable_share=0.3)
    assert blended.income_at_risk == 0.3
    assert NhsCostStructure(payment="blended", variable_share=0).income_at_risk == 0.0
    with pytest.raises(ValidationError, match="a blended payment needs a variable_share"):
        NhsCostStructure(payment="blended")


def test_pools_that_serve_taken_patients_are_retained() -> None:
    # AMHP £2m fixed, serves the taken (kept); estates £3m fixed, 40% shed; beds £1m
    # fixed, 0% shed; teams £4m variable. Total £10m: r = 2 ÷ 10 = 0.2. Over the other
    # £8m: f = (3 + 1) ÷ 8 = 0.5; s = (3 × 0.4 + 1 × 0) ÷ 4 = 0.3.
    nhs = NhsCostStructure.from_pools(
        [
            CostPool(pool="AMHP", amount=2e6, kind="fixed", shed_rate=0, serves_taken=True),
            CostPool(pool="Estates", amount=3e6, kind="fixed", shed_rate=0.4),
            CostPool(pool="Beds", amount=1e6, kind="fixed", shed_rate=0),
            CostPool(pool="Teams", amount=4e6, kind="variable", shed_rate=1),
        ],
        payment="blended",
        variable_share=0.6,
    )
    assert nhs.retained_share == pytest.approx(0.2)
    assert nhs.fixed_cost_share == pytest.approx(0.5)
    assert nhs.shed_rate == pytest.approx(0.3)
    assert (nhs.payment, nhs.variable_share) == ("blended", 0.6)
    # Every pool serves the taken: r = 1, and nothing is left to be fixed (f = 0, the
    # default s, which is moot).
    kept = NhsCostStructure.from_pools(
        [CostPool(pool="AMHP", amount=5.0, kind="fixed", serves_taken=True)]
    )
    assert (kept.retained_share, kept.fixed_cost_share, kept.shed_rate) == (1.0, 0.0, 0.25)
    with pytest.raises(ValueError) as error:
        NhsCostStructure.from_pools([CostPool(pool="Empty", amount=0, kind="fixed")])
    assert str(error.value) == "cost pools must add up to more than £0"
    # Pools of pennies are pools too: £0.50 fixed (40% shed) and £0.25 variable give
    # f = 0.5 ÷ 0.75 = 2/3 and s = 0.4.
    pennies = NhsCostStructure.from_pools(
        [
            CostPool(pool="Estates", amount=0.5, kind="fixed", shed_rate=0.4),
            CostPool(pool="Teams", amount=0.25, kind="variable"),
        ]
    )
    assert pennies.fixed_cost_share == pytest.approx(2 / 3)
    assert pennies.shed_rate == pytest.approx(0.4)


def test_spec_names_and_allocation_rules() -> None:
    with pytest.raises(ValidationError, match="lot names must be unique; repeated: L, M"):
        TenderSpec(lots=[Lot(name=n, clusters=[1]) for n in ("M", "L", "M", "L", "K")])
    with pytest.raises(ValidationError) as error:
        TenderSpec(
            lots=[
                Lot(name="A", clusters=[1], allocation="sheet_order"),
                Lot(name="B", clusters=[2], allocation="best_value"),
            ]
        )
    assert (
        "fixed-tariff lots without an accept-all duty are shared out together, so they need "
        "one allocation; found best_value, sheet_order"
    ) in str(error.value)
    # Lots with an accept-all duty or a competitive award are not shared out together,
    # so their allocation may differ; the tender's allocation is stage 2's.
    spec = TenderSpec(
        lots=[
            Lot(name="A", clusters=[1], allocation="sheet_order", accept_all=True),
            Lot(name="B", clusters=[2], allocation="sheet_order", award="competitive"),
            Lot(name="C", clusters=[3], allocation="random_order"),
        ]
    )
    assert spec.allocation == "random_order"
    assert [stage_two(lot) for lot in spec.lots] == [False, False, True]
    assert TenderSpec(lots=spec.lots[:2]).allocation == "best_value"
    with pytest.raises(KeyError, match="no lot called 'Z'"):
        spec.lot("Z")
    assert spec.lot("C").allocation == "random_order"
    bidders = TenderSpec(bidders=[Bidder(name="A", cost_factor=1), Bidder(name="B", cost_factor=2)])
    assert bidders.bidder("B").cost_factor == 2


def test_the_assumed_bidder_and_lot() -> None:
    bidder = default_bidder()
    assert (bidder.name, bidder.cost_factor) == (DEFAULT_BIDDER_NAME, 1.0)
    assert DEFAULT_BIDDER_NAME == "Outside provider"
    lot = default_lot([3, 1])
    assert (lot.name, lot.clusters) == (DEFAULT_LOT_NAME, frozenset({1, 3}))
    assert DEFAULT_LOT_NAME == "All clusters"
    # A bidder considers a lot only if it treats every cluster in it; the same set is fine.
    picky = Bidder(name="P", cost_factor=1, clusters=[1, 3])
    assert picky.considers(lot)
    assert not picky.considers(default_lot([1, 2]))
