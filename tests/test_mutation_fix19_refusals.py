"""Tests written against the survivors of mutation testing the competitive-lot refusal
(mut19, benchmarks/mutation-tender.md): ``tender.model.competitive_cost_share``,
``tender.sweep.check_cost_sharing`` and ``uncertainty.tender_model.TenderModel``'s
``refuses``/``refuses_path``, word for word and without the CLI.

Methodology §6.3: a cost share λ (``cost_sharing``) is the mixed payment of fixed-tariff
lots; a competitive winner is paid its price, so a competitive lot's λ would be ignored
and is refused, one problem per competitive lot, naming the fixed-tariff lots' paths.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.errors import InputError
from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec
from pbrkit.tender.model import COST_SHARING_FIXED_TARIFF_ONLY, competitive_cost_share
from pbrkit.tender.sweep import check_cost_sharing
from pbrkit.uncertainty.params import parse_path
from pbrkit.uncertainty.tender_model import TenderModel

WHICH = f"which {COST_SHARING_FIXED_TARIFF_ONLY}"

# Two fixed-tariff lots around two competitive ones: the fix names both fixed-tariff
# lots, in the lots' order, and no competitive one.
LOTS = (
    Lot(name="Common", clusters="1", award="fixed_tariff"),
    Lot(name="Psychosis", clusters="11", award="competitive"),
    Lot(name="Rare", clusters="3", award="fixed_tariff"),
    Lot(name="Forensic", clusters="12", award="competitive"),
)


def test_the_message_and_fix_word_for_word() -> None:
    message, fix = competitive_cost_share("SET", "Psychosis", LOTS, "OTHERWISE")
    assert message == f"SET on competitive lot 'Psychosis', {WHICH}"
    assert fix == (
        "name the fixed-tariff lots instead "
        "(lots.Common.cost_sharing, lots.Rare.cost_sharing), or OTHERWISE"
    )


def test_with_no_fixed_tariff_lot_the_fix_says_so() -> None:
    competitive = tuple(lot for lot in LOTS if lot.award == "competitive")
    _, fix = competitive_cost_share("SET", "Psychosis", competitive, "OTHERWISE")
    assert fix == "OTHERWISE: no lot of this tender is fixed-tariff"


def _model(lots: tuple[Lot, ...] = LOTS) -> TenderModel:
    population = pd.DataFrame({"cluster": [1, 11], "cost": [100.0, 200.0], "income": [250.0] * 2})
    spec = TenderSpec(
        bidders=(Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),),
        lots=lots,
        nhs=NhsCostStructure.model_validate({"fixed_cost_share": 0.5, "shed_rate": 0.25}),
    )
    return TenderModel(population, spec)


def _reason(path: str, lot: str) -> str:
    fix = (
        "name the fixed-tariff lots instead "
        "(lots.Common.cost_sharing, lots.Rare.cost_sharing), or vary another parameter"
    )
    return f"'{path}' varies cost_sharing on competitive lot '{lot}', {WHICH}; {fix}"


def test_a_star_path_is_refused_once_per_competitive_lot_in_lot_order() -> None:
    path = "lots.*.cost_sharing"
    assert _model().refuses_path(parse_path(path)) == [
        _reason(path, "Psychosis"),
        _reason(path, "Forensic"),
    ]


def test_a_competitive_lot_by_name_is_refused_alone() -> None:
    path = "lots.Forensic.cost_sharing"
    assert _model().refuses_path(parse_path(path)) == [_reason(path, "Forensic")]


def test_a_fixed_tariff_lots_share_and_other_lot_columns_are_not_refused() -> None:
    model = _model()
    assert model.refuses_path(parse_path("lots.Common.cost_sharing")) == []
    # another column of a competitive lot (or of every lot) is not λ
    assert model.refuses_path(parse_path("lots.Psychosis.price_weight")) == []
    assert model.refuses_path(parse_path("lots.*.price_weight")) == []


def test_a_name_the_tender_does_not_have_is_the_only_reason() -> None:
    # No lot 'Other': that alone is said, not the competitive lots' λ as well.
    assert _model().refuses_path(parse_path("lots.Other.cost_sharing")) == [
        "'lots.Other.cost_sharing': no lot called 'Other' "
        "(there are: Common, Psychosis, Rare, Forensic)"
    ]


def test_an_uncertainty_row_gets_the_same_reasons_as_a_param() -> None:
    from pbrkit.uncertainty.params import ParameterRow, check_parameters

    path = "lots.*.cost_sharing"
    row = check_parameters([ParameterRow(path, 0.1, 0.2, row=2)])[0]
    assert _model().refuses(row) == [_reason(path, "Psychosis"), _reason(path, "Forensic")]


def _spec(*shares: float) -> TenderSpec:
    """LOTS with these cost shares λ, lot by lot."""
    lots = tuple(
        lot.model_copy(update={"cost_sharing": share})
        for lot, share in zip(LOTS, shares, strict=True)
    )
    return TenderSpec(
        bidders=(Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),), lots=lots
    )


def test_a_sweep_names_each_competitive_lot_once_with_the_first_points_share() -> None:
    # Two grid points: λ 0.25 then 0.5 on every lot. Psychosis and Forensic are refused
    # once each, at the first point's 0.25 (':g' writes 0.25, not 0.250000).
    specs = [_spec(0.25, 0.25, 0.25, 0.25), _spec(0.5, 0.5, 0.5, 0.5)]
    with pytest.raises(InputError) as caught:
        check_cost_sharing(specs, ["lots.*.cost_sharing", "nhs.shed_rate"])
    problems = caught.value.problems
    setter = "--vary lots.*.cost_sharing, nhs.shed_rate: sets cost_sharing 0.25"
    fixed = "(lots.Common.cost_sharing, lots.Rare.cost_sharing)"
    assert [(p.message, p.fix) for p in problems] == [
        (
            f"{setter} on competitive lot '{lot}', {WHICH}",
            f"name the fixed-tariff lots instead {fixed}, or keep '{lot}' at cost_sharing 0",
        )
        for lot in ("Psychosis", "Forensic")
    ]


def test_a_sweep_leaving_the_competitive_lots_at_zero_passes() -> None:
    # λ on the fixed-tariff lots only (0.4 and 1), the competitive ones at 0: no problem.
    check_cost_sharing([_spec(0.4, 0, 1, 0)], ["lots.Common.cost_sharing"])


def test_a_sweep_refuses_only_the_competitive_lot_above_zero() -> None:
    # Forensic at 0 at both points; Psychosis at 0 first, then 0.1: refused at 0.1.
    specs = [_spec(0, 0, 0, 0), _spec(0, 0.1, 0, 0)]
    with pytest.raises(InputError) as caught:
        check_cost_sharing(specs, ["lots.Psychosis.cost_sharing"])
    [problem] = caught.value.problems
    assert problem.message.startswith(
        "--vary lots.Psychosis.cost_sharing: sets cost_sharing 0.1 on competitive lot 'Psychosis'"
    )


def test_a_one_point_sweep_is_refused_with_its_own_lots() -> None:
    # A grid of one point (--vary lots.*.cost_sharing=0.3): the fix names the fixed-tariff
    # lots of that point, the only one there is.
    with pytest.raises(InputError) as caught:
        check_cost_sharing([_spec(0.3, 0.3, 0.3, 0.3)], ["lots.*.cost_sharing"])
    assert [p.fix for p in caught.value.problems] == [
        "name the fixed-tariff lots instead (lots.Common.cost_sharing, "
        f"lots.Rare.cost_sharing), or keep '{lot}' at cost_sharing 0"
        for lot in ("Psychosis", "Forensic")
    ]
