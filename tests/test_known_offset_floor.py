"""The floor rule with what a reader already knows (docs/methodology.md §7, "A total's
floor under its count"): a row's admitted days are published exactly beside its income
and cost, and the admitted-day price, bed-day cost and care packages are public, so a
reader subtracts the part of the total they give (the offset K) and divides the rest by
the day rate alone (m′). A £ total V (± h) is shown only while V − h ≤ m × (f − 1) AND
V − h − K ≤ m′ × (f − 1). Hand-worked cases on ``pbrkit cost --publish``."""

from __future__ import annotations

from pathlib import Path

from conftest import WorkbookFactory
from floor_inputs import cluster_row, cost_sheets, people, publish_cost
from pbrkit.costing import cost_caseload
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.model import (
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_INCOME,
    KNOWN_SURPLUS,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_INCOME_A_PERSON,
)
from pbrkit.reference import ReferenceSet
from pbrkit.reports.figures import Check, figure
from pbrkit.reports.floors import Cell, Floors, _as_read, bounds_count, complement_closure
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED


def test_income_less_the_admitted_income_is_hidden_where_it_pins_the_count(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Cluster 11: 12 people all year (4,380 days), none admitted, £30 a day, admitted-day
    # price £400, MFF 1: income 4,380 × 30 = £131,760. Largest rate £400 (bed day £396):
    # base 5 × 400 = 2,000 → £2,000, h = £1,000; published £132,000. The days are hidden
    # (4,380 > 366 × 7 = 2,562); 12 is published as 10 (f = 8).
    # m = 366 × (30 + 400) = £157,380: 131,000 ≤ 157,380 × 7 = 1,101,660, so the first
    # check alone shows it. But the admitted days (0) are published exactly, so a reader
    # takes off K = 400 × 0 = £0 and divides by m′ = 366 × 30 = £10,980:
    # (132,000 − 1,000 − 0) ÷ 10,980 = 11.93, ≥ 12 people: 131,000 > 10,980 × 7 = 76,860,
    # hidden, and the surplus worked out from it (income = cost + surplus) with it.
    rows = [people(11, 12, 4_380, actual_cost=10_000), people(1, 40, 100, actual_cost=10_000)]
    book = tmp_workbook(cost_sheets(rows, 30, admitted_price=400))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    row = cluster_row(summary, 11)
    assert (row["service_users"], row["cluster_days"], row["admitted_days"]) == (10, None, 0)
    assert row["income"] is None and row["surplus"] is None
    assert row["cost"] == 10_000  # an actual cost: no public bound
    # Cluster 1: 40 people (f = 38), £3,000 → £4,000: (4,000 − 1,000) ÷ 10,980 < 37.
    assert cluster_row(summary, 1)["income"] == 4_000


def test_modelled_cost_less_the_bed_days_is_hidden_where_it_pins_the_count(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # One £30 contact a day (k = £30), bed day £400: m = 366 × max(30, 400) = £146,400.
    # 12 people all year, none admitted: C = 30 × 4,380 = £131,400. Rates £1 (price),
    # £400 (admitted-day price and bed day), £30: base 5 × 400 → £2,000, h = £1,000;
    # published £132,000. First check: 131,000 ≤ 146,400 × 7 = 1,024,800, shown. A
    # reader who knows A = 0 takes off K = (400 − 30) × 0 = £0 and divides by m′ = 366 ×
    # 30 = £10,980: 131,000 > 10,980 × 7 = 76,860: hidden. The deficit (4,380 −
    # 131,400 = −£127,020, published −£128,000) takes off K = 0 − 400 × 0: 127,000 >
    # 76,860, hidden by its own second check as well as with the cost.
    rows = [people(11, 12, 4_380), people(1, 40, 100)]
    book = tmp_workbook(cost_sheets(rows, 1, admitted_price=400, contact=30, bed_day=400))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    row = cluster_row(summary, 11)
    assert row["cost"] is None and row["surplus"] is None
    assert cluster_row(summary, 1)["cost"] == 4_000  # 40 people: 3,000 → 4,000, far below


def test_a_row_with_many_admitted_days_stays_shown(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Cluster 11: 40 people (f = 38), 4,000 days of which 2,000 admitted, £30 a day,
    # £400 an admitted day, k = £30, bed day £400 (base £2,000, h = £1,000).
    # Income 30 × 4,000 + 400 × 2,000 = 120,000 + 800,000 = £920,000. Without the
    # offset, 919,000 > m′ × 37 = 10,980 × 37 = 406,260 would hide it; with it,
    # 919,000 − 800,000 = 119,000 ≤ 406,260, and 919,000 ≤ 157,380 × 37: shown.
    # Cost 30 × 2,000 + 400 × 2,000 = £860,000, K = (400 − 30) × 2,000 = 740,000:
    # 859,000 − 740,000 = 119,000 ≤ 406,260, and 859,000 ≤ 146,400 × 37: shown.
    # Surplus £60,000: K = 800,000 − 740,000 = 60,000; 59,000 − 60,000 < 0: shown.
    rows = [people(11, 40, 4_000, 2_000), people(1, 40, 100)]
    book = tmp_workbook(cost_sheets(rows, 30, admitted_price=400, contact=30, bed_day=400))
    row = cluster_row(publish_cost(book, tmp_path / "out"), 11)
    assert (row["income"], row["cost"], row["surplus"]) == (920_000, 860_000, 60_000)


def test_a_team_over_two_clusters_reads_the_largest_day_price(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Team North: cluster 11 at £30 a day (10 people, 1,000 days, 100 admitted) and
    # cluster 12 at £60 (10 people, 2,000 days, 500 admitted); admitted-day price £400,
    # MFF 1. K = 400 × (100 + 500) = £240,000; m′ = 366 × max(30, 60) = £21,960 (one
    # person of the team may be in the dearer cluster); m = 366 × (60 + 400) = £168,360.
    # Cost: k = £20 in both, bed day £396: K = (396 − 20) × 600 = £225,600, m′ = 366 ×
    # 20 = £7,320. The surplus's K: 240,000 − 225,600 = £14,400; the deficit's
    # 225,600 − 240,000 = −£14,400.
    rows = [people(11, 10, 1_000, 100, team="North"), people(12, 10, 2_000, 500, team="North")]
    book = tmp_workbook(cost_sheets(rows, {11: 30, 12: 60}, admitted_price=400))
    inputs, _ = read_cost_inputs(book, ref)
    team = cost_caseload(inputs).teams.loc["North"]  # type: ignore[union-attr]
    assert team[KNOWN_INCOME] == 240_000
    assert team[MOST_DAY_INCOME_A_PERSON] == 21_960
    assert team[MOST_INCOME_A_PERSON] == 168_360
    assert team[KNOWN_COST] == 225_600
    assert team[MOST_DAY_COST_A_PERSON] == 7_320
    assert team[KNOWN_SURPLUS] == 14_400 and team[KNOWN_DEFICIT] == -14_400
    # Income 30 × 1,000 + 60 × 2,000 + 240,000 = £390,000, 20 people published 20
    # (f = 18), h = £1,000: 389,000 − 240,000 = 149,000 ≤ 21,960 × 17 = 373,320: shown;
    # read with the cheaper price, 10,980 × 17 = 186,660 would show it too, but at 15
    # people (f = 13) 149,000 > 21,960 × 12 = 263,520 is false and > 10,980 × 12 =
    # 131,760 true: the largest price keeps it shown, as it must (m′ is the most).
    policy = NHSD_HES_2018.for_rates([400.0])
    income = float(team["income"])
    assert income == 390_000
    assert not bounds_count(figure("income"), income, team, {"service_users": 15}, policy)
    lower = {**team, MOST_DAY_INCOME_A_PERSON: 10_980.0}
    assert bounds_count(figure("income"), income, lower, {"service_users": 15}, policy)


def test_a_total_less_the_shown_rows_takes_off_only_what_the_reader_knows(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Clusters 3 and 4: 4 people all year each (`*`), 1,460 days, none admitted; cluster
    # 1: 10 people, 800 days. £25 a day, £200 an admitted day, bed day £100, k = £20:
    # base 5 × 200 = £1,000, h = £500. Income 2 × 36,500 + 20,000 = £93,000, published
    # £93,000; the total less cluster 1 gives the hidden pair's sum ≥ 93,000 − 20,000 −
    # 2 × 500 = 72,000. First floor: m = 366 × (25 + 200) = 82,350 × (1 + 1 − 1) ≥
    # 72,000: at least 0.87 people, where the two hidden counts say at least 2.
    # The second floor (K = 200 × 0 = 0, m′ = 366 × 25 = 9,150: 72,000 > 9,150, 7.9
    # people) needs the pair's admitted days, and they are hidden with their counts (and
    # the total's with them): no reader can take K off, so it is not read, and the
    # total is shown (it was hidden before: the same over-hiding hid the totals of a
    # two-cluster run, tests/test_rev7a_published_near_zero.py).
    rows = [people(1, 10, 800), people(3, 4, 1_460), people(4, 4, 1_460)]
    book = tmp_workbook(cost_sheets(rows, 25, admitted_price=200, bed_day=100))
    summary = publish_cost(book, tmp_path / "out")
    assert summary["disclosure"]["money_rounding_base"] == 1_000
    assert [cluster_row(summary, c)["service_users"] for c in (1, 3, 4)] == [10, None, None]
    assert [cluster_row(summary, c)["admitted_days"] for c in (1, 3, 4)] == [0, None, None]
    assert summary["totals"]["admitted_days"] is None
    assert cluster_row(summary, 1)["income"] == 20_000
    assert summary["totals"]["income"] == 93_000


def test_the_closure_takes_off_the_hidden_parts_known_offsets() -> None:
    # W = a + b + c, h = 1,000, b and c hidden counts (f = 1 each): the line gives
    # T_bc ≥ 60,000 − 10,000 − 2 × 1,000 = 48,000. Without what is known, m = 50,000 ×
    # (1 + 1 − 1) = 50,000 ≥ 48,000: W shown. But b's and c's offsets are known
    # (20,000 + 10,000 = 30,000), and the rest is at most m′ = 10,000 a person:
    # 48,000 − 30,000 = 18,000 > 10,000 × 1: the line narrows, and a is hidden with b
    # and c (not W): 59,000 − (30,000 + 10,000) = 19,000 ≤ 10,000 × (1 + 1 + 10 − 1).
    def checks(known: float) -> tuple[Check, ...]:
        return (Check(50_000.0), Check(10_000.0, known))

    bounds = {"W": checks(40_000.0), "a": checks(10_000.0), "b": checks(20_000.0),
              "c": checks(10_000.0)}  # fmt: skip
    fewest = {"W": 20, "a": 10, "b": 1, "c": 1}
    column = {"W": 60_000.0, "a": 10_000.0, "b": SUPPRESSED, "c": SUPPRESSED}
    line = [["W", "a", "b", "c"]]
    assert complement_closure(column, line, Floors(bounds, fewest, 1_000.0)) == {"a", "b", "c"}
    # With offsets of 35,000 between them, 48,000 − 35,000 = 13,000 > 10,000 still;
    # with 40,000, 8,000 ≤ 10,000: shown.
    bounds["b"] = checks(30_000.0)
    assert complement_closure(column, line, Floors(bounds, fewest, 1_000.0)) == {"b", "c"}


def test_a_surplus_takes_off_the_income_part_and_the_cost_part_above_zero(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Cluster 11: 12 people, 4,380 days of which 400 admitted; £30 a day, £100 an
    # admitted day; k = £30 (one £30 contact a day), bed day £20 (cheaper than a day of
    # the package). Income's K = 100 × 400 = £40,000; cost's K = (20 − 30) × 400 =
    # −£4,000, below zero. A surplus S = I_day + 40,000 − (C_day − 4,000): a reader
    # knows S − 40,000 = I_day − C ≤ I_day (a cost is never below zero), so the
    # surplus's K is 40,000 − max(−4,000, 0) = £40,000, not 40,000 − (−4,000) = 44,000,
    # which would let through what the cost-free reading finds. A deficit's K is the
    # cost's less the income's above zero: −4,000 − 40,000 = −£44,000.
    rows = [people(11, 12, 4_380, 400)]
    book = tmp_workbook(cost_sheets(rows, 30, admitted_price=100, contact=30, bed_day=20))
    inputs, _ = read_cost_inputs(book, ref)
    row = cost_caseload(inputs).clusters.loc[11].to_dict()
    assert (row[KNOWN_INCOME], row[KNOWN_COST]) == (40_000, -4_000)
    assert (row[KNOWN_SURPLUS], row[KNOWN_DEFICIT]) == (40_000, -44_000)
    assert row[MOST_DAY_INCOME_A_PERSON] == 10_980  # 366 × 30
    # A surplus of £120,000 (h = £1,000) beside 10 (f = 8): 120,000 − 1,000 − 40,000 =
    # 79,000 > 10,980 × 7 = 76,860: hidden (m = 366 × 130 = 47,580 alone would show it:
    # 119,000 ≤ 333,060). With K = 44,000, 75,000 ≤ 76,860 would have shown it.
    policy = NHSD_HES_2018.for_rates([400.0])
    surplus = figure("surplus")
    assert bounds_count(surplus, 120_000.0, row, {"service_users": 10}, policy)
    assert not bounds_count(
        surplus, 120_000.0, {**row, KNOWN_SURPLUS: 44_000.0}, {"service_users": 10}, policy
    )


def test_a_part_worked_out_from_hidden_admitted_days_is_not_taken_off() -> None:
    # A cell's second floor takes off K = £50,000 worked out from its admitted days:
    # with them hidden no reader knows K, so the cell is read with its plain floor (m =
    # £100,000, K = 0) in that place.
    plain, second = Check(100_000.0), Check(10_000.0, 50_000.0, known_from="admitted_days")
    shown: dict[Cell, object] = {("admitted_days", "b"): 120}
    hidden: dict[Cell, object] = {("admitted_days", "b"): SUPPRESSED}
    assert _as_read((plain, second), "b", shown) == (plain, second)
    assert _as_read((plain, second), "b", hidden) == (plain, plain)
    # Along a line with b (K known, £50,000; m′ £10,000) and c (admitted days hidden:
    # its plain m £100,000, no K, in place of its second floor) hidden, f = 1 each, the
    # line giving T_bc ≥ £85,000. Each part at its own m (disc28: Σ m × f − the largest
    # m): the first floor 85,000 ≤ 100,000 + 100,000 − 100,000 = 100,000; the second
    # 85,000 − 50,000 (b's K only) = 35,000 > 10,000 + 100,000 − 100,000 = 10,000:
    # hidden. With c's admitted days shown (K £30,000 known, m′ £10,000), its K comes
    # off: 85,000 − 80,000 = 5,000 ≤ 10,000 + 10,000 − 10,000 = 10,000: shown. So a K
    # worked out from hidden days is never taken off, which could only show more.
    c_second = Check(10_000.0, 30_000.0, known_from="admitted_days")
    cells: dict[Cell, object] = {("admitted_days", "b"): 120, ("admitted_days", "c"): SUPPRESSED}
    bounds = {"b": (plain, second), "c": _as_read((plain, c_second), "c", cells)}
    floors = Floors(bounds, {"b": 1, "c": 1}, 0.0)
    assert floors.narrows(85_000.0, 87_000.0, ["b", "c"])
    bounds["c"] = (plain, c_second)
    assert not Floors(bounds, {"b": 1, "c": 1}, 0.0).narrows(85_000.0, 87_000.0, ["b", "c"])
