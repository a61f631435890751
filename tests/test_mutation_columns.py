"""Tests written against mutmut on ``pbrkit.mhsds.columns`` (mutrest): which file holds
which MHSDS table, which header is read as which column, and the ``--columns`` file's
problems, word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.mhsds.columns import (
    CARE_CLUSTER,
    CLUSTER_ASSESS,
    CLUSTER_TOOL,
    COLUMNS,
    HOSPITAL_SPELL,
    canonical_names,
    load_column_map,
    squash,
    table_of,
)

TABLES = "MHS803CareCluster, MHS801ClusterTool, MHS802ClusterAssess, MHS501HospProvSpell"


def test_squash_keeps_lower_case_letters_and_digits() -> None:
    assert squash("Person_ID 2-x.Y") == "personid2xy"
    assert squash("ÅB") == "b"  # a letter outside a-z is dropped after casefolding


def test_each_table_is_known_by_its_file_name() -> None:
    assert table_of("mhs803carecluster_2017_04.csv") == CARE_CLUSTER
    assert table_of("MHS801_Cluster_Tool.parquet") == CLUSTER_TOOL
    assert table_of("2017 MHS802 Cluster Assess.csv") == CLUSTER_ASSESS
    assert table_of("MHS501HospProvSpell.csv") == HOSPITAL_SPELL
    assert table_of("MHS803.csv") is None
    assert table_of("caseload.csv") is None


def test_headers_are_matched_mapping_first_and_each_name_once() -> None:
    # 'Ref' is mapped to UniqClustID, so the header 'uniq clust id' is not read; the
    # header 'ClustId' is mapped to AMHCareClustCodeFin, so not read as ClustId; the
    # MHS801 mapping does not apply to MHS803; 'Other' is not read at all.
    header = ["uniq clust id", "Ref", "ClustId", "CLUSTER", "person_id", "Other"]
    mapping = {
        CARE_CLUSTER: {"ref": "UniqClustID", "Clust Id": "AMHCareClustCodeFin"},
        CLUSTER_TOOL: {"CLUSTER": "ClustId"},
    }
    assert canonical_names(CARE_CLUSTER, header, mapping) == {
        "Ref": "UniqClustID",
        "ClustId": "AMHCareClustCodeFin",
        "person_id": "Person_ID",
    }
    # Without a mapping each header finds its own name; the first of two spellings wins.
    assert canonical_names(CARE_CLUSTER, ["ClustId", "clustid", "uniq clust id"], {}) == {
        "ClustId": "ClustId",
        "uniq clust id": "UniqClustID",
    }


def test_a_columns_file_is_read_by_squashed_names(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        '[mhs803_care_cluster]\n"ClusterRef" = "uniq clust id"\n"Cluster" = "AMHCareClustCodeFin"\n'
        '[MHS501HospProvSpell]\n"Out" = "DischDateHospProvSpell"\n',
        encoding="utf-8",
    )
    assert load_column_map(path) == {
        CARE_CLUSTER: {"ClusterRef": "UniqClustID", "Cluster": "AMHCareClustCodeFin"},
        HOSPITAL_SPELL: {"Out": "DischDateHospProvSpell"},
    }


def test_every_problem_of_a_columns_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        'MHS801ClusterTool = "x"\n'
        '[MHS999Other]\n"a" = "b"\n'
        '[MHS803CareCluster]\n"Ref" = "UniqClustID"\n"Ref2" = "uniqclustid"\n'
        '"Code" = "ClusterCode"\n"Five" = 5\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_column_map(path)
    care = ", ".join(COLUMNS[CARE_CLUSTER])
    assert caught.value.problems == (
        Problem("--columns file 'ours.toml': [MHS801ClusterTool] is not an MHSDS table "
                "pbrkit reads", expected=TABLES),
        Problem("--columns file 'ours.toml': [MHS999Other] is not an MHSDS table pbrkit "
                "reads", expected=TABLES),
        Problem("--columns file 'ours.toml', [MHS803CareCluster]: two columns map to "
                "'UniqClustID'", fix="map each MHSDS column from one of your columns only"),
        Problem("--columns file 'ours.toml', [MHS803CareCluster]: 'Code' maps to an unknown "
                "column", value="ClusterCode", expected=care),
        Problem("--columns file 'ours.toml', [MHS803CareCluster]: 'Five' maps to an unknown "
                "column", value=5, expected=care),
    )  # fmt: skip
    assert caught.value.hint == "correct the --columns file; nothing was written"


def test_an_unreadable_columns_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text("[MHS803CareCluster\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_column_map(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith(f"cannot read --columns file '{path}': ")
    with pytest.raises(InputError, match="cannot read --columns file"):
        load_column_map(tmp_path / "none.toml")
