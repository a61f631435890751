"""The HTML Assumptions tables show the v2 inputs a reader needs to judge the result."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _headers(html: str) -> list[list[str]]:
    heads = re.findall(r"<thead>(.*?)</thead>", html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", h)]
        for h in heads
    ]


def test_pools_bidders_and_lots_show_the_v2_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    headers = _headers(html)
    assert any(h[0] == "Cost pool" and "Serves people taken" in h for h in headers)
    assert any(h[0] == "Bidder" and "Recharge" in h for h in headers)
    assert any(h[0] == "Lot" and {"Allocation", "Pricing"} <= set(h) for h in headers)
    # The example marks beds, AMHP and crisis as serving the people taken.
    row = re.search(r"Approved mental health professional.*?</tr>", html, re.S)
    assert row is not None and row.group(0).endswith("<td>yes</td></tr>")
    assert "best value" in html and "second score" in html


def test_a_variable_pool_shows_no_shed_rate(tmp_path: Path) -> None:
    # Review 10: a variable pool was listed with a shed rate (the default 25%, or, in the
    # example, community team staffing's 100.0%), which s never uses: it weighs the
    # fixed pools alone (methodology §6).
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<t[dh][^>]*>Community team staffing.*?</tr>", html, re.S)
    assert row is not None
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(0))
    ]
    assert cells[2:4] == ["variable", "–"], cells
    fixed = re.search(r"<tr>\s*<t[dh][^>]*>Estates &amp; overheads.*?</tr>", html, re.S)
    assert fixed is not None and "25.0%" in fixed.group(0)
