"""explore.html opens with the reports' own banners, and reads a range that does not
move over the draws as one value.

Found in review 6: the explorer kept an older copy of the banners ("prices and care
packages … are illustrative", whatever the run took from the set, and a different
"Not for publication" box), and showed "5th–95th percentile over draws: -£5,165,251
to -£5,165,251" where every draw gave the same figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import dump_dom, find_chromium
from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "probation-style-split.toml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("explore-banners")
    made = {}
    for name, command in (("explore", ["explore", str(SCENARIO), "--vary",
                                       "nhs.fixed_cost_share=0.2:0.6:2"]),
                          ("tender", ["tender", str(SCENARIO.parents[1] / "clusters.xlsx"),
                                      "--scenario", str(SCENARIO)])):  # fmt: skip
        result = CliRunner().invoke(
            cli, [*command, "--draws", "5", "--seed", "7", "--out", str(base / name)]
        )
        assert result.exit_code == 0, result.output
        made[name] = base / name / ("explore.html" if name == "explore" else "report.html")
    return made


def _banners(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return [
        " ".join(b.split()) for b in re.findall(r'<div class="banner[^>]*>(.*?)</div>', html, re.S)
    ]


def test_the_explorer_opens_with_the_reports_banners(pages: dict[str, Path]) -> None:
    explorer, report = _banners(pages["explore"]), _banners(pages["tender"])
    assert explorer == report
    assert any("tariff prices, care packages and unit costs" in b for b in explorer)
    assert 'class="banner not-for-publication"' in pages["explore"].read_text(encoding="utf-8")


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
def test_a_range_every_draw_shares_reads_as_one_value(pages: dict[str, Path]) -> None:
    # The split scenario's bidders take whole clusters: every draw takes the same people.
    dom = dump_dom(pages["explore"], fragment="nhs.fixed_cost_share=0.6")
    # 5 draws: too few for "at least 9 draws out of 10" (review 10), so it says what it is.
    assert "The same at the 5th and 95th percentiles of the 5 draws." in dom
    same = r'over draws: <span class="nowrap">([^<]+)</span> to <span class="nowrap">\1</span>'
    assert not re.search(same, dom)
