"""Checks that kill the mutants of :mod:`pbrkit.tender.sweep`.

Every ``--vary`` form and its messages word for word, the point limit at exactly
10,000, parameter paths (a wildcard, a name with a dot, a pool-dropping NHS change),
and a sweep's columns: the grid, the medians, the ranges with several draws, and the
per-cluster residue worked by hand. Grid points run in this process (``workers=1``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.tender import (
    FIGURES,
    Bidder,
    CostPool,
    Lot,
    NhsCostStructure,
    TenderSpec,
    parse_vary,
    set_parameter,
    simulate_tender,
    sweep,
)
from pbrkit.tender.sweep import check_grid, cluster_residue

FORM = "expected NAME=LO:HI:STEPS or NAME=V1,V2,…"
STEPS = "LO:HI:STEPS needs two numbers and a whole count ≥ 1"
NUMBERS = "give numbers, as LO:HI:STEPS (0.2:0.8:4) or a list (0.2,0.5,0.8)"

# p1 (£400) and p2 (£2,000) in cluster 1 at P = £1,000; p3 (£1,000) in cluster 2 at
# £2,000. A (θ = 0.9, perfect information) takes p1 (π̂ = 640) and p3 (π̂ = 1,100);
# Dr. B (θ = 3) would lose on everyone (1,000 − 1,200 < 0, 2,000 − 3,000 < 0).
PEOPLE = pd.DataFrame(
    {"cluster": [1, 1, 2], "cost": [400.0, 2000.0, 1000.0], "income": [1000.0, 1000.0, 2000.0]}
)
SPEC = TenderSpec(
    bidders=[
        Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1),
        Bidder(name="Dr. B", cost_factor=3.0, info_quality=1),
    ],
    lots=[Lot(name="L", clusters=[1, 2])],
    nhs=NhsCostStructure.from_pools(
        [
            CostPool(pool="Estates", amount=1.0, kind="fixed", shed_rate=0.5),
            CostPool(pool="Teams", amount=1.0, kind="variable"),
        ]
    ),
)


def _problem(call: object, *args: object, **kwargs: object) -> tuple[Problem, str | None]:
    assert callable(call)
    with pytest.raises(InputError) as error:
        call(*args, **kwargs)
    (problem,) = error.value.problems
    return problem, error.value.hint


def test_vary_forms_and_their_messages() -> None:
    hint = "for example --vary bidders.Acme.info_quality=0:1:11"
    for text in ("x", "=1", "x=", " x = "):
        assert _problem(parse_vary, text) == (Problem(f"--vary {text!r}: {FORM}"), hint)
    for text in ("x=0:1", "x=0:1:2:3", "x=0:1:0", "x=a:1:2", "x=0:b:2", "x=0:1:1.5"):
        assert _problem(parse_vary, text) == (Problem(f"--vary {text!r}: {STEPS}"), NUMBERS)
    # One step is one value, LO = HI; spaces round the parts are dropped. One step
    # between two values dropped HI without a word; since review 10 it is refused.
    assert parse_vary(" x = 2:2:1 ") == ("x", [2.0])
    assert _problem(parse_vary, "x=2:9:1") == (
        Problem(
            "--vary 'x=2:9:1': one step cannot hold both 2 and 9",
            expected="STEPS counting the values, LO and HI included",
            fix="give STEPS 2 or more (e.g. x=2:9:5), or x=2 for one value",
        ),
        "STEPS counts the values, LO and HI included: 0:1:3 gives 0, 0.5 and 1",
    )
    assert parse_vary("x=-1:1:3") == ("x", [-1.0, 0.0, 1.0])
    assert parse_vary("x= 1, ,no ,2") == ("x", [1.0, "no", 2.0])
    # The path ends at the last "=": a bidder or lot name may hold one, a value never
    # does (qa23: bidders.A=B Care.cost_factor was read as the path bidders.A).
    assert parse_vary("x=a=b") == ("x=a", ["b"])


def test_vary_limits() -> None:
    # 10,000 values are allowed, 10,001 are not; ±1e15 are allowed, beyond are not.
    assert len(parse_vary("x=0:1:10000")[1]) == 10_000
    assert _problem(parse_vary, "x=0:1:10001") == (
        Problem("--vary 'x=0:1:10001': 10,001 values, more than a sweep's 10,000 points"),
        "use fewer steps in --vary",
    )
    assert parse_vary("x=-1e15:1e15:2") == ("x", [-1e15, 1e15])
    assert _problem(parse_vary, "x=0:inf:2") == (
        Problem("--vary 'x=0:inf:2': inf is not a finite number between -1e15 and 1e15"),
        NUMBERS,
    )
    assert _problem(parse_vary, "x=1,-2e15")[0] == Problem(
        "--vary 'x=1,-2e15': -2000000000000000.0 is not a finite number between -1e15 and 1e15"
    )
    assert _problem(parse_vary, "x=nan")[0] == Problem(
        "--vary 'x=nan': nan is not a finite number between -1e15 and 1e15"
    )
    many = ",".join(["1"] * 10_001)
    assert "10,001 values" in _problem(parse_vary, f"x={many}")[0].message


def test_a_grid_has_one_to_ten_thousand_points() -> None:
    hint = "use fewer steps in --vary"
    assert _problem(check_grid, {"a": []}) == (
        Problem("a sweep needs 1 to 10,000 grid points, not 0"),
        hint,
    )
    # 100 × 100 = 10,000 is allowed; 100 × 101 = 10,100 is not.
    check_grid({"a": range(100), "b": range(100)})
    check_grid({"a": [1]})
    assert _problem(check_grid, {"a": range(100), "b": range(101)})[0] == Problem(
        "a sweep needs 1 to 10,000 grid points, not 10,100"
    )


def test_parameter_paths() -> None:
    # A name with a dot; the wildcard changes every lot; an NHS share drops the pools.
    assert set_parameter(SPEC, "bidders.Dr. B.capacity", 3).bidder("Dr. B").capacity == 3
    assert SPEC.bidder("Dr. B").capacity is None
    assert set_parameter(SPEC, "bidders.Dr. B.capacity", 3).bidder("A").capacity is None
    every = set_parameter(SPEC, "lots.*.accept_all", True)
    assert [lot.accept_all for lot in every.lots] == [True]
    nhs = set_parameter(SPEC, "nhs.shed_rate", 0.1).nhs
    assert (nhs.shed_rate, nhs.pools, nhs.fixed_cost_share) == (0.1, (), 0.5)
    assert len(SPEC.nhs.pools) == 2
    names = ", ".join(f for f in Bidder.model_fields if f != "name")
    spelt = "as the tender spells it (capitals and spaces included), or * for every one"
    keys = (
        "vary a key of the scenario file, spelt as it spells it (docs/scenarios.md, "
        "'sweep --vary names')"
    )
    for path, message, hint in [
        (
            "bidders.Z.capacity",
            "bidders.Z.capacity: no bidder called 'Z'; there are: A, Dr. B",
            f"name a bidder {spelt}",
        ),
        ("lots.Z.award", "lots.Z.award: no lot called 'Z'; there are: L", f"name a lot {spelt}"),
        (
            "bidders.A.colour",
            f"bidders.A.colour: unknown field 'colour'; use one of {names}",
            keys,
        ),
        ("bidders.*.name", f"bidders.*.name: unknown field 'name'; use one of {names}", keys),
    ]:
        assert _problem(set_parameter, SPEC, path, 1) == (Problem(message), hint)
    parameter = "name one as bidders.<name>.<field>, lots.<name>.<field> or nhs.<field>"
    for path in ("bidders.A", "nhs", "nhs.a.b", "tariff.A.price", "lots"):
        assert _problem(set_parameter, SPEC, path, 1) == (
            Problem(f"{path}: not a parameter"),
            parameter,
        )
    assert _problem(set_parameter, SPEC, "bidders.A.info_quality", 2.0) == (
        Problem("bidders.A.info_quality: must be between 0 and 1", value=2.0),
        "keep every value within its key's range (docs/scenarios.md lists them)",
    )
    assert _problem(set_parameter, SPEC, "nhs.payment", "blended")[0] == Problem(
        "nhs.payment: a blended payment needs a variable_share (0 to 1)", value="blended"
    )


def test_a_sweep_takes_one_or_two_parameters_or_as_many_as_allowed() -> None:
    three = {"nhs.shed_rate": [0.1], "nhs.fixed_cost_share": [0.5], "lots.L.accept_all": [False]}
    assert _problem(sweep, PEOPLE, SPEC, three, draws=1, workers=1)[0] == Problem(
        "sweep one or two parameters, not 3"
    )
    assert _problem(sweep, PEOPLE, SPEC, {}, draws=1, workers=1)[0] == Problem(
        "sweep one or two parameters, not 0"
    )
    four = {**three, "bidders.A.capacity": [1]}
    assert _problem(sweep, PEOPLE, SPEC, four, draws=1, workers=1, most=3)[0] == Problem(
        "sweep 1 to 3 parameters, not 4"
    )
    grid = sweep(PEOPLE, SPEC, three, draws=1, workers=1, most=3)
    assert list(grid.columns[:4]) == [*three, FIGURES[0]]


def test_a_sweep_row_is_the_single_run_at_that_point() -> None:
    # Two capacities for A: 1 (it takes p3, π̂ 1,100, only) and 2 (p1 and p3). One draw:
    # no ranges. Per cluster: cluster 1 has 2 patients, of whom 0 or 1 are taken.
    seen: list[int] = []
    grid = sweep(
        PEOPLE,
        SPEC,
        {"bidders.A.capacity": [1, 2]},
        draws=1,
        workers=1,
        progress=seen.append,
        clusters=True,
    )
    assert seen == [1, 2]
    assert grid["bidders.A.capacity"].tolist() == [1, 2]
    assert grid["taken_patients"].tolist() == [1.0, 2.0]
    assert not any(c.endswith("_p5") for c in grid.columns)
    assert grid["cluster.1.patients"].tolist() == [2.0, 2.0]
    assert grid["cluster.1.taken_patients"].tolist() == [0.0, 1.0]
    assert grid["cluster.1.residue_patients"].tolist() == [2.0, 1.0]
    assert grid["cluster.2.taken_patients"].tolist() == [1.0, 1.0]
    one = simulate_tender(PEOPLE, set_parameter(SPEC, "bidders.A.capacity", 2), seed=0)
    assert grid.loc[1, FIGURES[0]] == one.residue[FIGURES[0]]
    assert grid.loc[1, "cluster.1.residue_cost_gap"] == pytest.approx(
        one.by_cluster.set_index("cluster").loc[1, "residue_cost_gap"]
    )
    # Several draws: each figure's p5 and p95 come from that point's run.
    ranged = sweep(PEOPLE, SPEC, {"bidders.A.capacity": [2]}, draws=3, seed=4, workers=1)
    run = simulate_tender(
        PEOPLE, set_parameter(SPEC, "bidders.A.capacity", 2), draws=3, seed=4, workers=1
    )
    for name in FIGURES:
        assert ranged.loc[0, f"{name}_p5"] == run.residue_ranges[name]["p5"]
        assert ranged.loc[0, f"{name}_p95"] == run.residue_ranges[name]["p95"]


def test_cluster_residue_names_each_cluster() -> None:
    result = simulate_tender(PEOPLE, SPEC, seed=0)
    got = cluster_residue(result)
    assert list(got) == [
        f"cluster.{c}.{n}"
        for c in (1, 2)
        for n in ("patients", "taken_patients", "residue_patients", "residue_cost_gap")
    ]
    assert got["cluster.2.residue_patients"] == 0.0


def test_sweep_defaults_and_ranges_from_two_draws() -> None:
    # Defaults: seed 0, no per-cluster columns. A noisy bidder with room for one of six
    # patients makes the seed matter. Two draws are enough for p5 and p95 columns.
    people = pd.DataFrame(
        {"cluster": [1] * 6, "cost": [500.0, 600, 700, 800, 900, 950], "income": [1000.0] * 6}
    )
    noisy = TenderSpec(
        bidders=[Bidder(name="N", cost_factor=0.9, capacity=1, hurdle_margin=0.0)],
        lots=[Lot(name="L", clusters=[1])],
    )
    vary = {"bidders.N.info_quality": [0.5]}
    default = sweep(people, noisy, vary, draws=3, workers=1)
    assert not any(c.startswith("cluster.") for c in default.columns)
    pd.testing.assert_frame_equal(default, sweep(people, noisy, vary, draws=3, seed=0, workers=1))
    other = sweep(people, noisy, vary, draws=3, seed=1, workers=1)
    assert not default.equals(other)
    two = sweep(people, noisy, vary, draws=2, workers=1)
    assert {f"{name}_p5" for name in FIGURES} <= set(two.columns)
