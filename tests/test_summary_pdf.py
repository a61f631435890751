"""summary.pdf: one A4 page per run, its figures as report.html shows them, the same
bytes twice under SOURCE_DATE_EPOCH, and the published figures under --publish."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.reports.document import Document
from pbrkit.reports.figures import figure
from pbrkit.reports.render import html, pdf
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from pbrkit.workflows.cluster import run_cluster
from pbrkit.workflows.cost import run_cost
from pbrkit.workflows.tender import run_sweep, run_tender

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
RATINGS = ROOT / "examples" / "ratings.xlsx"
SPLIT = ROOT / "examples" / "scenarios" / "probation-style-split.toml"
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
    return words(unescape(re.sub(r"<[^>]+>", "", fragment)))


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


def written(writers: dict[str, Any], folder: Path, *names: str) -> dict[str, Path]:
    """Write the named reports of a run's writers into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        writers[name](folder / name)
    return {name: folder / name for name in names}


def page_values(path: Path, tmp_path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return pages(data, tmp_path)[0], words(pdf_text(data, tmp_path))


def html_figure(page: str, key: str) -> str:
    """A headline figure as report.html shows it (its ``data-figure`` element)."""
    found = re.search(rf'data-figure="{key}">([^<]*)<', page)
    assert found is not None, key
    return found.group(1)


def test_cluster_page(tmp_path: Path) -> None:
    files = written(run_cluster(RATINGS).writers(), tmp_path / "out",
                    "summary.pdf", "summary.json", "report.html")  # fmt: skip
    count, text = page_values(files["summary.pdf"], tmp_path)
    assert count == 1
    allocation = json.loads(files["summary.json"].read_text("utf-8"))["allocation"]
    page = files["report.html"].read_text("utf-8")
    for key in ("patients", "agreement", "kappa", "superclass_agreement", "money_at_stake"):
        shown = figure(key).html(allocation[key])  # summary.json's value, as shown
        assert shown == html_figure(page, key)
        assert f" {shown} " in f" {text} ", key
    # on the example: 2,000 patients, 37.8% agreement, kappa 0.34, 77.4%, £369,488
    assert "2,000 37.8% 0.34 77.4% £369,488" in text
    assert "Patients by the cluster their ratings suggest" in text


def test_tender_page(tmp_path: Path) -> None:
    files = written(run_tender(CLUSTERS, draws=2).writers(), tmp_path / "out",
                    "summary.pdf", "summary.json", "report.html")  # fmt: skip
    count, text = page_values(files["summary.pdf"], tmp_path)
    assert count == 1
    residue = json.loads(files["summary.json"].read_text("utf-8"))["residue"]
    page = files["report.html"].read_text("utf-8")
    for key in ("taken_patients", "residue_patients", "nhs_surplus_before",
                "nhs_surplus_after", "nhs_surplus_change"):  # fmt: skip
        shown = figure(key).html(residue[key])
        assert shown == html_figure(page, key)
        assert f" {shown} " in f" {text} ", key
    assert "How the NHS surplus changes" in text


def test_tender_waterfall_adds_up() -> None:
    document = run_tender(CLUSTERS, draws=1).document()
    steps = [row["waterfall_amount"] for row in document.table("waterfall").rows]
    residue = document.headline().values
    # before + (−taken margin) + kept + (−stranded) = after (methodology §6.5)
    assert steps[0] == residue["nhs_surplus_before"]
    assert steps[-1] == residue["nhs_surplus_after"]
    assert sum(steps[:-1]) == pytest.approx(steps[-1], abs=0.01)


def test_sweep_page(tmp_path: Path) -> None:
    run = run_sweep(SPLIT, ["nhs.fixed_cost_share=0.2:0.8:3"], draws=1)
    files = written(run.writers(), tmp_path / "out", "summary.pdf", "summary.json")
    count, text = page_values(files["summary.pdf"], tmp_path)
    assert count == 1
    grid = json.loads(files["summary.json"].read_text("utf-8"))["sweep"]
    change = [row["nhs_surplus_change"] for row in grid]
    public = [row["public_cost_change"] for row in grid]
    for key, value in (("nhs_surplus_change_lowest", min(change)),
                       ("nhs_surplus_change_highest", max(change)),
                       ("public_cost_change_lowest", min(public)),
                       ("public_cost_change_highest", max(public))):  # fmt: skip
        assert f" {figure(key).html(value)} " in f" {text} ", key
    # the key figures' row: 3 settings, then the lowest change in the NHS surplus
    assert f" 3 {figure('nhs_surplus_change_lowest').html(min(change))} " in text
    assert "As nhs.fixed_cost_share varies" in text


def test_published_tender_page_shows_the_published_counts(tmp_path: Path) -> None:
    exact = run_tender(CLUSTERS, draws=1).accounts.result.residue["residue_patients"]
    run = run_tender(CLUSTERS, draws=1, publish=NHSD_HES_2018)
    files = written(run.writers(), tmp_path / "out", "summary.pdf", "summary.json")
    _, text = page_values(files["summary.pdf"], tmp_path)
    residue = json.loads(files["summary.json"].read_text("utf-8"))["residue"]
    # published: rounded to the nearest 5 (3,781 on the example → 3,780)
    assert residue["residue_patients"] % 5 == 0
    assert f" {figure('residue_patients').html(residue['residue_patients'])} " in text
    if exact % 5:
        assert f" {figure('residue_patients').html(exact)} " not in text
    assert "PUBLISHED: Published with small-number suppression" in text


def test_published_cluster_page_hides_what_summary_json_hides(tmp_path: Path) -> None:
    run = run_cluster(RATINGS, publish=NHSD_HES_2018)
    files = written(run.writers(), tmp_path / "out", "summary.pdf", "summary.json")
    _, text = page_values(files["summary.pdf"], tmp_path)
    assert "PUBLISHED: Published with small-number suppression" in text
    counts = json.loads(files["summary.json"].read_text("utf-8"))["allocation"]["counts"]
    shown = {row["cluster"]: row["suggested"] for row in run.document().table("counts").rows}
    hidden = [c for c in counts if not isinstance(c["suggested"], int | float)]
    assert hidden, "the example has clusters of 1 to 7 patients: hidden when published"
    for row in counts:
        value = shown[row["cluster"]]
        if row in hidden:
            assert value is SUPPRESSED  # no bar is drawn for it
        else:
            assert value == row["suggested"] and value % 5 == 0


@given(st.lists(st.text(alphabet="abcdefghij £,.-", min_size=1, max_size=14), max_size=40),
       st.sampled_from([7.0, 8.0, 9.0]), st.floats(min_value=1.0, max_value=7.0))  # fmt: skip
@settings(max_examples=60, deadline=None)
def test_wrap_keeps_every_word_in_order_within_the_width(
    words_in: list[str], size: float, width: float
) -> None:
    text = " ".join(words_in)
    lines = pdf.wrap(text, size, width)
    # Every word in order; a word wider than the width cut into pieces (rev12), so
    # the letters are compared, and every line fits.
    assert "".join(" ".join(lines).split()) == "".join(text.split())
    if all(pdf.text_width(word, size) <= width for word in text.split()):
        assert " ".join(lines).split() == text.split()
    for line in lines:
        assert pdf.text_width(line, size) <= width


@given(st.lists(st.text(alphabet="abc def", min_size=1, max_size=300), min_size=1, max_size=8),
       st.floats(min_value=0.5, max_value=6.0))  # fmt: skip
@settings(max_examples=40, deadline=None)
def test_findings_fit_their_room_and_keep_their_order(sentences: list[str], room: float) -> None:
    size, shown = pdf.fit_findings(sentences, room)
    assert 7.5 <= size <= 9
    if shown == sentences:
        return  # all of them, at the largest size that fits (or the smallest)
    kept = [s for s in shown if not s.startswith("… and ")]
    assert kept == sentences[: len(kept)]  # the first ones, in order
    more = len(sentences) - len(kept)
    assert shown[-1].startswith(f"… and {more} more finding") or len(kept) == 1


_WORDS = st.sampled_from(
    [
        "the",
        "NHS",
        "surplus",
        "falls",
        "in",
        "100.0%",
        "of",
        "runs;",
        "£1,234",
        "a",
        "head",
        "–",
        "“quoted”",
        "-£18.5m",
        "(median)",
        "WWWWW",
        "iiiii",
        "cluster",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(_WORDS, min_size=1, max_size=40),
    size=st.sampled_from([7.0, 8.0, 8.5, 9.0, 15.0]),
    width=st.floats(0.3, 7.5),
    bold=st.booleans(),
)
def test_wrap_breaks_where_measuring_each_whole_line_would(
    words: list[str], size: float, width: float, bold: bool
) -> None:
    # wrap() adds up each word's width and the spaces'; measuring every growing line
    # whole (the slow way) must give the same lines.
    text = " ".join(words)
    slow: list[str] = []
    for word in (piece for whole in words for piece in _cut_slowly(whole, size, width, bold)):
        if slow and pdf.text_width(f"{slow[-1]} {word}", size, bold=bold) <= width:
            slow[-1] = f"{slow[-1]} {word}"
        else:
            slow.append(word)
    assert pdf.wrap(text, size, width, bold=bold) == slow


def _cut_slowly(word: str, size: float, width: float, bold: bool) -> list[str]:
    """A word wider than ``width`` in the longest pieces that fit, each measured whole
    (rev12: wrap cuts such a word rather than let it run off the page)."""
    pieces = [""]
    for letter in word:
        if pieces[-1] and pdf.text_width(pieces[-1] + letter, size, bold=bold) > width:
            pieces.append("")
        pieces[-1] += letter
    return pieces


def test_a_what_if_run_says_so_on_its_page(tmp_path: Path) -> None:
    # report.html opens a what-if run with a banner naming its levers; the one page a
    # board sees must say so too, in the same words (found in review4: it did not).
    from pbrkit.levers import Levers, parse_changes

    levers = Levers(tariff=parse_changes(["5%"], "--tariff-change"))
    document = run_cost(CLUSTERS, levers=levers).document()
    text = words(pdf_text(pdf.render(document), tmp_path)).lower()
    assert "what-if: these figures use changed prices or costs" in text
    test_the_banners_say_what_report_html_says(document, tmp_path)


def test_an_illustrative_grid_says_so_on_the_page(tmp_path: Path) -> None:
    document = run_cluster(RATINGS).document()
    text = words(pdf_text(pdf.render(document), tmp_path)).lower()
    assert "illustrative grid:" in text
    test_the_banners_say_what_report_html_says(document, tmp_path)
