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
