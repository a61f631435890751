"""Scenario files: TOML overrides of a workbook's tender, with every problem listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.tender import (
    Bidder,
    Lot,
    NhsCostStructure,
    TenderSpec,
    apply_scenario,
    load_scenario,
)

WORKBOOK_SPEC = TenderSpec(
    bidders=[
        Bidder(name="Acme Care", cost_factor=0.9),
        Bidder(name="Beta Health", cost_factor=0.95, capacity=500),
    ],
    lots=[Lot(name="Non-psychotic", clusters="1-8"), Lot(name="Psychosis", clusters="10-17")],
    nhs=NhsCostStructure(fixed_cost_share=0.6, shed_rate=0.3),
)

VALID = """
schema_version = 1
workbook = "inputs/clusters.xlsx"
draws = 1000
seed = 42
deflator = 0.02

[nhs]
[[nhs.pools]]
pool = "AMHP service"
amount = 1_000_000
kind = "fixed"
shed_rate = 0
[[nhs.pools]]
pool = "Community teams"
amount = 3_000_000
kind = "variable"

[[bidders]]
name = "Acme Care"
info_quality = 0.9
capacity = "unlimited"

[[bidders]]
name = "Big Society Trust"
cost_factor = 1.05
capacity = 40
clusters = "1-4"

[[lots]]
name = "Psychosis"
accept_all = true
award = "competitive"
"""


def write(tmp_path: Path, text: str, *, workbook: bool = True) -> Path:
    if workbook:
        (tmp_path / "inputs").mkdir(exist_ok=True)
        (tmp_path / "inputs" / "clusters.xlsx").write_bytes(b"")
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_scenario_loads_and_applies(tmp_path):
    scenario = load_scenario(write(tmp_path, VALID))
    assert scenario.workbook == (tmp_path / "inputs" / "clusters.xlsx").resolve()
    assert (scenario.draws, scenario.seed, scenario.deflator) == (1000, 42, 0.02)

    spec = apply_scenario(WORKBOOK_SPEC, scenario)
    assert [b.name for b in spec.bidders] == ["Acme Care", "Beta Health", "Big Society Trust"]
    acme = spec.bidder("Acme Care")
    assert (acme.cost_factor, acme.info_quality, acme.capacity) == (0.9, 0.9, None)
    assert spec.bidder("Beta Health") == WORKBOOK_SPEC.bidder("Beta Health")
    small = spec.bidder("Big Society Trust")
    assert (small.capacity, small.clusters, small.hurdle_margin) == (40, {1, 2, 3, 4}, 0.05)
    psychosis = spec.lot("Psychosis")
    assert (psychosis.accept_all, psychosis.award, psychosis.clusters) == (
        True,
        "competitive",
        frozenset(range(10, 18)),
    )
    # Pools: f = 1m ÷ 4m; s = the fixed pools' shed rate, 0.
    assert (spec.nhs.fixed_cost_share, spec.nhs.shed_rate) == (0.25, 0.0)
    assert WORKBOOK_SPEC.nhs.fixed_cost_share == 0.6  # the input spec is unchanged


def test_replace_and_shares(tmp_path):
    text = """
schema_version = 1
replace_bidders = true
[nhs]
fixed_cost_share = 0.77
[[bidders]]
name = "Solo"
cost_factor = 0.8
"""
    spec = apply_scenario(WORKBOOK_SPEC, load_scenario(write(tmp_path, text, workbook=False)))
    assert [b.name for b in spec.bidders] == ["Solo"]
    assert [lot.name for lot in spec.lots] == ["Non-psychotic", "Psychosis"]
    assert (spec.nhs.fixed_cost_share, spec.nhs.shed_rate) == (0.77, 0.3)


BAD = """
draws = 0
deflator = 1.2
bogus = 1

[nhs]
fixed_cost_share = 0.5
pools = [{ pool = "AMHP", amount = 10, kind = "fixed" }]

[[bidders]]
name = "Acme Care"
info_quality = 0.9

[[bidders]]
name = "Small"
cost_factor = 1
info_quality = 1.5
info_qualty = 0.3

[[lots]]
name = "L"
clusters = "1, 9"
award = "cheapest"
"""


def test_bad_scenario_lists_every_problem_with_its_key_path(tmp_path):
    with pytest.raises(InputError) as error:
        load_scenario(write(tmp_path, BAD, workbook=False))
    lines = [str(p) for p in error.value.problems]
    assert lines == [
        "schema_version: missing; add schema_version = 1",
        "draws: must be 1 or more (found 0)",
        "deflator: must be at least 0 and below 1 (a share of the tariff) (found 1.2)",
        "bidders[1].info_quality: must be between 0 and 1 (found 1.5)",
        "bidders[1].info_qualty: unknown key; did you mean 'info_quality'?",
        "lots[0].clusters: not a cluster code: 9 (codes are 0-21 without 9, and 99) (found '1, 9')",
        "lots[0].award: must be 'fixed_tariff' or 'competitive' (found 'cheapest')",
        "nhs: give either pools or fixed_cost_share/shed_rate, not both",
        "bogus: unknown key; known keys: schema_version, workbook, draws, seed, deflator, "
        "years, tariff_rebase, inflation, nhs_response, retender_every, "
        "tariff_change, cost_change, efficiency, "
        "replace_bidders, replace_lots, bidders, lots, nhs",
    ]
    assert str(error.value).startswith("9 problems found:")
    assert error.value.hint == (
        f"fix the scenario file {tmp_path / 'scenario.toml'}; nothing was written"
    )


def test_scenario_file_problems(tmp_path):
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="is not valid TOML"):
        load_scenario(write(tmp_path, "schema_version = = 1", workbook=False))
    with pytest.raises(InputError, match="this pbrkit reads schema_version 1"):
        load_scenario(write(tmp_path, "schema_version = 2", workbook=False))
    with pytest.raises(InputError, match="workbook: file not found"):
        load_scenario(write(tmp_path, 'schema_version = 1\nworkbook = "nope.xlsx"', workbook=False))
    duplicate = 'schema_version = 1\n[[lots]]\nname = "L"\n[[lots]]\nname = "L"\n'
    with pytest.raises(InputError, match=r"lots\[1\].name: 'L' is given twice"):
        load_scenario(write(tmp_path, duplicate, workbook=False))


def test_new_bidder_or_lot_needs_its_required_keys(tmp_path):
    text = """
schema_version = 1
[[bidders]]
name = "Newcomer"
info_quality = 0.2
[[lots]]
name = "Organic"
award = "competitive"
"""
    scenario = load_scenario(write(tmp_path, text, workbook=False))
    with pytest.raises(InputError) as error:
        apply_scenario(WORKBOOK_SPEC, scenario)
    assert [str(p) for p in error.value.problems] == [
        "bidders[0].cost_factor: required for a new bidder (the workbook has none called "
        "'Newcomer')",
        "lots[0].clusters: required for a new lot (the workbook has none called 'Organic')",
    ]
