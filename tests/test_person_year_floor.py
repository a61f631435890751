"""The floor rule for every total one person adds at most m a year to (docs/methodology.md
§7, "A total's floor under its count"): episodes, income, cost and surplus as well as
days. A total V published to ± h beside a count published as p (fewest f) is shown only
while V − h ≤ m × (f − 1), m worked out from the public tariff and unit costs alone;
and a hidden one must not come back by difference along a line, to within the
rounding of each term. Hand-worked cases on ``pbrkit cost --publish``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import WorkbookFactory
from floor_inputs import (
    CODES,
    cluster_row,
    cost_sheets,
    people,
    publish_cost,
    run_summary,
    written_texts,
)
from pbrkit.model import (
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_INCOME,
    KNOWN_SURPLUS,
    MOST_COST_A_PERSON,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_EPISODES_A_PERSON,
    MOST_INCOME_A_PERSON,
)
from pbrkit.reports.figures import Check, figure
from pbrkit.reports.floors import Floors, bounds_count, complement_closure
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED


def test_income_at_a_price_per_day_is_hidden_where_it_pins_the_count(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Cluster 11: 12 people all year (4,380 days) at £30 a day, MFF 1: income £131,760.
    # Largest rate £396 (a bed day): base 5 × 396 = 1,980 → £2,000, h = £1,000; income
    # published £132,000. m = 366 × £30 = £10,980 a person-year. 12 published as 10
    # (f = 8): (132,000 − 1,000) ÷ 10,980 = 11.93, so ≥ 12 people: the unrounded count.
    # 131,000 > 10,980 × 7 = 76,860: hidden. The surplus (income less an actual £10,000,
    # £121,760, published £122,000): (122,000 − 1,000) ÷ 10,980 = 11.02 > 7: hidden too.
    rows = [people(11, 12, 4_380, actual_cost=10_000), people(1, 40, 100, actual_cost=10_000)]
    book = tmp_workbook(cost_sheets(rows, 30))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    row = cluster_row(summary, 11)
    assert row["service_users"] == 10
    assert row["income"] is None and row["surplus"] is None
    # Cluster 1: 40 people (f = 38), £3,000 → £4,000: (4,000 − 1,000) ÷ 10,980 < 37.
    assert cluster_row(summary, 1)["income"] == 4_000
    # The total less cluster 1 would give cluster 11's back; the profitable clusters'
    # sum (the cross-subsidy) is cluster 11's surplus alone.
    totals = summary["totals"]
    assert totals["income"] is None and totals["surplus"] is None
    assert totals["cross_subsidy"] is None and totals["loss"] is None
    # An actual cost is the caseload's own: no public bound, shown.
    assert row["cost"] == 10_000


def test_the_projection_hides_a_hidden_total_income_in_every_year(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # The case above over 3 years: year t's income is year 0's × (1 − d)^t, so with the
    # clusters' total income hidden, the year-0 income above the projection and every
    # year's income and surplus are hidden too (shown, £134,000 less cluster 1's
    # £4,000 gave cluster 11's back); the cost (actual: no bound) stays.
    rows = [people(11, 12, 4_380, actual_cost=10_000), people(1, 40, 100, actual_cost=10_000)]
    book = tmp_workbook(cost_sheets(rows, 30))
    out = tmp_path / "out"
    summary = run_summary(["cost", str(book), "--publish", "--years", "3"], out)
    assert [(y["income"], y["cost"], y["surplus"]) for y in summary["projection"]] == [
        (None, 20_000, None)
    ] * 3
    sheet = load_workbook(out / "report.xlsx", read_only=True)["Projection"]
    cells = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert ("Year 0 income £", "*") in [tuple(row[:2]) for row in cells]


def test_episodes_over_review_days_are_hidden_where_they_pin_the_count(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Cluster 14 (review period 28 days; shipped tariff): 12 people all year, 4,380
    # days, 4,380 ÷ 28 = 156.4 episodes, published 155 (h = 2.5). One person has at most
    # 366 ÷ 28 = 13.07 a year: (155 − 2.5) ÷ 13.07 = 11.67, so ≥ 12 people. 12 is
    # published as 10 (f = 8): 152.5 > 13.07 × 7 = 91.5, hidden.
    rows = [people(14, 12, 4_380, actual_cost=10_000), people(1, 40, 100, actual_cost=10_000)]
    book = tmp_workbook({"caseload": rows})
    row = cluster_row(publish_cost(book, tmp_path / "out"), 14)
    assert row["service_users"] == 10
    assert row["episodes"] is None


def test_income_at_a_price_per_year(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # £3,650 a year (per_year: P × D ÷ 365): 12 people all year bring 3,650 × 4,380 ÷ 365
    # = £43,800. Base 5 × 3,650 = 18,250 → £20,000 (h = £10,000): published £40,000.
    # m = 3,650 × 366 ÷ 365 = £3,660: (40,000 − 10,000) ÷ 3,660 = 8.2 > 8 − 1 = 7, so
    # ≥ 9 of the 8 … 12 the count says: hidden.
    rows = [people(11, 12, 4_380, actual_cost=10_000), people(1, 40, 100, actual_cost=10_000)]
    book = tmp_workbook(cost_sheets(rows, 3_650, unit="per_year"))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 20_000
    assert cluster_row(summary, 11)["income"] is None
    # Cluster 1: 100 days, £1,000 → £0: nothing to narrow.
    assert cluster_row(summary, 1)["income"] == 0


def test_modelled_cost_is_hidden_where_it_pins_the_count(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # A package of one £30 contact a day (k = £30), bed day £20: m = 366 × max(30, 20) =
    # £10,980. 12 people all year: 4,380 × 30 = £131,400. Rates: £1/day, £30, £20: base
    # 5 × 30 = 150 → £200 (h = £100); published £131,400: (131,400 − 100) ÷ 10,980 = 11.96
    # > 7: hidden. The deficit (4,380 − 131,400 = −£127,020, published −£127,000) is at
    # most the cost a person: (127,000 − 100) ÷ 10,980 = 11.56 > 7: hidden.
    rows = [people(11, 12, 4_380), people(1, 40, 100)]
    book = tmp_workbook(cost_sheets(rows, 1, contact=30, bed_day=20))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 200
    row = cluster_row(summary, 11)
    assert row["cost"] is None and row["surplus"] is None
    # Cluster 1: 40 people (f = 38), £3,000 of cost: shown.
    assert cluster_row(summary, 1)["cost"] == 3_000


def _star_rows(shown: list[int], cost: float = 0) -> list[dict[str, Any]]:
    """Clusters 3 and 4 with 4 people each all year (hidden, `*`), beside ``shown``
    clusters of 10 people over 800 days (£20,000 each at £25 a day: exact multiples of
    the £20,000 base), every cost an actual ``cost``."""
    rows = [people(c, 10, 800, actual_cost=cost) for c in shown]
    return rows + [people(c, 4, 1_460, actual_cost=cost) for c in (3, 4)]


def test_hidden_rows_income_comes_back_by_difference_in_a_short_table(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # £25 a day, bed day £4,000: base 5 × 4,000 → £20,000, h = £10,000; m = 366 × 25 =
    # £9,150. Clusters 3 and 4 (`*`, f = 1 each): 2 × 1,460 × 25 = £73,000. With cluster
    # 1 (£20,000) the total is £93,000, published £100,000. Total less cluster 1, less
    # a rounding on each: L = 100,000 − 20,000 − 2 × 10,000 = 60,000 > 9,150 × (1 + 1 −
    # 1): the hidden pair is ≥ 6.6 people, so ≥ 7, where the counts say 6 (18 people
    # published 20, 16 … 22, less 10 published 10, 8 … 12). The total is hidden.
    book = tmp_workbook(cost_sheets(_star_rows([1]), 25, bed_day=4_000))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 20_000
    assert [cluster_row(summary, c)["service_users"] for c in (1, 3, 4)] == [10, None, None]
    assert summary["totals"]["income"] is None


def test_the_same_rows_are_safe_in_a_long_table(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # The same two hidden clusters beside 20 shown ones (every code but 3, 4 and 9):
    # total 20 × 20,000 + 73,000 = £473,000, published £480,000. Along the clusters'
    # line L = 480,000 − 400,000 − 21 × 10,000 = −130,000 ≤ 9,150: the rounding of 21
    # terms leaves the pair's £ unknown, and the total is shown. Their superclass's line
    # is short: non-psychotic (clusters 1-8, 6 shown): 6 × 20,000 + 73,000 = £193,000,
    # published £200,000; L = 200,000 − 120,000 − 7 × 10,000 = 10,000 > 9,150 × 1: the
    # line narrows the pair. The smallest shown cluster of the line (all £20,000: the
    # first, cluster 1, 10 people, f = 8) is hidden with them, not the superclass (a
    # total): L = 200,000 − 100,000 − 6 × 10,000 = 40,000 ≤ 9,150 × (1 + 1 + 8 − 1) =
    # 82,350. Along the clusters' line the three hidden are L = 480,000 − 380,000 − 20 ×
    # 10,000 < 0: nothing more.
    shown = [c for c in CODES if c not in (3, 4)]
    book = tmp_workbook(cost_sheets(_star_rows(shown), 25, bed_day=4_000))
    summary = publish_cost(book, tmp_path / "out")
    assert [cluster_row(summary, c)["service_users"] for c in (3, 4)] == [None, None]
    assert cluster_row(summary, 1)["income"] is None
    assert all(cluster_row(summary, c)["income"] == 20_000 for c in shown if c != 1)
    assert summary["totals"]["income"] == 480_000
    supers = {r["superclass"]: r for r in summary["superclasses"]}
    assert supers["non-psychotic"]["service_users"] == 70
    assert supers["non-psychotic"]["income"] == 200_000
    assert supers["psychosis"]["income"] == 160_000


@pytest.mark.parametrize(
    ("income", "hidden"),
    [
        # £2,000 base (h = £1,000), m = £10,980, 10 people published (f = 8): the edge
        # is V − 1,000 = 10,980 × 7 = 76,860. Shown at V = £76,000 (75,000 ÷ 10,980 =
        # 6.8 ≤ 7: people ≥ 7, known); hidden from V = £78,000 (77,000 > 76,860), where
        # hiding says only V − h > m × (f − 1), people ≥ f = 8: known too, so neither
        # showing nor hiding tells more than the count.
        (76_999.0, False),  # published £76,000
        (77_000.0, True),  # published £78,000 (halves away from zero)
        (131_760.0, True),
        (-131_760.0, False),  # a deficit reads the cost's bound: income's has none below
    ],
)
def test_the_edge_is_m_times_fewest_less_one_plus_the_rounding(income: float, hidden: bool) -> None:
    policy = NHSD_HES_2018.for_rates([396.0])
    assert policy.money_base == 2_000
    row = {"income": income, MOST_INCOME_A_PERSON: 10_980.0}
    assert bounds_count(figure("income"), income, row, {"service_users": 10}, policy) is hidden


def test_a_hidden_superclass_income_hides_its_surplus(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # The long table with every cost an actual £50,000 (no public bound: cost is shown,
    # and a deficit sets no floor; published £60,000, 2.5 bases rounded away from zero).
    # Cluster 1's income is hidden as above (the non-psychotic line's smallest shown
    # part); its cost is shown, so its surplus (20,000 − 50,000 = −£30,000, published
    # −£40,000) would give the income back as cost + surplus: hidden with it. The
    # superclass's income, cost and surplus (the sum of its clusters': an Excel
    # formula) stay shown.
    shown = [c for c in CODES if c not in (3, 4)]
    summary = publish_cost(
        tmp_workbook(cost_sheets(_star_rows(shown, cost=50_000), 25, bed_day=4_000)),
        tmp_path / "out",
    )
    one = cluster_row(summary, 1)
    assert (one["income"], one["cost"], one["surplus"]) == (None, 60_000, None)
    supers = {r["superclass"]: r for r in summary["superclasses"]}
    np = supers["non-psychotic"]
    assert (np["income"], np["cost"], np["surplus"]) == (200_000, 400_000, -200_000)
    assert supers["psychosis"]["surplus"] == -240_000  # 8 × (20,000 − 50,000), shown


# ------------------------------------------------------------------ the closure


def test_a_shown_whole_hides_where_its_hidden_parts_sum_narrows_them() -> None:
    # W = a + b + c, £ rounded to 2,000 (h = 1,000), m = 10,000 a person-year, b and c
    # hidden counts (f = 1 each): L = 50,000 − 10,000 − 2 × 1,000 = 38,000 > 10,000 ×
    # (1 + 1 − 1): the line narrows. Hiding a too (f = 10): b + c + a ≥ 50,000 − 1,000 =
    # 49,000 ≤ 10,000 × (1 + 1 + 10 − 1) = 110,000, so a is hidden, not the total W.
    # With W = 20,000: L = 8,000 ≤ 10,000: nothing more.
    bounds = dict.fromkeys("Wabc", (Check(10_000.0),))
    floors = Floors(bounds, {"W": 20, "a": 10, "b": 1, "c": 1}, 1_000.0)
    lines = [["W", "a", "b", "c"]]
    column = {"W": 50_000.0, "a": 10_000.0, "b": SUPPRESSED, "c": SUPPRESSED}
    assert complement_closure(column, lines, floors) == {"a", "b", "c"}
    column["W"] = 20_000.0
    assert complement_closure(column, lines, floors) == {"b", "c"}


def test_a_hidden_whole_given_back_by_shown_parts_hides_one() -> None:
    # W = a + b (b hidden, W hidden with it) and W = x + y, both shown: W ≥ 30,000 +
    # 30,000 − 2 × 1,000 = 58,000, and then b ≥ 58,000 − (10,000 + 1,000) = 47,000 >
    # 10,000 × (1 − 1): x (the smaller) is hidden. Days (h = 0) keep the strict rule.
    bounds = dict.fromkeys(["W", "a", "b", "x", "y"], (Check(10_000.0),))
    floors = Floors(bounds, {"W": 38, "a": 10, "b": 1, "x": 10, "y": 10}, 1_000.0)
    column = {"W": SUPPRESSED, "a": 10_000.0, "b": SUPPRESSED, "x": 30_000.0, "y": 31_000.0}
    lines = [["W", "a", "b"], ["W", "x", "y"]]
    assert complement_closure(column, lines, floors) == {"W", "b", "x"}


def test_a_deficit_is_bounded_by_the_cost_side() -> None:
    # A surplus line: hidden part b; W − a = −40,000 ± 2 × 1,000, so b ≤ −38,000: a
    # deficit of ≥ 38,000 at most 10,000 a person (the cost's bound), f = 1: the line
    # narrows; with a hidden too (f = 10), b + a ≤ −29,000, 29,000 ≤ 10,000 × (1 + 10 −
    # 1): a is hidden, not W. With no bound below (an actual cost: None), nothing.
    column = {"W": -30_000.0, "a": 10_000.0, "b": SUPPRESSED}
    fewest = {"W": 20, "a": 10, "b": 1}
    below = Floors(dict.fromkeys("Wab", (Check(50_000.0), Check(10_000.0, below=True))), fewest,
                   1_000.0)  # fmt: skip
    assert complement_closure(column, [["W", "a", "b"]], below) == {"a", "b"}
    unbounded = Floors(dict.fromkeys("Wab", (Check(50_000.0), Check(None, below=True))), fewest,
                       1_000.0)  # fmt: skip
    assert complement_closure(column, [["W", "a", "b"]], unbounded) == {"b"}


# ------------------------------------------------------------- never written out


def test_the_bound_fields_are_never_written(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # Teams and admitted days, so that every table carries every field (the team and
    # team × cluster rows, the superclasses, the totals), the known parts included.
    rows = [people(11, 12, 4_380, 100, team="North"), people(1, 40, 100, 50, team="South")]
    book = tmp_workbook(cost_sheets(rows, 30))
    fields = (MOST_EPISODES_A_PERSON, MOST_INCOME_A_PERSON, MOST_COST_A_PERSON,
              MOST_DAY_INCOME_A_PERSON, MOST_DAY_COST_A_PERSON, KNOWN_INCOME, KNOWN_COST,
              KNOWN_SURPLUS, KNOWN_DEFICIT)  # fmt: skip
    for publish in ([], ["--publish"]):
        out = tmp_path / f"out{len(publish)}"
        run_summary(["cost", str(book), *publish], out)
        texts = written_texts(out)
        words = ("most_", "known_", "most income", "most episodes", "most cost", "known ")
        assert not [t for t in texts for w in (*fields, *words) if w in t.lower()]
