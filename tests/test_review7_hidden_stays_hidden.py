"""Under --publish a figure hidden with its count stays hidden: a table formula worked
out again from the published figures does not bring it back.

Found by reading report.xlsx of a small published tender (tests/test_review7_tender_
publish_totals.py's workbook: 6 people taken, so shown as *): the Residue sheet's
total row showed "NHS cost of people taken £" as £50,000 beside "People taken by
bidders" *, against methodology §7 ("a figure about a hidden group is hidden with it").
The figure is registered as about the people taken and was hidden, but the table's
formula for it (cost − cost of those left, both rounded £ totals that had changed)
was then worked out again over the hidden value.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from test_review7_tender_publish_totals import run  # noqa: F401  (the module's fixture)


def test_the_cost_of_hidden_people_taken_is_hidden(run: Path) -> None:  # noqa: F811
    sheet = openpyxl.load_workbook(run / "report.xlsx", data_only=True)["Residue"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    for row in rows[1:]:
        values = dict(zip(rows[0], row, strict=True))
        if values["People taken by bidders"] == "*":
            assert values["NHS cost of people taken £"] == "*", row[0]
