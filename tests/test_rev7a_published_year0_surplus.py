"""Under --publish, the projection's year-0 surplus is the published surplus (rev7a).

Found in review rev7a: a small caseload run with `--publish --years 3` said, in one
report.html summary, "a surplus of £100k" (the headline) and "the 2024/25 surplus of
£50k becomes a deficit of £50k by 2026/27" (the projection); summary.json had
totals.surplus 100000 and projection[0].surplus 50000. One figure, two published values.

Hand-worked (illustrative-2014-15 tariff; £ rounded to 5 × the largest rate, £8,030,
rounded up: £50,000):
  cluster 11, 63 people, 22,000 days of which 170 admitted, per_year £2,372.50 and
  admitted day £360: income = 2,372.50 × 22,000 ÷ 365 + 360 × 170
                            = 143,000.00 + 61,200 = £204,200.00;
  cluster 18, 130 people, 36,500 days of which 100 admitted, per_year £1,825 and
  admitted day £324: income = 1,825 × 36,500 ÷ 365 + 324 × 100 = 182,500 + 32,400
                            = £214,900.00;
  income £419,100.00 → published £400,000 (nearest £50,000); the cost, £330,245.08,
  → £350,000; the surplus, £88,854.92, → £100,000, where £400,000 − £350,000 = £50,000
  (the value the old projection showed for 2024/25).
The test takes the exact cost and surplus from the unpublished run and rounds them the
same way; the year-0 row must show the rounded exact surplus, as the headline does, not
the rounded income less the rounded cost when the two differ.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

BASE = 50_000


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "caseload"
    ws.append(["cluster", "service_users", "cluster_days", "admitted_days"])
    ws.append([11, 63, 22_000, 170])
    ws.append([18, 130, 36_500, 100])
    book.save(path)
    return path


def _run(tmp_path: Path, name: str, *extra: str) -> dict[str, object]:
    out = tmp_path / name
    args = ["cost", str(_workbook(tmp_path / "small.xlsx")), "--out", str(out), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "summary.json").read_text()))


def _rounded(value: float) -> float:
    return round(value / BASE) * BASE


def test_year_zero_surplus_is_the_published_surplus(tmp_path: Path) -> None:
    exact = _run(tmp_path, "exact")["totals"]
    assert isinstance(exact, dict)
    assert round(exact["income"], 2) == 419_100.00
    summary = _run(tmp_path, "published", "--publish", "--years", "3",
                   "--deflator", "1.8%", "--inflation", "2.5%")  # fmt: skip
    assert summary["disclosure"]["money_rounding_base"] == BASE  # type: ignore[index]
    totals, projection = summary["totals"], summary["projection"]
    assert isinstance(totals, dict) and isinstance(projection, list)
    assert totals["income"] == _rounded(exact["income"]) == 400_000
    assert totals["cost"] == _rounded(exact["cost"]) == 350_000
    assert totals["surplus"] == _rounded(exact["surplus"]) == 100_000
    # the case the defect needs: rounding the difference ≠ the difference of the roundings
    assert totals["surplus"] != totals["income"] - totals["cost"]
    year0 = projection[0]
    assert (year0["income"], year0["cost"]) == (totals["income"], totals["cost"])
    assert year0["surplus"] == totals["surplus"]
    html = (tmp_path / "published" / "report.html").read_text()
    word = "surplus" if totals["surplus"] >= 0 else "deficit"
    assert f"the 2024/25 {word} of £{abs(totals['surplus']) / 1000:.0f}k becomes" in html
