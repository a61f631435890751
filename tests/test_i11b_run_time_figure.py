"""Issue 11's "Done when": a tender figure added at run time is hidden under ``--publish``
in every output, not only summary.json, and survives ``--draws``.

tests/test_tender_document.py adds a figure (NHS cost of a person taken) to the
Residue table at run time and finds it in summary.json, report.xlsx and report.html,
but read only summary.json under ``--publish``, and ran one draw only: the issue's
first symptom was a new figure failing ``--draws 5`` with a KeyError, and a renderer
that wrote the figure's exact value past the published document would not have
been caught. This reads the published workbook and page too, and runs five draws.

On the example (docs/methodology.md §7, counts to 5, 1-7 hidden; money base £50,000):
  cluster 3: 1,221 people, 1,220 taken, 1 left: the 1 is hidden, and with it the
    1,220 (1,221 − 1,220 would give it back): the new figure is hidden, shown "*".
  cluster 5: 345 taken (published 345); NHS cost of those taken published £1,900,000;
    £1,900,000 ÷ 345 = £5,507.246… → £5,507.25 a person. (Cluster 1's £50,000 over 240,
    the example before, is now hidden by the closure as the smallest part of a line:
    docs/methodology.md §7.)
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from pbrkit.reports.figures import Figure
from run_time_figure import run_cli
from test_tender_document import CLUSTERS, NEW, new_figure  # noqa: F401  (a fixture)

LABEL = "Cost of a person taken (test)"


def _html_rows(html: str, label: str) -> dict[str, list[str]]:
    """The rows of report.html's table whose header names ``label``: each row's cells
    (text) by its first cell, the header's under "header"."""
    start = html.index(f">{label}</th>")
    table = html[html.rindex("<table", 0, start) : html.index("</table>", start)]
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in
                 re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]  # fmt: skip
        rows["header" if "<th" in row else cells[0]] = cells
    return rows


def test_published_workbook_and_page_hide_the_new_figure_with_its_count(
    new_figure: Figure,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "published"
    run_cli(["tender", str(CLUSTERS), "--publish"], out)
    book = openpyxl.load_workbook(out / "report.xlsx", data_only=True)
    ws = book["Residue"]
    headers = [c.value for c in ws[1]]
    col = headers.index(f"{LABEL} £") + 1
    taken = headers.index("People taken by bidders") + 1
    by_code = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(by_code[3], taken).value == "*" and ws.cell(by_code[3], col).value == "*"
    assert ws.cell(by_code[5], taken).value == 345
    assert ws.cell(by_code[5], col).value == pytest.approx(1_900_000 / 345)
    rows = _html_rows((out / "report.html").read_text(encoding="utf-8"), LABEL)
    at = rows["header"].index(LABEL)
    assert rows["3"][at] == "*"
    assert rows["5"][at] == "£5,507.25"


def test_the_new_figure_survives_several_draws(
    new_figure: Figure,  # noqa: F811
    tmp_path: Path,
) -> None:
    """With --draws 5 every residue figure is a median over the draws; the new one is
    in summary.json and the workbook, and still hidden with its count when published."""
    plain = run_cli(["tender", str(CLUSTERS), "--draws", "5"], tmp_path / "plain")
    assert all(NEW in row for row in plain["residue_by_cluster"])
    book = openpyxl.load_workbook(tmp_path / "plain" / "report.xlsx", data_only=True)
    assert f"{LABEL} £" in [c.value for c in book["Residue"][1]]
    published = run_cli(["tender", str(CLUSTERS), "--draws", "5", "--publish"], tmp_path / "p")
    hidden = [row for row in published["residue_by_cluster"] if row["taken_patients"] is None]
    assert hidden and all(row[NEW] is None for row in hidden)
