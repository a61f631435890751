"""`--publish`: a tender's cost ÷ payment figures are worked out from the published £.

Found in round 10 (fixleft, item 2): ``cost_to_payment_before`` (Σ c ÷ Σ P over everyone)
and ``residue_cost_to_payment`` (Σ_N c ÷ Σ_N P over the people left) were published as
computed from the exact totals, beside those totals rounded to the money base. An exact
ratio k = C ÷ P with C and P each known to ± £25,000 puts C in two intervals, Cr ± 25,000
and k × (Pr ± 25,000), whose intersection is narrower than either: the exact totals the
rounding was meant to hide.

The shipped example (money base £50,000), published:
  everyone: cost £46,450,000, income £44,900,000 → 46,450,000 ÷ 44,900,000 = 1.0345212
            (the exact ratio was 1.0347225); rounding moves it at most between
            46,425,000 ÷ 44,925,000 = 1.03339 and 46,475,000 ÷ 44,875,000 = 1.03565,
            under 0.1 apart, so it is shown.
  the residue: cost of those left £16,900,000; payment = income £44,900,000 − tariff
            income of people taken £28,050,000 = £16,850,000 → 16,900,000 ÷ 16,850,000
            = 1.0029674 (exact 1.0044545); ends 16,875,000 ÷ 16,900,000 = 0.99852 and
            16,925,000 ÷ 16,800,000 = 1.00744: shown.
A small trust (tests/review9b_inputs.py: 16 people in cluster 1 at £1,500 an episode,
10 in cluster 11 at £5,000 a year; capacity 10): income £74,000 → £50,000 and cost
£77,000 → £100,000, so cost ÷ payment could be anything from 75,000 ÷ 75,000 = 1 to
125,000 ÷ 25,000 = 5: hidden, not 1.0405 (nor 2, the ratio of the rounded totals).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review9b_inputs import patients_workbook

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
KEYS = ("cost_to_payment_before", "residue_cost_to_payment")


def _run(args: list[str], out: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["tender", *args, "--out", str(out), "--publish"])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _summary_sheet(out: Path) -> dict[str, Any]:
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Summary"]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_example_ratios_are_the_published_totals_ratios(tmp_path: Path) -> None:
    out = tmp_path / "example"
    residue = _run([str(EXAMPLES / "clusters.xlsx")], out)["residue"]
    expected = {"cost_to_payment_before": 46_450_000 / 44_900_000}
    for key, value in expected.items():
        assert residue[key] == pytest.approx(value, rel=1e-12), key
    sheet = _summary_sheet(out)
    assert sheet["Cost ÷ payment before"] == pytest.approx(expected["cost_to_payment_before"])
    # Since disc23 the residue's is hidden: it is over the bidders' total tariff income
    # of the people taken, which the floor rule hides (methodology §7: Northway's
    # £8,050,000 beside 800 people, at most 366 × its clusters' dearest community day,
    # cluster 10's £18.10, = £6,624.60 each: 8,025,000 ÷ 6,624.60 = 1,211.4 > 797; the
    # total, less the others shown, would give it back). Before, 16,900,000 ÷
    # (44,900,000 − 28,050,000).
    assert residue["residue_cost_to_payment"] is None
    assert sheet["Residue's cost ÷ payment"] == "*"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1.03" in html and "1.0347" not in html


def test_small_trust_ratios_are_hidden(tmp_path: Path) -> None:
    book = patients_workbook(tmp_path / "p.xlsx", cheap=10, dear=6, yearly=10, capacity=10)
    summary = _run([str(book), "--workers", "1"], tmp_path / "small")
    for key in KEYS:
        assert summary["residue"][key] is None, key
        assert f"/residue/{key}" in summary["disclosure"]["suppressed"]
    sheet = _summary_sheet(tmp_path / "small")
    assert sheet["Cost ÷ payment before"] == "*"
    assert sheet["Residue's cost ÷ payment"] == "*"
