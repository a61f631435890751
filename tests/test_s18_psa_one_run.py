"""A PSA of one run shows its one value, labelled as its only run, not three equal
percentile tiles (fix11, item 5).

``pbrkit psa … --samples 1`` showed "Change in NHS surplus, 5th percentile", "…,
median" and "…, 95th percentile" tiles, all the same amount, as if they were a range;
the sentence said "has a median of -£17.1m (5th percentile -£17.1m, 95th -£17.1m)".
docs/uncertainty.md shows few runs as what they are (the chances as "1 of 1 runs",
not a share), so one run is shown as one value: a tile "…, its only run" and the
sentence "In its only run, … is …; one run gives no range". From 2 runs the
percentiles are back (interpolated between the runs, a range). Failed on the old code
(the three tiles, "has a median of").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pbrkit.reports.figures import figure
from pbrkit.reports.format import money_short
from pbrkit.reports.uncertainty_narrative import interval_sentence
from test_fix7_psa_few_runs_tile import _pdf_text, _psa, _xlsx_text

LEADS = ("nhs_surplus_change", "public_spending_change")


def test_one_run_is_one_value_in_every_format(tmp_path: Path) -> None:
    out, terminal = _psa(tmp_path, 1)
    (run,) = pd.read_parquet(out / "psa.parquet").to_dict(orient="records")
    html = (out / "report.html").read_text(encoding="utf-8")
    pdf, xlsx = _pdf_text(out / "summary.pdf"), _xlsx_text(out / "report.xlsx")
    for key in LEADS:
        assert f'data-figure="psa_{key}_p5"' not in html  # no percentile tiles
        assert f'data-figure="psa_{key}_one_run"' in html
        label = figure(f"psa_{key}_one_run").label
        assert label == f"{figure(key).label}, its only run"
        assert label in pdf and label in xlsx
    # The sentence gives the run's value once, as the run's.
    change = money_short(run["nhs_surplus_change"])
    assert f"In its only run, the change in the NHS provider's surplus is {change}" in terminal
    assert "one run gives no range" in terminal
    assert "5th percentile" not in terminal


def test_two_runs_keep_their_percentiles(tmp_path: Path) -> None:
    out, terminal = _psa(tmp_path, 2)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-figure="psa_nhs_surplus_change_p5"' in html
    assert "_one_run" not in html
    assert "Over only 2 runs" in terminal


def test_the_sentence_of_one_run() -> None:
    stats = {"mean": -5.0e6, "p5": -5.0e6, "p50": -5.0e6, "p95": -5.0e6}
    assert interval_sentence(1, "the surplus", stats, "below") == (
        "In its only run, the surplus is -£5.0m, given the ranges below; one run gives "
        "no range (that needs 2 runs or more, and 20 or more to say where 9 runs in 10 fall)"
    )
