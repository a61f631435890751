"""Checks that kill the mutants of :mod:`pbrkit.tender.scenario`.

Each scenario key at its boundaries (1 and 1,000,000 draws, seed 0 and 2¹²⁸ − 1, a
deflator of 0 but not 1, 1 to 50 years, inflation above −1 and up to 1), every message
word for word with its key path, the number checks on the raw TOML, and how overrides
merge into the workbook's tender (the NHS side worked by hand).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec
from pbrkit.tender.scenario import (
    apply_scenario,
    check_tender_size,
    load_scenario,
    parse_scenario,
    scenario_number_problems,
)

SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.9), Bidder(name="B", cost_factor=1.1, capacity=5)],
    lots=[Lot(name="L", clusters=[1, 2]), Lot(name="M", clusters=[3])],
    nhs=NhsCostStructure.from_pools(
        [
            CostPool(pool="AMHP", amount=1.0, kind="fixed", shed_rate=0, serves_taken=True),
            CostPool(pool="Estates", amount=1.0, kind="fixed", shed_rate=0.5),
            CostPool(pool="Teams", amount=2.0, kind="variable"),
        ]
    ),
)


def _problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(InputError) as error:
        parse_scenario({"schema_version": 1, **data})
    return [str(p) for p in error.value.problems]


def test_each_key_at_its_boundaries() -> None:
    ok = parse_scenario(
        {
            "schema_version": 1,
            "draws": 1_000_000,
            "seed": 2**128 - 1,
            "deflator": 0.0,
            "years": 50,
            "retender_every": 1,
            "inflation": 1.0,
            "efficiency": 0.0,
        }
    )
    assert (ok.draws, ok.seed, ok.years, ok.retender_every) == (1_000_000, 2**128 - 1, 50, 1)
    low = parse_scenario({"schema_version": 1, "draws": 1, "seed": 0, "inflation": -0.999})
    assert (low.draws, low.seed, low.inflation) == (1, 0, -0.999)
    assert _problems({"draws": 1_000_001, "seed": 2**128, "years": 51, "deflator": 1.0}) == [
        "draws: must be at most 1,000,000, as for --draws (found 1000001)",
        "seed: must be below 2**128, as for --seed (found 340282366920938463463374607431768211456)",
        "deflator: must be at least 0 and below 1 (a share of the tariff) (found 1.0)",
        "years: must be a whole number from 1 to 50 (found 51)",
    ]
    assert _problems(
        {
            "seed": -1,
            "deflator": -0.01,
            "years": 0,
            "inflation": -1.0,
            "efficiency": 1.0,
            "retender_every": 0,
        }
    ) == [
        "seed: must be 0 or more (found -1)",
        "deflator: must be at least 0 and below 1 (a share of the tariff) (found -0.01)",
        "years: must be a whole number from 1 to 50 (found 0)",
        "inflation: must be a share above -1 and at most 1 (0.03 = 3% a year) (found -1.0)",
        "retender_every: must be a whole number from 1 to 50 (found 0)",
        "efficiency: must be at least 0 and below 1 (0.011 = costs fall 1.1% a year) (found 1.0)",
    ]
    assert _problems({"inflation": 1.01, "efficiency": -0.1}) == [
        "inflation: must be a share above -1 and at most 1 (0.03 = 3% a year) (found 1.01)",
        "efficiency: must be at least 0 and below 1 (0.011 = costs fall 1.1% a year) (found -0.1)",
    ]


def test_levers_are_checked_as_the_options_check_them() -> None:
    ok = parse_scenario({"schema_version": 1, "tariff_change": "5%", "cost_change": ["1=2%"]})
    assert (ok.tariff_change, ok.cost_change) == (("5%",), ("1=2%",))
    assert _problems({"tariff_change": "lots"}) == [
        "tariff_change: cannot read 'lots'; expected a percentage such as 5% or -2.5%, or a "
        "fraction such as 0.05 (found 'lots')"
    ]


def test_schema_version_and_unknown_keys() -> None:
    with pytest.raises(InputError) as error:
        parse_scenario({"schema_version": 2, "drawz": 5}, hint="fix it")
    assert [str(p) for p in error.value.problems] == [
        "schema_version: this pbrkit reads schema_version 1 (found 2)",
        "drawz: unknown key; did you mean 'draws'?",
    ]
    assert error.value.hint == "fix it"
    assert _problems({"nhs": {"pools": [{"pool": "P", "amount": 1, "kind": "fixed", "x": 1}]}}) == [
        "nhs.pools[0].x: unknown key; known keys: pool, amount, kind, shed_rate, serves_taken"
    ]
    # A table where a value belongs is shown without its contents.
    assert _problems({"draws": {"a": 1}})[0].startswith("draws: ")
    assert "(found" not in _problems({"draws": {"a": 1}})[0]
    # The [uncertainty] table belongs to other commands and is left alone here.
    assert parse_scenario({"schema_version": 1, "uncertainty": {"x": 1}}).draws is None


def test_numbers_are_finite_and_within_bounds_everywhere() -> None:
    data = {
        "seed": 10**30,
        "draws": True,
        "bidders": [{"name": "A", "cost_factor": float("inf")}, {"capacity": 1e15}],
        "nhs": {"pools": [{"amount": -2e15}]},
        "deflator": float("nan"),
    }
    got = scenario_number_problems(data)
    assert [str(p) for p in got] == [
        "bidders[0].cost_factor: must be a finite number (found inf)",
        "deflator: must be a finite number (found nan)",
        "nhs.pools[0].amount: must be between -1e15 and 1e15 (found -2000000000000000.0)",
    ]
    too_many = {"lots": [{}] * 501, "bidders": [{}] * 500}
    assert scenario_number_problems(too_many) == [
        Problem("lots: 501 entries, more than 500"),
    ]
    with pytest.raises(InputError) as error:
        parse_scenario({"schema_version": 1, "draws": float("inf")}, hint="h")
    assert [str(p) for p in error.value.problems] == ["draws: must be a finite number (found inf)"]
    assert error.value.hint == "h"


def test_a_name_given_twice() -> None:
    assert _problems({"bidders": [{"name": "X"}, {"name": "Y"}, {"name": "X"}]}) == [
        "bidders[2].name: 'X' is given twice"
    ]


def test_overrides_merge_into_the_workbook() -> None:
    scenario = parse_scenario(
        {
            "schema_version": 1,
            "bidders": [{"name": "B", "capacity": "unlimited"}, {"name": "C", "cost_factor": 2}],
            "lots": [{"name": "M", "accept_all": True}],
        }
    )
    spec = apply_scenario(SPEC, scenario)
    assert [b.name for b in spec.bidders] == ["A", "B", "C"]
    assert (spec.bidder("B").capacity, spec.bidder("B").cost_factor) == (None, 1.1)
    assert spec.lot("M").accept_all
    assert spec.nhs == SPEC.nhs
    replaced = apply_scenario(
        SPEC,
        parse_scenario(
            {
                "schema_version": 1,
                "replace_lots": True,
                "lots": [{"name": "N", "clusters": "4"}],
            }
        ),
    )
    assert [lot.name for lot in replaced.lots] == ["N"]
    assert [b.name for b in replaced.bidders] == ["A", "B"]
    bad = parse_scenario({"schema_version": 1, "lots": [{"name": "New", "award": "competitive"}]})
    with pytest.raises(InputError) as error:
        apply_scenario(SPEC, bad)
    assert [str(p) for p in error.value.problems] == [
        "lots[0].clusters: required for a new lot (the workbook has none called 'New')"
    ]
    assert error.value.hint == "fix the scenario file; nothing was written"


def test_the_nhs_side_worked_by_hand() -> None:
    # The workbook: pools AMHP £1 (serves the taken), estates £1 fixed (50% shed), teams
    # £2 variable: r = 1/4, f = 1/3, s = 0.5.
    assert (SPEC.nhs.retained_share, SPEC.nhs.shed_rate) == (0.25, 0.5)

    def nhs(table: dict[str, object]) -> NhsCostStructure:
        return apply_scenario(SPEC, parse_scenario({"schema_version": 1, "nhs": table})).nhs

    # A payment only: the pools (and r, f, s) stay.
    blended = nhs({"payment": "blended", "variable_share": 0.4})
    assert (blended.payment, blended.variable_share) == ("blended", 0.4)
    assert (blended.retained_share, blended.pools) == (0.25, SPEC.nhs.pools)
    # A share: the pools go, and with them r (the shares given no longer come from them).
    # Before the fix the pools stayed, listed in the reports beside an r of 0 and an s
    # they did not give.
    shares = nhs({"shed_rate": 0.1})
    assert (shares.shed_rate, shares.retained_share, shares.pools) == (0.1, 0.0, ())
    assert shares.fixed_cost_share == SPEC.nhs.fixed_cost_share
    # New pools: f, s and r from them, keeping the workbook's payment.
    pools = nhs({"pools": [{"pool": "P", "amount": 3, "kind": "fixed", "shed_rate": 0.2}]})
    # f = 3 ÷ 3 = 1; s = 3 × 0.2 ÷ 3 = 0.2; r = 0 (no pool serves the taken).
    assert (pools.fixed_cost_share, pools.retained_share) == (1.0, 0.0)
    assert pools.shed_rate == pytest.approx(0.2)
    assert pools.payment == "activity"
    # An empty table changes nothing.
    assert nhs({}) == SPEC.nhs
    assert _problems({"nhs": {"pools": [{"pool": "P", "amount": 0, "kind": "fixed"}]}}) == [
        "nhs: pools must add up to more than £0"
    ]


def test_scenario_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "book.xlsx").write_bytes(b"")
    path = tmp_path / "s.toml"
    path.write_text('schema_version = 1\nworkbook = "in/book.xlsx"\n', encoding="utf-8")
    assert load_scenario(path).workbook == (tmp_path / "in" / "book.xlsx").resolve()
    path.write_text("schema_version = 1\n", encoding="utf-8")
    assert load_scenario(str(path)).workbook is None
    path.write_text('schema_version = 1\nworkbook = "gone.xlsx"\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    assert error.value.problems == (
        Problem(
            f"workbook: file not found: {(tmp_path / 'gone.xlsx').resolve()}", value="gone.xlsx"
        ),
    )
    assert error.value.hint == (
        "the workbook path is read relative to the scenario file's folder; nothing was written"
    )
    with pytest.raises(InputError) as error:
        load_scenario(tmp_path / "none.toml")
    assert error.value.problems == (Problem(f"scenario file not found: {tmp_path / 'none.toml'}"),)
    assert error.value.hint == "check the file's name and folder; nothing was written"
    path.write_bytes(b"schema_version = 1\n# \xff\n")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    assert error.value.problems == (Problem(f"{path} is not UTF-8 text, as TOML must be"),)
    assert error.value.hint == f"fix the scenario file {path}; nothing was written"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    assert error.value.problems == (Problem(f"{path} nests arrays or tables too deeply to read"),)
    path.write_text("# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    assert error.value.problems == (
        Problem(f"scenario file {path} is larger than 1,024 KB (a real scenario is a few KB)"),
    )


def test_a_rule_across_lots_is_a_problem_not_a_crash() -> None:
    # L and M are both shared out in stage 2, so they need one allocation: setting M's
    # alone to sheet order breaks the rule. Before the fix this escaped as a pydantic
    # error (exit 1, "unexpected failure") instead of a listed problem (exit 2).
    mixed = parse_scenario(
        {"schema_version": 1, "lots": [{"name": "M", "allocation": "sheet_order"}]}
    )
    with pytest.raises(InputError) as error:
        apply_scenario(SPEC, mixed)
    assert error.value.problems == (
        Problem(
            "fixed-tariff lots without an accept-all duty are shared out together, so they "
            "need one allocation; found best_value, sheet_order"
        ),
    )
    assert error.value.hint == "fix the scenario file; nothing was written"


def test_more_scenario_file_rules(tmp_path: Path) -> None:
    fix = "fix the scenario file"
    # A file of exactly 1 MiB is read; the hint names the file for every read problem.
    path = tmp_path / "s.toml"
    path.write_text("schema_version = 1\n#" + "x" * (1024 * 1024 - 21) + "\n", encoding="utf-8")
    assert path.stat().st_size == 1024 * 1024
    assert load_scenario(path).workbook is None
    for text in ("schema_version = = 1", "a = " + "[" * 5000 + "]" * 5000, "# " + "x" * 2**20):
        path.write_text(text + "\n", encoding="utf-8")
        with pytest.raises(InputError) as error:
            load_scenario(path)
        assert error.value.hint == f"{fix} {path}; nothing was written"
    # A folder is not a scenario file; a named pipe is not a workbook.
    with pytest.raises(InputError) as error:
        load_scenario(tmp_path)
    assert error.value.problems[0].message == (
        f"scenario file '{tmp_path}' is a folder, not a regular file"
    )
    os.mkfifo(tmp_path / "pipe.xlsx")
    path.write_text('schema_version = 1\nworkbook = "pipe.xlsx"\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    pipe = (tmp_path / "pipe.xlsx").resolve()
    assert error.value.problems[0].message == (
        f"the scenario's workbook '{pipe}' is a named pipe (FIFO), not a regular file"
    )


def test_more_key_rules() -> None:
    with pytest.raises(InputError) as error:
        parse_scenario({"schema_version": 1, "lots": [{"name": "L"}, {"name": "L"}]}, hint="h")
    assert error.value.hint == "h"
    # Too many bidders is one problem, and the other keys are still checked.
    got = scenario_number_problems({"deflator": float("inf"), "bidders": [{}] * 501})
    assert [p.message for p in got] == [
        "bidders: 501 entries, more than 500",
        "deflator: must be a finite number",
    ]
    assert _problems({"nhs": {"fixd_cost_share": 0.5}}) == [
        "nhs.fixd_cost_share: unknown key; did you mean 'fixed_cost_share'?"
    ]
    assert _problems({"bidders": [{"cost_factor": 1}]}) == ["bidders[0].name: missing"]


def test_tender_size_counts_bidder_lot_pairs() -> None:
    # 250 bidders × 2 lots = 500 pairs: allowed; × 3 lots = 750: refused.
    bidders = [Bidder(name=f"B{i}", cost_factor=1) for i in range(250)]
    lots = [Lot(name=f"L{i}", clusters=[i + 1]) for i in range(3)]
    check_tender_size(TenderSpec(bidders=bidders, lots=lots[:2]))
    with pytest.raises(InputError) as error:
        check_tender_size(TenderSpec(bidders=bidders, lots=lots))
    assert error.value.problems[0].message == (
        "the tender: 250 bidders × 3 lots = 750 bidder-lot pairs, more than the limit of 500"
    )


def test_the_nhs_payment_survives_other_overrides() -> None:
    # The workbook pays a blend with v = 0.4 (and has pools).
    blended = SPEC.model_copy(
        update={"nhs": SPEC.nhs.model_copy(update={"payment": "blended", "variable_share": 0.4})}
    )

    def nhs(table: dict[str, object]) -> NhsCostStructure:
        return apply_scenario(blended, parse_scenario({"schema_version": 1, "nhs": table})).nhs

    # A share alone keeps the blend and its v.
    shares = nhs({"fixed_cost_share": 0.7})
    assert (shares.payment, shares.variable_share, shares.pools) == ("blended", 0.4, ())
    assert shares.fixed_cost_share == 0.7
    # A payment alone, or v alone, is applied.
    assert nhs({"payment": "block"}).payment == "block"
    assert nhs({"variable_share": 0.7}).variable_share == 0.7
    # New pools keep the blend and its v.
    pools = nhs({"pools": [{"pool": "P", "amount": 1, "kind": "variable"}]})
    assert (pools.payment, pools.variable_share) == ("blended", 0.4)
