"""explore.html: a hidden headline figure claims no range over the draws.

Found by opening explore.html of `pbrkit explore --publish` (a small trust of my own,
bidders' capacity 2, 10, 30) in headless Chromium: at capacity 2 every headline card
read "*" and, under it, "The same in at least 9 draws out of 10 (5th–95th percentile)":
the page compared the text of the two hidden percentiles ("*" = "*") and so claimed a
certainty about figures it does not show.

The workbook is tests/test_review9b_sweep_percentiles.py's: at capacity 3 the bidder
takes 3 people (hidden) and leaves 23 (hidden with them); at capacity 10 it takes 10.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import dump_dom, find_chromium
from pbrkit.cli import cli
from test_review9b_sweep_percentiles import scenario  # noqa: F401  (a fixture)

chromium_missing = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def page(scenario: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("explore")
    args = ["explore", str(scenario), "--vary", "bidders.*.capacity=3,10", "--publish"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "explore.html"


def _cards(dom: str) -> dict[str, str]:
    """Each headline card's figure → the card's text after its value."""
    card = r'data-figure="(\w+)">([^<]*)</div>(.*?)</div>\s*(?=<div class="card"|</div>)'
    cards = re.findall(card, dom, re.S)
    return {key: value + " | " + re.sub(r"<[^>]+>", "", rest) for key, value, rest in cards}


@chromium_missing
def test_a_hidden_figure_claims_no_range(page: Path) -> None:
    # Capacity 3 is itself a hidden count, so its slider setting reads * (fixleft).
    cards = _cards(dump_dom(page, fragment="bidders.*.capacity=*"))
    assert cards and all(text.startswith("* |") for text in cards.values()), cards
    for text in cards.values():
        assert "draws out of 10" not in text and "percentile" not in text, text
    # A shown figure keeps its range sentence: 16 left (26 − 10 taken) in every draw,
    # published as 15.
    shown = _cards(dump_dom(page, fragment="bidders.*.capacity=10"))
    assert shown["residue_patients"].startswith("15 |")
    # The scenario's 3 draws are too few for "at least 9 draws out of 10" (review 10).
    assert "The same at the 5th and 95th percentiles of the 3 draws." in shown["residue_patients"]
    # The 10 taken are all cluster 1's, whose taken count is hidden, and cluster 11's 0
    # is shown: the total taken would give the hidden one back, so it is hidden too
    # (rev12, 4351465: the clusters' counts are a line with the page's totals).
    assert shown["taken_patients"].startswith("* |")
    assert "percentile" not in shown["taken_patients"]
