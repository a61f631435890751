"""Hostile review (round 14, review3) of the published ``pbrkit cluster`` wording.

150 patients of the example, 2 of them with three items unknown (not assessed, 99).
Published, the 2 not assessed are hidden (1-7) and, to protect them, the secondary
rule hides the 148 with a suggestion and with them the patients audited (about 145)
and the patients with a cost. The report then said "Caution: agreement and kappa rest
on only * patients (fewer than 30)" and the terminal "Agreement not published (too few
patients audited)": a hidden count was read as a small one, though ~145 patients were
audited. A count hidden by --publish is not known to be small: no caution claims it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.cli.headline import cluster_headline

ROOT = Path(__file__).resolve().parents[1]


def published_run(tmp_path: Path) -> tuple[str, dict[str, object], str]:
    ratings = pd.read_excel(ROOT / "examples" / "ratings.xlsx", sheet_name="ratings")
    small = ratings.head(150).copy()
    # Three items unknown (blank) for two patients: more than the 2 allowed, so 99.
    small.loc[[0, 1], ["1", "5", "A"]] = None
    path = tmp_path / "ratings.csv"
    small.to_csv(path, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    html = (out / "report.html").read_text(encoding="utf-8")
    return html, summary, result.output


def test_a_hidden_count_is_not_called_fewer_than_30(tmp_path: Path) -> None:
    html, summary, _ = published_run(tmp_path)
    allocation = summary["allocation"]
    assert isinstance(allocation, dict)
    # The setting of the defect: 150 patients shown, the audited count hidden.
    assert allocation["patients"] == 150
    assert allocation["audited"] is None
    assert allocation["agreement"] is None
    # Before: "Caution: agreement and kappa rest on only * patients (fewer than 30)".
    assert "agreement and kappa rest on only" not in html
    assert "rests on only" not in html


def test_the_headline_does_not_say_too_few_when_the_count_is_hidden(tmp_path: Path) -> None:
    _, _, output = published_run(tmp_path)
    assert "too few patients audited" not in output
    assert "Agreement not published (the count of patients audited is hidden)" in output


def test_the_headline_of_a_hidden_audit() -> None:
    allocation = {"patients": 150, "assessed": None, "audited": None, "no_clinician_cluster": 0}
    allocation |= {"agreement": None, "kappa": None, "money_at_stake": None}
    lines = cluster_headline({"allocation": allocation})
    assert lines[1] == "Agreement not published (the count of patients audited is hidden)"
