"""Casemix indices under ``--publish`` in the uncertainty outputs (fix9a, defect 1).

Found by an earlier review: ``pbrkit psa --publish`` (psa.parquet, summary.json's
``psa``, the Uncertainty sheet, report.html), ``pbrkit sweep --publish`` and the
tornado's base published the casemix indices exactly, while the single ``tender``
works its residue's index out again from the published (rounded) £ totals and counts
and hides it where the rounding could move it by more than 0.1.

Can an exact index give a count back? The index is I = (C_R ÷ R) ÷ (C ÷ P): the
residue's mean cost over everyone's. So R = P × C_R ÷ (C × I), and a reader who has
the exact I knows R as precisely as the published £ totals C_R and C (each ± half
the money base B) and P allow: ΔR ≈ B ÷ (2 m_R) + R·B ÷ (2C) + 2.5·R ÷ P, m_R the
residue's mean cost. The money base (5 × the largest price) keeps a £ total ÷ a
*price* to ± 2.5 people, but m_R is no price: a residue of long inpatient stays costs
far more a head than any tariff price. Worked by hand (:func:`test_by_hand`):

* a trust of P = 1,000 people costing C = £5,000,000 (£5,000 a head);
* R = 9 people left (published as 10), costing C_R = £1,314,000 (£146,000 a head);
* largest price £8,030 a year, so B = 5 × £8,030 = £40,150, rounded up to £50,000:
  C_R is published as £1,300,000 (true £1,275,000 to £1,325,000), C as £5,000,000
  (£4,975,000 to £5,025,000), P as 1,000 (997.5 to 1,002.5);
* the exact index: (1,314,000 ÷ 9) ÷ (5,000,000 ÷ 1,000) = 146,000 ÷ 5,000 = 29.2;
* R = 1,000 × 1,300,000 ÷ (5,000,000 × 29.2) = 1.3e9 ÷ 1.46e8 = 8.90, and over the
  rounding 997.5 × 1,275,000 ÷ (5,025,000 × 29.2) = 8.67 to
  1,002.5 × 1,325,000 ÷ (4,975,000 × 29.2) = 9.14: one whole number, 9, where 10 is
  published. Worked out from the published figures instead, the index is
  (1,300,000 ÷ 10) ÷ (5,000,000 ÷ 1,000) = 26.0 and gives back only the 10.

In a PSA run or a sweep point the £ totals the index is worked out from are not in the
row, so it cannot be worked out again there: published, it is hidden (the registry's
``from_published``), in every run, every statistic over runs or draws, and the
tornado's base; where the row has them (the single tender's Residue table) it is worked
out from the published figures as before.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.figures import registered

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CASEMIX = ("casemix_index", "casemix_between", "casemix_within")


def test_by_hand() -> None:
    """The exact index beside the rounded totals pins the 9 people published as 10."""
    people, cost, left, left_cost = 1_000, 5_000_000.0, 9, 1_314_000.0
    index = (left_cost / left) / (cost / people)
    assert math.isclose(index, 29.2)
    low = 997.5 * 1_275_000 / (5_025_000 * index)
    high = 1_002.5 * 1_325_000 / (4_975_000 * index)
    assert 8.66 < low < 8.67 and 9.14 < high < 9.15
    assert [n for n in range(20) if low <= n <= high] == [9]  # not the published 10
    published = (1_300_000 / 10) / (5_000_000 / 1_000)
    assert math.isclose(published, 26.0)


def test_the_registry_declares_every_casemix_index() -> None:
    """The indices, the tender's cost ÷ payment ratios (fixleft: worked out from the
    published totals) and the sweep's percentiles of them are declared, and the cost
    ratio of the people taken (disc: no sweep percentiles, it is no grid figure),
    nothing else."""
    declared = {k for k, f in registered().items() if f.from_published}
    ratios = ("residue_cost_to_payment", "cost_to_payment_before")
    swept = {f"{k}{s}" for k in (*CASEMIX, *ratios) for s in ("", "_p5", "_p95")}
    assert declared == swept | {"taken_cost_ratio"}


def _run(args: list[str], out: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, [*args, "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_psa_hides_the_indices_in_every_run_and_statistic(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("parameter,low,high\nnhs.fixed_cost_share,0.2,0.5\n", encoding="utf-8")
    args = ["psa", str(EXAMPLES / "clusters.xlsx"), "--uncertainty", str(ranges),
            "--samples", "6", "--workers", "1"]  # fmt: skip
    summary = _run(args, tmp_path / "psa")
    psa = summary["psa"]
    assert isinstance(psa, dict)
    runs = pd.read_parquet(tmp_path / "psa" / "psa.parquet")
    assert runs["residue_patients"].notna().all()  # the counts themselves are published
    suppressed = summary["disclosure"]["suppressed"]  # type: ignore[index]
    for key in CASEMIX:
        assert runs[key].isna().all(), key
        stats = psa["figures"][key]
        assert all(stats[s] is None for s in ("mean", "p5", "p50", "p95")), key
        assert psa["tornado"]["base"][key] is None
        assert f"/psa/figures/{key}/p50" in suppressed
    # The £ figures beside them are still published (rounded), not hidden.
    assert psa["figures"]["residue_cost_gap"]["p50"] is not None


def test_sweep_hides_the_indices_at_every_point(tmp_path: Path) -> None:
    args = ["sweep", str(EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml"),
            "--vary", "bidders.*.capacity=5,500", "--draws", "3", "--workers", "1"]  # fmt: skip
    summary = _run(args, tmp_path / "sweep")
    rows = pd.read_csv(tmp_path / "sweep" / "sweep.csv", dtype=str)
    for key in CASEMIX:
        for column in (key, f"{key}_p5", f"{key}_p95"):
            assert set(rows[column]) == {"*"}, column
            assert all(point[column] is None for point in summary["sweep"])  # type: ignore[attr-defined]


def test_single_tender_keeps_the_index_worked_out_from_published_figures(
    tmp_path: Path,
) -> None:
    """The Residue table has the £ totals and counts: its index is worked out from
    their published values (as before), and the headline follows its total."""
    summary = _run(["tender", str(EXAMPLES / "clusters.xlsx")], tmp_path / "tender")
    residue = summary["residue"]
    assert isinstance(residue, dict)
    rows = summary["residue_by_cluster"]
    assert isinstance(rows, list)
    shown = [r for r in rows if r["casemix_index"] is not None]
    assert shown  # some clusters' indices survive the rounding-spread rule
    for row in shown:
        # mean cost after (residue cost ÷ people left) ÷ mean cost before, both
        # worked out from the published rounded £ and counts.
        assert math.isclose(row["mean_cost_after"], row["residue_cost"] / row["residue_patients"])
        worked = row["mean_cost_after"] / row["mean_cost_before"]
        assert math.isclose(row["casemix_index"], worked)
    assert isinstance(residue["casemix_index"], float)
    # Its split has no published figures to be worked out from: hidden.
    assert residue["casemix_between"] is None and residue["casemix_within"] is None
