"""The floor rule's parts worked by hand (docs/methodology.md §7, "A total's floor under
its count"), written against the survivors of mutation-testing
``pbrkit/reports/floors.py`` (benchmarks/mutation-session21.md): the rounding
half-widths, a value as published, the fewest people behind a count, the amount a
reader's floor is read from, the comparison with m × (f − 1), and the closure along
lines at the edges of the rounding."""

from __future__ import annotations

import math
from collections.abc import Hashable

import pytest

from pbrkit.model import KNOWN_INCOME, MOST_DAY_INCOME_A_PERSON, MOST_INCOME_A_PERSON
from pbrkit.reports.document import Table
from pbrkit.reports.figures import Check, figure
from pbrkit.reports.floors import (
    Floors,
    _as_read,
    _beyond,
    _fewest,
    _side,
    _sum_narrows,
    bounds_count,
    complement_closure,
    half_width,
    hide_floors,
    published,
    row_key,
)
from pbrkit.reports.formulas import SumIf
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED

#: Largest rate £396 (a bed day): money base 5 × 396 = 1,980, up to £2,000; h = £1,000.
POLICY = NHSD_HES_2018.for_rates([396.0])


def test_the_half_widths_of_each_kind_of_figure() -> None:
    assert POLICY.money_base == 2_000
    # A count of people, and episodes (published as a count): rounded to 5, h = 5 ÷ 2.
    assert half_width(figure("service_users"), POLICY) == 2.5
    assert half_width(figure("episodes"), POLICY) == 2.5
    # A £ total: h = 2,000 ÷ 2 = 1,000.
    assert half_width(figure("income"), POLICY) == 1_000
    # Days are shown exactly: h = 0.
    assert half_width(figure("cluster_days"), POLICY) == 0.0


def test_a_value_as_published_by_its_kind() -> None:
    # Episodes 156.4 are published as a count: 156.4 ÷ 5 = 31.28 → 31 × 5 = 155.
    assert published(figure("episodes"), 156.4, POLICY) == 155.0
    # 3 episodes are hidden on their own (1 to 7): no published number.
    assert published(figure("episodes"), 3.0, POLICY) is None
    # £131,760 ÷ 2,000 = 65.88 → 66 × 2,000 = £132,000.
    assert published(figure("income"), 131_760.0, POLICY) == 132_000.0
    # Days exactly: 4,380 (rounded to £2,000 it would be 4,000).
    assert published(figure("cluster_days"), 4_380.0, POLICY) == 4_380.0
    # No number, or one already hidden: nothing published.
    assert published(figure("income"), None, POLICY) is None
    assert published(figure("income"), SUPPRESSED, POLICY) is None


@pytest.mark.parametrize(
    ("count", "fewest"),
    [
        (SUPPRESSED, 1),  # a hidden count stands for 1 to 7: at least 1
        (0, 0),  # 0 is shown exactly: nobody
        (10.0, 8),  # 10 stands for 7.5 … 12.49: 8 (never below 7 + 1)
        (40.0, 38),  # 40 − 2.5 = 37.5, up: 38
    ],
)
def test_the_fewest_people_behind_a_published_count(count: object, fewest: int) -> None:
    assert _fewest(count, NHSD_HES_2018) == fewest  # type: ignore[arg-type]


def test_the_amount_a_floor_is_read_from() -> None:
    # Above zero: V published 10,000 (± 1,000), K = 3,000: at least 10,000 − 1,000 −
    # 3,000 = 6,000 of the people's own.
    assert _beyond(Check(100.0, 3_000.0), 10_000.0, 1_000.0) == 6_000.0
    # Below zero: V published −10,000 is a deficit of at least 10,000 − 1,000 = 9,000,
    # less K = 3,000: 6,000; a surplus of +10,000 is −10,000 − 1,000 − 3,000 = −14,000
    # below zero (nothing there).
    assert _beyond(Check(100.0, 3_000.0, below=True), -10_000.0, 1_000.0) == 6_000.0
    assert _beyond(Check(100.0, 3_000.0, below=True), 10_000.0, 1_000.0) == -14_000.0


def test_the_amount_is_compared_with_each_parts_m_times_its_fewest() -> None:
    # b: m = 2, f = 2; c: m = 3, f = 2. Σ m × f − max m = 4 + 6 − 3 = 7 (disc28: each
    # part's own m). 8 narrows, 7 does not (equal is safe); the old largest m × (Σ f −
    # 1) = 3 × 3 = 9 let 8 through.
    floors = Floors({"b": (Check(2.0),), "c": (Check(3.0),)}, {"b": 2, "c": 2}, 0.0)
    assert floors.narrows(8.0, 8.0, ["b", "c"])
    assert not floors.narrows(7.0, 7.0, ["b", "c"])
    assert not floors.narrows(7.0, 7.0, ["c", "b"])  # the order of the parts is no matter
    # A part with no bound (None, or an actual cost's infinite one) sets none.
    for most in (None, math.inf):
        unbounded = Floors({"b": (Check(2.0),), "c": (Check(most),)}, {"b": 2, "c": 2}, 0.0)
        assert not unbounded.narrows(1e9, 1e9, ["b", "c"])


def test_a_value_with_no_published_number_bounds_nothing() -> None:
    # Income 131,760 (→ 132,000, h = 1,000) beside 10 (f = 8): m = 157,380, K = 0 and
    # m′ = 10,980 from the admitted days. Admitted days shown (0): 132,000 − 1,000 − 0 =
    # 131,000 > 10,980 × 7 = 76,860, hidden. Admitted days hidden: the reader has no K,
    # only m: 131,000 ≤ 157,380 × 7 = 1,101,660, shown. No number (blank): nothing.
    row = {MOST_INCOME_A_PERSON: 157_380.0, KNOWN_INCOME: 0.0, MOST_DAY_INCOME_A_PERSON: 10_980.0}
    income = figure("income")
    assert bounds_count(income, 131_760.0, row, {"service_users": 10, "admitted_days": 0}, POLICY)
    hidden_days = {"service_users": 10, "admitted_days": SUPPRESSED}
    assert not bounds_count(income, 131_760.0, row, hidden_days, POLICY)
    assert not bounds_count(income, None, row, {"service_users": 10}, POLICY)
    assert not bounds_count(income, SUPPRESSED, row, {"service_users": 10}, POLICY)


def test_the_fewest_and_the_floors_of_a_sum_of_cells() -> None:
    m = (Check(10_000.0),)
    # One hidden cell (f = 1): any amount above 10,000 × (1 − 1) = 0 narrows, 5,000 too.
    assert Floors({"b": m}, {"b": 1}, 0.0).narrows(5_000.0, 5_000.0, ["b"])
    # A cell missing from ``fewest`` counts as hidden (1): b and c, 1 + 1 − 1 = 1:
    # 15,000 > 10,000 narrows, 10,000 does not.
    floors = Floors({"b": m, "c": m}, {}, 0.0)
    assert floors.narrows(15_000.0, 15_000.0, ["b", "c"])
    assert not floors.narrows(10_000.0, 10_000.0, ["b", "c"])
    # A cell with no floors sets none; no cells (every row shown): nothing to narrow.
    assert not Floors({}, {"b": 1}, 0.0).narrows(1e9, 1e9, ["b"])
    assert not Floors({"b": m}, {"b": 1}, 0.0).narrows(1e9, 1e9, [])


def _closure(
    column: dict[str, object], lines: list[list[Hashable]], floors: Floors
) -> set[Hashable]:
    return complement_closure(column, lines, floors)  # type: ignore[arg-type]


def test_a_shown_whole_is_read_to_within_its_rounding_and_each_shown_parts() -> None:
    # W = a + b + c, h = 1,000, b and c hidden (f = 1 each: 1 + 1 − 1 = 1), m = 38,500.
    # W = 50,000 is at least 49,000, a = 10,000 at most 11,000: b + c ≥ 49,000 − 11,000
    # = 38,000 ≤ 38,500 × 1: W shown (read from W + h, or a with no rounding, it hid).
    both = (Check(38_500.0), Check(38_500.0, below=True))
    floors = Floors(dict.fromkeys("Wabc", both), {"W": 20, "a": 10, "b": 1, "c": 1}, 1_000.0)
    line = [["W", "a", "b", "c"]]
    above = {"W": 50_000.0, "a": 10_000.0, "b": SUPPRESSED, "c": SUPPRESSED}
    assert _closure(above, line, floors) == {"b", "c"}
    # Below zero: W = −30,000 is at most −29,000, a at least 9,000: b + c ≤ −29,000 −
    # 9,000 = −38,000, a deficit of 38,000 ≤ 38,500: shown (read from W − h, −40,000,
    # or a with no rounding, −39,000, it hid). With m′ = 30,000 it is hidden (read
    # with a added, −29,000 + 11,000 = −18,000, it was shown): the line narrows, and a
    # (f = 10) is hidden with b and c, not W: a deficit of 29,000 ≤ 30,000 × 11.
    below = {**above, "W": -30_000.0}
    assert _closure(below, line, floors) == {"b", "c"}
    tight = (Check(38_500.0), Check(30_000.0, below=True))
    floors = Floors(dict.fromkeys("Wabc", tight), floors.fewest, 1_000.0)
    assert _closure(below, line, floors) == {"a", "b", "c"}


def test_a_blank_part_counts_as_zero() -> None:
    # W = 40,000 (± 1,000) = a (blank: 0 ± 1,000) + b + c hidden: b + c ≥ 39,000 −
    # 1,000 = 38,000 > m = 37,999.50 × 1: W hidden (a read as 1 would leave 37,999).
    floors = Floors(dict.fromkeys("Wabc", (Check(37_999.5),)), {"W": 20}, 1_000.0)
    column = {"W": 40_000.0, "a": None, "b": SUPPRESSED, "c": SUPPRESSED}
    assert _closure(column, [["W", "a", "b", "c"]], floors) == {"W", "b", "c"}


def test_a_line_whose_whole_is_not_in_the_column_is_passed_over() -> None:
    # W is another table's count: this figure has no cell there, so the line gives
    # nothing back (and hides nothing).
    floors = Floors({}, {}, 1_000.0)
    assert _closure({"a": SUPPRESSED, "b": 10.0}, [["W", "a", "b"]], floors) == {"a"}


def test_a_hidden_whole_given_back_by_its_shown_parts() -> None:
    # W hidden (its own floor), its count standing for at least f = 7 people, m =
    # 10,000: W may be known up to 10,000 × (7 − 1) = 60,000. W = x + y, both shown:
    # 30,500 + 29,500 = 60,000 ± 2 × 1,000, so W ≥ 58,000 ≤ 60,000: nothing more hidden
    # (read as ≥ 62,000, or with every f as 1, it would hide the smaller part, y).
    both = (Check(10_000.0), Check(10_000.0, below=True))
    fewest = {"W": 7, "x": 10, "y": 10}
    floors = Floors(dict.fromkeys(["W", "x", "y"], both), fewest, 1_000.0)
    column = {"W": SUPPRESSED, "x": 30_500.0, "y": 29_500.0}
    assert _closure(column, [["W", "x", "y"]], floors) == {"W"}
    # Below zero: deficits of 30,500 and 29,500: W ≤ −58,000, a deficit ≥ 58,000 ≤
    # 60,000: nothing more (read as −62,000 it would hide).
    deficits = {"W": SUPPRESSED, "x": -30_500.0, "y": -29_500.0}
    assert _closure(deficits, [["W", "x", "y"]], floors) == {"W"}
    # With W's count at f = 6 (50,000): 58,000 > 50,000, the smaller part by value, y
    # (not x, the first by name), is hidden.
    floors = Floors(floors.bounds, {**fewest, "W": 6}, 1_000.0)
    assert _closure(column, [["W", "x", "y"]], floors) == {"W", "y"}


def test_a_given_back_whole_is_read_only_along_its_own_other_lines() -> None:
    # As above, W ≥ 58,000 narrows nothing on its own. Another whole V (hidden) = c
    # (10,000 shown) + d (hidden, f = 1) is not W's line: W's value says nothing of d.
    floors = Floors(dict.fromkeys(["W", "x", "y", "V", "c", "d"], (Check(10_000.0),)),
                    {"W": 7, "x": 10, "y": 10, "V": 20, "c": 10, "d": 1}, 1_000.0)  # fmt: skip
    column = {"W": SUPPRESSED, "x": 30_500.0, "y": 29_500.0, "V": SUPPRESSED, "c": 10_000.0,
              "d": SUPPRESSED}  # fmt: skip
    lines = [["W", "x", "y"], ["V", "c", "d"]]
    assert _closure(column, lines, floors) == {"W", "V", "d"}


def test_a_known_part_read_without_a_plain_floor_on_its_side_sets_none() -> None:
    # A deficit's floor taking off K (from the admitted days) with no plain floor below
    # zero: with those days hidden the reader has neither, so no floor below zero.
    plain, second = Check(100_000.0), Check(10_000.0, 50_000.0, True, "admitted_days")
    cells = {("admitted_days", "b"): SUPPRESSED}
    unread = Check(None, 50_000.0, True, "admitted_days")
    assert _as_read((plain, second), "b", cells) == (plain, unread)  # type: ignore[arg-type]


# ------------------------------------------------- a signed sum, and a row's figures


def _surpluses(*values: object) -> Table:
    rows = tuple({"cluster": i, "surplus": v} for i, v in enumerate(values, start=1))
    return Table("clusters", None, ("cluster", "surplus"), rows, entity="cluster", ids=("cluster",))


def _sum_floors(m: float, table: Table) -> Floors:
    keys = [row_key(table, row, "service_users") for row in table.rows]
    return Floors(dict.fromkeys(keys, (Check(m),)), {}, 1_000.0)


@pytest.mark.parametrize(("sign", "flip"), [(">0", 1.0), ("<0", -1.0)])
def test_a_signed_sum_less_what_the_shown_rows_can_add(sign: str, flip: float) -> None:
    # The cross-subsidy (the sum of surpluses above zero; "<0": the losses, every sign
    # turned) published 60,000 (± 1,000); rows a = 20,000 and b = −5,000 shown, c and
    # d hidden (f = 1 each: 1 + 1 − 1 = 1). a adds at most 21,000; b, at most −4,000,
    # is not in the sum (0): c + d ≥ 59,000 − 21,000 = 38,000.
    table = _surpluses(flip * 20_000.0, flip * -5_000.0, SUPPRESSED, SUPPRESSED)
    total = SumIf("clusters", "surplus", sign)
    # m = 38,500: 38,000 ≤ 38,500 × 1, nothing narrowed.
    assert not _sum_narrows(60_000.0, total, table, _sum_floors(38_500.0, table))
    # m = 37,999.50: 38,000 > 37,999.50 (b read as adding 1 would leave 37,999).
    assert _sum_narrows(60_000.0, total, table, _sum_floors(37_999.5, table))
    # A hidden sum narrows nothing.
    assert not _sum_narrows(SUPPRESSED, total, table, _sum_floors(1.0, table))


def test_one_side_of_the_floors_read_as_floors_above_zero() -> None:
    # A sum of deficits reads the floors below zero as sizes; a known part is taken
    # off only below zero: K = 4,000 becomes min(4,000, 0) = 0, K = −3,000 stays.
    above, below = Check(10.0, 4_000.0), Check(20.0, -3_000.0, below=True)
    assert _side((above, below), True) == (Check(20.0, -3_000.0),)
    assert _side((above, below), False) == (Check(10.0, 0.0),)


def test_a_figure_worked_out_from_one_worked_out_from_a_hidden_one_is_hidden() -> None:
    # Income 131,760 (→ 132,000, h = 1,000) beside 10 (f = 8), m = 10,980: 131,000 >
    # 10,980 × 7 = 76,860, hidden. The surplus, 131,760 − 125,000 = 6,760 (→ 6,000:
    # 5,000 ≤ 76,860), bounds nothing itself but is income − cost: hidden with the
    # income; and the surplus per person (surplus ÷ people, 6,760 ÷ 12 = 563.33), which
    # reads no income, with the surplus.
    keys = ["service_users", "income", "cost", "surplus", "surplus_per_person"]
    row = {"service_users": 12, "income": 131_760.0, "cost": 125_000.0, "surplus": 6_760.0,
           "surplus_per_person": 563.33, MOST_INCOME_A_PERSON: 10_980.0}  # fmt: skip
    out: dict[str, object] = {"service_users": 10, "income": 132_000.0, "cost": 126_000.0,
                              "surplus": 6_000.0, "surplus_per_person": 563.33}  # fmt: skip
    hide_floors(out, row, keys, lambda k: None, POLICY)  # type: ignore[arg-type]
    assert out == {"service_users": 10, "income": SUPPRESSED, "cost": 126_000.0,
                   "surplus": SUPPRESSED, "surplus_per_person": SUPPRESSED}  # fmt: skip
