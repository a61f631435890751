"""Issue 11: one label per figure in every format (round 13, i11b).

Found reading layouts/tender_assumptions.py for labels the registry already holds:
the Assumptions sheet wrote the cost structure's four labels itself, and v's drifted
from the registry's. On the example the Summary sheet's row "Share of a taken
person's income the NHS loses v %" is the formula =Assumptions!B5, and the cell it
points at was labelled "Income lost per person taken v (activity payment)": two
names for one figure a reader has to match up by cell reference. Now every label of
that block is the registry's (v's with the payment it depends on appended).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from pbrkit.reports.figures import label_of
from run_time_figure import run_cli

CLUSTERS = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"
SHARES = ("fixed_cost_share", "shed_rate", "retained_share", "income_at_risk")


def test_the_cost_structure_is_labelled_as_the_summary_labels_it(tmp_path: Path) -> None:
    run_cli(["tender", str(CLUSTERS)], tmp_path)
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    labels = [book["Assumptions"].cell(row, 1).value for row in range(2, 6)]
    assert labels[:3] == [label_of(k) for k in SHARES[:3]]
    assert labels[3] == f"{label_of('income_at_risk')} (activity payment)"
    # The Summary's row for v points at that cell, under the same words.
    summary = book["Summary"]
    rows = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(1, 60)}
    assert rows[f"{label_of('income_at_risk')} %"] == "='Assumptions'!$B$5"
