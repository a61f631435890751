"""The text NULL, as SQL Server exports write an empty cell, is missing, not a value.

Found in review: a CSV exported from a warehouse with NULL for every empty cell had
its open periods left out as "end date not a date", and everyone without a national
id became one person called 'NULL'. Financial year 2017/18: 2017-04-01 to 2018-04-01.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mhsds_helpers import Y2017, care, caseload_of, reasons, run, spell
from pbrkit.mhsds import import_mhsds

C803 = "MHS803CareCluster_2018_03.csv"


@pytest.mark.parametrize("null", ["NULL", "null", " Null "])
def test_null_end_is_an_open_period(tmp_path: Path, null: str) -> None:
    # 2017-05-01 → open (2018-04-01): 365 − 30 (April) = 335 days in cluster 03.
    result = run(tmp_path, {C803: [care(StartDateCareClust="2017-05-01", EndDateCareClust=null)]})
    assert caseload_of(result) == {3: (1, 335, 1, 0)}
    assert reasons(result) == {}


def test_null_person_ids_are_not_one_person(tmp_path: Path) -> None:
    # Two rows with Person_ID NULL and different local ids: two people, local:RXX:L1
    # (cluster 03, 365 days) and local:RXX:L2 (cluster 04, 365 days), not one person
    # 'NULL' whose second period overlaps the first and is left out.
    rows = [
        care(Person_ID="NULL", LocalPatientId="L1"),
        care(Person_ID="NULL", LocalPatientId="L2", UniqClustID="RXX2", AMHCareClustCodeFin="04"),
    ]
    result = run(tmp_path, {C803: rows})
    assert caseload_of(result) == {3: (1, 365, 1, 0), 4: (1, 365, 1, 0)}
    assert set(result.patients["patient_id"]) == {"local:RXX:L1", "local:RXX:L2"}


def test_null_person_with_no_local_id_is_unknown(tmp_path: Path) -> None:
    rows = [care(Person_ID="NULL"), care(UniqClustID="RXX2", Person_ID="P2")]
    result = run(tmp_path, {C803: rows})
    assert reasons(result)["unknown person (no Person_ID or LocalPatientId)"] == 1
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_null_discharge_is_an_open_spell(tmp_path: Path) -> None:
    # Spell 2018-03-30 → NULL (open): 30 and 31 March 2018 = 2 admitted days.
    spells = [spell(StartDateHospProvSpell="2018-03-30", DischDateHospProvSpell="NULL")]
    result = run(tmp_path, {C803: [care()], "MHS501HospProvSpell_2018_03.csv": spells})
    assert caseload_of(result) == {3: (1, 365, 1, 2)}


def test_null_text_in_parquet_is_missing(tmp_path: Path) -> None:
    # The same rule for a Parquet file whose text columns hold 'NULL'.
    table = pa.table(
        {
            "UniqMonthID": ["1416"], "UniqSubmissionID": ["1"], "OrgIDProv": ["RXX"],
            "Person_ID": ["P1"], "UniqClustID": ["K1"], "AMHCareClustCodeFin": ["03"],
            "StartDateCareClust": ["2017-05-01"], "EndDateCareClust": ["NULL"],
        }
    )  # fmt: skip
    pq.write_table(table, tmp_path / "MHS803CareCluster_2018_03.parquet")
    result = import_mhsds(tmp_path, Y2017)
    assert caseload_of(result) == {3: (1, 335, 1, 0)}
