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
0.67 says the people left cost a third less than average; they cost a third more. So
an index worked out from rounded £ is hidden when the rounding alone could move it over
more than 0.1 (methodology §7): each £ total at ± £25,000,
  lowest  (25,000 ÷ 15) ÷ (125,000 ÷ 20) = 1,666.67 ÷ 6,250 = 0.267,
  highest (75,000 ÷ 15) ÷ ( 75,000 ÷ 20) = 5,000 ÷ 3,750   = 1.333,
a spread of 1.07: hidden (*), the same on every sheet and in summary.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl

from test_review7_tender_publish_totals import run  # noqa: F401  (the module's fixture)


def _sheet(out: Path, name: str) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(out / "report.xlsx", data_only=True)[name]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_summary_json_hides_the_index_and_what_follows_it(run: Path) -> None:  # noqa: F811
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    residue = summary["residue"]
    assert residue["casemix_index"] is None
    assert residue["casemix_within"] is None  # the index ÷ "which clusters are left"
    # "Which clusters are left" is Σ people left × their cluster's exact mean cost, over
    # the exact people and mean cost of everyone: no published figures work it out
    # again, so it is hidden too (fix9a; tests/test_fix9a_casemix_publish.py).
    assert residue["casemix_between"] is None


def test_the_summary_sheet_and_the_residue_total_agree(run: Path) -> None:  # noqa: F811
    rows = _sheet(run, "Residue")
    total = dict(zip(rows[0], next(r for r in rows if r[0] == "Total"), strict=True))
    summary = {r[0]: r[1] for r in _sheet(run, "Summary") if r and r[0]}
    label = "Casemix index of the residue"
    assert summary[label] == total[label] == "*"
