"""Payments to bidders under ``tender --publish`` (docs/methodology.md §7, "A total's
floor under its count"): a payment is R = (1 − λ)·m·P + λ·θ(1 − r)·c per person
(tender/metrics.py), so with the cost of the people taken and the public price factor m
and cost sharing λ a reader turns the payments into the tariff income of the people
taken. Found by disc23's author: on the shipped example Northway Psychosis Partnership's
tariff income of people taken, £8,050,000 beside 800 people, was hidden (m = 366 ×
£18.10 = £6,624.60: (8,050,000 − 25,000) ÷ 6,624.60 = 1,211.4 > 797) and its payments,
the same £8,050,000 at the tariff (m = 1, λ = 0), shown beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import MOST_PAYMENT_A_PERSON
from pbrkit.tender.bounds import payment_bounds
from pbrkit.tender.model import Lot

ROOT = Path(__file__).resolve().parents[1]


def _published_example(out: Path) -> dict[str, Any]:
    args = ["tender", str(ROOT / "examples" / "clusters.xlsx"), "--publish", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_northways_hidden_taken_income_is_not_shown_as_its_payments(tmp_path: Path) -> None:
    # Its lot (Psychosis community) is competitive at m = 1 (the lots table), λ = 0: the
    # payments are its taken income to the penny, so the payment bound is the income's,
    # 1 × 1 × £6,624.60, and (8,050,000 − 25,000) ÷ 6,624.60 = 1,211.4 > 800 − 3 = 797.
    summary = _published_example(tmp_path / "out")
    northway = next(r for r in summary["bidders"] if r["bidder"].startswith("Northway"))
    assert northway["taken_patients"] == 800
    assert northway["taken_income"] is None
    assert northway["payments_to_bidders"] is None


def test_a_payment_shown_beside_its_income_is_the_income_at_the_tariff(tmp_path: Path) -> None:
    # Meridian's lots are fixed-tariff with no cost sharing: payments = taken income,
    # so the two are shown or hidden together and, shown, are equal.
    summary = _published_example(tmp_path / "out")
    meridian = next(r for r in summary["bidders"] if r["bidder"].startswith("Meridian"))
    assert meridian["payments_to_bidders"] == meridian["taken_income"]


def test_the_payment_bounds_worked_by_hand() -> None:
    lots = [
        Lot(name="A", clusters=[1], award="fixed_tariff", cost_sharing=0.2),
        Lot(name="B", clusters=[4], award="competitive"),
    ]
    factors = pd.DataFrame({"lot": ["A", "B"], "bidder": ["X", "X"],
                            "price_factor": [float("nan"), 0.9]})  # fmt: skip
    income = pd.Series({1: 3660.0, 4: 5000.0})
    taken = pd.DataFrame({"bidder": ["X", "X", "Y"], "cluster": [1, 4, 4]})
    bounds = payment_bounds(taken, income, lots, factors)
    # X in cluster 1: (1 − 0.2) × 1 (the tariff) × 3,660 = 2,928.
    # X in cluster 4: (1 − 0) × 0.9 × 5,000 = 4,500 (a competitive lot shares no cost).
    # Y in cluster 4: no price in the lots table: the tariff, 1 × 5,000 = 5,000.
    assert bounds[MOST_PAYMENT_A_PERSON].tolist() == pytest.approx([2928.0, 4500.0, 5000.0])


def test_northways_profit_and_differential_do_not_give_its_payments_back(
    tmp_path: Path,
) -> None:
    # Profit = R − θ(1 − r)·c − recharge·c and differential = R − (1 − r)·c: beside the
    # published taken cost (£9,600,000) and the public θ = 0.95 and r, either gave the
    # payments, and so the hidden £8,050,000 of taken income, back (main showed profit
    # £2,350,000 and differential £2,050,000). With the cost part K taken off they are
    # floored as the payments are: hidden with them.
    summary = _published_example(tmp_path / "out")
    northway = next(r for r in summary["bidders"] if r["bidder"].startswith("Northway"))
    assert northway["taken_cost"] == 9_600_000
    assert northway["bidder_profit"] is None
    assert northway["differential_payment"] is None


def test_the_cost_offsets_worked_by_hand() -> None:
    from pbrkit.model import KNOWN_DIFFERENTIAL, KNOWN_PROFIT
    from pbrkit.tender.bounds import cost_offsets
    from pbrkit.tender.model import Bidder

    lots = [
        Lot(name="A", clusters=[1], award="fixed_tariff", cost_sharing=0.2),
        Lot(name="B", clusters=[4], award="competitive"),
    ]
    bidders = [Bidder(name="X", cost_factor=0.9), Bidder(name="Y", cost_factor=1.1, recharge=True)]
    taken = pd.DataFrame({"bidder": ["X", "Y"], "cluster": [1, 4], "taken_cost": [1000.0, 2000.0]})
    known = cost_offsets(taken, lots, bidders, retained_share=0.3)
    # X (θ 0.9, no recharge) in A (λ 0.2), c = 1,000, r = 0.3:
    #   profit K = −(0.9 × 0.7 × 0.8 + 0) × 1,000 = −504;
    #   differential K = −0.7 × (1 − 0.2 × 0.9) × 1,000 = −0.7 × 0.82 × 1,000 = −574.
    # Y (θ 1.1, recharges r) in B (competitive, λ 0), c = 2,000:
    #   profit K = −(1.1 × 0.7 + 0.3) × 2,000 = −1.07 × 2,000 = −2,140;
    #   differential K = −0.7 × 1 × 2,000 = −1,400.
    assert known[KNOWN_PROFIT].tolist() == pytest.approx([-504.0, -2140.0])
    assert known[KNOWN_DIFFERENTIAL].tolist() == pytest.approx([-574.0, -1400.0])
    # Each figure less its K is the payments' tariff-income part (1 − λ)·m·P: X paid
    # for P = 1,500 at the tariff, R = 0.8 × 1,500 + 0.2 × 0.9 × 0.7 × 1,000 = 1,326;
    # profit = 1,326 − 630 = 696, and 696 + 504 = 1,200 = 0.8 × 1,500; differential =
    # 1,326 − 700 = 626, and 626 + 574 = 1,200.
    assert 696.0 - known[KNOWN_PROFIT][0] == pytest.approx(1200.0)
    assert 626.0 - known[KNOWN_DIFFERENTIAL][0] == pytest.approx(1200.0)


def test_a_hidden_differential_payment_is_neither_more_nor_less(tmp_path: Path) -> None:
    # The total differential payment (£9,050,000 unpublished) is hidden on the published
    # example; the findings said "the commissioner pays * less than those people cost",
    # a sign the hidden figure does not have.
    out = tmp_path / "out"
    _published_example(out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "* less than" not in html and "* more than" not in html
    assert "(the differential payment) is *, hidden" in html


def test_the_share_bounds_worked_by_hand() -> None:
    import math

    from pbrkit.model import (
        MOST_INCOME_A_PERSON,
        MOST_KEPT_COST_A_PERSON,
        MOST_KEPT_INCOME_A_PERSON,
        MOST_LOST_A_PERSON,
        MOST_OWN_COST_A_PERSON,
        MOST_STRANDED_A_PERSON,
    )
    from pbrkit.reports.figures import figure
    from pbrkit.tender.bounds import share_bounds
    from pbrkit.tender.model import NhsCostStructure

    bounds = pd.DataFrame({MOST_INCOME_A_PERSON: [3660.0, 5000.0],
                           MOST_OWN_COST_A_PERSON: [1830.0, math.inf]},
                          index=pd.Index([4, 11], name="cluster"))  # fmt: skip
    nhs = NhsCostStructure(payment="blended", variable_share=0.25, fixed_cost_share=0.6,
                           shed_rate=0.5, retained_share=0.2)  # fmt: skip
    shared = share_bounds(bounds, nhs)
    # v = 0.25: income kept (1 − 0.25) × 3,660 = 2,745 and × 5,000 = 3,750; the lost
    # contribution at most 0.25 × 3,660 = 915 and 1,250.
    assert shared[MOST_KEPT_INCOME_A_PERSON].tolist() == pytest.approx([2745.0, 3750.0])
    assert shared[MOST_LOST_A_PERSON].tolist() == pytest.approx([915.0, 1250.0])
    # Stranded: f(1 − s)(1 − r) = 0.6 × 0.5 × 0.8 = 0.24, × 1,830 = 439.2; cost kept at
    # most r × c: 0.2 × 1,830 = 366; an own cost without a bound keeps none.
    assert shared[MOST_STRANDED_A_PERSON].tolist() == pytest.approx([439.2, math.inf])
    assert shared[MOST_KEPT_COST_A_PERSON].tolist() == pytest.approx([366.0, math.inf])
    # Income kept £100,000 ± £25,000 beside 40 people (f = 38): 75,000 ÷ 2,745 = 27.3, so
    # shown; the whole income bound (3,660) gave 20.5 too. Beside 30 (f = 28) it gives
    # 27.3 > 27: hidden, where the whole bound's 20.5 had shown it, though the reader
    # divides by 0.75 (£133,333 − £33,333 of income ÷ 3,660 = 27.3).
    kept = figure("nhs_income_retained")
    assert kept.most_a_person_in_row(shared.loc[4].to_dict()) == pytest.approx(2745.0)
    assert (100_000 - 25_000) / 2745.0 > 30 - 3 > (100_000 - 25_000) / 3660.0
    # An activity payment (v = 1) keeps no income: bound 0, not 0 × the income's.
    activity = share_bounds(bounds, NhsCostStructure(retained_share=0.0))
    assert activity[MOST_KEPT_INCOME_A_PERSON].tolist() == [0.0, 0.0]
    assert activity[MOST_KEPT_COST_A_PERSON].tolist() == [0.0, 0.0]
