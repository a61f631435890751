"""Printed reports keep every column (issue 9, item 4).

Each report is printed to PDF by headless Chromium with its print stylesheet. Every
word of every table cell, header or figure, must be among the PDF's words
(``pdftotext -bbox``) as often as the tables hold it, and no word may lie off the
page. A column cut off by a scroll box loses its words or leaves a clipped stub
(``£6`` for ``£697,592``), which the first check catches; the header words alone
would not do, since "Cost" or "Surplus" also appear in sentences.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import find_chromium, print_to_pdf, run_chromium
from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
RATINGS = ROOT / "examples" / "ratings.xlsx"
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"

#: A word closer than this (in points) to the paper's edge is cut off.
EDGE_PT = 4.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None or shutil.which("pdftotext") is None,
        reason="needs Chromium and pdftotext",
    ),
]


class Cells(HTMLParser):
    """The text of every ``<th>`` and ``<td>`` in a page, whitespace collapsed."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self._cell = []
        elif tag in ("sub", "sup") and self._cell is not None:
            self._cell.append(" ")  # the PDF prints a subscript as a word of its own

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("sub", "sup") and self._cell is not None:
            self._cell.append(" ")
        if tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if text:
                self.cells.append(text)
                if tag == "th":
                    self.headers.append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def pdf_words(pdf: Path) -> tuple[list[tuple[str, float, float]], float]:
    """Every word of ``pdf`` as (text, xMin, xMax), and the page width in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    words = [
        (text, float(x0), float(x1))
        for x0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]
    return words, width


def tokens(text: str) -> list[str]:
    """Words as the PDF holds them: a word broken at a hyphen ("Non-" / "Psychotic")
    is two words there, so every word is split after a hyphen between letters."""
    return [t for w in text.split() for t in re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", w)]


def assert_prints_whole(report: Path, tmp_path: Path) -> None:
    page = Cells(report.read_text(encoding="utf-8"))
    assert page.headers, "the report has no tables"
    words, width = pdf_words(print_to_pdf(report, tmp_path / "report.pdf"))
    outside = [w for w, x0, x1 in words if x0 < EDGE_PT or x1 > width - EDGE_PT]
    assert not outside, f"words off the page: {outside[:20]}"
    # Every word of every cell must be printed at least as often as the tables hold it
    # (sentences elsewhere may add more). A clipped "£6" does not count as "£697,592".
    printed = Counter(t for w, _, _ in words for t in tokens(html.unescape(w)))
    wanted = Counter(t for cell in page.cells for t in tokens(cell))
    short = {word: n - printed[word] for word, n in wanted.items() if printed[word] < n}
    assert not short, f"table words missing from the PDF (word: times short): {short}"


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_cost_report_prints_every_column(tmp_path: Path) -> None:
    run("cost", str(CLUSTERS), "--years", "3", "--deflator", "0.01", "--out", str(tmp_path / "o"))
    assert_prints_whole(tmp_path / "o" / "report.html", tmp_path)


def test_cluster_report_prints_every_column(tmp_path: Path) -> None:
    run("cluster", str(RATINGS), "--out", str(tmp_path / "o"))
    assert_prints_whole(tmp_path / "o" / "report.html", tmp_path)


def test_tender_report_prints_every_column(tmp_path: Path) -> None:
    run("tender", str(CLUSTERS), "--draws", "20", "--out", str(tmp_path / "o"))
    assert_prints_whole(tmp_path / "o" / "report.html", tmp_path)


def test_sweep_report_prints_every_column(tmp_path: Path) -> None:
    out = tmp_path / "o"
    run(
        "sweep",
        str(SCENARIO),
        "--vary",
        "nhs.fixed_cost_share=0.2:0.8:3",
        "--draws",
        "3",
        "--out",
        str(out),
    )
    assert_prints_whole(out / "report.html", tmp_path)


# ------------------------------------------------------------------ 1280 px screen

#: Measures every scroll box after layout and writes the overflow into the DOM, so
#: ``--dump-dom`` can report it (the reports themselves carry no script).
MEASURE = """<script>
document.body.setAttribute("data-overflow", JSON.stringify(
  Array.from(document.querySelectorAll(".table-wrap")).map(
    w => [w.querySelector("th") ? w.querySelector("th").textContent : "",
          w.scrollWidth - w.clientWidth])));
</script>"""


def overflow_at(report: Path, tmp_path: Path, width: int) -> list[tuple[str, int]]:
    """(first header, pixels hidden behind a scroll bar) for each wide table at ``width``."""
    page = tmp_path / "measured.html"
    page.write_text(
        report.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
        encoding="utf-8",
    )
    run = run_chromium(page, "--dump-dom", f"--window-size={width},2000")
    found = re.search(r'data-overflow="([^"]*)"', run.stdout)
    assert found is not None, run.stderr[-2000:]
    return [(str(h), int(px)) for h, px in json.loads(html.unescape(found.group(1)))]


def test_tender_tables_fit_a_1280_pixel_screen(tmp_path: Path) -> None:
    run("tender", str(CLUSTERS), "--draws", "3", "--out", str(tmp_path / "o"))
    widths = overflow_at(tmp_path / "o" / "report.html", tmp_path, 1280)
    assert widths, "no wide tables measured"
    assert all(px <= 0 for _, px in widths), widths


def test_sweep_table_fits_a_1280_pixel_screen(tmp_path: Path) -> None:
    out = tmp_path / "o"
    run(
        "sweep", str(SCENARIO), "--vary", "nhs.fixed_cost_share=0.2:0.8:2",
        "--vary", "bidders.*.hurdle_margin=0:0.2:2", "--draws", "1", "--out", str(out),
    )  # fmt: skip
    widths = overflow_at(out / "report.html", tmp_path, 1280)
    assert widths and all(px <= 0 for _, px in widths), widths
