"""`pbrkit psa`, `threshold` and `compare` print their result on the terminal (review 6).

Found by running the README's commands: `pbrkit psa examples/clusters.xlsx
--uncertainty examples/uncertainty.csv` worked for 40 seconds and printed only
"pbrkit psa:" and the files written; `pbrkit compare base/ mff/` printed only
"pbrkit compare:"; `pbrkit threshold` printed its sentence before the reports were
written (so also when writing them was then refused) and an empty "pbrkit threshold:"
after it. The terminal lines (pbrkit/cli/headline.py: "so a run is never silent") had
no entry for these three commands.

The figures are read from summary.json, so they are the report's own. Hand-worked:
- psa: the headline of a summary whose NHS surplus change has p5 −£18,488,350,
  p50 −£14,780,560, p95 −£11,317,299 reads "-£18.5m to -£11.3m in 9 runs out of 10
  (median -£14.8m)" (money_short rounds to £0.1m).
- compare: surplus base −£1,558,807, mff £685,856 → "base -£1.6m; mff £686k", and
  mff − base = £2,244,663 → "£2.2m".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.headline import headline

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
UNCERTAINTY = ROOT / "examples" / "uncertainty.csv"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def psa_summary(p50: Any = -14_780_560.28) -> dict[str, Any]:
    def stats(p5: Any, p50: Any, p95: Any) -> dict[str, Any]:
        return {"mean": p50, "p5": p5, "p50": p50, "p95": p95, "share_parameters": None}

    hidden = p50 is None
    return {
        "command": "pbrkit psa",
        "psa": {
            "samples": 1000,
            "inner": 1,
            "parameters": [{"parameter": f"p{i}"} for i in range(12)],
            "figures": {
                "nhs_surplus_change": stats(
                    None if hidden else -18_488_350.03, p50, None if hidden else -11_317_299.49
                ),
                "public_spending_change": stats(10_821_176.86, 14_233_055.36, 17_887_327.87),
            },
            "sensitivity": {
                "nhs_surplus_change": {
                    "most_important": "nhs.fixed_cost_share",
                    "shares": {"nhs.fixed_cost_share": 0.407},
                    "r_squared": 0.97,
                }
            },
        },
    }


def test_psa_headline_gives_the_intervals() -> None:
    assert headline(psa_summary()) == [
        "pbrkit psa:",
        "  1,000 samples of 12 uncertain parameters",
        "  Change in the NHS surplus: -£18.5m to -£11.3m in 9 runs out of 10 (median -£14.8m)",
        "  Change in public spending: £10.8m to £17.9m in 9 runs out of 10 (median £14.2m)",
        "  Matters most for the NHS surplus: nhs.fixed_cost_share (41% of its variance)",
    ]


def test_psa_headline_of_a_hidden_interval_is_a_star() -> None:
    lines = headline(psa_summary(p50=None))
    assert "  Change in the NHS surplus: * (not published)" in lines


def test_compare_headline_gives_the_runs_and_the_key_figure() -> None:
    summary = {
        "command": "pbrkit compare",
        "runs": [{"name": "base"}, {"name": "mff"}],
        "changed": [{"setting": "Market-forces factor (--mff)", "values": "base: 1; mff: 1.05"}],
        "warnings": [],
        "headline": [
            {
                "figure": "surplus",
                "label": "Surplus",
                "values": {"base": -1_558_806.87, "mff": 685_856.0},
                "difference": {"mff": 2_244_662.87},
            }
        ],
    }
    assert headline(summary) == [
        "pbrkit compare:",
        "  2 runs: base, mff",
        "  What differs: Market-forces factor (--mff)",
        "  Surplus: base -£1.6m; mff £686k (mff − base: £2.2m)",
    ]


def test_threshold_prints_its_sentence_under_its_name(tmp_path: Path) -> None:
    result = invoke(
        "threshold",
        CLUSTERS,
        "--param",
        "nhs.fixed_cost_share",
        "--figure",
        "nhs_surplus_change",
        "--target",
        "-15000000",
        "--out",
        tmp_path / "out",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "pbrkit threshold:"  # was: the sentence, then an empty heading
    assert lines[1].startswith("  The change in the NHS provider's surplus crosses -£15.0m")
    assert sum("crosses" in line for line in lines) == 1


def test_threshold_says_nothing_when_its_reports_cannot_be_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    result = invoke(
        "threshold", CLUSTERS, "--param", "nhs.fixed_cost_share",
        "--figure", "nhs_surplus_change", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""  # was: the break-even sentence, then the refusal


def test_psa_run_prints_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "psa", CLUSTERS, "--uncertainty", UNCERTAINTY, "--samples", "4", "--workers", "1",
        "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    lines, expected = result.stdout.splitlines(), headline(summary)
    assert len(expected) >= 4  # the name, the samples and the two intervals
    assert lines[: len(expected)] == expected
    assert lines[2].startswith("  Change in the NHS surplus: -£")
