"""Hand-worked checks that kill the mutants of :mod:`pbrkit.tender.population`.

Written against the survivors of a mutation run (benchmarks/mutation-tender.md): each
input problem is compared whole (message, sheet, row, column, value, fix), the lists
stop at 20 rows, the modelled cost k·(D − A) + b·A and the synthesised lognormal costs
are worked by hand, and the water-filling of admitted days is checked at its
boundaries (a cap reached, Σ cap below A, nobody with excess cost, Σ c = b·A exactly).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import InputError, MissingTariff, Problem
from pbrkit.tender import population_from_patients, synthesise_population
from pbrkit.tender.population import (
    _fill,
    _make_room,
    admitted_days_following_cost,
    check_population,
    cost_below_bed_days,
)
from tender_tariff import REVIEW_DAYS, TARIFF

NUMBER = "must be a number of 0 or more"


def _problems(call: object, *args: object, **kwargs: object) -> tuple[Problem, ...]:
    assert callable(call)
    with pytest.raises(InputError) as error:
        call(*args, **kwargs)
    return error.value.problems


# ------------------------------------------------------------------ patients sheet


def test_each_missing_patient_column_is_named() -> None:
    fix = "a patient's tariff income needs its cluster and cluster days"
    got = _problems(population_from_patients, pd.DataFrame({"cost": [1.0]}), TARIFF, REVIEW_DAYS)
    assert got == (
        Problem("column 'cluster' is missing", sheet="patients", fix=fix),
        Problem("column 'days' is missing", sheet="patients", fix=fix),
    )


def test_every_bad_patient_cell_is_located_with_its_value() -> None:
    # Rows are spreadsheet rows: the header is row 1, so index 1 is row 3.
    bad = pd.DataFrame(
        {
            "cluster": [1, 3, 11],
            "days": [84.0, "x", 365.0],
            "admitted_days": [0.0, -1.0, np.nan],
            "cost": ["700", "lots", -5],
        }
    )
    got = _problems(population_from_patients, bad, TARIFF, REVIEW_DAYS)
    assert got == (
        Problem(NUMBER, row=3, column="days", value="x"),
        Problem(NUMBER, row=3, column="admitted_days", value=-1.0),
        Problem(NUMBER, sheet="patients", row=3, column="cost", value="lots"),
        Problem(NUMBER, sheet="patients", row=4, column="cost", value=-5),
    )


def test_only_the_first_twenty_bad_rows_are_listed() -> None:
    # 25 bad day counts and 25 negative costs: 20 of each, rows 2 to 21.
    bad = pd.DataFrame({"cluster": [1] * 25, "days": ["x"] * 25, "cost": [-1.0] * 25})
    got = _problems(population_from_patients, bad, TARIFF, REVIEW_DAYS)
    assert [(p.row, p.column) for p in got] == [(r, "days") for r in range(2, 22)] + [
        (r, "cost") for r in range(2, 22)
    ]


def test_blank_costs_are_modelled_from_packages() -> None:
    # k = £5 (cluster 1), £15 (3), £10 (11); b = £400.
    # Row 1: blank, 5 × 84 = £420. Row 2: blank, 15 × (182 − 10) + 400 × 10 = £6,580.
    # Row 3: given £4,000. Row 4: a given £0 is a cost, not a blank.
    # Row 5: blank, one admitted day of ten: 15 × 9 + 400 × 1 = £535.
    patients = pd.DataFrame(
        {
            "cluster": [1.0, 3.0, 11.0, 1.0, 3.0],
            "days": [84.0, 182.0, 365.0, 10.0, 10.0],
            "admitted_days": [0.0, 10.0, 0.0, 0.0, 1.0],
            "cost": [np.nan, np.nan, 4000.0, 0.0, np.nan],
        }
    )
    k = pd.Series({1: 5.0, 3: 15.0, 11: 10.0})
    pop = population_from_patients(patients, TARIFF, REVIEW_DAYS, day_cost=k, bed_day_cost=400.0)
    assert pop["cost"].tolist() == [420.0, 6580.0, 4000.0, 0.0, 535.0]
    assert pop["cluster"].dtype == np.int64
    # Without b, a patient with no admitted days is still k·D (b·A is not needed).
    pop = population_from_patients(patients.iloc[[0, 2, 3]], TARIFF, REVIEW_DAYS, day_cost=k)
    assert pop["cost"].tolist() == [420.0, 4000.0, 0.0]
    # With no cost column at all, everyone is modelled: 5 × 84, 15 × 172 + 4,000, 10 × 365.
    pop = population_from_patients(
        patients.drop(columns="cost"), TARIFF, REVIEW_DAYS, day_cost=k, bed_day_cost=400.0
    )
    assert pop["cost"].tolist() == [420.0, 6580.0, 3650.0, 50.0, 535.0]


def test_costs_that_cannot_be_modelled_are_counted_and_their_clusters_named() -> None:
    # k is known only for cluster 1 and there is no b: clusters 11 (twice) and 3 have no
    # k, and the cluster-1 patient with admitted days needs b. Four patients, three clusters.
    patients = pd.DataFrame(
        {
            "cluster": [11, 3, 1, 1, 11],
            "days": [10.0] * 5,
            "admitted_days": [0.0, 0.0, 0.0, 5.0, 0.0],
            "cost": [np.nan] * 5,
        }
    )
    got = _problems(
        population_from_patients, patients, TARIFF, REVIEW_DAYS, day_cost=pd.Series({1: 5.0})
    )
    assert got == (
        Problem(
            "4 patients have no cost and none can be modelled",
            sheet="patients",
            column="cost",
            value="1, 3, 11",
            fix="give their cost, or a package for these clusters and a bed-day unit cost",
        ),
    )
    # Without packages at all, the blanks are counted.
    got = _problems(population_from_patients, patients.iloc[:2], TARIFF, REVIEW_DAYS)
    assert got == (
        Problem(
            "2 patients have no cost",
            sheet="patients",
            column="cost",
            fix="give every patient a cost, or supply packages and unit costs",
        ),
    )


def test_patient_income_uses_their_episodes_and_the_mff() -> None:
    # Cluster 3, 182 days with 10 admitted: 2 episodes × £2,000 + 10 × £300 = £7,000;
    # a blank episode count is D ÷ R = 1 episode: £2,000 + £3,000 = £5,000.
    # A market-forces factor of 1.1 scales all of it: £7,700 and £5,500.
    patients = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c"],
            "mha_detained": [True, False, False],
            "cluster": [3, 3, 3],
            "days": [182.0] * 3,
            "admitted_days": [10.0] * 3,
            "cost": [1.0] * 3,
            "episodes": [2.0, np.nan, None],
        }
    )
    pop = population_from_patients(patients, TARIFF, REVIEW_DAYS, mff=1.1)
    assert pop["income"].to_numpy() == pytest.approx([7700.0, 5500.0, 5500.0], rel=1e-12)
    # Text is not a count: a problem, never read as blank (the workbook reader refuses it
    # too).
    text = patients.assign(episodes=[2.0, np.nan, "two"])
    assert _problems(population_from_patients, text, TARIFF, REVIEW_DAYS) == (
        Problem(NUMBER, row=4, column="episodes", value="two"),
    )
    assert list(pop.columns) == [
        "patient_id",
        "cluster",
        "days",
        "admitted_days",
        "cost",
        "income",
        "mha_detained",
        "episodes",
    ]
    # No admitted_days column: none admitted; 182 days of cluster 3 is one episode.
    pop = population_from_patients(patients.drop(columns="admitted_days"), TARIFF, REVIEW_DAYS)
    assert pop["admitted_days"].tolist() == [0.0, 0.0, 0.0]
    assert pop["income"].tolist() == pytest.approx([4000.0, 2000.0, 2000.0])


# ------------------------------------------------------------------ caseload sheet


CASELOAD = pd.DataFrame(
    {"cluster": [1], "service_users": [2], "cluster_days": [168.0], "cost": [200.0]}
)


def test_each_missing_caseload_column_is_named() -> None:
    got = _problems(synthesise_population, pd.DataFrame({"team": ["N"]}), TARIFF, REVIEW_DAYS)
    assert got == tuple(
        Problem(f"column '{c}' is missing", sheet="caseload")
        for c in ("cluster", "service_users", "cluster_days", "cost")
    )


def test_a_negative_or_missing_cost_cv_is_refused_and_zero_is_allowed() -> None:
    for cv in (-0.5, math.nan):
        got = _problems(synthesise_population, CASELOAD, TARIFF, REVIEW_DAYS, cost_cv=cv)
        assert len(got) == 1
        assert got[0].message == "cost_cv must be 0 or more"
        assert got[0].value is cv
    # cv = 0: σ² = ln 1 = 0, so everyone costs exp(ln 100) = C ÷ N = £100, unscaled.
    pop = synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, cost_cv=0.0, rescale=False)
    assert pop["cost"].to_numpy() == pytest.approx([100.0, 100.0], rel=1e-12)


def test_every_bad_caseload_row_is_located() -> None:
    # Row 2: −1 people. Row 3: 2.5 people. Row 4: no people but days. Row 5: no people
    # but cost. Row 6: no people and nothing to give them, which is fine. Row 7: a cost_cv
    # that is text.
    caseload = pd.DataFrame(
        {
            "cluster": [1] * 6,
            "service_users": [-1.0, 2.5, 0.0, 0.0, 0.0, 1.0],
            "cluster_days": [10.0, 10.0, 10.0, 0.0, 0.0, 10.0],
            "cost": [10.0, 10.0, 0.0, 5.0, 0.0, 10.0],
            "cost_cv": [0.5, 0.5, 0.5, 0.5, 0.5, "wide"],
        }
    )
    got = _problems(synthesise_population, caseload, TARIFF, REVIEW_DAYS)
    empty = "has cluster days, admitted days or cost but no service users to give them to"
    assert got == (
        Problem(NUMBER, row=2, column="service_users", value=-1.0),
        Problem(NUMBER, row=7, column="cost_cv", value="wide"),
        Problem(
            "must be a whole number of people",
            sheet="caseload",
            row=3,
            column="service_users",
            value=2.5,
        ),
        Problem(empty, sheet="caseload", row=4, column="service_users", value=0),
        Problem(empty, sheet="caseload", row=5, column="service_users", value=0),
    )


def test_only_the_first_twenty_bad_caseload_rows_are_listed() -> None:
    # 25 rows of half a person, 25 rows of nobody with days: 20 of each, rows 2 to 21
    # and 27 to 46.
    caseload = pd.DataFrame(
        {
            "cluster": [1] * 50,
            "service_users": [0.5] * 25 + [0.0] * 25,
            "cluster_days": [10.0] * 50,
            "cost": [0.0] * 50,
        }
    )
    got = _problems(synthesise_population, caseload, TARIFF, REVIEW_DAYS)
    assert [p.row for p in got] == list(range(2, 22)) + list(range(27, 47))


def test_synthesised_costs_are_the_lognormal_of_each_row() -> None:
    # Row 1: cluster 1, N = 2, C = £200, cv 0.5: σ² = ln 1.25, μ = ln 100 − σ²/2, and
    # c = exp(μ + σ·z). Row 2: nobody, nothing. Row 3: cluster 11, N = 1, C = £5,000,
    # cv 0: exactly £5,000. Row 4: cluster 1, N = 2, C = £0: both £0, never NaN,
    # rescaled or not. Row 5, the last, has nobody again. The rows are drawn by cluster,
    # then the other columns (docs/methodology.md §6.1): row 4 (cluster 1, 20 days)
    # takes the seed's first two standard normals, row 1 (168 days) the next two, and
    # row 3 (cluster 11) the fifth.
    caseload = pd.DataFrame(
        {
            "cluster": [1, 3, 11, 1, 11],
            "service_users": [2, 0, 1, 2, 0],
            "cluster_days": [168.0, 0.0, 365.0, 20.0, 0.0],
            "cost": [200.0, 0.0, 5000.0, 0.0, 0.0],
            "cost_cv": [0.5, 0.5, 0.0, 0.5, 0.5],
        }
    )
    z = np.random.default_rng(3).standard_normal(5)
    s2 = math.log(1.25)
    row_1 = np.exp(math.log(100.0) - s2 / 2 + math.sqrt(s2) * z[2:4])
    raw = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=3, rescale=False)
    assert raw["cost"].to_numpy() == pytest.approx([0.0, 0.0, *row_1, 5000.0], rel=1e-12)
    assert raw["patient_id"].tolist() == [f"syn-00000{i}" for i in range(1, 6)]
    assert raw["cluster"].tolist() == [1, 1, 1, 1, 11]
    # 20 ÷ 2 = 10 days each; 168 ÷ 2 = 84; 365 for the one.
    assert raw["days"].tolist() == [10.0, 10.0, 84.0, 84.0, 365.0]
    # Rescaled: row 1 is multiplied by 200 ÷ Σ, so it adds up to £200 in the same ratio.
    one = synthesise_population(
        caseload, TARIFF, REVIEW_DAYS, seed=np.random.SeedSequence(3), rescale=True
    )
    assert one["cost"].to_numpy() == pytest.approx(
        [0.0, 0.0, *(row_1 * 200 / row_1.sum()), 5000.0], rel=1e-12
    )


def test_synthesised_people_share_episodes_and_carry_the_row_traits() -> None:
    # Cluster 3, two people with 364 days and 6 episodes: 182 days and 3 episodes each,
    # £6,000 each; with a market-forces factor of 1.5, £9,000. Without the episodes
    # column, 182 ÷ 182 = 1 episode each: £2,000. Only the traits are carried along.
    caseload = pd.DataFrame(
        {
            "cluster": [3],
            "team": ["North"],
            "service_users": [2],
            "cluster_days": [364.0],
            "episodes": [6.0],
            "cost_cv": [0.0],
            "cost": [100.0],
            "note": ["x"],
        }
    )
    pop = synthesise_population(caseload, TARIFF, REVIEW_DAYS, mff=1.5)
    assert pop["income"].tolist() == pytest.approx([9000.0, 9000.0])
    assert list(pop.columns) == [
        "patient_id",
        "cluster",
        "days",
        "admitted_days",
        "cost",
        "income",
        "team",
        "note",
    ]
    assert pop["team"].tolist() == ["North", "North"]
    plain = synthesise_population(caseload.drop(columns="episodes"), TARIFF, REVIEW_DAYS)
    assert plain["income"].tolist() == pytest.approx([2000.0, 2000.0])
    # A blank episode count is the default, D ÷ R; one that is not a number is a problem.
    blank = synthesise_population(caseload.assign(episodes=[None]), TARIFF, REVIEW_DAYS)
    assert blank["income"].tolist() == pytest.approx([2000.0, 2000.0])
    text = caseload.assign(episodes=["n/a"])
    assert _problems(synthesise_population, text, TARIFF, REVIEW_DAYS) == (
        Problem(NUMBER, row=2, column="episodes", value="n/a"),
    )


def test_synthesised_admitted_days_follow_cost_only_with_every_package() -> None:
    # Cluster 3: three people of 20 days, A = 3, C = £3,000 with cv 1. With k = £10 for
    # cluster 3 and b = £110 the days follow cost: the dearest person has the most. If k
    # is missing for a cluster in the population (here k is given for cluster 1 only)
    # everyone gets A ÷ N = 1.
    caseload = pd.DataFrame(
        {
            "cluster": [3],
            "service_users": [3],
            "cluster_days": [60.0],
            "admitted_days": [3.0],
            "cost": [3000.0],
        }
    )
    pop = synthesise_population(
        caseload, TARIFF, REVIEW_DAYS, seed=2, day_cost=pd.Series({3: 10.0}), bed_day_cost=110.0
    )
    assert pop["admitted_days"].sum() == pytest.approx(3.0)
    assert pop["admitted_days"].rank().tolist() == pop["cost"].rank().tolist()
    assert pop["admitted_days"].nunique() == 3
    even = synthesise_population(
        caseload, TARIFF, REVIEW_DAYS, seed=2, day_cost=pd.Series({1: 10.0}), bed_day_cost=110.0
    )
    assert even["admitted_days"].tolist() == [1.0, 1.0, 1.0]


# ------------------------------------------------------------------ admitted days


def test_fill_caps_and_passes_on_what_is_left() -> None:
    # Weights 1, 1, 2, caps 10, 0.5, 10, total 4. First pass: 1, 1, 2; the second is over
    # its 0.5, so it is capped and 3.5 is left for the others in the ratio 1 : 2:
    # 7/6 and 7/3. Σ = 7/6 + 1/2 + 7/3 = 4.
    got = _fill(np.array([1.0, 1.0, 2.0]), np.array([10.0, 0.5, 10.0]), 4.0)
    assert got == pytest.approx([7 / 6, 0.5, 7 / 3])
    # Nobody over a cap: the shares are the weights scaled to the total, 1 and 3.
    assert _fill(np.array([1.0, 3.0]), np.array([10.0, 10.0]), 4.0) == pytest.approx([1, 3])
    # Σ cap = 3 < 5: everyone has their cap, and less than the total is given.
    assert _fill(np.array([1.0, 1.0]), np.array([1.0, 2.0]), 5.0).tolist() == [1.0, 2.0]
    # Nothing to give: nothing given.
    assert _fill(np.array([1.0, 1.0]), np.array([1.0, 2.0]), 0.0).tolist() == [0.0, 0.0]


def test_fill_gives_the_rest_by_room_left() -> None:
    # Weights 1, 0, caps 2, 5, total 4: the first is capped at 2; the 2 left go by the
    # room left (0 and 5), min(1, 2/5) of it: the second gets 2.
    got = _fill(np.array([1.0, 0.0]), np.array([2.0, 5.0]), 4.0)
    assert got.tolist() == pytest.approx([2.0, 2.0])
    # Nobody has weight: all by room, 2 ÷ (1 + 3) of each cap: 0.5 and 1.5.
    got = _fill(np.array([0.0, 0.0]), np.array([1.0, 3.0]), 2.0)
    assert got.tolist() == pytest.approx([0.5, 1.5])
    # The room cannot carry the rest (2 left, 1 of room): the second is at its cap 1.
    got = _fill(np.array([1.0, 0.0]), np.array([2.0, 1.0]), 4.0)
    assert got.tolist() == [2.0, 1.0]


def test_make_room_when_the_row_cost_is_exactly_its_bed_days() -> None:
    # Two people of 10 days, b = £100, costs £100 and £900, shares 1 and 5, A = 10
    # (Σ c = £1,000 = b·A). 4 days left go by room 9 : 5: +18/7 and +10/7, so
    # a = 25/7 and 45/7. The first now costs 100 × 25/7 = £2,500/7 (£1,800/7 more); the
    # second's spare 900 − 4,500/7 = £1,800/7 is all taken: it costs £4,500/7 = b·a.
    days, got = _make_room(
        np.array([1.0, 5.0]), np.array([10.0, 10.0]), np.array([100.0, 900.0]), 10.0, 100.0
    )
    assert days == pytest.approx([25 / 7, 45 / 7])
    assert got == pytest.approx([2500 / 7, 4500 / 7])
    assert math.isclose(float(got.sum()), 1000.0)


def test_make_room_leaves_a_full_or_roomless_row_alone() -> None:
    cost = np.array([500.0, 500.0])
    # Σ share = A already: nothing to do.
    days, got = _make_room(np.array([2.0, 3.0]), np.full(2, 10.0), cost, 5.0, 100.0)
    assert days.tolist() == [2.0, 3.0]
    assert got is cost
    # Nobody has a day to spare: the row keeps its 4 days and its costs.
    days, got = _make_room(np.array([2.0, 2.0]), np.full(2, 2.0), cost, 5.0, 100.0)
    assert days.tolist() == [2.0, 2.0]
    assert got is cost


def test_admitted_days_are_shared_row_by_row() -> None:
    # Two rows interleaved (row_of 1, 0, 1, 0, 1); k = 10, b = 110, 10 days each.
    # Row 0 (people 1 and 3, £600 and £1,100): weights (c − 100) ÷ 100 = 5 and 10,
    # A = 3, so 1 and 2. Row 1 (people 0, 2, 4, £100 each): no excess cost, so by days,
    # A = 1.5: 0.5 each (within 100 ÷ 110 = 0.909). Row 2 has nobody and A = 0.
    cost = np.array([100.0, 600.0, 100.0, 1100.0, 100.0])
    row = np.array([1, 0, 1, 0, 1])
    days, k = np.full(5, 10.0), np.full(5, 10.0)
    got = admitted_days_following_cost(cost, row, days, np.array([3.0, 1.5, 0.0]), k, 110.0)
    assert got.days == pytest.approx([0.5, 1.0, 0.5, 2.0, 0.5])
    assert got.cost.tolist() == cost.tolist()
    assert got.cost is not cost
    # b = 0 (or none): A ÷ N per row, 1.5 and 0.5.
    for b in (0.0, None):
        got = admitted_days_following_cost(cost, row, days, np.array([3.0, 1.5, 0.0]), k, b)
        assert got.days.tolist() == [0.5, 1.5, 0.5, 1.5, 0.5]
        assert got.cost.tolist() == cost.tolist()
    # A row with A = 0 keeps 0 days even though its people have excess cost.
    got = admitted_days_following_cost(cost, row, days, np.array([0.0, 1.5, 0.0]), k, 110.0)
    assert got.days == pytest.approx([0.5, 0.0, 0.5, 0.0, 0.5])


def test_cost_below_bed_days_at_the_boundary() -> None:
    # b·a = c exactly is not below; c a hair under b·a (1e-9 relative) is.
    frame = pd.DataFrame(
        {"admitted_days": [2.0, 2.0, 0.0], "cost": [200.0, 200.0 / 1.000000001, 0.0]}
    )
    assert cost_below_bed_days(frame, 100.0) == 1
    assert cost_below_bed_days(frame, None) == 0


# ------------------------------------------------------------------ check_population


def test_population_without_a_column_is_refused() -> None:
    got = _problems(check_population, pd.DataFrame({"income": [1.0]}))
    assert got == (
        Problem("population has no 'cluster' column"),
        Problem("population has no 'cost' column"),
    )


def test_population_bad_values_are_located() -> None:
    # Row 2 is fine (cluster 3.0 is whole; a £0 cost is allowed; income may be negative).
    population = pd.DataFrame(
        {
            "cluster": [3.0, 1.5, "x", 2, 1],
            "cost": [0.0, -1.0, 5.0, "a", np.inf],
            "income": [-5.0, 1.0, np.nan, "y", 0.0],
        }
    )
    got = _problems(check_population, population)
    assert got == (
        Problem("must be a cluster code", row=3, column="cluster"),
        Problem("must be a cluster code", row=4, column="cluster"),
        Problem("must be £0 or more", row=3, column="cost"),
        Problem("must be £0 or more", row=5, column="cost"),  # text
        Problem("must be £0 or more", row=6, column="cost"),  # infinite
        Problem("must be a number of £", row=4, column="income"),
        Problem("must be a number of £", row=5, column="income"),
    )
    check_population(population.iloc[:1])


def test_population_lists_twenty_bad_rows_then_a_count() -> None:
    # 21 negative costs: rows 2 to 21, then "1 more"; 20 exactly would have no count.
    population = pd.DataFrame({"cluster": [1] * 21, "cost": [-1.0] * 21, "income": [0.0] * 21})
    got = _problems(check_population, population)
    assert [p.row for p in got[:20]] == list(range(2, 22))
    assert got[20:] == (Problem("and 1 more rows like these", column="cost"),)
    got = _problems(check_population, population.iloc[:20])
    assert len(got) == 20


# ------------------------------------------------------------------ more boundaries


def test_an_unpriced_cluster_is_named_with_its_sheet_and_a_fix() -> None:
    # Clusters 12 and 13 have no price: three people in them, listed once each.
    hint = "add these clusters to the tariff, or leave their people out of the tender"
    patients = pd.DataFrame({"cluster": [13, 1, 12, 13], "days": [1.0] * 4, "cost": [1.0] * 4})
    with pytest.raises(MissingTariff) as error:
        population_from_patients(patients, TARIFF, REVIEW_DAYS)
    assert error.value.problems == (
        Problem(
            "3 people are in clusters with no price: 12, 13", sheet="patients", column="cluster"
        ),
    )
    assert error.value.hint == hint
    caseload = pd.DataFrame(
        {"cluster": [12], "service_users": [2], "cluster_days": [2.0], "cost": [2.0]}
    )
    with pytest.raises(MissingTariff) as error:
        synthesise_population(caseload, TARIFF, REVIEW_DAYS)
    assert error.value.problems == (
        Problem("2 people are in clusters with no price: 12", sheet="caseload", column="cluster"),
    )
    assert error.value.hint == hint


def test_a_row_with_a_little_activity_needs_people() -> None:
    # Nobody, but half a day (row 2) or 50p of cost (row 3): both are problems.
    caseload = pd.DataFrame(
        {"cluster": [1, 1], "service_users": [0, 0], "cluster_days": [0.5, 0.0], "cost": [0, 0.5]}
    )
    got = _problems(synthesise_population, caseload, TARIFF, REVIEW_DAYS)
    assert [(p.row, p.message) for p in got] == [
        (2, "has cluster days, admitted days or cost but no service users to give them to"),
        (3, "has cluster days, admitted days or cost but no service users to give them to"),
    ]


def test_bad_caseload_admitted_days_and_costs_are_listed() -> None:
    caseload = CASELOAD.assign(admitted_days=[-2.0], cost=["dear"])
    got = _problems(synthesise_population, caseload, TARIFF, REVIEW_DAYS)
    assert got == (
        Problem(NUMBER, row=2, column="admitted_days", value=-2.0),
        Problem(NUMBER, row=2, column="cost", value="dear"),
    )


def test_synthesis_defaults() -> None:
    # The default seed is 0; a blank cost_cv is the cost_cv argument (here 0.5, so the
    # costs are the lognormal with σ² = ln 1.25, not £100 each); with no admitted_days
    # column nobody is admitted, even in a row with no days; cluster codes become int64.
    caseload = pd.DataFrame(
        {
            "cluster": [1.0, 1.0],
            "service_users": [2, 1],
            "cluster_days": [168.0, 0.0],
            "cost": [200.0, 50.0],
            "cost_cv": [np.nan, 0.0],
        }
    )
    pop = synthesise_population(caseload, TARIFF, REVIEW_DAYS, cost_cv=0.5, rescale=False)
    pd.testing.assert_frame_equal(
        pop,
        synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=0, cost_cv=0.5, rescale=False),
    )
    # The rows are drawn by cluster, then days (methodology §6.1): the second row (0
    # days, cv 0: exactly £50) takes the first standard normal, the first row the next two.
    z = np.random.default_rng(0).standard_normal(3)
    s2 = math.log(1.25)
    expected = np.exp(math.log(100.0) - s2 / 2 + math.sqrt(s2) * z[1:])
    assert pop["cost"].to_numpy() == pytest.approx([50.0, *expected], rel=1e-12)
    assert pop["admitted_days"].tolist() == [0.0, 0.0, 0.0]
    assert pop["cluster"].dtype == np.int64
    assert pop["days"].dtype == np.float64
    assert pop["days"].tolist() == [0.0, 84.0, 84.0]


def test_pennies_are_synthesised_and_rescaled_too() -> None:
    # C = 50p for two people (a mean under £1): they still cost something, and rescaled
    # they add up to 50p. The last row has nobody.
    caseload = pd.DataFrame(
        {
            "cluster": [1, 1],
            "service_users": [2, 0],
            "cluster_days": [2.0, 0.0],
            "cost": [0.5, 0.0],
        }
    )
    pop = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=1)
    assert len(pop) == 2
    assert (pop["cost"] > 0).all()
    assert math.isclose(float(pop["cost"].sum()), 0.5)
    raw = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=1, rescale=False)
    assert (raw["cost"] > 0).all()
    assert float(raw["cost"].sum()) < 1.0


def test_admitted_days_follow_cost_in_each_cluster_with_a_package() -> None:
    # Cluster 3 has a package (k = £10) and cluster 1 has none. Cluster 3's admitted days
    # follow cost (the dearest of its three people has the most); cluster 1's two
    # people (cv 0: £500 each, which pays for 4.5 bed days) get A ÷ N = 2 each. Before
    # the fix one cluster without a package made every cluster's shares even.
    caseload = pd.DataFrame(
        {
            "cluster": [3, 1],
            "service_users": [3, 2],
            "cluster_days": [60.0, 20.0],
            "admitted_days": [3.0, 4.0],
            "cost": [3000.0, 1000.0],
            "cost_cv": [1.0, 0.0],
        }
    )
    pop = synthesise_population(
        caseload, TARIFF, REVIEW_DAYS, seed=2, day_cost=pd.Series({3: 10.0}), bed_day_cost=110.0
    )
    three = pop[pop["cluster"] == 3]
    assert three["admitted_days"].sum() == pytest.approx(3.0)
    assert three["admitted_days"].nunique() == 3
    assert three["admitted_days"].rank().tolist() == three["cost"].rank().tolist()
    assert pop.loc[pop["cluster"] == 1, "admitted_days"].tolist() == [2.0, 2.0]


def test_small_weights_a_small_b_and_a_small_total_still_follow_cost() -> None:
    # k = 10, b = 110, 10 days each. Costs £101 and £130: excess £1 and £30, weights
    # 0.01 and 0.3 (Σ 0.31, under 1): A = 0.31 gives 0.01 and 0.3.
    days, k, row = np.full(2, 10.0), np.full(2, 10.0), np.zeros(2, dtype=np.int64)
    got = admitted_days_following_cost(
        np.array([101.0, 130.0]), row, days, np.array([0.31]), k, 110.0
    )
    assert got.days == pytest.approx([0.01, 0.3])
    # A = 0.9 (under one day) on weights 5 and 10 (costs £600, £1,100): 0.3 and 0.6.
    got = admitted_days_following_cost(
        np.array([600.0, 1100.0]), row, days, np.array([0.9]), k, 110.0
    )
    assert got.days == pytest.approx([0.3, 0.6])
    # b = 50p and k = 10p (b − k = 0.4): costs £1.50 and £3 are 50p and £2 over the
    # community cost of £1, weights 1.25 and 5; A = 2 gives 0.4 and 1.6, within the
    # caps c ÷ b = 3 and 6.
    small_k = np.full(2, 0.1)
    got = admitted_days_following_cost(
        np.array([1.5, 3.0]), row, days, np.array([2.0]), small_k, 0.5
    )
    assert got.days == pytest.approx([0.4, 1.6])
    # b − k = 0.5, under £1: costs £103 and £104 are £3 and £4 over, weights 6 and 8;
    # A = 1.4 gives 0.6 and 0.8.
    got = admitted_days_following_cost(
        np.array([103.0, 104.0]), row, days, np.array([1.4]), k, 10.5
    )
    assert got.days == pytest.approx([0.6, 0.8])


def test_a_person_whose_b_is_below_k_gets_no_weight() -> None:
    # One row, k = £10 and £200 (b = £110 is below the second's k), costs £1,100 and
    # £3,000. Weights min(10, (1,100 − 100) ÷ 100) = 10 and 0: A = 2 goes to the first.
    got = admitted_days_following_cost(
        np.array([1100.0, 3000.0]),
        np.zeros(2, dtype=np.int64),
        np.full(2, 10.0),
        np.array([2.0]),
        np.array([10.0, 200.0]),
        110.0,
    )
    assert got.days.tolist() == [2.0, 0.0]


def test_a_one_person_row_and_a_trailing_row_with_nobody() -> None:
    # Without b: a one-person row gets all of its A = 3; the last row has A = 2 but
    # nobody to give it to. With b, the same: the one person takes 3 of its 10 days
    # (its £1,000 pays for 9.09 at £110).
    row, days, k = np.array([0]), np.array([10.0]), np.array([10.0])
    admitted, cost = np.array([3.0, 2.0]), np.array([1000.0])
    assert admitted_days_following_cost(cost, row, days, admitted, None, None).days.tolist() == [
        3.0
    ]
    assert admitted_days_following_cost(cost, row, days, admitted, k, 110.0).days.tolist() == [3.0]


def test_a_cap_that_rounds_up_is_stepped_down() -> None:
    # c = 13/7 = £1.857…, b = £110: c ÷ b rounds up, so b·(c ÷ b) > c by one unit in the
    # last place. The cap is the next float down, so b·a ≤ c holds exactly.
    c = 13 / 7
    assert 110.0 * (c / 110.0) > c
    got = admitted_days_following_cost(
        np.array([c, 1e4]),
        np.zeros(2, dtype=np.int64),
        np.full(2, 10.0),
        np.array([2.0]),
        None,
        110.0,
    )
    assert got.days[0] == np.nextafter(c / 110.0, 0.0)
    assert 110.0 * got.days[0] <= c


def test_make_room_with_less_than_a_day_of_room() -> None:
    # Days 1 and 1, costs £55 and £1,000, b = £110: caps 0.5 and 1 carry 1.5 of A = 1.8.
    # The 0.3 left go to the first (room 0.5): 0.8 days, costing 110 × 0.8 = £88 (£33
    # more), taken from the second's £1,000 − 110 = £890 above its own bed days: £967.
    days, cost = _make_room(
        np.array([0.5, 1.0]), np.array([1.0, 1.0]), np.array([55.0, 1000.0]), 1.8, 110.0
    )
    assert days == pytest.approx([0.8, 1.0])
    assert cost == pytest.approx([88.0, 967.0])


def test_fill_below_one_day() -> None:
    # Total 0.5 on weights 1 and 3 (caps 10): 0.125 and 0.375, by weight, not by room.
    got = _fill(np.array([1.0, 3.0]), np.array([10.0, 10.0]), 0.5)
    assert got == pytest.approx([0.125, 0.375])
    # Weights 1, 0, caps 2, 5, total 2.5: the first is capped at 2 and the 0.5 left
    # goes to the second by its room.
    got = _fill(np.array([1.0, 0.0]), np.array([2.0, 5.0]), 2.5)
    assert got == pytest.approx([2.0, 0.5])


def test_admitted_days_must_fit_in_cluster_days_and_go_to_someone() -> None:
    # Row 2: 10 people with 100 cluster days of which 500 admitted, impossible (admitted
    # days are part of cluster days). Row 3: nobody, but half an admitted day (and no
    # cluster days), which would otherwise vanish. Both are problems, as in the workbook
    # reader; a column without admitted days has none to check.
    caseload = pd.DataFrame(
        {
            "cluster": [3, 3],
            "service_users": [10, 0],
            "cluster_days": [100.0, 0.0],
            "admitted_days": [500.0, 0.5],
            "cost": [100_000.0, 0.0],
        }
    )
    got = _problems(synthesise_population, caseload, TARIFF, REVIEW_DAYS)
    assert got == (
        Problem(
            "has cluster days, admitted days or cost but no service users to give them to",
            sheet="caseload",
            row=3,
            column="service_users",
            value=0,
        ),
        Problem(
            "admitted days exceed cluster days (admitted days are part of cluster days)",
            sheet="caseload",
            row=2,
            column="admitted_days",
            value=500.0,
            fix="check the two figures; admitted days count inside cluster days",
        ),
        Problem(
            "admitted days exceed cluster days (admitted days are part of cluster days)",
            sheet="caseload",
            row=3,
            column="admitted_days",
            value=0.5,
            fix="check the two figures; admitted days count inside cluster days",
        ),
    )
    without = caseload.drop(columns="admitted_days").iloc[[0]]
    assert synthesise_population(without, TARIFF, REVIEW_DAYS)["admitted_days"].sum() == 0
