"""A fall in what the commissioner or the public pays is good news, not red (fix10,
items 4 and 5).

The tender report drew the card "Change in commissioner's cost −£550,086" red, as a
loss: every signed figure was red below zero, though a fall in the commissioner's cost
is a saving. And "Change in public spending, public-sector account £12,920,217" (the
public spends £12.9m more) was not red. The registry now says which signed figures'
fall is good news (``fall_is_good``), and one rule (``Figure.tone``, judged on the
value as shown) colours every format: report.html's cards and cells, report.xlsx's
number formats and bars, summary.pdf's figures and bars, explore.html's cards.
explore.html's waterfall drew a step that shows as £0 in the gain colour; it is now
neutral, as the totals are.

The end-to-end tests failed on the old code (the card was "value neg", the xlsx
format "£#,##0;[Red]-£#,##0", the pdf figure red, explore's card uncoloured and its
£0 step green).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from browser import dump_dom, find_chromium
from pbrkit.cli import cli
from pbrkit.reports.explore import render_explore_html
from pbrkit.reports.figures import figure
from pbrkit.reports.render import pdf
from pbrkit.workflows.tender import run_sweep
from test_explore import exploration, synthetic_grid

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
SPLIT = ROOT / "examples" / "scenarios" / "probation-style-split.toml"
chromium_missing = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


def test_the_rule() -> None:
    cost_change = figure("commissioner_cost_change")
    assert cost_change.is_loss(550_086.0) and not cost_change.is_loss(-550_086.0)
    assert figure("public_spending_change").is_loss(1.0)
    assert not figure("public_spending_change").is_loss(-1.0)
    # A rise in the NHS surplus, or a saving, is still good news; a fall bad news.
    assert figure("nhs_surplus_change").is_loss(-1.0)
    assert figure("commissioner_saving").is_loss(-550_086.0)
    # Judged as shown: 0.4 shows as £0, which is neither (a sign on nothing).
    assert not cost_change.is_loss(0.4) and not figure("nhs_surplus_change").is_loss(-0.4)
    # The tender's percentiles over draws take the figure's direction.
    assert not figure("commissioner_cost_change_p5").is_loss(-1.0)


@pytest.fixture(scope="module")
def tender_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tender") / "out"
    result = CliRunner().invoke(cli, ["tender", str(CLUSTERS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _card(html: str, key: str) -> tuple[str, str]:
    found = re.search(rf'<div class="([^"]*)" data-figure="{key}">([^<]*)</div>', html)
    assert found is not None, key
    return found.group(1), found.group(2)


def test_report_html_cards(tender_out: Path) -> None:
    html = (tender_out / "report.html").read_text(encoding="utf-8")
    # The example: the commissioner pays £550,086 less (good), the public £12.9m more.
    assert _card(html, "commissioner_cost_change") == ("value", "-£550,086")
    assert _card(html, "commissioner_saving") == ("value", "£550,086")
    shown = _card(html, "public_cost_change")
    assert shown[0] == "value neg" and not shown[1].startswith("-"), shown


def test_report_xlsx_formats(tender_out: Path) -> None:
    book = openpyxl.load_workbook(tender_out / "report.xlsx")
    formats = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "Change in commissioner's cost £":
                    value = sheet.cell(cell.row, cell.column + 1)
                    formats[sheet.title] = value.number_format
    assert formats, "no Change in commissioner's cost row"
    # Red above £0, not below; an exact £0 black (the third section).
    assert set(formats.values()) == {"[Red]£#,##0;-£#,##0;£#,##0"}, formats


def test_summary_pdf_figures() -> None:
    # The sweep's page: the public's spending changes by −£59,907 (a saving: not red)
    # to £2,978,413 (more spending: red) over the grid; the NHS surplus falls (red).
    run = run_sweep(SPLIT, ["nhs.fixed_cost_share=0.2:0.8:3"], draws=1)
    shown = {label: (value, red) for label, value, red in pdf.key_figures(run.document())}
    assert shown["Lowest change in public spending"] == ("-£59,907", False)
    assert shown["Highest change in public spending"] == ("£2,978,413", True)
    assert shown["Lowest change in NHS surplus"][1] is True


@chromium_missing
def test_explore_cards_and_a_zero_step(tmp_path: Path) -> None:
    # before £100, kept £30 − £10 = £20, stranded £0, after £45: margin lost £75
    # (100 + 20 − 0 − 45). The commissioner's cost falls £500 (good), the public's
    # spending rises £200 (bad).
    grid = synthetic_grid(
        {"p": [1.0]},
        nhs_surplus_before=100.0,
        nhs_income_retained=30.0,
        cost_retained_for_taken=10.0,
        stranded_fixed_cost=0.0,
        nhs_surplus_after=45.0,
        commissioner_cost_change=-500.0,
        public_spending_change=200.0,
    )
    page = tmp_path / "explore.html"
    page.write_text(render_explore_html(exploration(grid, ["p"])), encoding="utf-8")
    dom = dump_dom(page)
    cards = {
        key: cls
        for cls, key in re.findall(r'<div class="(value[^"]*)" data-figure="([a-z_]+)"', dom)
    }
    assert cards["commissioner_cost_change"] == "value"
    assert cards["public_spending_change"] == "value neg"
    rects = re.findall(r'<rect[^>]*fill="([^"]+)"[^>]*data-step="([a-z_]+)"', dom)
    steps = {step: fill for fill, step in rects}
    assert steps["stranded_fixed_cost"] == "#3d6fa8"  # £0: neutral, as the totals
    assert steps["nhs_surplus_before"] == "#3d6fa8"
    assert steps["taken_margin"] == "#a4262c"  # −£75: a loss
    assert steps["kept_for_taken"] == "#1b6e3a"  # +£20: a gain


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    runs = [root / "base", root / "cut"]
    for out, extra in zip(runs, ([], ["--tariff-change", "-5%"]), strict=True):
        result = CliRunner().invoke(cli, ["tender", str(CLUSTERS), *extra, "--out", str(out)])
        assert result.exit_code == 0, result.output
    out = root / "out"
    result = CliRunner().invoke(cli, ["compare", *map(str, runs), "--names", "base,cut",
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_compare_differences(compared: Path) -> None:
    # A 5% tariff cut: public spending changes by £1,420,531 less (good news: not red),
    # the commissioner's cost by £73,388 more (bad news: red), the NHS surplus by
    # £1,493,918 more (good) and the commissioner's saving by £73,388 less (bad).
    html = (compared / "report.html").read_text(encoding="utf-8")
    cells = {}
    for label, row in re.findall(r'<tr><td title="[^"]*">([^<]*)</td>(.*?)</tr>', html):
        found = re.findall(r'<td class="([^"]*)" data-difference="cut">([^<]*)<', row)
        if found:
            cells[label.replace("&#39;", "'")] = found[0]
    assert cells["Change in public spending"] == ("num", "-£1,420,531")
    assert cells["Change in commissioner's cost"] == ("num neg", "£73,388")
    assert cells["Change in NHS surplus"] == ("num", "£1,493,918")
    assert cells["Commissioner's saving"] == ("num neg", "-£73,388")
