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


def test_a_psa_gives_intervals_instead() -> None:
    projection = [year(0, "2024/25", -1_558_806.87), year(4, "2028/29", -1_558_806.87)]
    psa = {
        "samples": 50,
        "figures": {
            "surplus": {"p5": -6_847_853.49, "p50": -1_192_548.80, "p95": 3_488_993.45},
            "surplus_last_year": {"p5": -16_869_358.0, "p50": -9_956_343.4, "p95": -3_229_200.8},
        },
    }
    lines = cost_headline(summary(projection=projection, psa=psa))
    assert lines[3:] == [
        "Surplus in 2024/25: -£6.8m to £3.5m in 9 runs out of 10 (median -£1.2m; 50 samples)",
        "Surplus in 2028/29: -£16.9m to -£3.2m in 9 runs out of 10 (median -£10.0m)",
    ]


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


def test_a_tender_psa_adds_its_interval() -> None:
    # found with `pbrkit tender clusters.xlsx --psa 4 --uncertainty uncertainty.csv`:
    # the three lines of a plain tender, no interval (as cost --psa before)
    from pbrkit.cli.headline import tender_headline

    residue = {
        "taken_patients": 6450.0, "residue_patients": 3781.0,
        "nhs_surplus_before": -1_558_806.87, "nhs_surplus_after": -15_037_612.23,
        "nhs_surplus_change": -13_478_805.36, "casemix_index": 0.98,
    }  # fmt: skip
    stats = {"p5": -15_362_692.70, "p50": -14_819_221.29, "p95": -14_026_390.07}
    psa = {"samples": 4, "figures": {"nhs_surplus_change": stats}}
    lines = tender_headline({"residue": residue, "draws": 1, "psa": psa})
    assert lines[-1] == (
        "Change in the NHS surplus (PSA): -£15.4m to -£14.0m in 9 runs out of 10 "
        "(median -£14.8m; 4 samples)"
    )
    assert len(tender_headline({"residue": residue, "draws": 1})) == 3
