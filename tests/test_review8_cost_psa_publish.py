"""``pbrkit cost --psa --publish`` rounds the surplus statistics as the surplus (review 8).

Found running ``pbrkit cost A.xlsx --years 4 --deflator 0.02 --inflation 0.03 --psa 200
--uncertainty uC.csv --publish`` on our own 300-person workbook: the published totals
were rounded to the run's money base (surplus £50,000, base £50,000), but summary.json's
``psa`` and the opening sentence gave the surplus's mean £55,349.57, median £55,349.21
and 5th percentile £6,362.48 as computed: the median, a tariff.scale of about 1, is the
exact surplus (£55,411.72) to within £63, which the rounding of the totals is there to
hide. docs/uncertainty.md ("Publishing a PSA") says every statistic of a £ figure is
rounded to the money base and the costing's surpluses are published "rounded to the
money base, as every £ total is". They now are; the probabilities are not £ and stay
as computed.

Below: one cluster-4 row, 10 people × 365 days; the largest price or unit cost sets
the base (5 × it, rounded up to 1, 2 or 5 × a power of ten).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_published_surplus_statistics_are_rounded(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({
        "caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 3650}],
        "uncertainty": [{"parameter": "tariff.scale", "low": 0.95, "high": 1.05}],
    })  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(book), "--psa", "50", "--publish", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    base = summary["disclosure"]["money_rounding_base"]
    assert base > 0
    for stats in summary["psa"]["figures"].values():
        for name in ("mean", "p5", "p50", "p95"):
            assert stats[name] % base == 0, (name, stats[name], base)
    assert 0 <= summary["psa"]["prob_deficit"]["surplus"] <= 1
