"""What "Service users" means, as the reports define it (review4, December 2026).

Every cost and tender report defined Service users as "people in the caseload (each
counted once)". A caseload row counts the people in one cluster (and team), so a person
in two clusters in the year is in both rows and in their sum twice
(docs/methodology.md §2 for teams, §9: "the column adds up to more than the number of
people"). The definition now says so, wherever the figure is defined.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports import registry  # noqa: F401  (registers the figures)
from pbrkit.reports.figures import figure

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_the_definition_does_not_claim_each_person_once() -> None:
    meaning = figure("service_users").meaning
    assert "each counted once" not in meaning  # before: "(each counted once)"
    assert "two clusters" in meaning and "counts in both" in meaning


def test_the_reports_carry_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "each counted once" not in html
    assert "a person in two clusters counts in both" in html
    assert json.loads((out / "summary.json").read_text())["totals"]["service_users"] == 10231
