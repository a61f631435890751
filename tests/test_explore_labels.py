"""explore labels a cluster's people as the tender's reports do (review 10).

Found comparing explore.html with the tender's report: its cluster table headed the
people in each cluster "Patients", where the tender's report.xlsx, report.html and
summary.json's labels say "Service users" for the same figure (the people in the
cluster before the tender). One figure, one label: the page now takes it from the
registry's service users.
"""

from __future__ import annotations

from pathlib import Path


def test_the_page_heads_the_column_service_users(tmp_path: Path) -> None:
    from test_explore import RUN, SCENARIO, VARY, grid_json, invoke

    invoke("explore", str(SCENARIO), *VARY, *RUN, "--out", str(tmp_path))
    data = grid_json((tmp_path / "explore.html").read_text(encoding="utf-8"))
    assert data["labels"]["patients"]["label"] == "Service users"
    assert data["labels"]["taken_patients"]["label"] == "People taken by bidders"


def test_nine_draws_in_ten_is_said_only_from_twenty_draws(tmp_path: Path) -> None:
    # Below 20 draws the 5th and 95th percentiles interpolate between the lowest two
    # and highest two draws, so ends that read the same say nothing of 9 in 10
    # (uncertainty_narrative.NINE_IN_TEN_RUNS); review 10 found it said with 3 draws.
    from test_explore import SCENARIO, VARY, grid_json, invoke

    for draws, nine_in_ten in (("19", False), ("20", True)):
        out = tmp_path / draws
        invoke("explore", str(SCENARIO), *VARY, "--draws", draws, "--workers", "1",
               "--out", str(out))  # fmt: skip
        data = grid_json((out / "explore.html").read_text(encoding="utf-8"))
        assert (data["nine_in_ten"], data["draws"]) == (nine_in_ten, int(draws))
