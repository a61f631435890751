"""report.html (README, Outputs): one self-contained file, the same figures as summary.json,
input text escaped — checked as text and as headless Chromium renders it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from browser import (
    dump_dom,
    external_page_requests,
    find_chromium,
    load_with_net_log,
    png_size,
    print_to_pdf,
    screenshot,
)
from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
REFERENCE = ROOT / "tariffs" / "illustrative-2014-15"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HEADLINES = ("income", "cost", "surplus", "cross_subsidy")

chromium_missing = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)


def gbp(value: float) -> str:
    """£ as a reader sees it: ``£44,893,257``, ``-£1,558,807``."""
    return f"{'-' if value < 0 else ''}£{abs(value):,.0f}"


def run_cost(workbook: Path, out: Path, *options: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["cost", str(workbook), "--out", str(out), *options], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The example over five years: (report.html, summary.json)."""
    out = tmp_path_factory.mktemp("html") / "out"
    summary = run_cost(EXAMPLE, out, "--years", "5", "--deflator", "0.018", "--inflation", "0.025")
    return out / "report.html", summary


@pytest.fixture(scope="module")
def html(run: tuple[Path, dict[str, Any]]) -> str:
    return run[0].read_text(encoding="utf-8")


class Page(HTMLParser):
    """The bits of a report the tests read: data-figure texts and table rows."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, str] = {}
        self.tables: list[list[list[str]]] = []
        self.elements: list[str] = []
        self._figure: str | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        named = dict(attrs)
        if "data-figure" in named:
            self._figure = named["data-figure"]
            self.figures[self._figure or ""] = ""
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._span = int(named.get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self.tables[-1][-1].extend([""] * (self._span - 1))  # keep columns aligned
            self._cell = None
        elif tag == "div":
            self._figure = None

    def handle_data(self, data: str) -> None:
        if self._figure is not None:
            self.figures[self._figure] += data.strip()
        if self._cell is not None:
            self._cell.append(data)


# ---------------------------------------------------------------------- the file itself


def test_self_contained(html: str) -> None:
    lowered = html.lower()
    for needle in ("<script", "@import", "<link", "<iframe", "<object", "<embed", "<base"):
        assert needle not in lowered, needle
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    # Whatever is referenced is inside the file: SVG fragments or data: URIs.
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html, re.I)
    references += re.findall(r"""url\(\s*["']?([^)"']*)""", html, re.I)
    outside = [r for r in references if not r.startswith(("#", "data:"))]
    assert not outside, outside
    assert "<svg" in html  # the charts are inline


def test_headline_figures(html: str, run: tuple[Path, dict[str, Any]]) -> None:
    totals = run[1]["totals"]
    figures = Page(html).figures
    for key in HEADLINES:
        assert figures[key] == gbp(totals[key]), key
    assert figures["service_users"] == f"{totals['service_users']:,.0f}"
    assert gbp(totals["income"]) == "£44,893,257"  # the example's income, as people read it


def test_cluster_table_agrees_with_summary_json(
    html: str, run: tuple[Path, dict[str, Any]]
) -> None:
    table = next(t for t in Page(html).tables if t and t[0][:2] == ["Cluster", "Name"])
    header, *body = table
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    for item in run[1]["clusters"]:
        row = rows[str(item["cluster"])]
        assert row["Income"] == gbp(item["income"]), item["cluster"]
        assert row["Cost"] == gbp(item["cost"]), item["cluster"]
        assert row["Surplus"] == gbp(item["surplus"]), item["cluster"]
    assert rows["Total"]["Surplus"] == gbp(run[1]["totals"]["surplus"])


def test_illustrative_banner_and_provenance(html: str, run: tuple[Path, dict[str, Any]]) -> None:
    banner = re.search(r'<div class="banner"[^>]*>(.*?)</div>', html, re.S)
    assert banner is not None
    text = re.sub(r"<[^>]+>", "", banner.group(1)).lower()
    assert "illustrative" in text
    assert "not official figures" in text
    footer = html[html.index("<footer") :]
    assert "illustrative-2014-15 (illustrative)" in footer
    assert run[1]["inputs"][0]["sha256"] in footer


def test_plain_english_summary_comes_before_the_tables(html: str) -> None:
    assert html.index('class="findings"') < html.index("<table")
    assert "@media print" in html


# ----------------------------------------------------------------------- HTML injection


@pytest.fixture
def hostile_html(tmp_path: Path, tmp_workbook: Callable[..., Path]) -> Path:
    """A run whose team, extra column and cluster names are HTML."""
    ref = tmp_path / "ref"
    shutil.copytree(REFERENCE, ref)
    (ref / "set.toml").write_text(
        f"name = 'hostile'\nstatus = 'illustrative'\ntitle = '{IMG}'\n", encoding="utf-8"
    )
    with (ref / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        clusters = list(csv.reader(handle))
    for row in clusters[1:]:
        if row[0] == "1":
            row[1] = SCRIPT
        elif row[0] == "2":
            row[1] = IMG
    with (ref / "clusters.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(clusters)
    rows = [
        {"team": SCRIPT, "cluster": 1, "service_users": 10, "cluster_days": 900, SCRIPT: IMG},
        {"team": IMG, "cluster": 2, "service_users": 10, "cluster_days": 900, SCRIPT: SCRIPT},
    ]
    workbook = tmp_workbook({"caseload": rows}, name="hostile.xlsx")
    run_cost(workbook, tmp_path / "out", "--reference", str(ref))
    return tmp_path / "out" / "report.html"


def test_input_text_is_escaped(hostile_html: Path) -> None:
    text = hostile_html.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert {"script", "img"}.isdisjoint(Page(text).elements)


# ---------------------------------------------------------------------- headless Chromium


@pytest.mark.slow
@chromium_missing
def test_rendered_page_shows_the_figures_and_makes_no_request(
    run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    dom, requests = load_with_net_log(run[0], tmp_path / "net.json")
    figures = Page(dom).figures
    for key in HEADLINES:
        assert figures[key] == gbp(run[1]["totals"][key]), key
    assert external_page_requests(requests) == []


@pytest.mark.slow
@chromium_missing
def test_net_log_check_catches_a_page_request(tmp_path: Path) -> None:
    """Control: the no-request check above does see a request the page makes."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><p>x</p><img src="http://pbrkit-canary.invalid/a.png">'
        '<div style="background:url(https://pbrkit-canary.invalid/b.png)">y</div>',
        encoding="utf-8",
    )
    _, requests = load_with_net_log(page, tmp_path / "net.json")
    urls = {r.url for r in external_page_requests(requests)}
    assert "http://pbrkit-canary.invalid/a.png" in urls


@pytest.mark.slow
@chromium_missing
def test_hostile_names_stay_text_when_rendered(hostile_html: Path) -> None:
    dom = dump_dom(hostile_html)
    assert {"script", "img"}.isdisjoint(Page(dom).elements)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


@pytest.mark.slow
@chromium_missing
def test_screenshot(run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    png = screenshot(run[0], tmp_path / "report.png", width=1280, height=2400)
    assert png_size(png) == (1280, 2400)
    assert png.stat().st_size > 50_000  # a blank page compresses to a few kB


@pytest.mark.slow
@chromium_missing
def test_prints_to_pdf(run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    pdf = print_to_pdf(run[0], tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2
