"""``pbrkit explore --publish``: the page's "People in the population" is the published
count, as the sweep's summary.json gives it.

Found in round 12 (i11), by reviewing the first commit of this round: the sweep's
``base.patients`` had been published by ``SweepRun.document`` before the layout saw it;
with that rule moved into the generic publish (summary.json's ``base`` now reads the
published headline), ``ExploreRun.exploration`` still took ``document.extras["base"]``,
the scenario as given, and so showed the exact count on a published page.

Hand-worked: the example scenario has 10,231 people; published (counts to the nearest
5 above 7) they are 10,230 — the sweep-publish golden's ``base.patients``.
"""

from __future__ import annotations

from pathlib import Path

from pbrkit.reports.suppression import NHSD_HES_2018
from pbrkit.workflows.explore import run_explore

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "probation-style-split.toml"


def test_published_page_shows_the_published_population() -> None:
    run = run_explore(SCENARIO, {"nhs.fixed_cost_share": [0.2, 0.8]}, draws=1, workers=1,
                      publish=NHSD_HES_2018)  # fmt: skip
    assert run.sweep.base["patients"] == 10_231  # exact, as read
    base = run.exploration().base
    assert base["patients"] == 10_230
    assert run.summary()["base"]["patients"] == 10_230  # the same count everywhere
