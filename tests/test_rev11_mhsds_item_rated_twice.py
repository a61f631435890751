"""An item rated twice in one assessment, with two scores, does not depend on row order
(rev11 hostile review).

One assessment (one UniqClustID) can rate MHCT item 1 through two SNOMED CT ids: HoNOS
item 1 (979641000000103) and HoNOS 65+ item 1 (980761000000107), both mapped to item 1
by the shipped mhsds_item_codes.csv. The import kept "the first id", first in the order
the rows came in the file: with the HoNOS row first the ratings sheet said item 1 = 1,
with the HoNOS 65+ row first it said 3, the same extract otherwise. Two different
scores for one item say the item is not known: it is left blank (unknown, as an item
not rated), both rows are listed in data_quality, and the same score twice counts once.
The order test failed on the old code (3 against 1).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mhsds_helpers import care, reasons, run

C803 = "MHS803CareCluster.csv"
C801 = "MHS801ClusterTool.csv"
C802 = "MHS802ClusterAssess.csv"
HONOS_1, HONOS_2 = "979641000000103", "979651000000100"
HONOS_65_1 = "980761000000107"
BASE = {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
        "Person_ID": "P1", "UniqClustID": "RXX1"}  # fmt: skip
TOOL = {**BASE, "AssToolCompDate": "2017-07-01", "MHS801UniqID": "1"}
DIFFERENT = "item rated twice in one assessment with different scores (both left out: not known)"
SAME = "item rated twice in one assessment with the same score (counted once)"


def rated(*items: tuple[str, str]) -> list[dict[str, str]]:
    """MHS802 rows of P1's one assessment: (SNOMED CT id, score), in this order."""
    return [
        {**BASE, "CodedAssToolType": code, "PersScore": score, "MHS802UniqID": str(n)}
        for n, (code, score) in enumerate(items, start=1)
    ]


def item_1_and_2(tmp_path: Path, *items: tuple[str, str]) -> tuple[object, object, dict[str, int]]:
    result = run(tmp_path, {C803: [care()], C801: [TOOL], C802: rated(*items)})
    assert result.ratings is not None
    [row] = result.ratings.to_dict("records")
    return row["1"], row["2"], reasons(result)


def test_two_scores_for_one_item_are_not_known_in_either_order(tmp_path: Path) -> None:
    # HoNOS item 1 = 1 and HoNOS 65+ item 1 = 3 in one assessment; item 2 = 0.
    first = item_1_and_2(tmp_path / "a", (HONOS_1, "1"), (HONOS_65_1, "3"), (HONOS_2, "0"))
    second = item_1_and_2(tmp_path / "b", (HONOS_65_1, "3"), (HONOS_1, "1"), (HONOS_2, "0"))
    assert first == second  # old code: item 1 was 1, then 3
    one, two, why = first
    assert pd.isna(one)  # not known: blank, as an item not rated
    assert two == 0
    assert why[DIFFERENT] == 2  # both rows listed


def test_the_same_score_twice_counts_once(tmp_path: Path) -> None:
    one, two, why = item_1_and_2(tmp_path, (HONOS_65_1, "2"), (HONOS_1, "2"), (HONOS_2, "0"))
    assert (one, two) == (2, 0)
    assert why[SAME] == 1
    assert DIFFERENT not in why
