"""`pbrkit cost --publish` on the terminal: a loss rounded to £0 is not "none loses money".

Found running `pbrkit cost --publish` on a small caseload of my own: the reports said
"1 cluster loses money, £0 in all … loses less than £25k, so its loss shows as £0 once
rounded", and the terminal said "Profitable care clusters make £0; none loses money".

Caseload (illustrative reference set, no admitted days):
  cluster 1: 20 people, 1,680 days: income 20 episodes × £357 = £7,140; cost 1,680 ×
    £3.238095… (its package a day) = £5,440: a surplus of £1,700;
  cluster 13: 10 people, 1,000 days: income 1,000 × £6,205 ÷ 365 = £17,000; cost
    1,000 × £25.864188… = £25,864.19: a loss of £8,864.19.
Published (£ totals to the nearest £50,000): the loss of £8,864.19 shows as £0, but
cluster 13 still loses money.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ROWS = [
    {"cluster": 1, "service_users": 20, "cluster_days": 1680},
    {"cluster": 13, "service_users": 10, "cluster_days": 1000},
]


def _run(tmp_path: Path, *extra: str) -> tuple[str, dict[str, float]]:
    book = write_xlsx(tmp_path / "trust.xlsx", {"caseload": ROWS})
    out = tmp_path / ("published" if extra else "plain")
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    totals = json.loads((out / "summary.json").read_text(encoding="utf-8"))["totals"]
    return result.output, totals


def test_the_plain_run_is_the_hand_worked_one(tmp_path: Path) -> None:
    output, totals = _run(tmp_path)
    assert totals["loss"] == pytest.approx(1000 * 25.864187866927594 - 17_000)
    assert "losing ones lose £8,864" in output


def test_a_published_loss_rounded_to_nothing_is_still_a_loss(tmp_path: Path) -> None:
    output, totals = _run(tmp_path, "--publish")
    assert totals["loss"] == 0 and totals["loss_making_clusters"] == 1
    assert "none loses money" not in output
    assert "losing ones lose less than £25k (£ totals rounded to the nearest £50k)" in output
