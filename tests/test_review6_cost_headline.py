"""`pbrkit cost --years N` and `--psa` show their result on the terminal (review 6).

Found running README's `pbrkit cost examples/clusters.xlsx --years 5 --deflator 0.018
--inflation 0.025`: the terminal printed exactly the three lines of a run without
--years, so the projection the README quotes ("the £1.6m deficit becomes £9.5m by
2028/29") appeared nowhere; `--psa 1000` likewise printed no interval. The lines now end
with the last year's balance, or with the PSA's 80% intervals when there is a PSA.

Hand-worked from the README's run: projection[4] = 2028/29, surplus −9,527,214.53 →
"By 2028/29: a deficit of £9.5m (a 5-year projection)". PSA: surplus p5 −6,847,853,
p50 −1,192,549, p95 3,488,993 → "-£6.8m to £3.5m … (median -£1.2m)".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.cli.headline import cost_headline

ROOT = Path(__file__).resolve().parents[1]


def summary(**extra: Any) -> dict[str, Any]:
    return {
        "totals": {
            "income": 44_893_257.4, "cost": 46_452_064.27, "surplus": -1_558_806.87,
            "cross_subsidy": 2_442_733.93, "loss": 4_001_540.80, "service_users": 10231.0,
            "cluster_days": 2_340_106.0,
        },
        "clusters": [{}] * 22,
        **extra,
    }  # fmt: skip


def year(n: int, fy: str, surplus: float) -> dict[str, Any]:
    return {"year": n, "financial_year": fy, "surplus": surplus}


def test_one_year_has_no_projection_line() -> None:
    assert len(cost_headline(summary(projection=[year(0, "2024/25", -1_558_806.87)]))) == 3


def test_the_projections_last_year() -> None:
    middle = [year(n, f"202{4 + n}/2{5 + n}", -1.0) for n in range(1, 4)]
    projection = [year(0, "2024/25", -1_558_806.87), *middle, year(4, "2028/29", -9_527_214.53)]
    lines = cost_headline(summary(projection=projection))
    assert lines[3] == "By 2028/29: a deficit of £9.5m (a 5-year projection)"


def test_a_psa_leads_with_its_interval_instead_of_the_projection(tmp_path: Path) -> None:
    # With --psa the run's lines open with the PSA's interval (the reports' own opening
    # sentence, so below 20 runs it gives percentiles, not "9 runs out of 10"), and
    # the one run's projection is not printed beside its range.
    projection = [year(0, "2024/25", -1_558_806.87), year(4, "2028/29", -1_558_806.87)]
    psa = {"samples": 50, "figures": {}}
    assert cost_headline(summary(projection=projection, psa=psa))[3:] == []
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "cost", str(ROOT / "examples" / "clusters.xlsx"), "--years", "5",
            "--psa", "4", "--uncertainty", str(ranges),
            "--workers", "1", "--out", str(tmp_path / "out"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "pbrkit cost:"
    assert "surplus" in lines[1].lower() and "4 " in lines[1], lines[1]
    assert not any(line.startswith("  By 2028/29") for line in lines)


def test_the_readme_projection_is_printed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "cost", str(ROOT / "examples" / "clusters.xlsx"), "--years", "5",
            "--deflator", "0.018", "--inflation", "0.025", "--out", str(tmp_path / "out"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "  By 2028/29: a deficit of £9.5m (a 5-year projection)" in result.stdout
