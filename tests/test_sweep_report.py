"""``pbrkit sweep``'s document: the grid table, a sheet per headline figure, report.xlsx."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.reports.document import Grid, Table
from pbrkit.reports.figures import Unit, figure, registered
from pbrkit.reports.layouts.sweep import grid_of, parameter_figure
from pbrkit.reports.render.excel_grid import BLUE, GREEN, RED, WHITE, colour_scale
from pbrkit.reports.suppression import SUPPRESSED
from pbrkit.tender import FIGURES
from recalc import convert, find_soffice


@pytest.mark.parametrize("key", FIGURES)
def test_each_percentile_column_is_a_figure_like_its_base(key: str) -> None:
    base = figure(key)
    for suffix in ("p5", "p95"):
        fig = figure(f"{key}_{suffix}")
        # A count's percentiles are about the count too: hidden with its median.
        about = (*base.about, key) if base.unit is Unit.PEOPLE else base.about
        assert (fig.unit, fig.about, fig.signed) == (base.unit, about, base.signed)
        assert fig.label == f"{base.label} {suffix}"


def test_percentiles_of_counts_of_people_are_counts_of_people() -> None:
    # so --publish rounds and hides them as counts (docs/methodology.md §7)
    assert figure("taken_patients_p5").unit is Unit.PEOPLE
    assert figure("residue_patients_p95").unit is Unit.PEOPLE
    assert figure("nhs_surplus_change_p95").about == ("taken_patients", "residue_patients")


# ------------------------------------------------------------- Grid blocks


def _table(rows: list[dict[str, Any]], parameters: tuple[str, ...]) -> Table:
    for path in parameters:
        parameter_figure(path)
    columns = (*parameters, "nhs_surplus_change", "casemix_index")
    return Table("sweep", None, columns, tuple(rows), ids=parameters)


def test_a_one_parameter_grid_is_one_row_of_the_points_in_order() -> None:
    table = _table(
        [{"p.a": 0.5, "nhs_surplus_change": -2.0}, {"p.a": 0.1, "nhs_surplus_change": 3.0}],
        ("p.a",),
    )
    grid = grid_of(table, ["p.a"], "nhs_surplus_change", (2,))
    assert grid.row_parameter is None
    assert grid.row_values == ("Change in NHS surplus",)
    assert grid.column_values == (0.5, 0.1)  # the order swept, not sorted
    assert grid.cells == ((-2.0, 3.0),)


def test_a_two_parameter_grid_has_the_first_down_and_the_second_across() -> None:
    rows = [
        {"p.a": a, "p.b": b, "casemix_index": 10 * a + b}  # each cell names its point
        for a in (1, 2, 3)
        for b in (7, 8)
    ]
    grid = grid_of(_table(rows, ("p.a", "p.b")), ["p.a", "p.b"], "casemix_index", (3, 2))
    assert (grid.row_parameter, grid.column_parameter) == ("p.a", "p.b")
    assert grid.row_values == (1, 2, 3) and grid.column_values == (7, 8)
    assert grid.cells == ((17, 18), (27, 28), (37, 38))


@given(
    st.lists(st.integers(-5, 5), min_size=1, max_size=5, unique=True),
    st.lists(st.integers(-5, 5), min_size=1, max_size=5, unique=True),
    st.randoms(use_true_random=False),
)
def test_every_point_lands_in_its_own_cell(a: list[int], b: list[int], rnd: Any) -> None:
    values = {(x, y): rnd.uniform(-1e6, 1e6) for x in a for y in b}
    rows = [{"p.a": x, "p.b": y, "nhs_surplus_change": v} for (x, y), v in values.items()]
    grid = grid_of(
        _table(rows, ("p.a", "p.b")), ["p.a", "p.b"], "nhs_surplus_change", (len(a), len(b))
    )
    for i, x in enumerate(grid.row_values):
        for j, y in enumerate(grid.column_values):
            assert grid.cells[i][j] == values[(x, y)]
    assert len(grid.row_values) * len(grid.column_values) == len(rows)


def _grid(key: str, cells: tuple[tuple[Any, ...], ...], worse: bool = False) -> Grid:
    return Grid(key, "t", "p.a", tuple(range(len(cells))), "p.b",
                tuple(range(len(cells[0]))), cells, worse)  # fmt: skip


def test_a_signed_figure_is_shaded_red_white_green_symmetric_about_zero() -> None:
    # cells -3, 1, 2 and a hidden one: the largest size is |-3| = 3, so the scale runs
    # from -3 (red) through 0 (white) to +3 (green); * is text, not a number.
    cells = ((-3.0, 1.0), (2.0, SUPPRESSED))
    scale = colour_scale(figure("nhs_surplus_change"), _grid("nhs_surplus_change", cells))
    assert scale["type"] == "3_color_scale"
    assert (scale["min_value"], scale["mid_value"], scale["max_value"]) == (-3.0, 0, 3.0)
    assert (scale["min_color"], scale["mid_color"], scale["max_color"]) == (RED, WHITE, GREEN)


def test_a_rise_that_is_bad_news_is_red() -> None:
    scale = colour_scale(figure("public_spending_change"),
                         _grid("public_spending_change", ((5.0, -1.0),), worse=True))  # fmt: skip
    assert (scale["min_color"], scale["max_color"]) == (GREEN, RED)
    assert (scale["min_value"], scale["max_value"]) == (-5.0, 5.0)


def test_an_unsigned_figure_gets_a_two_colour_scale_over_its_range() -> None:
    scale = colour_scale(figure("taken_patients"), _grid("taken_patients", ((5.0, 10.0),)))
    assert scale == {"type": "2_color_scale", "min_color": WHITE, "max_color": BLUE}


# ------------------------------------------------------- pbrkit sweep, end to end

ROOT = Path(__file__).resolve().parents[1]
AQP = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"
#: Two parameters: a capacity of 2 a bidder leaves a handful of people taken (a count
#: --publish must hide), 500 leaves hundreds; two shed rates.
TWO = ["--vary", "bidders.*.capacity=2,500", "--vary", "nhs.shed_rate=0,0.5"]
GRID_SHEETS = {
    "nhs_surplus_change": "Change in NHS surplus",
    "public_spending_change": "Change in public spending",
    "residue_cost_gap": "Residue cost gap (G)",
    "casemix_index": "Casemix index of the residue",
    "taken_patients": "People taken by bidders",
}


def _sweep(out: Path, *extra: str) -> tuple[Path, dict[str, Any]]:
    argv = ["sweep", str(AQP), *extra, "--draws", "3", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return _sweep(tmp_path_factory.mktemp("sweep") / "plain", *TWO)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return _sweep(tmp_path_factory.mktemp("sweep") / "published", *TWO, "--publish")


def _records(ws: Any, header_row: int, keys: list[str]) -> list[dict[str, Any]]:
    """A sheet's table from ``header_row`` (1-based) down, its columns ``keys``: their
    headers checked (two figures may share a label, so columns are read by place)."""
    assert [c.value for c in ws[header_row]] == [figure(k).header for k in keys]
    return [
        dict(zip(keys, row, strict=True))
        for row in ws.iter_rows(min_row=header_row + 1, values_only=True)
    ]


def _json_value(value: Any) -> Any:
    """What Excel holds for a summary.json value: a hidden figure (null) is ``*``; a
    number as XlsxWriter writes it, to 16 significant digits (the last one of 17 may go)."""
    if value is None:
        return "*"
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-15, abs=0)
    return value


@pytest.mark.parametrize("which", ["plain", "published"])
def test_the_grid_sheet_holds_summary_json_point_for_point(
    which: str, request: pytest.FixtureRequest
) -> None:
    out, summary = request.getfixturevalue(which)
    ws = openpyxl.load_workbook(out / "report.xlsx")["Grid"]
    rows = _records(ws, 2, list(summary["sweep"][0]))  # row 1: a note; row 2: the header
    assert len(rows) == len(summary["sweep"]) == 4
    for row, point in zip(rows, summary["sweep"], strict=True):
        for key, value in point.items():
            assert row[key] == _json_value(value), (key, row[key], value)


@pytest.mark.parametrize("which", ["plain", "published"])
def test_a_sheet_per_headline_figure_with_the_values_of_summary_json(
    which: str, request: pytest.FixtureRequest
) -> None:
    out, summary = request.getfixturevalue(which)
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == ["Summary", "Grid", *GRID_SHEETS.values(), "Run"]
    # By position (the capacity varies slowest): published, a capacity of 2 is itself
    # a hidden count (*), so the points cannot be found by their settings' values
    # (tests/test_fixleft_sweep_capacity.py).
    capacities = ["*", 500] if which == "published" else [2.0, 500.0]
    for key, sheet in GRID_SHEETS.items():
        ws = book[sheet]
        assert ws.freeze_panes == "B3"  # the parameters' values stay in view
        # (columns beyond D hold the chart's copy of a published grid: see below)
        columns = [c.value for c in ws[2]][1:3]
        assert columns == [0.0, 0.5]  # nhs.shed_rate across
        lines = list(ws.iter_rows(min_row=3, max_col=3, values_only=True))
        assert [line[0] for line in lines] == capacities
        for i, (_, *cells) in enumerate(lines):
            for j, cell in enumerate(cells):
                assert cell == _json_value(summary["sweep"][2 * i + j][key]), (sheet, i, j)


def test_each_grid_sheet_is_shaded_by_the_right_colour_scale(
    plain: tuple[Path, dict[str, Any]],
) -> None:
    book = openpyxl.load_workbook(plain[0] / "report.xlsx")
    for key, sheet in GRID_SHEETS.items():
        (rules,) = [cf.rules for cf in book[sheet].conditional_formatting]
        (rule,) = rules
        assert rule.type == "colorScale"
        points = rule.colorScale.cfvo
        if figure(key).signed:  # 3 colours, white at 0, symmetric
            assert [p.type for p in points] == ["num", "num", "num"]
            low, mid, high = (float(p.val) for p in points)
            assert (mid, low) == (0, -high) and high > 0, sheet
        else:  # 2 colours over the data's range
            assert [p.type for p in points] == ["min", "max"], sheet


def test_each_grid_sheet_has_its_chart(plain: tuple[Path, dict[str, Any]]) -> None:
    with zipfile.ZipFile(plain[0] / "report.xlsx") as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        line_charts = [n for n in charts if b"<c:lineChart>" in archive.read(n)]
    assert len(charts) == len(GRID_SHEETS)
    assert len(line_charts) == len(GRID_SHEETS)  # two parameters: a line per value of the 2nd


def test_published_sweep_shows_no_count_from_1_to_7(
    plain: tuple[Path, dict[str, Any]], published: tuple[Path, dict[str, Any]]
) -> None:
    counts = [k for k, f in registered().items() if f.unit is Unit.PEOPLE]
    # The plain run does hold such a count (else this test could not fail).
    assert any(1 <= p["taken_patients"] <= 7 for p in plain[1]["sweep"])
    book = openpyxl.load_workbook(published[0] / "report.xlsx")
    grid = _records(book["Grid"], 2, list(published[1]["sweep"][0]))
    shown = [r[k] for r in grid for k in counts if k in r]
    shown += [
        v for line in book["People taken by bidders"].iter_rows(min_row=3, max_col=3,
                                                                  values_only=True)
        for v in line[1:]
    ]  # fmt: skip
    assert "*" in shown
    assert all(v == "*" or (v % 5 == 0 and not 1 <= v <= 7) for v in shown), shown
    for point in published[1]["sweep"]:  # a hidden count hides the £ about those people
        if point["taken_patients"] is None:
            assert point["lost_contribution"] is None and point["nhs_surplus_change"] is None


def test_a_one_parameter_sweep_gets_grids_of_one_row_and_column_charts(
    tmp_path: Path,
) -> None:
    out, summary = _sweep(tmp_path / "one", "--vary", "nhs.shed_rate=0:1:3")
    book = openpyxl.load_workbook(out / "report.xlsx")
    ws = book["Change in NHS surplus"]
    assert [c.value for c in ws[2]] == ["nhs.shed_rate", 0.0, 0.5, 1.0]
    assert [c.value for c in ws[3]] == [
        "Change in NHS surplus",
        *(_json_value(p["nhs_surplus_change"]) for p in summary["sweep"]),
    ]
    assert ws.max_row == 3
    with zipfile.ZipFile(out / "report.xlsx") as archive:
        charts = [archive.read(n) for n in archive.namelist() if n.startswith("xl/charts/")]
    assert charts and all(b"<c:barChart>" in c for c in charts)


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_sweep_workbook_cleanly(
    published: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    conversion = convert(published[0] / "report.xlsx", "pdf", tmp_path / "pdf",
                         profile=tmp_path / "profile")  # fmt: skip
    assert conversion.problems() == [], conversion


def test_a_hidden_figure_is_a_gap_in_the_chart_not_a_point_at_zero(
    published: tuple[Path, dict[str, Any]],
) -> None:
    # Excel and LibreOffice plot text as 0: each chart must read cells that hold a
    # number or nothing, never the "*" of a hidden figure.
    path = published[0] / "report.xlsx"
    book = openpyxl.load_workbook(path)
    with zipfile.ZipFile(path) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/")]
    refs = [r for chart in xml for r in re.findall(r"<c:val><c:numRef><c:f>(.*?)</c:f>", chart)]
    assert len(refs) == 2 * len(GRID_SHEETS)  # a line for each of the two shed rates
    read = []
    for ref in refs:
        sheet, cells = ref.rsplit("!", 1)
        read += [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
    assert None in read  # the hidden points (capacity 2), as gaps
    assert all(v is None or isinstance(v, int | float) for v in read), read
    # Blanks are gaps (XlsxWriter's default, written as no dispBlanksAs element), and
    # the hidden columns are plotted (no plotVisOnly).
    assert not any("<c:dispBlanksAs" in chart or "<c:plotVisOnly" in chart for chart in xml)


def test_report_html_labels_the_points_as_swept(published: tuple[Path, dict[str, Any]]) -> None:
    # 0.0 in summary.json (a number); 0 on the page, as in the grids. The capacity is a
    # count of people: published, 2 is hidden (*) and 500 shown as 500
    # (tests/test_fixleft_sweep_capacity.py).
    page = (published[0] / "report.html").read_text(encoding="utf-8")
    table = page[page.index('data-table="sweep_shown"') :].split("</table>")[0]
    first_cells = re.findall(r"<tr><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>", table)
    assert first_cells == [("*", "0"), ("*", "0.5"), ("500", "0"), ("500", "0.5")]
    assert 'data-table="grid-taken_patients"' in page  # a heat-map and table per figure
