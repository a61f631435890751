"""explore --publish: summary.json hides the headline counts the page hides (left by rev12).

Published, the page hides the people taken (left) in all at a point where they would
give a hidden cluster back: cluster 1 has 40 people, 35 taken and 5 left (the 5 is
hidden, 1-7, and the 35 with it, its cluster's line); cluster 11 has 20 people and
nobody taken. Taken in all is 35 + 0 = 35: shown, it is cluster 1's hidden 35, so the
page shows * (reports/explore.py, the line rule of rev12). summary.json, written beside
explore.html from the sweep's own document, still gave 35 (published as 35 under the
NHS Digital rule), so the two files together gave the hidden cluster back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pbrkit.reports.suppression import NHSD_HES_2018, is_suppressed
from pbrkit.tender.sweep import CLUSTER_COLUMNS
from pbrkit.workflows.explore import ExploreRun, run_explore

SCENARIO = Path(__file__).parents[1] / "examples" / "scenarios" / "aqp-fixed-tariff.toml"
PARAMETER = "nhs.fixed_cost_share"


def _run() -> ExploreRun:
    """A real published exploration of two points whose clusters are then made two:
    cluster 1 (40 people, 35 taken, 5 left) and cluster 11 (20, 0, 20), at both points."""
    run = run_explore(SCENARIO, [f"{PARAMETER}=0.2,0.6"], draws=2, workers=1,
                      publish=NHSD_HES_2018)  # fmt: skip
    grid = run.sweep.grid
    grid = grid.drop(columns=[c for c in grid.columns if str(c).startswith("cluster.")])
    for name, value in (("taken_patients", 35.0), ("residue_patients", 25.0)):
        for column in (name, f"{name}_p5", f"{name}_p95"):
            grid[column] = value
    for code, values in {1: (40.0, 35.0, 5.0, 900.0), 11: (20.0, 0.0, 20.0, 0.0)}.items():
        for name, value in zip(CLUSTER_COLUMNS, values, strict=True):
            grid[f"cluster.{code}.{name}"] = value
    return ExploreRun(sweep=replace(run.sweep, grid=grid))


def test_summary_json_hides_the_taken_the_page_hides() -> None:
    run = _run()
    page = run.exploration().grid
    assert all(is_suppressed(v) for v in page["taken_patients"])  # the page: *
    records = run.summary()["sweep"]
    assert [r[PARAMETER] for r in records] == [0.2, 0.6]
    for name in ("taken_patients", "taken_patients_p5", "taken_patients_p95"):
        assert [r[name] for r in records] == [None, None], name  # was [35, 35]
        assert all(f"/sweep/{i}/{name}" in run.summary()["disclosure"]["suppressed"]
                   for i in (0, 1))  # fmt: skip
    # what the page shows, summary.json shows alike: 25 left is 25 in both
    assert [r["residue_patients"] for r in records] == list(page["residue_patients"])
