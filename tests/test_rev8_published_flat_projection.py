"""Hostile review rev8: a published costing projected with no deflator and no inflation
said its deficit changed: "the 2024/25 deficit of £4,000 becomes a deficit of £2,000 by
2026/27", for a surplus that is −£3,000 in every year.

rev8_inputs.costing: income £5,000, cost £8,000, surplus −£3,000. Published, £ are
rounded to £2,000 (5 × the largest rate, £361.90 for a psychology hour, rounded up to
£2,000), halves away from zero: income £6,000, cost £8,000, surplus −£4,000. Year 0
shows the surplus rounded on its own (−£4,000, as the headline; rev7a), but each later
year showed its rounded income less its rounded cost, 6,000 − 8,000 = −£2,000, so the
deficit appeared to halve with nothing changed. A later year's surplus is year 0's as
published moved by what the projection changes (here nothing): −£4,000 every year.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import costing


def _published(tmp_path: Path, *extra: str) -> tuple[dict[str, object], str]:
    out = tmp_path / "out"
    source = costing(tmp_path / "caseload")
    args = ["cost", str(source), "--publish", "--years", "3", "--out", str(out), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary, (out / "report.html").read_text(encoding="utf-8")


def test_a_flat_projection_stays_flat_when_published(tmp_path: Path) -> None:
    summary, html = _published(tmp_path)
    assert summary["disclosure"]["money_rounding_base"] == 2000  # type: ignore[index]
    assert summary["totals"]["surplus"] == -4000  # type: ignore[index]
    surpluses = [year["surplus"] for year in summary["projection"]]  # type: ignore[union-attr]
    assert surpluses == [-4000, -4000, -4000]
    assert "becomes a deficit of £2,000" not in html
    assert "the 2024/25 deficit of £4,000 becomes a deficit of £4,000 by 2026/27" in html


def test_a_moving_projection_moves_from_the_published_year_0(tmp_path: Path) -> None:
    # A 10% deflator: year 2's exact surplus is 5,000 × 0.9² − 8,000 = 4,050 − 8,000 =
    # −3,950; from the published year 0, −4,000 + 6,000 × (0.81 − 1) = −4,000 − 1,140 =
    # −5,140, published to the nearest £2,000: −£6,000. It is 2,050 from the exact
    # value, within what the rounding allows: year 0's surplus (half the base, 1,000),
    # the change worked out from the rounded year-0 income (1,000 × 0.19 = 190) and
    # its own rounding (1,000): 2,190.
    summary, _ = _published(tmp_path, "--deflator", "10%")
    surpluses = [year["surplus"] for year in summary["projection"]]  # type: ignore[union-attr]
    # year 1: −4,000 + 6,000 × (0.9 − 1) = −4,600 → −£4,000
    assert surpluses == [-4000, -4000, -6000]
