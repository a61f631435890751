""" "In 9 runs out of 10" is said only when there are runs enough for it (review 6).

Found by running ``pbrkit psa WORKBOOK --uncertainty u.csv --samples 1``: every output
opened with "Over 1 runs, the change in the NHS provider's surplus is between -£2.2m
and -£2.2m in 9 runs out of 10 (median -£2.2m)". The 5th and 95th percentiles are
numpy's linear interpolation between the sorted runs: with n runs they sit at
positions 0.05·(n − 1) and 0.95·(n − 1), so below 20 runs the lowest and the highest
run always fall outside them and at most n − 2 of n lie between (3 of 5, 8 of 10:
never 9 in 10). The same held for ``pbrkit tender --draws 5`` ("in nine out of ten of
them") and ``pbrkit cost --psa 5``. With 20 runs the positions are 0.95 and 18.05, so
exactly 18 of 20 lie between. Below 20 the sentences now give the median and the two
percentiles as what they are, say the runs are too few to say where 9 in 10 fall, and
count runs in the singular when there is one.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.uncertainty_narrative import NINE_IN_TEN_RUNS, cost_headline, headline


def _psa(samples: int) -> dict:  # type: ignore[type-arg]
    stats = {"mean": -2.0e6, "p5": -2.5e6, "p50": -2.0e6, "p95": -1.5e6, "share_parameters": None}
    return {
        "samples": samples,
        "inner": 1,
        "figures": {"nhs_surplus_change": stats, "public_spending_change": stats},
        "prob_nhs_surplus_falls": 1.0,
        "prob_public_spending_rises": 0.0,
        "sensitivity": {
            f: {"most_important": None} for f in ("nhs_surplus_change", "public_spending_change")
        },
        "thresholds": [],
    }


def test_twenty_runs_is_where_nine_in_ten_lie_between_the_percentiles() -> None:
    # Positions 0.05·19 = 0.95 and 0.95·19 = 18.05: runs 2 to 19 (18 of 20) lie between.
    runs = np.arange(20.0)
    p5, p95 = np.percentile(runs, [5, 95])
    assert int(np.sum((runs >= p5) & (runs <= p95))) == 18
    # With 19 runs: positions 0.9 and 17.1, runs 2 to 18, 17 of 19 (89%).
    runs = np.arange(19.0)
    p5, p95 = np.percentile(runs, [5, 95])
    assert int(np.sum((runs >= p5) & (runs <= p95))) == 17
    assert NINE_IN_TEN_RUNS == 20


def test_a_psa_of_one_run_does_not_claim_nine_runs_in_ten() -> None:
    lines = headline({"psa": _psa(1)}, ranges="on the Uncertainty sheet of report.xlsx")
    first = lines[0]
    assert "9 runs out of 10" not in first
    assert "1 runs" not in first
    # One run is one value, not a range (fix11: it read "has a median of -£2.0m (5th
    # percentile -£2.5m, 95th -£1.5m)" as if a run had percentiles).
    assert first == (
        "In its only run, the change in the NHS provider's surplus is -£2.0m, given the "
        "ranges on the Uncertainty sheet of report.xlsx; one run gives no range (that needs "
        "2 runs or more, and 20 or more to say where 9 runs in 10 fall)."
    )


def test_twenty_runs_keep_the_nine_in_ten_sentence() -> None:
    first = headline({"psa": _psa(20)}, ranges="in the table below")[0]
    assert first == (
        "Over 20 runs, the change in the NHS provider's surplus is between -£2.5m and "
        "-£1.5m in 9 runs out of 10 (median -£2.0m), given the ranges in the table below."
    )


def test_a_costings_psa_of_five_samples_does_not_claim_it() -> None:
    psa = {
        "samples": 5,
        "figures": {"surplus": {"mean": 1.0, "p5": -1.0e6, "p50": 0.0, "p95": 1.0e6}},
        "prob_deficit": {"surplus": 0.4},
    }
    (line,) = cost_headline(psa, ranges="in the table below")
    assert "9 runs out of 10" not in line
    assert line.startswith("Over only 5 runs, the surplus in the input year has a median of £0")
    # Under 20 runs a chance is given as a count (fix7): 0.4 × 5 runs = 2 runs.
    assert line.endswith("; it is a deficit in 2 of 5 runs.")


def test_a_tender_of_five_draws_does_not_claim_nine_in_ten(tmp_path: Path) -> None:
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
        "p4,11,365,9000\np5,4,300,400\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(folder), "--draws", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "nine out of ten" not in html
    assert "with fewer than 20 draws, fewer than nine in ten lie between" in html
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["draws"] == 5
