"""A label on the Assumptions sheet sits at the top of its row, beside its value.

Found by printing report.xlsx of ``pbrkit cluster examples/ratings.xlsx`` with
LibreOffice (``soffice --convert-to pdf``): on the Assumptions sheet each value is
wrapped and set at the top of its row (up to 15 lines tall), while its label had the
default, the bottom of the row. Read down the page, "Allocation rule" came after its
own rule and just above the next row's value ("reference set illustrative-2014-15"),
"Tariff for the £ at stake" just above the £-at-stake definition: every label looked
paired with the value below it. The same in Excel, whose default is the bottom too.

A pair's label is now written top-aligned, like its value.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("command", "example"), [("cluster", "ratings.xlsx"), ("cost", "clusters.xlsx")]
)
def test_every_label_beside_a_wrapped_value_is_at_the_top(
    command: str, example: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [command, str(ROOT / "examples" / example), "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Assumptions"]
    checked = 0
    for label, value, *_ in sheet.iter_rows():
        if label.value is None or not value.alignment.wrap_text:
            continue
        assert value.alignment.vertical == "top", value.coordinate
        assert label.alignment.vertical == "top", (label.coordinate, label.value)
        checked += 1
    assert checked >= 5  # "Allocation rule", "£ at stake", the sources, ...
