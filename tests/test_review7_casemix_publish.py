"""`pbrkit tender --publish`: the casemix index is one figure, the same on the Summary
sheet, in summary.json and on the Residue sheet's total row.

Found by comparing report.xlsx's sheets on a small published tender: the Residue
sheet's total row gave the casemix index as 0.67, worked out from the published
figures (methodology §7: the casemix index uses the rounded people), while the Summary
sheet, report.html, the findings and summary.json gave the exact 1.32 (worked out from
the exact counts). The headline figure now shows its table's published total, and
"which people within them" (the index ÷ "which clusters are left") follows it.

Workbook as tests/test_review7_tender_publish_totals.py: 22 people (20 published), 16
left (15 published), cost £75,000 (£100,000 published), the residue's cost £72,000
(£50,000 published; £72,000 ÷ £50,000 = 1.44 bases rounds to 1).
  exact index = (72,000 ÷ 16) ÷ (75,000 ÷ 22) = 4,500 ÷ 3,409.09 = 1.32;
  published   = (50,000 ÷ 15) ÷ (100,000 ÷ 20) = 3,333.33 ÷ 5,000 = 0.6667.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from test_review7_tender_publish_totals import run  # noqa: F401  (the module's fixture)


def _sheet(out: Path, name: str) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(out / "report.xlsx", data_only=True)[name]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_summary_json_gives_the_residue_tables_index(run: Path) -> None:  # noqa: F811
    residue = json.loads((run / "summary.json").read_text(encoding="utf-8"))["residue"]
    assert residue["casemix_index"] == pytest.approx((50_000 / 15) / (100_000 / 20))
    assert residue["casemix_within"] == pytest.approx(
        residue["casemix_index"] / residue["casemix_between"]
    )


def test_the_summary_sheet_and_the_residue_total_agree(run: Path) -> None:  # noqa: F811
    rows = _sheet(run, "Residue")
    total = dict(zip(rows[0], next(r for r in rows if r[0] == "Total"), strict=True))
    summary = {r[0]: r[1] for r in _sheet(run, "Summary") if r and r[0]}
    label = "Casemix index of the residue"
    assert summary[label] == pytest.approx(total[label])
    assert summary[label] == pytest.approx(0.6667, abs=1e-4)
