"""Hostile review rev10: the findings read the lost contribution L as if the NHS were
always paid by activity.

L = Σ_T (v·P_i − (1 − f)(1 − r)·c_i) (methodology §6.5): the income the NHS loses
with the people taken less the variable cost it sheds. The sentence said "the people
taken had brought in £X above (less than) their variable cost", which is L only when
v = 1. Under a block payment (v = 0) the NHS keeps the people taken's income, and L < 0
was written "had brought in £500 less than their variable cost" of people who brought
in £3,000 against £500. Paid by activity the words are unchanged.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def _findings(tmp_path: Path, payment: list[object]) -> str:
    source = small_workbook(tmp_path / "trust.xlsx")
    book = openpyxl.load_workbook(source)
    nhs = book["nhs"]
    nhs.delete_rows(1, nhs.max_row)
    nhs.append(["fixed_cost_share", "shed_rate", "payment", "variable_share"])
    nhs.append([0.5, 0.25, *payment])
    book.save(source)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


# Acme (θ = 1, ρ = 1, hurdle 5%) takes a0 and a1: Σ_T P = 2 × £1,500 = £3,000 and
# Σ_T c = 2 × £500 = £1,000, whose variable part is (1 − f) × 1,000 = £500.
@pytest.mark.parametrize(
    ("payment", "said"),
    [
        # v = 0: L = 0 − 500 = −£500.
        (["block", None], "the NHS sheds £500 more variable cost than the income it loses"),
        # v = 0.3: L = 0.3 × 3,000 − 500 = £400.
        (["blended", 0.3], "the NHS loses £400 more income than the variable cost it sheds"),
    ],
)
def test_lost_contribution_is_income_lost_less_cost_shed(
    tmp_path: Path, payment: list[object], said: str
) -> None:
    html = _findings(tmp_path, payment)
    assert said in html
    assert "had brought in" not in html


def test_activity_payment_keeps_its_words(tmp_path: Path) -> None:
    # v = 1: L = 3,000 − 500 = £2,500, which the people taken did bring in.
    html = _findings(tmp_path, ["activity", None])
    assert "the people taken had brought in £2,500 above their variable cost" in html
