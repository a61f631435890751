"""Published report.xlsx: no chart plots a hidden (`*`) cell (fixleft item 5).

Excel and LibreOffice plot a text cell in a chart's value range as 0, so a hidden
figure drawn from its `*` cell is a false figure: a point or bar at £0. Found on a
published three-year tender: the Years sheet's chart of the residue's cost and payment
a head read the year rows, whose later years are `*` (tests/test_fixleft_years_publish),
and drew years 2 and 3 at £0. The grid sheets of a sweep already charted from a
hidden copy with blanks (render/excel_grid._chart_source); every other chart now does
the same: its values are read from hidden columns where a hidden figure is an empty
cell, and the chart shows empty cells as gaps.

The test reads each chart's XML inside the xlsx: every value range (c:val) must hold
only numbers or empty cells, and a chart with an empty cell must show it as a gap
(dispBlanksAs "gap", the default xlsxwriter leaves unwritten; LibreOffice's rendering
of the published Years chart, converted to PDF and PNG, was checked by eye: years 2
and 3 are not drawn).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from openpyxl.utils import range_boundaries

from pbrkit.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in z.namelist()
                if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]  # fmt: skip


def _plotted(book: openpyxl.Workbook, ref: str) -> list[object]:
    sheet, cells = ref.rsplit("!", 1)
    ws = book[sheet.strip("'").replace("''", "'")]
    low_col, low_row, high_col, high_row = range_boundaries(cells.replace("$", ""))
    return [ws.cell(r, c).value for r in range(low_row, high_row + 1)
            for c in range(low_col, high_col + 1)]  # fmt: skip


def _check(path: Path) -> int:
    """The number of charts checked; fails on a chart plotting text."""
    book = openpyxl.load_workbook(path)
    charts = _charts(path)
    for xml in charts:
        for val in re.findall(r"<c:val>.*?</c:val>", xml, flags=re.S):
            ref = re.search(r"<c:f>(.*?)</c:f>", val)
            assert ref is not None
            values = _plotted(book, ref.group(1).replace("&apos;", "'"))
            assert all(v is None or isinstance(v, int | float) for v in values), (ref, values)
            if any(v is None for v in values):  # gaps: xlsxwriter omits the default "gap"
                shown = re.search(r'<c:dispBlanksAs val="(\w+)"/>', xml)
                assert shown is None or shown.group(1) == "gap", ref
    return len(charts)


def _run(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / args[0]
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--publish"])
    assert result.exit_code == 0, result.output
    return out / "report.xlsx"


def test_published_tender_years_chart_leaves_hidden_years_out(tmp_path: Path) -> None:
    path = _run(tmp_path, "tender", str(EXAMPLES / "clusters.xlsx"), "--years", "3")
    assert _check(path) >= 1
    years = openpyxl.load_workbook(path)["Years"]
    assert any(c.value == "*" for row in years.iter_rows() for c in row)  # hidden years


def test_published_cost_and_cluster_charts_plot_no_text(tmp_path: Path) -> None:
    assert _check(_run(tmp_path, "cost", str(EXAMPLES / "clusters.xlsx"))) >= 1
    assert _check(_run(tmp_path, "cluster", str(EXAMPLES / "ratings.xlsx"))) >= 0
