"""`pbrkit tender --publish` hid a cluster's day total where it would narrow its count
(the floor rule, docs/methodology.md §7), but summary.json's `totals` gave the run's
exact days beside the published people, so the floor came back (rev13).

Found on an MHSDS import of 12 people in cluster 11 all year (2017/18: 12 × 365 =
4,380 days): `totals` read service_users 10 (8 to 12) and cluster_days 4,380, at least
4,380 ÷ 366 = 11.97 people, so exactly 12, the unrounded count that `pbrkit cost
--publish` of the same workbook hides (its total days are null). And beside a shown
cluster the exact total gives a hidden cluster's days back by difference.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.reports.suppression import NHSD_HES_2018


def tender(tmp_path: Path, caseload: str, *publish: str) -> dict[str, Any]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "caseload.csv").write_text(caseload, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(folder), "--out", str(out), *publish])
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "summary.json").read_text(encoding="utf-8")))


def test_the_total_days_of_twelve_people_all_year_are_hidden(tmp_path: Path) -> None:
    # 12 people, 4,380 days: published 10, f = 8; 4,380 > 366 × (8 − 1) = 2,562.
    summary = tender(tmp_path, "cluster,service_users,cluster_days\n11,12,4380\n", "--publish")
    totals = summary["totals"]
    assert totals["service_users"] == 10
    assert totals["cluster_days"] is None
    assert "/totals/cluster_days" in summary["disclosure"]["suppressed"]
    assert summary["clusters"][0]["cluster_days"] is None  # as before


def test_a_total_that_less_a_shown_cluster_gives_a_hidden_one_back(tmp_path: Path) -> None:
    # Cluster 3: 20 people, 2,000 days (published 20, f = 18: 2,000 ≤ 366 × 17 = 6,222,
    # shown). Cluster 11: 12 people, 4,380 days (hidden, as above). In all 32 people,
    # published 30 (f = 28): 6,380 ≤ 366 × 27 = 9,882 passes the floor on its own, but
    # 6,380 − 2,000 = 4,380, cluster 11's hidden days: the total is hidden too.
    caseload = "cluster,service_users,cluster_days\n3,20,2000\n11,12,4380\n"
    summary = tender(tmp_path, caseload, "--publish")
    days = {c["cluster"]: c["cluster_days"] for c in summary["clusters"]}
    assert days == {3: 2000, 11: None}
    assert summary["totals"]["service_users"] == 30
    assert summary["totals"]["cluster_days"] is None


def test_a_total_within_the_floor_beside_shown_clusters_is_shown(tmp_path: Path) -> None:
    # 20 and 25 people with 2,000 and 3,000 days, both shown (f = 18 and 23); in all 45
    # (f = 43): 5,000 ≤ 366 × 42 = 15,372 and no cluster hidden: nothing to hide.
    caseload = "cluster,service_users,cluster_days\n3,20,2000\n11,25,3000\n"
    published = tender(tmp_path, caseload, "--publish")
    assert published["totals"]["cluster_days"] == 5000
    assert published["totals"]["admitted_days"] == 0


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=30),  # people
            st.floats(min_value=0.5, max_value=1.0),  # share of the year each is in
        ),
        min_size=1,
        max_size=3,
    )
)
def test_no_published_tender_total_narrows_or_gives_back(tmp_path: Path, rows: list) -> None:
    # Random small caseloads (clusters 11, 12, 13): the tender's totals show days only
    # within the floor of their published people, and only where no cluster's are hidden.
    lines = "".join(
        f"{11 + i},{people},{math.floor(people * 366 * share)}\n"
        for i, (people, share) in enumerate(rows)
    )
    tmp = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may try one caseload twice
    summary = tender(tmp, "cluster,service_users,cluster_days\n" + lines, "--publish")
    totals, clusters = summary["totals"], summary["clusters"]
    people, days = totals["service_users"], totals["cluster_days"]
    if days is not None:
        assert isinstance(people, int)
        assert people == 0 or math.ceil(days / 366) <= NHSD_HES_2018.fewest_behind(people)
        assert all(c["cluster_days"] is not None for c in clusters)
