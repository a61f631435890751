"""`pbrkit sweep --publish` over a bidder's capacity: each setting is a count (fixleft item 3).

Found in round 10: the single tender publishes a capacity as the count of people it is
(1-7 hidden, others to the nearest 5: tests/test_publish_capacity.py), since a bidder
that fills its capacity took exactly that many. A sweep over the same capacity showed
every setting exactly: its x-axis, sweep.csv's first column, the Grid sheet and the
"What varied" line. A setting of 2 beside a hidden count of people taken bounds that
count by 2.

Now a swept parameter that counts people (uncertainty.params.WHOLE, the declaration the
registry's ``capacity`` reads) is registered as a count and published by the generic
publish like any other: settings 1, 2, 9 and 12 are published as *, *, 10 and 10
(9 and 12 to the nearest 5). The settings stay four distinct points: the grid sheets
place them by position, not by their (now repeated) published values.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PATH = "bidders.Meridian Healthcare Group.capacity"
SETTINGS = "1,2,9,12"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sweep")
    scenario = EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml"
    text = scenario.read_text(encoding="utf-8").replace(
        'workbook = "../clusters.xlsx"', f'workbook = "{EXAMPLES / "clusters.xlsx"}"'
    )
    (folder / "s.toml").write_text(text, encoding="utf-8")
    out = {}
    for name, extra in (("plain", []), ("published", ["--publish"])):
        out[name] = folder / name
        args = ["sweep", str(folder / "s.toml"), "--vary", f"{PATH}={SETTINGS}", "--draws", "1",
                "--workers", "1", "--out", str(out[name]), *extra]  # fmt: skip
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    return out


def _csv(out: Path) -> list[str]:
    with (out / "sweep.csv").open(encoding="utf-8") as handle:
        return [row[PATH] for row in csv.DictReader(handle)]


def _summary(out: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _sheet_settings(out: Path) -> tuple[list[object], list[object]]:
    book = openpyxl.load_workbook(out / "report.xlsx")
    grid = [[c.value for c in r] for r in book["Grid"].iter_rows()]
    header = next(i for i, r in enumerate(grid) if PATH in r)
    column = grid[header].index(PATH)
    points = [r[column] for r in grid[header + 1 :] if any(v is not None for v in r)]
    sheet = book["Change in NHS surplus"]
    across = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == PATH)
    return points[:4], list(across[1:5])


def test_published_settings_are_counts(runs: dict[str, Path]) -> None:
    out = runs["published"]
    assert _csv(out) == ["*", "*", "10", "10"]
    summary = _summary(out)
    assert [row[PATH] for row in summary["sweep"]] == [None, None, 10, 10]
    assert f"/sweep/0/{PATH}" in summary["disclosure"]["suppressed"]
    points, across = _sheet_settings(out)
    assert points == ["*", "*", 10, 10]
    assert across == ["*", "*", 10, 10]  # four points, not two merged ones
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1, 2, 9, 12" not in html and "*, *, 10, 10" in html


def test_unpublished_settings_are_as_given(runs: dict[str, Path]) -> None:
    out = runs["plain"]
    assert _csv(out) == ["1", "2", "9", "12"]
    assert [row[PATH] for row in _summary(out)["sweep"]] == [1, 2, 9, 12]
    points, across = _sheet_settings(out)
    assert points == [1, 2, 9, 12] and across == [1, 2, 9, 12]
    assert "1, 2, 9, 12" in (out / "report.html").read_text(encoding="utf-8")
