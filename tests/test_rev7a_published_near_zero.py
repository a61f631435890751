"""Under --publish, a surplus or cross-subsidy that rounds to £0 is not said as £0 (rev7a).

Found in review rev7a: a small caseload run with --publish said "a surplus of £0"
(report.html, summary.pdf and the terminal) where the true balance was a deficit, and
"No cluster makes a surplus, so nothing pays for the losses: there is no cross-subsidy"
where one cluster made a surplus: both totals were below half the £50,000 rounding base,
so both were published as £0. The losses beside them were already said as "less than
£25k in all"; the balance and the cross-subsidy are now said the same way.

Hand-worked (illustrative-2014-15):
  cluster 3, 12 people, 2,100 days of which 10 admitted, per_episode £1,747.20 with
  review period 182 days, admitted day £355: income = 1,747.20 × 2,100 ÷ 182 + 355 × 10
  = 20,160 + 3,550 = £23,710; cost £19,029.88: a surplus of £4,680.12;
  cluster 13, 6 people, 2,000 days of which 300 admitted, per_year £6,205, admitted day
  £370: income = 6,205 × 2,000 ÷ 365 + 370 × 300 = 34,000 + 111,000 = £145,000; cost
  £152,539.12: a deficit of £7,539.12;
  in all a deficit of 4,680.12 − 7,539.12 = £2,859.00 and a cross-subsidy (cluster 3's
  surplus) of £4,680.12, both under £25,000 and published as £0.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "caseload"
    ws.append(["cluster", "service_users", "cluster_days", "admitted_days"])
    ws.append([3, 12, 2_100, 10])
    ws.append([13, 6, 2_000, 300])
    book.save(path)
    return path


def _run(tmp_path: Path, name: str, *extra: str) -> tuple[dict[str, object], str]:
    out = tmp_path / name
    args = ["cost", str(_workbook(tmp_path / "near-zero.xlsx")), "--out", str(out), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "summary.json").read_text())), result.stdout


def _findings(path: Path) -> str:
    items = re.findall(r"<li>(.*?)</li>", path.read_text(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", item)) for item in items)


def test_a_balance_and_a_cross_subsidy_under_half_the_base_are_not_said_as_zero(
    tmp_path: Path,
) -> None:
    exact, _ = _run(tmp_path, "exact")
    totals = exact["totals"]
    assert isinstance(totals, dict)
    assert round(totals["surplus"], 2) == -2_859.00  # a deficit
    assert round(totals["cross_subsidy"], 2) == 4_680.12  # cluster 3's surplus
    summary, printed = _run(tmp_path, "published", "--publish")
    published = summary["totals"]
    assert isinstance(published, dict)
    assert (published["surplus"], published["cross_subsidy"]) == (0, 0)
    findings = _findings(tmp_path / "published" / "report.html")
    for text in (findings, " ".join(printed.split())):
        assert "a surplus of £0" not in text
        assert "make £0" not in text
        assert "within £25k of breaking even" in text
    assert "No cluster makes a surplus" not in findings
    assert "make less than £25k in all" in findings


def test_a_projection_from_a_balance_published_as_zero_says_so(tmp_path: Path) -> None:
    # Year 0 published as £0 (the deficit of £2,859 above); a 2.5% inflation over one
    # year moves cost by about £4,300, so year 1 rounds to £0 too (£150,000 − £150,000).
    summary, _ = _run(tmp_path, "years", "--publish", "--years", "2", "--inflation", "2.5%")
    projection = summary["projection"]
    assert isinstance(projection, list)
    assert [year["surplus"] for year in projection] == [0, 0]
    findings = _findings(tmp_path / "years" / "report.html")
    assert "surplus of £0" not in findings
    assert (
        "the 2024/25 balance within £25k of breaking even becomes a balance within £25k of "
        "breaking even by 2025/26"
    ) in findings
