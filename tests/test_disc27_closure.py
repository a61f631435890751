"""The floor rule's closure along a line (docs/methodology.md §7): where a shown whole
less its shown parts would narrow its hidden parts' people, the line's smallest shown
part is hidden with them, one more at a time, and the whole (a table's total row, the
headline) only where no choice of parts will do (disc27: the closure hid a tender's
residue income and cost, and with them the headline, for two clusters hidden with their
counts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import WorkbookFactory
from floor_inputs import cluster_row, cost_sheets, people, publish_cost
from pbrkit.reports.figures import Check
from pbrkit.reports.floors import Floors, complement_closure
from pbrkit.reports.suppression import SUPPRESSED

#: m = 10,000 a person-year on every cell, on each side of zero.
M = (Check(10_000.0), Check(10_000.0, below=True))


def test_one_hidden_part_hides_the_smallest_shown_part_not_the_whole() -> None:
    # W = a + b + c + d, £ to ± 1,000 (h), m = 10,000; d a hidden count (f = 1): W − a −
    # b − c ≥ 80,000 − 1,000 − (30,000 + 20,000 + 10,000) − 3 × 1,000 = 16,000 > 10,000 ×
    # (1 − 1) = 0, so d's £ comes back. Hiding c (the smallest, f = 10) with it: c + d ≥
    # 79,000 − 50,000 − 2 × 1,000 = 27,000 ≤ 10,000 × (10 + 1 − 1) = 100,000: the line is
    # closed, and W (the total) stays shown. Before disc27 W was hidden.
    floors = Floors(dict.fromkeys("Wabcd", M), {"W": 40, "a": 12, "b": 11, "c": 10, "d": 1},
                    1_000.0)  # fmt: skip
    column = {"W": 80_000.0, "a": 30_000.0, "b": 20_000.0, "c": 10_000.0, "d": SUPPRESSED}
    assert complement_closure(column, [["W", "a", "b", "c", "d"]], floors) == {"c", "d"}


def test_the_whole_is_the_last_resort() -> None:
    # W = a + b, b hidden (f = 1), a shown with f = 8: W − a ≥ 200,000 − 1,000 − 11,000 =
    # 188,000 > 0; with a hidden too, a + b ≥ 199,000 > 10,000 × (8 + 1 − 1) = 80,000:
    # no part will do, so W is hidden (and a is not).
    floors = Floors(dict.fromkeys("Wab", M), {"W": 20, "a": 8, "b": 1}, 1_000.0)
    column = {"W": 200_000.0, "a": 10_000.0, "b": SUPPRESSED}
    assert complement_closure(column, [["W", "a", "b"]], floors) == {"W", "b"}


def test_as_few_parts_as_will_do_smallest_first() -> None:
    # W = a + b + c + d, d hidden (f = 1), the others f = 8 (m × 7 = 70,000 each):
    # W − (a + b + c) ≥ 149,000 − 60,000 − 3,000 = 86,000 > 0. With c (10,000): c + d ≥
    # 149,000 − 50,000 − 2,000 = 97,000 > 10,000 × 8 = 80,000, still; with b (20,000)
    # too: 149,000 − 30,000 − 1,000 = 118,000 ≤ 10,000 × 16 = 160,000. c and b, not a.
    floors = Floors(dict.fromkeys("Wabcd", M), {"W": 40, "a": 8, "b": 8, "c": 8, "d": 1},
                    1_000.0)  # fmt: skip
    column = {"W": 150_000.0, "a": 30_000.0, "b": 20_000.0, "c": 10_000.0, "d": SUPPRESSED}
    assert complement_closure(column, [["W", "a", "b", "c", "d"]], floors) == {"b", "c", "d"}


def test_a_part_that_is_a_whole_or_a_known_zero_is_not_taken() -> None:
    # T = s + c + d: s is a superclass (the whole of s = x + y), c a count of 0 (£0, f =
    # 0: hiding it tells nothing), d hidden (f = 1). The only other part, s, is a total:
    # T − s − c ≥ 59,000 − 40,000 − 2,000 = 17,000 > 0, so T is hidden, as before.
    floors = Floors(dict.fromkeys(["T", "s", "c", "d", "x", "y"], M),
                    {"T": 40, "s": 30, "c": 0, "d": 1, "x": 15, "y": 15}, 1_000.0)  # fmt: skip
    column = {"T": 60_000.0, "s": 40_000.0, "c": 0.0, "d": SUPPRESSED, "x": 20_000.0,
              "y": 20_000.0}  # fmt: skip
    lines = [["T", "s", "c", "d"], ["s", "x", "y"]]
    assert complement_closure(column, lines, floors) == {"T", "d"}


def test_days_keep_the_strict_rule() -> None:
    # Days are exact (h = 0): a hidden part always hides its whole, whatever its parts.
    floors = Floors(dict.fromkeys("Wab", (Check(366.0),)), {"W": 20, "a": 10, "b": 1}, 0.0)
    column = {"W": 3_000.0, "a": 2_000.0, "b": SUPPRESSED}
    assert complement_closure(column, [["W", "a", "b"]], floors) == {"W", "b"}


def _star_rows(shown: list[int]) -> list[dict[str, Any]]:
    """Clusters 3 and 4 with 4 people each all year (hidden, `*`) beside ``shown``
    clusters of 10 people over 800 days (£20,000 each at £25 a day)."""
    return [people(c, 10, 800) for c in shown] + [people(c, 4, 1_460) for c in (3, 4)]


def test_a_costs_total_income_stays_shown_where_one_more_cluster_closes_the_line(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # £25 a day, bed day £4,000: base 5 × 4,000 → £20,000, h = £10,000; m = 366 × 25 =
    # £9,150. Clusters 3 and 4 (`*`, f = 1): 2 × 1,460 × 25 = £73,000; clusters 1 and 2
    # £20,000 each (10 people, f = 8). Total £113,000, published £120,000. Less 1 and 2:
    # L = 120,000 − 10,000 − 40,000 − 2 × 10,000 = 50,000 > 9,150 × (1 + 1 − 1): the
    # pair's £ narrows its people. Hiding cluster 1 (the first of the two smallest)
    # with them: L = 120,000 − 10,000 − 20,000 − 10,000 = 80,000 ≤ 9,150 × (8 + 1 + 1 −
    # 1) = 82,350: closed. The total income, the superclass's and the total surplus
    # stay shown; before disc27 the total income and surplus (and the cross-subsidy,
    # the sum of the surpluses above zero) were hidden, and cluster 1's shown.
    summary = publish_cost(tmp_workbook(cost_sheets(_star_rows([1, 2]), 25, bed_day=4_000)),
                           tmp_path / "out")  # fmt: skip
    assert summary["disclosure"]["money_rounding_base"] == 20_000
    assert [cluster_row(summary, c)["service_users"] for c in (1, 2, 3, 4)] == [10, 10, None, None]
    assert (cluster_row(summary, 1)["income"], cluster_row(summary, 1)["surplus"]) == (None, None)
    assert cluster_row(summary, 2)["income"] == 20_000
    totals = summary["totals"]
    assert totals["income"] == 120_000
    assert totals["surplus"] is not None and totals["cross_subsidy"] is not None
    assert summary["superclasses"][0]["income"] == 120_000


def test_a_part_whose_people_add_nothing_does_not_close_a_line() -> None:
    # W = a + b: b hidden (f = 8, m = 366, a disagreement (4, 3) at a £1 gap), a (f = 38)
    # a disagreement between two clusters of one price (m = 0: its people add £0).
    # W − a ≥ 4,380 − 5 − 0 − 5 = 4,370 > 366 × 7 = 2,562. Read at the largest m,
    # hiding a would close it (4,375 ≤ 366 × (8 + 38 − 1)); at each cell's own m it
    # does not (4,375 > 366 × 8 + 0 × 38 − 366 = 2,562): a reader knows a is £0, so W
    # is b's. W is hidden (disc25's cluster 4 difference), not a.
    floors = Floors({"W": (Check(366.0),), "a": (Check(0.0),), "b": (Check(366.0),)},
                    {"W": 48, "a": 38, "b": 8}, 5.0)  # fmt: skip
    column = {"W": 4_380.0, "a": 0.0, "b": SUPPRESSED}
    assert complement_closure(column, [["W", "a", "b"]], floors) == {"W", "b"}
