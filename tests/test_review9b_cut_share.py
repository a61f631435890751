"""`pbrkit tender --years N --publish`: the cut as a share of need is the published cut a
head over the published need a head, not the exact share.

Found by reading the Years table of a published three-year tender of a small trust of my
own: years 1 and 2 showed the same cut a head (£1,667) and cost a head (£4,722) but
different shares (35.2% and 33.1%), and £1,667 ÷ £4,722 is 35.3%: the share was the
exact one, worked out from the unrounded £ that the published figures round away
(docs/methodology.md §7: shares and per-person figures are worked out from the rounded
figures).

Workbook (patients; information quality 1 and θ = 1, so nothing is random):
  cluster 1, £1,500 an episode (84-day review): a0-a9 cost £500, b0-b5 cost £2,000;
  cluster 11, £5,000 a year: c0-c9 cost £6,000.
One bidder, capacity 10: it takes a0-a9 (π̂ = £1,000 each); b0-b5 and c0-c9 stay.
The residue: 16 people costing 6 × 2,000 + 10 × 6,000 = £72,000, £4,500 a head.
Year 1 (the default NHS costs: fixed share 0.5, shed rate 0.25): NHS surplus −£14,875,
so the cut is £14,875 (less than the £72,000 spent): £929.69 a head, 20.66% of need.
Published (money base 5 × £5,000 → £50,000): 16 people → 15; £72,000 → £50,000, so
need a head = £50,000 ÷ 15 = £3,333.33; the cut £14,875 → £0, so £0 a head. Its share
of need was then published as £0 ÷ £3,333.33 = 0 (not 20.66%). Since review 7b a ratio
of two figures a head over the same count is the ratio of their rounded totals and is
worked at the corners of their ±£25,000 ranges (docs/methodology.md §7): the cut could
be £0 to £25,000 and the need £25,000 to £75,000, so the share could be 0 to 100%,
further than 0.1 either way: it is hidden, in summary.json (null) and report.xlsx ('*').
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review9b_inputs import patients_workbook


def _run(book: Path, out: Path, *extra: str) -> dict[str, Any]:
    args = ["tender", str(book), "--years", "3", "--workers", "1", "--out", str(out), *extra]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("years")
    book = patients_workbook(folder / "p.xlsx", cheap=10, dear=6, yearly=10, capacity=10)
    _run(book, folder / "plain")
    _run(book, folder / "published", "--publish")
    return {"plain": folder / "plain", "published": folder / "published"}


def _rows(out: Path) -> list[dict[str, Any]]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = summary["years"]["rows"]
    return rows


def test_the_plain_run_is_the_hand_worked_one(runs: dict[str, Path]) -> None:
    first = _rows(runs["plain"])[0]
    assert first["residue_patients"] == 16
    assert first["residue_cost_per_head"] == pytest.approx(4500)
    assert first["nhs_surplus"] == pytest.approx(-14_875)
    assert first["cut_per_head"] == pytest.approx(14_875 / 16)
    assert first["cut_share"] == pytest.approx(14_875 / 72_000)


def test_the_published_share_is_the_published_cut_over_the_published_need(
    runs: dict[str, Path],
) -> None:
    first = _rows(runs["published"])[0]
    # Year 1 restates the headline, whose counts of people taken and left are hidden here
    # (cluster 1's 6 left are hidden, and so the counts in its lines): the count left and
    # every figure about it are hidden with them (a cost a head over the hidden count
    # gave it back: £50,000 ÷ £3,333.33 = 15). The share is hidden, not 20.66%.
    assert first["residue_patients"] is None
    assert first["residue_cost_per_head"] is None and first["cut_per_head"] is None
    assert first["cut_share"] is None
    for row in _rows(runs["published"]):
        if row["cut_share"] is None:  # later years' £ are hidden (test_fixleft_years_publish)
            assert row["year"] == 1 or row["cut_per_head"] is None
            continue
        assert row["cut_share"] == pytest.approx(row["cut_per_head"] / row["residue_cost_per_head"])
    sheet = openpyxl.load_workbook(runs["published"] / "report.xlsx", data_only=True)["Years"]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[1][cells[0].index("Cut as share of need %")] == "*"
