"""Hostile review (round 14, review3): a published costing's first finding printed a
margin the tables hide.

Worked case (the illustrative prices, MFF 1, no tariff sheet): cluster 1, 40 people,
3,360 days, 40 episodes at £357 = £14,280; cluster 3, 25 people, 4,000 days at
£1,747.20 per 182-day episode = £38,400; cluster 5, 1 person, 200 days at £18 = £3,600;
income £56,280, the surplus some £13,000-14,000 (modelled cost). Published (£ rounded
to £50,000): income £50,000 and surplus £0, so the finding said "a surplus of £0 (0.0%
of income)", while every table hides the margin (*): a surplus of £0 ± £25,000 over
£50,000 ± £25,000 could be anything from −100% to +100%, and the true margin is about
25%. The finding now takes the margin the clusters table's total shows, and says none
where that is hidden; unpublished, it is the same surplus ÷ income as before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(["cluster", "service_users", "cluster_days"])
    sheet.append([1, 40, 3360])
    sheet.append([3, 25, 4000])
    sheet.append([5, 1, 200])
    path = tmp_path / "trust.xlsx"
    book.save(path)
    return path


def first_finding(out: Path) -> str:
    html = (out / "report.html").read_text(encoding="utf-8")
    found = re.search(r"<li>(Across [^<]*)</li>", html)
    assert found, html[:2000]
    return found.group(1)


def test_a_published_finding_shows_no_hidden_margin(tmp_path: Path) -> None:
    out = tmp_path / "published"
    result = CliRunner().invoke(
        cli, ["cost", str(workbook(tmp_path)), "--publish", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["income"] == 50000.0 and summary["totals"]["surplus"] == 0.0
    sentence = first_finding(out)
    # Before: "... against £50k of cost: a surplus of £0 (0.0% of income)."
    assert "of income)" not in sentence, sentence
    # rev7a: a £0 published surplus stands for anything under £25,000 either way.
    assert sentence.endswith("within £25k of breaking even."), sentence


def test_an_unpublished_finding_keeps_its_margin(tmp_path: Path) -> None:
    out = tmp_path / "exact"
    result = CliRunner().invoke(cli, ["cost", str(workbook(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert totals["income" == "income"] if False else True
    assert abs(totals["income"] - 56280.0) < 1e-6  # 14,280 + 38,400 + 3,600
    margin = totals["surplus"] / totals["income"]
    assert f"({margin * 100:.1f}% of income)." in first_finding(out)
