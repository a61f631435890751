"""``--publish`` hides the cost ratio of the people taken (disc, item 1).

``taken_cost_ratio`` = Σ_T c ÷ Σ_T (mean cost of the person's cluster) is the
within-cluster index of the people bidders take, as ``casemix_within`` is of the
people left (methodology §6.5, §7), but it was published exact under ``--publish``
wherever the count of people taken was shown (summary.json's ``selection``, and the
findings' "they cost 15% more than the average person in the same clusters").

Worked by hand (:func:`test_by_hand`): 42 people taken, all in one cluster whose mean
cost is £120,000 and who cost just that (ratio 1). Their cost, £5,040,000, is published
to the money base £50,000 as £5,050,000 (£5,025,000 to £5,075,000). Σ_T c = ratio × n ×
m, so n = cost ÷ (ratio × m) = 5,025,000 ÷ 120,000 = 41.875 to 5,075,000 ÷ 120,000 =
42.29: one whole number, 42, where 40 is published. No output holds the figures the
ratio is worked out from (each person's cluster mean times the people taken from each
cluster), so it cannot be worked out again from published figures: it is hidden (the
registry's ``from_published``), and the sentence says who was taken without it.

The run (:func:`run`): one cluster (cluster 11, £5,000 a year); 42 people cost £1,000
and 18 cost £9,000. One bidder, θ = 1, ρ = 1 (nothing random): π̂ = 5,000 − 1,000 =
4,000 for the 42 (taken), 5,000 − 9,000 < 0 for the 18 (left). Published: 60 people, 40
taken, 20 left (42 → 40, 18 → 20). The cluster's mean cost is (42 × 1,000 + 18 × 9,000)
÷ 60 = 204,000 ÷ 60 = £3,400, so the ratio is 42,000 ÷ (42 × 3,400) = 1,000 ÷ 3,400 =
0.294 ("they cost 71% less than the average person in the same clusters").
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def test_by_hand() -> None:
    """The exact ratio beside the rounded cost pins the 42 people published as 40."""
    ratio, mean, published, half = 1.0, 120_000.0, 5_050_000.0, 25_000.0
    low, high = (published - half) / (ratio * mean), (published + half) / (ratio * mean)
    assert 41.87 < low < 41.88 and 42.29 < high < 42.30
    assert [n for n in range(100) if low <= n <= high] == [42]  # not the published 40


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("taken")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for i in range(42):
        sheet.append([f"a{i}", 11, 365, 1000])
    for i in range(18):
        sheet.append([f"b{i}", 11, 365, 9000])
    tariff = book.create_sheet("tariff")
    for row in (["cluster", "price", "unit"], [11, 5000, "per_year"]):
        tariff.append(row)
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality"])
    bidders.append(["Acme", 1, 1])
    book.save(folder / "t.xlsx")
    outs = {}
    for name, extra in (("plain", []), ("published", ["--publish"])):
        out = folder / name
        args = ["tender", str(folder / "t.xlsx"), *extra, "--workers", "1", "--out", str(out)]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outs[name] = out
    return outs


def _summary(out: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_the_plain_run_has_the_exact_ratio(run: dict[str, Path]) -> None:
    selection = _summary(run["plain"])["selection"]
    assert math.isclose(selection["taken_cost_ratio"], 1_000 / 3_400)
    html = (run["plain"] / "report.html").read_text(encoding="utf-8")
    assert "they cost 71% less than the average person in the same clusters" in html


def test_publish_hides_the_ratio_though_the_count_is_shown(run: dict[str, Path]) -> None:
    summary = _summary(run["published"])
    assert summary["residue"]["taken_patients"] == 40  # shown, rounded
    assert summary["selection"]["taken_cost_ratio"] is None
    assert "/selection/taken_cost_ratio" in summary["disclosure"]["suppressed"]


def test_publish_shows_no_percentage_of_it_in_any_output(run: dict[str, Path]) -> None:
    html = (run["published"] / "report.html").read_text(encoding="utf-8")
    assert "71%" not in html and "in the same clusters" not in html
    assert "bidders would take 40 people (67%) and leave the NHS with 20 people." in html
    book = openpyxl.load_workbook(run["published"] / "report.xlsx", data_only=True)
    text = " ".join(
        str(cell) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
        for cell in row if cell is not None
    )  # fmt: skip
    assert "in the same clusters" not in text and "0.294" not in text
