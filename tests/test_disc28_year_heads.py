"""``tender --publish --years``: year 1's per-head and £ figures floored against year 1's
own counts, and its per-head figures hidden with the totals they give back (disc28;
docs/methodology.md §7 had told users to check these by hand: "Still open").

The tender of test_disc26_tender_leaks: one cluster at £1 a day (admitted-day price £300,
so the money base is 5 × £300 = £1,500, rounded up to £2,000: h = £1,000), each person
all year (365 days), an actual cost, one bidder at the tariff. 20 people, capacity 10:
10 taken and 10 left, each published as 10 (8 to 12, f = 8). One person adds at most
366 × £1 = £366 a year to the income of the people left, so a £ figure about them is
shown only while its published value less £1,000 is at most 366 × 7 = £2,562.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import MOST_DAY_INCOME_A_PERSON, MOST_OWN_COST_A_PERSON
from pbrkit.reports.document import Block, Document, Table
from pbrkit.reports.figures import figure
from pbrkit.reports.floors import hide_floors
from pbrkit.reports.publishing import hide_with_totals
from pbrkit.reports.suppression import SUPPRESSED, DisclosurePolicy, is_suppressed
from pbrkit.reports.values import Value
from pbrkit.workflows.tender import run_tender
from test_disc26_tender_leaks import _inputs

R = "residue_patients"
HEADS = ("residue_cost_per_head", "residue_payment_per_head", "cut_per_head")


def _folder(tmp_path: Path, people: int, days: int, cost: int, capacity: int) -> Path:
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    folder = _inputs(where, people, days, cost)
    bidders = (folder / "bidders.csv").read_text(encoding="utf-8")
    (folder / "bidders.csv").write_text(
        bidders.replace(f",{people},", f",{capacity},"), encoding="utf-8"
    )
    return folder


def _year_one(tmp_path: Path, *, publish: bool, **inputs: int) -> dict[str, Any]:
    """Year 1 of summary.json's year table, as ``pbrkit tender --years 2`` writes it."""
    out = Path(tempfile.mkdtemp(dir=tmp_path)) / "out"
    args = ["tender", str(_folder(tmp_path, **inputs)), "--out", str(out), "--years", "2"]
    result = CliRunner().invoke(cli, [*args, *(["--publish"] if publish else [])])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    row: dict[str, Any] = summary["years"]["rows"][0]
    return row


def test_year_one_payment_a_head_is_floored_against_the_people_left(tmp_path: Path) -> None:
    # The 10 people left bring in 10 × 365 × £1 = £3,650: £365 a head unpublished.
    # Published before: £400 a head, the £3,650 rounded to £4,000 over the published 10.
    # A reader has £4,000 ± £1,000, so at least (4,000 − 1,000) ÷ 366 = 8.2 people,
    # 9 where the published 10 says 8 to 12: 3,000 > 366 × 7 = 2,562, hidden.
    inputs = {"people": 20, "days": 7_300, "cost": 5_000, "capacity": 10}
    exact = _year_one(tmp_path, publish=False, **inputs)
    assert exact[R] == 10 and exact["residue_payment_per_head"] == pytest.approx(365.0)
    row = _year_one(tmp_path, publish=True, **inputs)
    assert row[R] == 10
    assert row["residue_payment_per_head"] is None


def test_a_payment_a_head_within_its_floor_stays_shown(tmp_path: Path) -> None:
    # 80 people of 91.25 days each (7,300 days, £7,300), 40 taken and 40 left: the
    # people left bring in 40 × 91.25 = £3,650, published £4,000 over 40 (f = 38):
    # (4,000 − 1,000) ÷ 366 = 8.2 ≤ 37, shown as 4,000 ÷ 40 = £100 a head.
    row = _year_one(tmp_path, publish=True, people=80, days=7_300, cost=5_000, capacity=40)
    assert row[R] == 40
    assert row["residue_payment_per_head"] == pytest.approx(100.0)


def _policy() -> DisclosurePolicy:
    return replace(DisclosurePolicy(), money_base=2_000.0)


@pytest.mark.parametrize(
    ("key", "bound", "exact", "shown", "hidden"),
    [
        # £3,650 over 10 (above), m = £366: 3,000 > 2,562.
        ("residue_payment_per_head", MOST_DAY_INCOME_A_PERSON, 365.0, 400.0, True),
        # The people left's cost, modelled at £1 a day (m = £366): the same.
        ("residue_cost_per_head", MOST_OWN_COST_A_PERSON, 365.0, 400.0, True),
        # A cut of £3,650 (at most the cost, m = £366): the same.
        ("cut_per_head", MOST_OWN_COST_A_PERSON, 365.0, 400.0, True),
        # £1,500 over 10, published £2,000: (2,000 − 1,000) ÷ 366 = 2.7 ≤ 7, shown.
        ("cut_per_head", MOST_OWN_COST_A_PERSON, 150.0, 200.0, False),
        # A drawn or actual cost has no public bound (m infinite): no floor.
        ("residue_cost_per_head", MOST_OWN_COST_A_PERSON, 365.0, 400.0, None),
    ],
)
def test_each_per_head_figure_reads_its_own_bound(
    key: str, bound: str, exact: float, shown: float, hidden: bool | None
) -> None:
    most = float("inf") if hidden is None else 366.0
    row: dict[str, Value] = {R: 10, key: exact, bound: most}
    out: dict[str, Value] = {R: 10, key: shown}
    hide_floors(out, row, (R, key), lambda k: figure(k).formula, _policy())
    assert is_suppressed(out[key]) is bool(hidden)


def test_a_year_one_surplus_reads_the_surplus_afters_bounds() -> None:
    # A deficit of £3,650 (the people left's cost above their income), published
    # −£4,000, beside 10 left: (4,000 − 1,000) ÷ 366 = 8.2 > 7 below zero, hidden, and
    # the cumulative surplus (year 1's is the same) with it.
    row: dict[str, Value] = {R: 10, "nhs_surplus": -3_650.0, "cumulative_surplus": -3_650.0}
    row |= {MOST_DAY_INCOME_A_PERSON: 366.0, MOST_OWN_COST_A_PERSON: 366.0}
    out: dict[str, Value] = {R: 10, "nhs_surplus": -4_000.0, "cumulative_surplus": -4_000.0}
    keys = (R, "nhs_surplus", "cumulative_surplus")
    hide_floors(out, row, keys, lambda k: figure(k).formula, _policy())
    assert is_suppressed(out["nhs_surplus"]) and is_suppressed(out["cumulative_surplus"])


def _hide_total(document: Document, key: str) -> Document:
    def hide(block: Block) -> Block:
        if not isinstance(block, Table) or block.key != "residue" or block.total is None:
            return block
        return replace(block, total={**block.total, key: SUPPRESSED})

    return document.map_blocks(hide)


@pytest.mark.parametrize(
    ("total", "gone"),
    [
        # The residue's cost a head × its count is the cost of those left; with the
        # cost shown, the cost less it is the cost of the people taken.
        ("residue_cost", {"residue_cost_per_head", "cut_per_head"}),
        ("taken_cost", {"residue_cost_per_head", "cut_per_head"}),
        # Their payment a head × the count is the income less the people taken's.
        ("income", {"residue_payment_per_head"}),
    ],
)
def test_year_one_per_heads_hide_with_the_totals_they_give_back(
    tmp_path: Path, total: str, gone: set[str]
) -> None:
    # Unpublished (the test chooses what the residue table's total row hides): 20
    # people, 10 left, nothing else hidden.
    document = run_tender(
        _folder(tmp_path, people=20, days=7_300, cost=5_000, capacity=10), years=2
    ).document()
    assert all(not is_suppressed(document.table("years").rows[0][k]) for k in HEADS)
    row = hide_with_totals(_hide_total(document, total)).table("years").rows[0]
    for key in HEADS:
        assert is_suppressed(row[key]) is (key in gone), key
    # The cut as a share of need is the cut a head ÷ the cost a head: hidden with them.
    assert is_suppressed(row["cut_share"]) is bool(gone & {"cut_per_head", "residue_cost_per_head"})
    assert row[R] == 10  # the count stays


def test_year_one_cut_hides_with_its_own_rows_surplus(tmp_path: Path) -> None:
    # The cut is −the surplus where that is a deficit below the residue's cost: a
    # surplus hidden in year 1's row (by its floor) hides the cut a head with it.
    document = run_tender(
        _folder(tmp_path, people=20, days=7_300, cost=5_000, capacity=10), years=2
    ).document()

    def hide(block: Block) -> Block:
        if not isinstance(block, Table) or block.key != "years":
            return block
        first = {**block.rows[0], "nhs_surplus": SUPPRESSED}
        return replace(block, rows=(first, *block.rows[1:]))

    row = hide_with_totals(document.map_blocks(hide)).table("years").rows[0]
    assert is_suppressed(row["cut_per_head"])
    assert not is_suppressed(row["residue_payment_per_head"])


def test_year_one_bound_fields_are_not_written(tmp_path: Path) -> None:
    # The bound fields year 1 carries for --publish are in no output.
    run = run_tender(_folder(tmp_path, people=20, days=7_300, cost=5_000, capacity=10), years=2)
    summary = run.summary()
    first = summary["years"]["rows"][0]
    assert MOST_DAY_INCOME_A_PERSON not in first and MOST_OWN_COST_A_PERSON not in first
