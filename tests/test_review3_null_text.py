"""The text NULL, as SQL Server exports write an empty cell, is missing, not a value.

Found in review: a CSV exported from a warehouse with NULL for every empty cell had
its open periods left out as "end date not a date", and everyone without a national
id became one person called 'NULL'. Financial year 2017/18: 2017-04-01 to 2018-04-01.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=25, deadline=None)
@given(
    ends=st.lists(
        st.one_of(st.none(), st.dates(min_value=date(2017, 1, 1), max_value=date(2018, 6, 1))),
        min_size=1,
        max_size=4,
    ),
    marks=st.lists(st.sampled_from(["", "NULL", "null", " Null "]), min_size=8, max_size=8),
)
def test_null_and_blank_give_the_same_figures(ends: list[date | None], marks: list[str]) -> None:
    # One period per person, starting 2016-12-01; a blank end is written as '' in one
    # extract and as a random NULL spelling in the other: the caseloads are equal. An
    # open period in cluster 01 keeps the import from having nothing left.
    def rows(blank: list[str]) -> list[dict[str, str]]:
        return [
            care(
                Person_ID=f"P{n}",
                UniqClustID=f"K{n}",
                StartDateCareClust="2016-12-01",
                EndDateCareClust=end.isoformat() if end else blank[n],
                LocalPatientId=blank[n + 4],
            )
            for n, end in enumerate(ends)
        ] + [care(Person_ID="ANCHOR", UniqClustID="K9", AMHCareClustCodeFin="1")]

    with tempfile.TemporaryDirectory() as folder:
        plain = caseload_of(run(Path(folder) / "a", {C803: rows([""] * 8)}))
        nulls = caseload_of(run(Path(folder) / "b", {C803: rows(marks)}))
    assert nulls == plain
