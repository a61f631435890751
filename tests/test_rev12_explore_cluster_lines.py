"""rev12: explore --publish ties each cluster's people to the people in all.

The page shows every cluster's people beside the people in all (the assumptions'
``patients``, the headline's taken and left at each point): those are lines as in the
tender's own cluster table (docs/methodology.md §7, "Secondary suppression"), so one
hidden cluster beside a shown total must take a second count with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.reports.explore import publish_cluster_residue
from pbrkit.reports.suppression import NHSD_HES_2018, is_suppressed
from pbrkit.tender.sweep import CLUSTER_COLUMNS


def grid(clusters: dict[int, tuple[float, float, float]]) -> pd.DataFrame:
    """One grid point: each cluster's (people, taken, left) and the headline totals."""
    columns: dict[str, object] = {"p": [1.0]}
    columns["taken_patients"] = [sum(c[1] for c in clusters.values())]
    columns["residue_patients"] = [sum(c[2] for c in clusters.values())]
    for code, values in clusters.items():
        for name, value in zip(CLUSTER_COLUMNS, (*values, 0.0), strict=True):
            columns[f"cluster.{code}.{name}"] = np.array([value])
    return pd.DataFrame(columns)


def upper_bound(hidden: str, out: pd.Series, total: float, names: list[str]) -> float:
    """What a reader can say of one hidden count: at most the published total + 2
    less every other published count − 2 (a published r is r − 2 … r + 2)."""
    shown = [float(out[n]) for n in names if n != hidden and not is_suppressed(out[n])]
    return NHSD_HES_2018.round(total) + 2 - sum(s - 2 for s in shown)


def test_one_hidden_cluster_beside_the_people_in_all_takes_a_second() -> None:
    # 38 + 8 + 1 = 47 people, published 45 (the page's assumptions say 'patients 45').
    # Cluster by cluster alone: 38 → 40, 8 → 10, 1 → *. A reader: cluster 11 is at
    # most 47 − 38 − 8 = 1 (45 + 2 less 40 − 2 less 10 − 2), so it is 1: pinned.
    # pbrkit tender hides cluster 3's 8 too; explore must.
    out = publish_cluster_residue(grid({1: (38, 30, 8), 3: (8, 5, 3), 11: (1, 0, 1)}),
                                  NHSD_HES_2018).iloc[0]  # fmt: skip
    names = [f"cluster.{c}.patients" for c in (1, 3, 11)]
    hidden = [n for n in names if is_suppressed(out[n])]
    assert len(hidden) >= 2, [out[n] for n in names]
    for name in hidden:
        assert upper_bound(name, out, 47, names) >= 2


def test_one_hidden_cluster_beside_the_people_taken_in_all_takes_a_second() -> None:
    # At the point: 60 + 12 = 72 people; taken 40 + 5 = 45, left 20 + 7 = 27.
    # Cluster 3's 5 taken and 7 left are hidden (1-7); the headline shows 45 taken and
    # 25 left, so with cluster 1's 40 and 20 shown, cluster 3's taken is 45 − 40 ± 4 and
    # its left 27 − 20 ± 4: the line of the clusters' taken with the total takes a
    # second count, as pbrkit tender's cluster table does.
    out = publish_cluster_residue(grid({1: (60, 40, 20), 3: (12, 5, 7)}), NHSD_HES_2018).iloc[0]
    for name in ("taken_patients", "residue_patients"):
        assert is_suppressed(out[f"cluster.3.{name}"])
        assert is_suppressed(out[f"cluster.1.{name}"]), name


def test_a_total_the_line_rule_hides_is_hidden_on_the_page_too() -> None:
    # Cluster 1: 40 people, 35 taken, 5 left: the 5 is hidden (1-7) and the 35 with it
    # (its cluster's line). Cluster 11: 20 people, nobody taken. Taken in all: 35 + 0:
    # the headline's 35 would be cluster 1's hidden 35, so the line rule hides it, and
    # the page (the grid returned) must not show it.
    out = publish_cluster_residue(grid({1: (40, 35, 5), 11: (20, 0, 20)}), NHSD_HES_2018)
    assert is_suppressed(out["cluster.1.taken_patients"].iloc[0])
    assert is_suppressed(out["taken_patients"].iloc[0])
