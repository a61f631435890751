"""The smaller findings of issue 9 (item 9, and item 6's --deflator without --years),
each with the test that failed before its fix."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from hypothesis import example, given
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.reports.format import count, fixed, half_away, money, money_short, percent
from pbrkit.reports.svg_heatmap import heatmap_svg

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


# -------------------------------------------------------- one rounding rule (half away)


def test_half_pounds_round_away_from_zero_as_excel_does() -> None:
    # Excel's "£#,##0" shows £10,612.50 as £10,613; Python's round-half-even gave £10,612.
    assert money(10612.5) == "£10,613"
    assert money(-10612.5) == "-£10,613"
    assert money(10612.49) == "£10,612"
    # 2.675 is stored as 2.67499999…; Excel, rounding the 15 digits it shows, gives 2.68.
    assert money(2.675, pence=True) == "£2.68"
    assert count(12.5) == "13"
    assert count(13.5) == "14"
    assert percent(0.1235) == "12.4%"  # 12.35% → 12.4%
    assert fixed(0.125) == "0.13"
    # An amount one more decimal shows exactly is never rounded (a published £ total is
    # a multiple of its base: rounding it again moved £2,450,000 to £2.5m).
    assert money_short(12_500) == "£12.5k"
    assert money_short(1_250_000) == "£1.25m"
    # Not exact at one more decimal: the unit's own, halves away from zero.
    assert money_short(1_250_001) == "£1.3m"  # 1.250001 -> 1.3
    assert money_short(-1_250_001) == "-£1.3m"
    # No "-£0": a negative amount that rounds to nothing has no sign.
    assert money(-0.4) == "£0"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
@example(0.5)
@example(-2.5)
@example(1e12 + 0.5)
@example(100000000000.49951)
def test_money_is_symmetric_and_within_half_a_pound(value: float) -> None:
    # Within half a pound of the value to the 15 significant digits Excel shows and
    # rounds from (format.EXCEL_DIGITS): £100,000,000,000.49951 is £100,000,000,000.500
    # there, so £100,000,000,001, as in Excel; 0.50049 from the float itself.
    shown = money(value)
    digits = Decimal(shown.replace("£", "").replace(",", "").replace("-", ""))
    sign = -1 if shown.startswith("-") else 1
    assert abs(sign * digits - Decimal(f"{value:.15g}")) <= Decimal("0.5")
    if digits:
        assert money(-value) == (shown[1:] if shown.startswith("-") else f"-{shown}")
    assert half_away(value) == half_away(-value).copy_negate() or not half_away(value)


# ----------------------------------------------------------- not for publication


def test_reports_without_publish_say_not_for_publication(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("cost", CLUSTERS, "--out", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Not for publication</strong>: contains unsuppressed small numbers" in html
    summary = openpyxl.load_workbook(out / "report.xlsx")["Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(
        t.startswith("Not for publication: contains unsuppressed small numbers") for t in texts
    )


def test_published_reports_do_not_say_not_for_publication(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("cost", CLUSTERS, "--out", out, "--publish").exit_code == 0
    assert "Not for publication" not in (out / "report.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(out / "report.xlsx")
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert not any("Not for publication" in str(t) for t in texts)


# ------------------------------------------------------- medians do not add up


def test_tender_html_says_why_median_totals_do_not_add_up(tmp_path: Path) -> None:
    many, one = tmp_path / "many", tmp_path / "one"
    assert invoke("tender", CLUSTERS, "--draws", "5", "--out", many).exit_code == 0
    assert invoke("tender", CLUSTERS, "--draws", "1", "--out", one).exit_code == 0
    text = (many / "report.html").read_text(encoding="utf-8")
    assert text.count("medians do not add up") == 2  # the cluster and bidder tables
    assert "medians do not add up" not in (one / "report.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ small CLI fixes


@pytest.mark.parametrize("table", ["unit_costs", "packages", "profiles", "tariff", "clusters"])
def test_reference_show_table_has_no_stray_index_column(table: str) -> None:
    result = invoke("reference", "show", "illustrative-2014-15", "--table", table)
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert not header.startswith(","), header  # was ",resource,unit_cost,…" for unit_costs


def test_tender_run_sheet_never_shows_none(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("tender", CLUSTERS, "--draws", "2", "--out", out).exit_code == 0
    run = openpyxl.load_workbook(out / "report.xlsx")["Run"]
    values = [str(c.value) for row in run.iter_rows() for c in row if c.value is not None]
    assert "None" not in values  # was "Option scenario | None"
    at = values.index("Option scenario")
    assert values[at + 1] == "not given"


@pytest.mark.parametrize(
    "options",
    [("--deflator", "0.05"), ("--inflation", "0.02"), ("--deflator", "0.05", "--years", "1")],
)
def test_rates_without_years_are_a_usage_error(options: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("cost", CLUSTERS, "--out", out, *options)
    assert result.exit_code == 2  # was 0, with the rate silently ignored
    assert "--years 2 or more" in result.stderr
    assert not out.exists()


def test_rates_with_years_still_run(tmp_path: Path) -> None:
    result = invoke("cost", CLUSTERS, "--out", tmp_path / "o", "--years", "2", "--deflator", "0.05")
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------- charts


def test_excel_chart_labels_sit_below_negative_bars(tmp_path: Path) -> None:
    # Category labels on the zero line are drawn over every bar below it; "low" puts
    # them at the foot of the plot area.
    for args in (("cost", CLUSTERS), ("cluster", ROOT / "examples" / "ratings.xlsx")):
        out = tmp_path / args[0]
        assert invoke(*args, "--out", out).exit_code == 0
        with zipfile.ZipFile(out / "report.xlsx") as book:
            charts = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
            assert charts, args[0]
            for name in charts:
                xml = book.read(name).decode("utf-8")
                cat_axis = xml[xml.index("<c:catAx>") : xml.index("</c:catAx>")]
                assert '<c:tickLblPos val="low"/>' in cat_axis, (args[0], name)


def test_confusion_heatmap_zero_cells_are_pale_when_every_count_is_hidden() -> None:
    # A small published audit: every non-zero count hidden (NaN), the rest 0. With no
    # shown count above 0 the scale used to be 0..0, which matplotlib paints mid-blue
    # (scale "0 to 0.1 patients"); from 0 to at least 1, a zero cell is near white.
    nan = float("nan")
    svg = heatmap_svg(
        [[0.0, nan], [nan, 0.0]], ["1", "2"], ["1", "2"], title="t", xlabel="x", ylabel="y"
    )
    # The heat-map is SVG cells now (tests/test_svg_heatmap.py reads them back): the two
    # zero cells are the palest blue, the two hidden cells transparent.
    assert svg.count('fill="#f7fbff"/>') == 2, svg  # every drawn cell is a 0: near white
    assert svg.count('fill="none"/>') >= 2
    assert svg.count(">*<") == 2 or svg.count("*") >= 2  # the hidden cells are marked


# ------------------------------------------------------- figures on few people


def test_figures_on_fewer_than_30_people_carry_a_caution(tmp_path: Path) -> None:
    # 20 patients of the example: kappa, RIV and every subgroup rest on fewer than 30.
    ratings = pd.read_excel(ROOT / "examples" / "ratings.xlsx", sheet_name="ratings")
    small = tmp_path / "small.csv"
    ratings.head(20).to_csv(small, index=False)
    out = tmp_path / "out"
    assert invoke("cluster", small, "--out", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Caution: agreement and kappa rest on only 20 patients" in html
    assert "Caution: the reduction in variance rests on only 20 patients" in html
    assert 'class="tag small-sample">fewer than 30<' in html
    summary = openpyxl.load_workbook(out / "report.xlsx")["Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert sum(t.startswith("Caution:") for t in texts) >= 2


def test_the_full_example_carries_no_small_sample_caution(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("cluster", ROOT / "examples" / "ratings.xlsx", "--out", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Caution: agreement and kappa" not in html
    assert "Caution: the reduction in variance" not in html
