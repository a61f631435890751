"""Tests written against the survivors of mutation testing `pbrkit.uncertainty.params`
(benchmarks/mutation-uncertainty.md): every problem of an uncertainty table word for
word, with its sheet and row, and the values the paths run at."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pbrkit.errors import InputError
from pbrkit.uncertainty.params import (
    ParameterPath,
    ParameterRow,
    UncertainParameter,
    check_parameters,
    parse_path,
    rows_from_mapping,
)

HINT = (
    "correct the cells named above and run again; nothing was written (a row gives a "
    "parameter, then low and high: an 80% interval, low below high)"
)


def test_every_bad_row_is_one_problem_word_for_word() -> None:
    rows = [
        ParameterRow(" ", 0.1, 0.2, row=2),
        ParameterRow("nhs.shed_rate", "abc", 0.2, row=3),
        ParameterRow("nhs.shed_rate", None, 0.2, row=4),
        ParameterRow("nhs.shed_rate", 0.3, 0.2, row=5),
        ParameterRow("nhs.shed_rate", 0.5, 1.2, row=6),
        ParameterRow("bidders.*.cost_factor", 0, 1.2, row=7),
        ParameterRow("nhs.shed_rate", 0.3, 0.3, row=8),
        ParameterRow("nhs.shed_rate", 0.3, "inf", row=9),
        ParameterRow("nhs.shed_rate", 0.3, 0.4, "gamma", row=10),
        ParameterRow("bidders.*.hurdle_margin", -1, 0.4, row=12),
        ParameterRow("pools.x.amount", -1, 4, row=13),
        ParameterRow("nhs.shed_rate", "10%", " 40% ", "Beta", None, "  src ", row=14),
        ParameterRow("nhs.shed_rate", 0.1, 0.2, row=15),
        ParameterRow("bidders.*.capacity", 10, 20, row=16),
        ParameterRow("bidders.A.capacity", 10, 20, row=17),
        # at the top of the valid range: allowed
        ParameterRow("nhs.variable_share", 0.5, 1.0, row=18),
        # still checked after the overlap
        ParameterRow("costs.scale", 0, 1, row=19),
        # a named row, then the * row: still the named bidder's value twice
        ParameterRow("bidders.B.risk_aversion", 1, 2, row=20),
        ParameterRow("bidders.*.risk_aversion", 1, 2, row=21),
        ParameterRow("tariff.scale", 0.9, 1.1, "triangular", "abc", row=22),
        ParameterRow("tariff.scale", 0.9, 1.1, "triangular", row=23),
        # only a % comes off the end
        ParameterRow("tariff.scale", "1X%", 1.1, row=24),
    ]
    with pytest.raises(InputError) as caught:
        check_parameters(rows, sheet="S")
    assert caught.value.hint == HINT
    assert [(p.sheet, p.row, p.message) for p in caught.value.problems] == [
        ("S", 2, "parameter is blank; name a path such as nhs.fixed_cost_share"),
        ("S", 3, "low 'abc' is not a number"),
        ("S", 4, "low is blank; give a number"),
        ("S", 5, "'nhs.shed_rate': low (0.3) is greater than high (0.2); swap them"),
        (
            "S",
            6,
            # a share above 1 says what it would be as a percentage, as on a sheet (walk 9)
            "'nhs.shed_rate': the interval 0.5 to 1.2 is outside the valid range "
            "(at least 0, at most 1): as a fraction, 1.2 is 120%; if you meant 1.2%, "
            "write 0.012",
        ),
        (
            "S",
            7,
            "'bidders.*.cost_factor': the interval 0 to 1.2 is outside the valid range "
            "(greater than 0)",
        ),
        ("S", 8, "'nhs.shed_rate': low equals high; give an interval, or leave the row out"),
        ("S", 9, "high must be a finite number"),
        (
            "S",
            10,
            "distribution 'gamma' is not one of normal, uniform, triangular, beta, lognormal",
        ),
        (
            "S",
            12,
            "'bidders.*.hurdle_margin': the interval -1 to 0.4 is outside the valid range "
            "(greater than -1, at most 1)",
        ),
        (
            "S",
            13,
            "'pools.x.amount': the interval -1 to 4 is outside the valid range (at least 0)",
        ),
        # rows 3-13 are refused for their values but name nhs.shed_rate: the first
        # sound rows naming it again are repeats now, not after those are fixed (qa23)
        ("S", 14, "'nhs.shed_rate' is given twice (also row 3)"),
        ("S", 15, "'nhs.shed_rate' is given twice (also row 3)"),
        (
            "S",
            17,
            "'bidders.A.capacity' and 'bidders.*.capacity' (row 16) both set A's capacity, "
            "and the later row would win: keep one of them",
        ),
        (
            "S",
            19,
            "'costs.scale': the interval 0 to 1 is outside the valid range (greater than 0)",
        ),
        (
            "S",
            21,
            "'bidders.*.risk_aversion' and 'bidders.B.risk_aversion' (row 20) both set B's "
            "risk_aversion, and the later row would win: keep one of them",
        ),
        ("S", 22, "mode 'abc' is not a number"),
        ("S", 23, "'tariff.scale': a triangular needs a mode between low and high"),
        ("S", 24, "low '1X%' is not a number"),
    ]


def test_a_good_row_is_read_whole() -> None:
    # 10% and 40% are shares 0.1 and 0.4; "Beta" any case; the source trimmed.
    (param,) = check_parameters(
        [ParameterRow(" nhs.shed_rate ", "10%", " 40% ", "Beta", None, "  src ", row=14)]
    )
    assert (param.name, param.distribution) == ("nhs.shed_rate", "beta")
    assert (param.low, param.high) == pytest.approx((0.1, 0.4))
    assert (param.source, param.row, param.sheet, param.mode) == ("src", 14, "uncertainty", None)
    problem = param.problem("says")
    assert (problem.message, problem.sheet, problem.row) == ("says", "uncertainty", 14)


class Refusing:
    """A model without bidder B, that cannot vary two rows together."""

    def refuses(self, param: UncertainParameter) -> list[str]:
        return ["there is no bidder B"] if param.path.item == "B" else []

    def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
        return ["these rows cannot vary together"] if len(params) > 1 else []


def test_what_the_model_refuses_is_named_at_its_row_and_sheet() -> None:
    rows = [
        ParameterRow("bidders.B.cost_factor", 0.8, 1.2, row=2),
        ParameterRow("bidders.A.cost_factor", 0.8, 1.2, None, None, None, row=3),
        ParameterRow("tariff.scale", 0.9, 1.1, row=4),
    ]
    with pytest.raises(InputError) as caught:
        check_parameters(rows, sheet="S", model=Refusing())
    assert [(p.sheet, p.row, p.message) for p in caught.value.problems] == [
        ("S", 2, "there is no bidder B"),
        ("S", None, "these rows cannot vary together"),
    ]
    (kept,) = check_parameters(rows[1:2], model=Refusing())
    assert (kept.source, kept.sheet) == ("", "uncertainty")


def test_paths_print_as_written() -> None:
    assert str(ParameterPath("nhs", None, "shed_rate")) == "nhs.shed_rate"
    assert str(ParameterPath("bidders", "St. Mary's", "capacity")) == "bidders.St. Mary's.capacity"
    assert parse_path(" tariff.scale ") == ParameterPath("tariff", None, "scale")
    # spaces around the dots go, at both ends of a two-part path too
    assert parse_path("tariff . scale") == ParameterPath("tariff", None, "scale")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "bidder.A.cost_factor",
            "'bidder.A.cost_factor' is not a parameter; paths start with nhs., pools., "
            "bidders., lots., caseload., tariff., costs., years.",
        ),
        ("bidders.cost_factor", "'bidders.cost_factor': write bidders.<name or *>.<column>"),
        (
            "nhs",
            "'nhs': write nhs.<column> (one of fixed_cost_share, shed_rate, variable_share)",
        ),
        ("lots. .price_weight", "'lots. .price_weight': write lots.<name or *>.<column>"),
        (
            "tariff.scale.x",
            "'tariff.scale.x': write tariff.<column> (one of scale)",
        ),
        (
            "nhs.fixed_cost",
            "'nhs.fixed_cost': nhs has no uncertain column 'fixed_cost'; use one of "
            "fixed_cost_share, shed_rate, variable_share",
        ),
    ],
)
def test_unknown_paths_word_for_word(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_path(text)
    assert str(caught.value) == message


def test_a_count_runs_as_a_whole_number_and_the_rest_as_given() -> None:
    capacity = parse_path("bidders.A.capacity")
    assert capacity.whole
    assert capacity.as_run(41.6) == 42.0
    assert capacity.as_run(41.4) == 41.0
    assert isinstance(capacity.as_run(41.6), float)
    share = parse_path("nhs.shed_rate")
    assert not share.whole
    assert share.as_run(0.416) == 0.416


def test_range_words() -> None:
    assert parse_path("nhs.shed_rate").range_words() == "at least 0, at most 1"
    assert parse_path("pools.x.amount").range_words() == "at least 0"
    assert parse_path("years.inflation").range_words() == "greater than -1"
    assert parse_path("costs.scale").range_words() == "greater than 0"


def test_scenario_tables_word_for_word() -> None:
    rows = rows_from_mapping(
        {"nhs.shed_rate": {"low": 0.1, "high": 0.2}, "x": {"parameter": "tariff.scale",
         "low": 0.9, "high": 1.1, "distribution": "triangular", "mode": 1.0, "source": "s"}}
    )  # fmt: skip
    assert rows == [
        ParameterRow("nhs.shed_rate", 0.1, 0.2, None, None, None, row=1),
        ParameterRow("tariff.scale", 0.9, 1.1, "triangular", 1.0, "s", row=2),
    ]
    listed = rows_from_mapping([{"parameter": "nhs.shed_rate", "low": 0.1, "high": 0.2}])
    assert listed == [ParameterRow("nhs.shed_rate", 0.1, 0.2, row=1)]
    not_a_table = "uncertainty entry 2 must be a table with low and high"
    for table, message in (
        ([{"parameter": "a", "low": 1, "high": 2}, 1], not_a_table),
        ({"a": {"low": 1, "zz": 2, "aa": 3}}, "uncertainty entry 1: unknown key(s) aa, zz"),
    ):
        with pytest.raises(InputError) as caught:
            rows_from_mapping(table)
        assert [p.message for p in caught.value.problems] == [message]
