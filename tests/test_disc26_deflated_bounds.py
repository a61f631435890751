"""``tender --publish`` with a tariff deflator (a scenario's ``deflator``): every person's
income is × (1 − d), and d is published (summary.json ``population.deflator``), so the
most one person adds to an income is 366 × the day price × (1 − d), not the undeflated
366 × the day price (docs/methodology.md §7). Found by disc26.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import MOST_COST_A_PERSON, MOST_INCOME_A_PERSON
from pbrkit.tender.bounds import deflated


def _tender(tmp_path: Path, deflator: float) -> dict[str, Any]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days,admitted_days,episodes,actual_cost,cost_cv\n"
        "1,40,14600,0,40,5000,0\n", encoding="utf-8")  # fmt: skip
    (folder / "tariff.csv").write_text(
        "cluster,price,unit,basis,status\n1,1,per_day,test,illustrative\n", encoding="utf-8"
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'schema_version = 1\nworkbook = "in"\ndeflator = {deflator}\n')
    out = tmp_path / "out"
    args = ["tender", str(folder), "--scenario", str(scenario), "--publish", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_a_deflated_income_is_floored_on_the_deflated_bound(tmp_path: Path) -> None:
    # 40 people all year (14,600 days) at £1 a day, d = 0.5: income 7,300, published
    # £8,000 (base £2,000, h = £1,000) beside 40 (38 to 42, f = 38). Main's bound, 366 ×
    # £1 = £366: 7,000 ÷ 366 = 19.1 ≤ 37, shown; but a reader has m = 366 × 0.5 = £183:
    # 7,000 ÷ 183 = 38.25, at least 39 people where 40 says 38. Now 7,000 > 183 × 37 =
    # 6,771: hidden, with the surplus worked out from it.
    summary = _tender(tmp_path, 0.5)
    assert summary["population"]["deflator"] == 0.5
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    cluster = summary["clusters"][0]
    assert cluster["service_users"] == 40
    assert cluster["income"] is None
    assert cluster["surplus"] is None


def test_deflated_worked_by_hand() -> None:
    bounds = pd.DataFrame({MOST_INCOME_A_PERSON: [366.0, 3660.0],
                           MOST_COST_A_PERSON: [732.0, 1830.0]})  # fmt: skip
    # d = 0.25: 366 × 0.75 = 274.5 and 3,660 × 0.75 = 2,745; the cost is not deflated.
    out = deflated(bounds, 0.25)
    assert out[MOST_INCOME_A_PERSON].tolist() == pytest.approx([274.5, 2745.0])
    assert out[MOST_COST_A_PERSON].tolist() == [732.0, 1830.0]
    assert deflated(bounds, 0.0) is bounds
