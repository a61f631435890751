"""Hostile review rev10: a published tender said "The NHS goes from a surplus of £0"
(terminal, report.html, report.xlsx, summary.pdf) for a balance that only rounds to £0.

Under --publish £ totals are rounded to a base (methodology §7), so a published £0 is
anything within half the base either way: `pbrkit cost` says "within £25k of breaking
even" since rev7a, the tender did not. Hand-worked: review10_inputs.small_workbook's
four patients ten times over (40 people): income 10 × (3 × £1,500 + £5,000) = £95,000,
cost 10 × (£500 + £500 + £2,000 + £6,000) = £90,000, a surplus of £5,000 before the
tender; the largest price is £5,000 a year, so the base is 5 × £5,000 = £25,000 rounded
up to £50,000, and £5,000 is published as £0: "within £25,000 of breaking even".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def _forty(path: Path) -> Path:
    small_workbook(path)
    book = openpyxl.load_workbook(path)
    patients = book["patients"]
    rows = [list(r) for r in patients.iter_rows(min_row=2, values_only=True)]
    patients.delete_rows(2, patients.max_row)
    for copy in range(10):
        for patient_id, *rest in rows:
            patients.append([f"{patient_id}-{copy}", *rest])
    book.save(path)
    return path


def test_a_published_balance_of_0_is_said_to_be_within_half_the_base(tmp_path: Path) -> None:
    source = _forty(tmp_path / "trust.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    for text in (result.output, html):
        assert "surplus of £0" not in text
        assert "within £25,000 of breaking even" in text or "within £25k of breaking" in text
