"""A change whose direction is not in itself news takes no colour (fix11, item 1).

`pbrkit compare` coloured every fall red unless the registry said a rise is bad news:
a 5% cut in the tariff showed income −£2,244,663 and the cross-subsidy −£742,445 in
red, and a fall in the people taken, the payments to bidders, the bidders' profit or
the differential payment would be red too, though none of them is good or bad news in
itself (docs/methodology.md, "Colours"). Now only a figure with a declared direction
(a signed figure, or one of which more is worse) colours its changes, and the bidders'
profit and the differential payment are not signed: a negative value is the bidders'
loss, or the bidders paid less than the NHS's cost, neither bad news for the NHS or the
public. Failed on the old code: income's change was red ("num neg", the xlsx format
"£#,##0;[Red]-£#,##0") and the bidders' profit's −£1 a loss.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports import registry  # noqa: F401  (registers the figures)
from pbrkit.reports.figures import figure
from test_s17_change_colours import _difference_class

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"

NOT_NEWS = (
    "income",
    "cross_subsidy",
    "service_users",
    "cluster_days",
    "episodes",
    "taken_patients",
    "residue_patients",
    "payments_to_bidders",
    "taken_cost",
    "bidder_profit",
    "differential_payment",
    "bidder_profit_p5",
)


@pytest.mark.parametrize("key", NOT_NEWS)
def test_a_change_of_a_figure_without_a_direction_is_neutral(key: str) -> None:
    fig = figure(key)
    assert not fig.change_is_loss(-1_000.0) and not fig.change_is_loss(1_000.0)
    assert fig.change_format is not None and "[Red]" not in fig.change_format
    assert not fig.is_loss(-1_000.0) and not fig.is_loss(1_000.0)


def test_the_bidders_profit_and_differential_payment_are_not_signed() -> None:
    # A bidder's loss is not the NHS's or the public's; a differential payment below
    # zero means the bidders are paid less than the NHS's cost of the same people.
    assert not figure("bidder_profit").signed
    assert not figure("differential_payment").signed


def test_figures_with_a_direction_keep_their_colour() -> None:
    assert figure("surplus").change_is_loss(-1.0)  # less surplus: bad news
    assert figure("cost").change_is_loss(1.0)  # more cost: bad news
    assert figure("public_spending_change").change_is_loss(1.0)


def test_compare_leaves_a_fall_in_income_uncoloured(tmp_path: Path) -> None:
    runner = CliRunner()
    runs = {"base": [], "cheaper": ["--tariff-change", "-5%"]}
    for name, lever in runs.items():
        done = runner.invoke(cli, ["cost", str(EXAMPLE), *lever, "--out", str(tmp_path / name)])
        assert done.exit_code == 0, done.output
    compared = tmp_path / "compared"
    folders = [str(tmp_path / name) for name in runs]
    done = runner.invoke(cli, ["compare", *folders, "--out", str(compared)])
    assert done.exit_code == 0, done.output
    summary = json.loads((compared / "summary.json").read_text())
    income = next(row for row in summary["headline"] if row["figure"] == "income")
    # Income £44,893,257 × −5% = −£2,244,663 (to the pound).
    assert round(income["difference"]["cheaper"]) == -2_244_663
    html = (compared / "report.html").read_text()
    assert _difference_class(html, "income", "cheaper") == "num"
    assert _difference_class(html, "cross_subsidy", "cheaper") == "num"
    assert _difference_class(html, "surplus", "cheaper") == "num neg"  # still bad news
    sheet = openpyxl.load_workbook(compared / "report.xlsx").worksheets[0]
    formats = {
        row[0].value: row[3].number_format
        for row in sheet.iter_rows()
        if row[0].value in ("Income", "Cross-subsidy", "Surplus")
    }
    assert formats == {
        "Income": "£#,##0;-£#,##0",
        "Cross-subsidy": "£#,##0;-£#,##0",
        "Surplus": "£#,##0;[Red]-£#,##0",
    }
