"""`pbrkit compare` of published runs: two £ figures rounded alike are not "the same".

Found comparing two published `pbrkit cost` runs of a small trust of my own, the second
with --cost-change 3.3%: the findings said "costcc-pub: surplus -£150k, the same as
cost-pub2's -£150k." The true surpluses were -£127k and -£170k: each £ total is
rounded to the nearest £50,000 on its own, so two that round alike can be up to £50,000
apart, and "the same as" claimed an equality the runs do not have.

Caseload (illustrative reference set, no admitted days):
  cluster 13: 40 people, 10,000 days: income 10,000 × £6,205 ÷ 365 = £170,000; cost
    10,000 × £25.864188… = £258,641.88: surplus −£88,641.88, published −£100,000;
  with --cost-change 5%: cost £271,574.0, surplus −£101,574.0, published −£100,000,
    as the base run: £12,932 apart, shown alike.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ROWS = [{"cluster": 13, "service_users": 40, "cluster_days": 10_000}]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    book = write_xlsx(folder / "trust.xlsx", {"caseload": ROWS})
    out = {}
    for name, extra in (("base", []), ("dearer", ["--cost-change", "5%"])):
        for published in (False, True):
            key = f"{name}-published" if published else name
            out[key] = folder / key
            args = ["cost", str(book), "--out", str(out[key]), *extra]
            result = CliRunner().invoke(cli, [*args, *(["--publish"] if published else [])])
            assert result.exit_code == 0, result.output
    return out


def _compare(runs: dict[str, Path], a: str, b: str, out: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["compare", str(runs[a]), str(runs[b]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    page = (out / "report.html").read_text(encoding="utf-8")
    found = html.unescape(page[page.index('<ul class="findings">') :].split("</ul>")[0])
    return [summary["headline"][2]["values"][a], summary["headline"][2]["values"][b], found]


def test_the_runs_are_the_hand_worked_ones(runs: dict[str, Path], tmp_path: Path) -> None:
    base, dearer, _ = _compare(runs, "base", "dearer", tmp_path / "plain")
    assert base == pytest.approx(170_000 - 258_641.8786692759)
    assert dearer == pytest.approx(170_000 - 1.05 * 258_641.8786692759)


def test_published_surpluses_rounded_alike_are_not_the_same(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    base, dearer, found = _compare(runs, "base-published", "dearer-published", tmp_path / "p")
    assert base == dearer == -100_000
    assert "the same as" not in found
    assert "surplus -£100k, within £50k of base-published's -£100k" in found
