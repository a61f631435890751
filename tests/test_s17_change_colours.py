"""Red is bad news by the figure's direction, also for a cost and a residue cost gap.

`pbrkit compare` coloured every fall red: a 5% cut in cost (−£2,322,603, good news)
was red and a 5% rise in cost (+£2,322,603) was not, in report.html and report.xlsx
alike; so were the losses of loss-making clusters and their count. And the tender's
residue cost gap G (what the people left cost above the tariff paid for them) is signed
with a rise being bad news, yet a G of −£751,029 (the residue paid more than it costs)
was red and +£74,979 was not. The registry now says so: G's fall is good
(``fall_is_good``), and a cost, a loss, lost contribution, stranded fixed cost, the cost
kept for people taken and the count of loss-making clusters are figures of which more
is worse (``more_is_worse``: their values stay uncoloured, their changes are judged).
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

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


@pytest.mark.parametrize(
    ("key", "rise_is_bad"),
    [
        ("cost", True),
        ("loss", True),
        ("loss_making_clusters", True),
        ("lost_contribution", True),
        ("stranded_fixed_cost", True),
        ("cost_retained_for_taken", True),
        ("residue_cost_gap", True),
        ("casemix_index", True),
        # income: no direction, so no colour either way (test_s18_neutral_changes.py)
        ("surplus", False),
        ("nhs_surplus_change", False),
    ],
)
def test_a_change_is_bad_news_by_the_figure_direction(key: str, rise_is_bad: bool) -> None:
    fig = figure(key)
    assert fig.change_is_loss(1_000.0) is rise_is_bad
    assert fig.change_is_loss(-1_000.0) is not rise_is_bad
    assert fig.change_is_loss(0.0) is False  # £0 (or 0): no news


def test_the_residue_cost_gap_is_red_when_the_residue_costs_more_than_it_pays() -> None:
    gap = figure("residue_cost_gap")
    assert gap.is_loss(74_979.0)  # the people left cost £74,979 more than they pay
    assert not gap.is_loss(-751_029.0)  # they pay £751,029 more than they cost
    assert gap.excel_format == "[Red]£#,##0;-£#,##0;£#,##0"


def test_a_cost_value_is_never_coloured() -> None:
    # More is worse, but a cost of £5 or a count of 8 loss-making clusters is no news.
    assert not figure("cost").is_loss(5.0)
    assert not figure("loss_making_clusters").is_loss(8)
    assert figure("cost").excel_format == "£#,##0;-£#,##0"  # no red on either side


def test_compare_colours_a_fall_in_cost_as_good_news(tmp_path: Path) -> None:
    runner = CliRunner()
    runs = {"base": [], "dearer": ["--cost-change", "5%"], "cheaper": ["--cost-change", "-5%"]}
    for name, lever in runs.items():
        out = tmp_path / name
        done = runner.invoke(cli, ["cost", str(EXAMPLE), *lever, "--out", str(out)])
        assert done.exit_code == 0, done.output
    compared = tmp_path / "compared"
    folders = [str(tmp_path / name) for name in runs]
    done = runner.invoke(cli, ["compare", *folders, "--out", str(compared)])
    assert done.exit_code == 0, done.output
    summary = json.loads((compared / "summary.json").read_text())
    cost = next(row for row in summary["headline"] if row["figure"] == "cost")
    # Cost £46,452,064 ± 5%: +£2,322,603 (dearer) and −£2,322,603 (cheaper).
    assert round(cost["difference"]["dearer"]) == 2_322_603
    assert round(cost["difference"]["cheaper"]) == -2_322_603
    html = (compared / "report.html").read_text()
    assert _difference_class(html, "cost", "dearer") == "num neg"  # a rise in cost: red
    assert _difference_class(html, "cost", "cheaper") == "num"  # a fall: not red
    assert _difference_class(html, "surplus", "dearer") == "num neg"  # less surplus: red
    assert _difference_class(html, "surplus", "cheaper") == "num"
    sheet = openpyxl.load_workbook(compared / "report.xlsx").worksheets[0]
    formats = {
        row[0].value: row[4].number_format
        for row in sheet.iter_rows()
        if row[0].value in ("Cost", "Surplus")
    }
    # Excel's sections: positive; negative; zero. Red where the change is bad news.
    assert formats == {"Cost": "[Red]£#,##0;-£#,##0;£#,##0", "Surplus": "£#,##0;[Red]-£#,##0"}


def _difference_class(html: str, key: str, run: str) -> str:
    """The class of the difference cell of figure ``key``'s row for ``run``."""
    row = html[html.index(f'title="{figure(key).meaning}"') :]
    row = row[: row.index("</tr>")]
    cell = row[: row.index(f'data-difference="{run}"')]
    return cell[cell.rindex('class="') + len('class="') :].split('"')[0]


def test_the_sweep_grids_take_their_direction_from_the_registry() -> None:
    # The five grids' colours as the sweep layout declared them by hand before: a rise
    # in the NHS surplus change or in the people taken is not bad news; a rise in public
    # spending, in the residue cost gap or in the residue's casemix index is.
    from pbrkit.reports.layouts.sweep import GRID_FIGURES

    directions = {key: figure(key).rise_is_bad for key in GRID_FIGURES}
    assert directions == {
        "nhs_surplus_change": False,
        "public_spending_change": True,
        "residue_cost_gap": True,
        "casemix_index": True,
        "taken_patients": False,
    }
