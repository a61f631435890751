"""`pbrkit psa`, `threshold` and `compare` print their result on the terminal (review 6).

(The psa lines are the reports' own opening sentences: tests/test_review6_headlines.py.)

Found by running the README's commands: `pbrkit psa examples/clusters.xlsx
--uncertainty examples/uncertainty.csv` worked for 40 seconds and printed only
"pbrkit psa:" and the files written; `pbrkit compare base/ mff/` printed only
"pbrkit compare:"; `pbrkit threshold` printed its sentence before the reports were
written (so also when writing them was then refused) and an empty "pbrkit threshold:"
after it. The terminal lines (pbrkit/cli/headline.py: "so a run is never silent") had
no entry for these three commands.

The figures are read from summary.json, so they are the report's own. Hand-worked:
- compare: surplus base −£1,558,807, mff £685,856 → "base -£1.6m; mff £686k", and
  mff − base = £2,244,663 → "£2.2m".
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.headline import headline

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
UNCERTAINTY = ROOT / "examples" / "uncertainty.csv"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


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
    assert len(expected) >= 3  # the name and the two intervals
    assert lines[: len(expected)] == expected
    assert "NHS" in lines[1]
