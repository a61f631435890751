"""A --columns mapping wins over a header that happens to carry the MHSDS name.

Found in review: with `"ClusterEnd" = "EndDateCareClust"` in the mapping and a blank
EndDateCareClust column to the left of ClusterEnd, the blank column was read and the
mapping ignored without a word. 2017/18: 2017-05-01 → 2017-06-01 is 31 days (May); read
as open it was 365 − 30 (April) = 335.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import Y2017, care, caseload_of, extract
from pbrkit.mhsds import import_mhsds
from pbrkit.mhsds.columns import CARE_CLUSTER, canonical_names


def test_the_mapping_is_applied_before_matching_names(tmp_path: Path) -> None:
    row = {**care(StartDateCareClust="2017-05-01", EndDateCareClust=""), "ClusterEnd": "2017-06-01"}
    folder = extract(tmp_path / "in", {"MHS803CareCluster_2018_03.csv": [row]})
    columns = tmp_path / "ours.toml"
    columns.write_text('[MHS803CareCluster]\n"ClusterEnd" = "EndDateCareClust"\n', encoding="utf-8")
    result = import_mhsds(folder, Y2017, columns=columns)
    assert caseload_of(result) == {3: (1, 31, 1, 0)}


def test_canonical_names_mapping_first_then_first_matching_header() -> None:
    header = ["EndDateCareClust", "ClusterEnd", "person id", "Person_ID"]
    mapping = {CARE_CLUSTER: {"ClusterEnd": "EndDateCareClust"}}
    # ClusterEnd is mapped; of the two Person_ID spellings the first one is kept.
    assert canonical_names(CARE_CLUSTER, header, mapping) == {
        "ClusterEnd": "EndDateCareClust",
        "person id": "Person_ID",
    }
