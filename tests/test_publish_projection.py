"""`pbrkit cost --years --publish`: the projection adds nothing to the rounded year 0.

Found in review 9b: each year of a cost projection is year 0 times a known factor.
Rounded each on its own, the years were so many intervals around the exact year-0
total, which together narrow it (five years at a 1.8% deflator narrowed ±£25k to a
£13k window); and the "Year 0 income £" and "Year 0 cost £" lines above the table were
published exact (£44,893,257 beside a rounded headline of £44,900,000).

The shipped example, £ totals published to the nearest £50,000:
  year-0 income exact £44,893,257.40 → published £44,900,000;
  year-0 cost   exact £46,452,064.27 → published £46,450,000.
Deflator 1.8%, inflation 2%, efficiency 1% (cost factor 1.02 × 0.99 = 1.0098):
  year 1 income 44,900,000 × 0.982   = 44,091,800    → £44,100,000
  year 1 cost   46,450,000 × 1.0098  = 46,905,210    → £46,900,000
  year 1 surplus 44,100,000 − 46,900,000 = −£2,800,000
  year 8 income 44,900,000 × 0.982^8 = 38,843,2xx    → £38,850,000, where the exact
        year 0 gives 44,893,257.40 × 0.982^8 = 38,837,4xx → £38,800,000: a reader who
        has both could narrow year 0 to the values whose year 8 rounds down.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OPTIONS = ("--years", "10", "--deflator", "0.018", "--inflation", "0.02", "--efficiency", "0.01")


def _run(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / ("published" if extra else "plain")
    book = str(EXAMPLES / "clusters.xlsx")
    result = CliRunner().invoke(cli, ["cost", book, *OPTIONS, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _round(value: float) -> float:
    return round(value / 50_000) * 50_000


def test_every_year_is_worked_out_from_the_published_year_0(tmp_path: Path) -> None:
    summary = json.loads((_run(tmp_path, "--publish") / "summary.json").read_text("utf-8"))
    years = summary["projection"]
    income_0, cost_0 = years[0]["income"], years[0]["cost"]
    assert (income_0, cost_0) == (44_900_000, 46_450_000)
    assert years[1] == {"year": 1, "financial_year": "2025/26", "income": 44_100_000,
                        "cost": 46_900_000, "surplus": -2_800_000}  # fmt: skip
    assert years[8]["income"] == 38_850_000  # 38,800,000 from the exact year 0
    surplus_0 = years[0]["surplus"]
    for row in years:
        t = row["year"]
        assert row["income"] == _round(income_0 * 0.982**t)
        assert row["cost"] == _round(cost_0 * (1.02 * 0.99) ** t)
        # Year 0's published surplus moved by what the projection changes (rev8): not
        # a second rounding of the same totals, which made a flat surplus move.
        moved = income_0 * (0.982**t - 1) - cost_0 * ((1.02 * 0.99) ** t - 1)
        assert row["surplus"] == _round(surplus_0 + moved)
        assert abs(row["surplus"] - (row["income"] - row["cost"])) <= 50_000


def test_the_year_0_lines_are_published_rounded(tmp_path: Path) -> None:
    published = (_run(tmp_path, "--publish") / "report.html").read_text("utf-8")
    assert "£44,900,000" in published and "£46,450,000" in published
    assert "44,893,257" not in published and "46,452,064" not in published
    plain = (_run(tmp_path) / "report.html").read_text("utf-8")
    assert "£44,893,257" in plain  # unpublished, the exact figure stays


def test_unpublished_years_are_exact(tmp_path: Path) -> None:
    summary = json.loads((_run(tmp_path) / "summary.json").read_text("utf-8"))
    year_1 = summary["projection"][1]
    assert abs(year_1["income"] - 44_893_257.4 * 0.982) < 1e-6
