"""Tests written against the survivors of mutmut on ``pbrkit.levers``.

Each is worked by hand; the survivors and their verdicts are in
benchmarks/mutation-cost.md. Most survivors were in what a run's reports say about
its levers (the command-line tests that check them are too slow for mutation runs),
so these check the library's own text and numbers word for word.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.levers import (
    Change,
    CostTables,
    Levers,
    change_costs,
    parse_change,
    parse_changes,
    scale_by_cluster,
    what_if_rows,
)

TARIFF_LABEL = "What-if: tariff change (--tariff-change)"
COST_LABEL = "What-if: cost change (--cost-change)"
REPLACES = " (a cluster's own change replaces the all-cluster one for that cluster)"


def test_a_change_of_zero_is_no_what_if() -> None:
    assert not Levers().applied()
    assert not Levers(tariff=(Change(0.0),), cost=(Change(0.0, 4),)).applied()
    assert Levers(cost=(Change(0.0), Change(0.05, 4))).applied()


def test_assumptions_and_summary_word_for_word() -> None:
    levers = Levers(tariff=(Change(0.05), Change(0.1, 13)), cost=(Change(-0.03, 4),))
    assert levers.assumptions() == [
        (TARIFF_LABEL, "+5%; cluster 13: +10%" + REPLACES),
        (COST_LABEL, "cluster 4: -3%"),
    ]
    assert levers.summary() == [
        {"lever": "tariff_change", "cluster": None, "codes": "cluster", "change": 0.05},
        {"lever": "tariff_change", "cluster": 13, "codes": "cluster", "change": 0.1},
        {"lever": "cost_change", "cluster": 4, "codes": "cluster", "change": -0.03},
    ]
    # The note on which change wins is for both forms together only.
    assert Levers(tariff=(Change(0.05),)).assumptions() == [(TARIFF_LABEL, "+5%")]
    only_own = Levers(tariff=(Change(0.1, 13), Change(0.2, 14))).assumptions()
    assert only_own == [(TARIFF_LABEL, "cluster 13: +10%; cluster 14: +20%")]


def _problem(text: str) -> Problem:
    with pytest.raises(InputError) as raised:
        parse_change(text, "--tariff-change")
    assert len(raised.value.problems) == 1
    return raised.value.problems[0]


def test_a_bare_five_is_refused_word_for_word() -> None:
    problem = _problem("5")
    assert problem.message == "--tariff-change: cannot read '5'"
    assert problem.expected == (
        "a percentage for a change of 100% or more (write 500% if that is meant; 5% for 5 "
        "per cent), since a number without % is a fraction (0.05 is 5%)"
    )
    assert problem.fix == (
        "e.g. --tariff-change 5% (every price) or --tariff-change 13=10% "
        "(--tariff-change PSY_CRI=10% in a set with text codes)"
    )


def test_an_unused_cluster_is_refused_naming_what_was_written() -> None:
    # Cluster 9 is not used (care clusters), so 9=5% names no cluster a change may have.
    problem = _problem("9=5%")
    assert problem.message == "--tariff-change: cannot read '9=5%'"
    assert problem.expected is not None and problem.expected.endswith(" before '='")


def _tables(unit_costs: dict[str, float]) -> CostTables:
    return CostTables(
        unit_costs=pd.DataFrame(
            {"unit_cost": list(unit_costs.values())},
            index=pd.Index(list(unit_costs), name="resource"),
        ),
        packages=pd.DataFrame(
            {"cluster": [4, 14], "resource": ["cc_hour", "cc_hour"], "quantity": [1.0, 2.0]}
        ),
        caseload=pd.DataFrame({"cluster": [4, 14], "actual_cost": [np.nan, 1_000.0]}),
    )


UNIT = {"cc_hour": 35.0, "inpatient_bed_day": 400.0}


def test_an_all_cluster_change_is_carried_by_the_unit_costs() -> None:
    # −5% for all, +10% for cluster 14:
    #   unit costs × 0.95: cc hour 33.25, bed day 380;
    #   quantities × (1 + own) ÷ (1 + all): cluster 4 × 0.95 ÷ 0.95 = 1, cluster 14
    #   2 × 1.1 ÷ 0.95; so cluster 14's k = 2 × 1.1 ÷ 0.95 × 33.25 = 2 × 1.1 × 35 = 77;
    #   actual cost of cluster 14 × 1.1 = 1,100.
    changed = change_costs(_tables(UNIT), [Change(-0.05), Change(0.1, 14)])
    assert changed.unit_costs["unit_cost"].tolist() == pytest.approx([33.25, 380.0])
    assert changed.packages["quantity"].tolist() == pytest.approx([1.0, 2 * 1.1 / 0.95])
    k14 = changed.packages["quantity"].iloc[1] * changed.unit_costs["unit_cost"].iloc[0]
    assert k14 == pytest.approx(77.0)
    assert changed.caseload["actual_cost"].iloc[1] == pytest.approx(1_100.0)


def test_after_minus_100_percent_for_all_the_quantities_carry_the_own_change() -> None:
    # −100% for all, +10% for cluster 14: the unit costs stay (nothing to divide by),
    # the bed day goes to 0, cluster 4's quantity to 1 × 0 = 0, cluster 14's to
    # 2 × 1.1 = 2.2 (k = 2.2 × 35 = 77).
    changed = change_costs(_tables(UNIT), [Change(-1.0), Change(0.1, 14)])
    assert changed.unit_costs["unit_cost"].tolist() == pytest.approx([35.0, 0.0])
    assert changed.packages["quantity"].tolist() == pytest.approx([0.0, 2.2])


def test_scale_by_cluster_multiplies_each_row_by_its_clusters_change() -> None:
    # Rows of clusters 4, 14, 4 costing 100, 200, 300; +10% for all, −50% for 14:
    # 110, 100, 330.
    values = pd.Series([100.0, 200.0, 300.0])
    clusters = pd.Series([4, 14, 4])
    scaled = scale_by_cluster(values, clusters, [Change(0.1), Change(-0.5, 14)])
    assert scaled.tolist() == pytest.approx([110.0, 100.0, 330.0])
    # Codes held as floats (a column with a blank elsewhere) are the same clusters.
    as_floats = scale_by_cluster(values, clusters.astype(float), [Change(-0.5, 14)])
    assert as_floats.tolist() == pytest.approx([100.0, 100.0, 300.0])
    assert scale_by_cluster(values, clusters, []) is values


def test_what_if_rows_read_back_from_a_runs_options_word_for_word() -> None:
    options = {
        "what_if": [
            {"lever": "tariff_change", "cluster": None, "change": 0.05},
            {"lever": "cost_change", "cluster": 13, "change": -0.02},
        ],
        "efficiency": 0.011,
    }
    assert what_if_rows(options) == [
        (TARIFF_LABEL, "+5%"),
        (COST_LABEL, "cluster 13: -2%"),
        (
            "What-if: cost efficiency per year (--efficiency)",
            "1.1%: every cost × (1 − 0.011) each year after the first",
        ),
    ]
    assert what_if_rows({}) == []
    assert what_if_rows({"efficiency": 0.0}) == []


def test_what_if_rows_read_a_damaged_record_as_no_change() -> None:
    # A change that is not a number reads as 0, a cluster that is neither an integer
    # nor a text code (PSY_CRI) as every cluster (the record is the run's own metadata,
    # so this is a guard).
    options = {"what_if": [{"lever": "tariff_change", "cluster": 13.5, "change": "x"}]}
    assert what_if_rows(options) == [(TARIFF_LABEL, "+0%")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "a percentage such as 5% or -2.5%, or a fraction such as 0.05"),
        # 1e999 is a number as written, but not a finite one once read.
        ("1e999%", "a finite number"),
    ],
)
def test_a_share_that_cannot_be_read_says_what_was_written_and_why(
    text: str, expected: str
) -> None:
    problem = _problem(text)
    assert problem.message == f"--tariff-change: cannot read {text!r}"
    assert problem.expected == expected


@pytest.mark.parametrize("text", ["1000.1%", "-100.1%"])
def test_a_share_out_of_range_is_said_to_be_out_of_range(text: str) -> None:
    # It reads: the problem is the range (fix11: it was "cannot read '1000.1%'").
    problem = _problem(text)
    assert problem.message == f"--tariff-change: {text} is out of range"
    assert problem.expected == "a change from -100% to 1000%"


def test_the_range_of_a_change_includes_both_ends() -> None:
    # −100% (a price down to nothing) and +1000% (× 11) are the limits themselves.
    assert parse_change("-100%", "--tariff-change") == Change(-1.0)
    assert parse_change("1000%", "--tariff-change") == Change(10.0)


def _changes_problem(texts: list[str]) -> Problem:
    with pytest.raises(InputError) as raised:
        parse_changes(texts, "--cost-change")
    assert len(raised.value.problems) == 1
    return raised.value.problems[0]


def test_a_cluster_or_every_cluster_given_twice_is_refused_word_for_word() -> None:
    twice = _changes_problem(["13=5%", "C13=10%"])
    assert twice.message == "--cost-change: two changes for cluster 13 (+5% and +10%)"
    assert twice.expected == "one change for cluster 13, given once"
    everyone = _changes_problem(["5%", "6%"])
    assert everyone.message == "--cost-change: two changes for every code (+5% and +6%)"
    assert everyone.expected == "one change for every code, given once"
    assert everyone.fix == "give every code once, with the change meant"
