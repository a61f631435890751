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
