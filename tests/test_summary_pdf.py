"""summary.pdf: one A4 page per run, its figures as report.html shows them, the same
bytes twice under SOURCE_DATE_EPOCH, and the published figures under --publish."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from pbrkit.reports.document import Document
from pbrkit.reports.render import html, pdf
from pbrkit.reports.suppression import NHSD_HES_2018
from pbrkit.workflows.cost import run_cost

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)  # type: ignore[union-attr]
    return count, size


def words(text: str) -> str:
    """Text with runs of white space as one space (pdftotext lays lines out)."""
    return " ".join(text.split())


def html_text(fragment: str) -> str:
    return words(re.sub(r"<[^>]+>", "", fragment))


def check_page(document: Document, tmp_path: Path) -> str:
    """One A4 page whose text holds each key figure as report.html shows it."""
    data = pdf.render(document)
    count, size = pages(data, tmp_path)
    assert count == 1
    assert size.startswith("595.") and "x 841." in size, size  # A4 portrait, in points
    text = pdf_text(data, tmp_path)
    page = html.render(document)
    for label, value, _ in pdf.key_figures(document):
        # report.html's headline shows the figure with the same text
        assert f">{value}</div>" in page, (label, value)
        assert value in text, (label, value)
    return text


@pytest.fixture(scope="module")
def cost_document() -> Document:
    return run_cost(CLUSTERS).document()


def test_cost_page_is_one_a4_page_with_the_headline_figures(
    cost_document: Document, tmp_path: Path
) -> None:
    text = check_page(cost_document, tmp_path)
    shown = cost_document.headline().shown
    # The first five figures the report shows: income, cost, surplus, cross-subsidy, loss.
    assert [label for label, _, _ in pdf.key_figures(cost_document)] == [
        pdf.figure(k).label for k in shown[:5]
    ]
    assert "Cost, income and surplus by care cluster" in text
    assert "Surplus (deficit) by cluster" in text  # the main chart's title
    assert "clusters.xlsx (SHA-256 " in text
    flat = words(text)
    for sentence in pdf.findings(cost_document):
        assert words(sentence)[:60] in flat


def test_the_banners_say_what_report_html_says(cost_document: Document, tmp_path: Path) -> None:
    text = words(pdf_text(pdf.render(cost_document), tmp_path)).lower()
    page = html.render(cost_document)
    for found in re.finditer(r'<div class="banner[^"]*" role="note"[^>]*>(.*?)</div>', page, re.S):
        assert html_text(found.group(1)).lower() in text


def test_same_run_twice_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = pdf.render(run_cost(CLUSTERS).document())
    second = pdf.render(run_cost(CLUSTERS).document())
    assert first == second
    assert b"D:20231114221320" in first  # the creation date is the run's, not the clock's


def test_published_page_shows_the_published_banner_and_figures(tmp_path: Path) -> None:
    document = run_cost(CLUSTERS, publish=NHSD_HES_2018).document()
    text = words(check_page(document, tmp_path))
    assert "PUBLISHED: Published with small-number suppression" in text
    assert "NOT FOR PUBLICATION" not in text
