"""`pbrkit tender --publish` rounded £ totals to 5 × its largest *price* only, where
`pbrkit cost --publish` rounds to 5 × the largest price or unit cost (methodology §7):
a modelled cost is public unit costs × days, so a total rounded finer than the unit
costs gives the days back (rev13).

Found on an MHSDS import (12 people in cluster 11 all year, 4,380 days) with a local
tariff of £1 a day: the tender's base was 5 × £1 = £5, and cluster 11's cost, k × days
with k = £4.6114 a day (the reference set's package), was published as £20,200: 20,200
÷ 4.6114 = 4,380.5 ± 0.5 days, so 4,380, at least 4,380 ÷ 366 = 11.97 people beside a
published 10: exactly 12, while its days were hidden for exactly that. `pbrkit cost
--publish` of the same workbook rounds to £2,000: the bed day's £361.90 × 5 = £1,809.50,
up to £2,000.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def test_the_tenders_base_counts_the_unit_costs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = "".join(f"P{i},11,365\n" for i in range(12))
    (folder / "patients.csv").write_text("patient_id,cluster,days\n" + rows, encoding="utf-8")
    (tmp_path / "tariff.csv").write_text("cluster,price,unit\n11,1.00,per_day\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["tender", str(folder), "--tariff", str(tmp_path / "tariff.csv"), "--publish"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["disclosure"]["money_rounding_base"] == 2000.0
    assert summary["disclosure"]["largest_rate"] == 361.9
    (cluster,) = summary["clusters"]
    assert cluster["service_users"] == 10
    assert cluster["cluster_days"] is None
    # cost 12 × 365 × 4.6114 = 20,197.7 → £20,000; income 4,380 × £1 → £4,000: since
    # disc23 both are hidden by the floor rule (methodology §7), beside 10 (f = 8):
    # (20,000 − 1,000) ÷ (366 × 4.6114) = 11.3 > 7 and (4,000 − 1,000) ÷ 366 = 8.2 > 7.
    assert cluster["cost"] is None
    assert cluster["income"] is None
