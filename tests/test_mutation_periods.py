"""Tests written against the survivors of mutmut on ``pbrkit.mhsds.periods`` (mutm).

Year 2017/18: 1 April 2017 to 1 April 2018 (exclusive); days in the year =
min(End, 2018-04-01) − max(Start, 2017-04-01), End exclusive, a blank End open.
Every row left out must be logged under its own table, reason and note: the
``data_quality`` sheet is what a data manager reads to find them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mhsds_helpers import care, caseload_of, reasons, run, spell

C803 = "MHS803CareCluster_2018_03.csv"
S501 = "MHS501HospProvSpell_2018_03.csv"


def _log(frame: pd.DataFrame) -> list[tuple[str, str, str, int, str, str]]:
    return [
        (r.table, r.reason, r.left_out, int(r.rows), r.examples, r.note)
        for r in frame.itertuples(index=False)
    ]


def test_every_reason_a_cluster_period_is_left_out_is_logged_whole(tmp_path: Path) -> None:
    rows = [
        care(UniqClustID="K1", Person_ID=""),  # 1: nobody
        care(UniqClustID="K2", Person_ID="P2", AMHCareClustCodeFin="09"),  # 2
        care(UniqClustID="K3", Person_ID="P3", AMHCareClustCodeFin="22"),  # 3
        care(UniqClustID="K4", Person_ID="P4", StartDateCareClust=""),  # 4: blank start
        care(UniqClustID="K5", Person_ID="P5", StartDateCareClust="2017-02-30"),  # 5
        care(UniqClustID="K6", Person_ID="P6", EndDateCareClust="2017-13-01"),  # 6
        care(UniqClustID="K7", Person_ID="P7", StartDateCareClust="2017-06-01",
             EndDateCareClust="2017-05-01"),  # 7: ends before it starts
        care(UniqClustID="K8", Person_ID="P8", StartDateCareClust="2016-01-01",
             EndDateCareClust="2016-02-01"),  # 8: the year before
        care(UniqClustID="K9", Person_ID="P9"),  # 9: kept, 365 days in 03
        care(UniqClustID="KA", Person_ID="P9", AMHCareClustCodeFin="4",
             StartDateCareClust="2017-05-01"),  # 10: overlaps record 9
    ]  # fmt: skip
    result = run(tmp_path, {C803: rows})
    # Only record 9 is left: 365 days in cluster 03. Record 6's end is not a date: read
    # as blank it would have counted a whole open year (365 more days).
    assert caseload_of(result) == {3: (1, 365, 1, 0)}
    at = "MHS803CareCluster_2018_03.csv record "
    table = "MHS803CareCluster"
    assert _log(result.quality.frame()) == [
        (table, "unknown person (no Person_ID or LocalPatientId)", "yes", 1, at + "1", ""),
        (table, "cluster 09 (should not be used)", "yes", 1, at + "2", ""),
        (table, "cluster not 00-21", "yes", 1, at + "3", ""),
        (table, "start date blank or not a date", "yes", 2, f"{at}4; {at}5", ""),
        (table, "end date not a date", "yes", 1, at + "6", ""),
        (table, "end before start", "yes", 1, at + "7", ""),
        (table, "no day in 2017/18", "yes", 1, at + "8",
         "informational: outside the year, or ends the day it starts"),
        (table, "overlapping periods for one person (the later one is left out)", "yes", 1,
         at + "10", ""),
    ]  # fmt: skip


def test_every_reason_a_spell_is_left_out_is_logged_whole(tmp_path: Path) -> None:
    rows = [
        spell(UniqHospProvSpellID="S1", Person_ID=""),  # 1: nobody
        spell(UniqHospProvSpellID="S2", StartDateHospProvSpell=""),  # 2: blank admission
        spell(UniqHospProvSpellID="S3", StartDateHospProvSpell="31/02/2017"),  # 3
        spell(UniqHospProvSpellID="S4", DischDateHospProvSpell="2017-06-31"),  # 4
        spell(UniqHospProvSpellID="S5", StartDateHospProvSpell="2017-07-01",
              DischDateHospProvSpell="2017-06-01"),  # 5: discharged before admission
        spell(UniqHospProvSpellID="S6", StartDateHospProvSpell="2016-07-01",
              DischDateHospProvSpell="2016-08-01"),  # 6: the year before
        spell(UniqHospProvSpellID="S7", StartDateHospProvSpell="2017-06-10",
              DischDateHospProvSpell="2017-06-10"),  # 7: discharged the day admitted
        spell(UniqHospProvSpellID="S8", StartDateHospProvSpell="2017-06-01",
              DischDateHospProvSpell="2017-06-02"),  # 8: one day, 1 June
    ]  # fmt: skip
    result = run(tmp_path, {C803: [care()], S501: rows})
    # P1 open all year in 03; only spell 8 counts: 1 admitted day. Spell 4's discharge
    # is not a date: read as blank it would have run to the year end (305 days).
    assert caseload_of(result) == {3: (1, 365, 1, 1)}
    at = "MHS501HospProvSpell_2018_03.csv record "
    table = "MHS501HospProvSpell"
    assert _log(result.quality.frame()) == [
        (table, "unknown person (no Person_ID or LocalPatientId)", "yes", 1, at + "1", ""),
        (table, "admission date blank or not a date", "yes", 2, f"{at}2; {at}3", ""),
        (table, "discharge date not a date", "yes", 1, at + "4", ""),
        (table, "discharge before admission", "yes", 1, at + "5", ""),
        (table, "no day in 2017/18", "yes", 2, f"{at}6; {at}7",
         "informational: outside the year, or discharged the day of admission"),
    ]  # fmt: skip


def test_a_spell_of_one_day_counts_one_admitted_day(tmp_path: Path) -> None:
    # Admitted 2018-03-31 with no discharge: 31 March only, 1 day.
    result = run(
        tmp_path,
        {C803: [care()], S501: [spell(StartDateHospProvSpell="2018-03-31")]},
    )
    assert caseload_of(result) == {3: (1, 365, 1, 1)}


def test_overlap_is_found_for_a_blank_provider(tmp_path: Path) -> None:
    # No OrgIDProv: the person's two periods still overlap (1 April open, 1 May open);
    # the later is left out, so 03 has 365 days and 04 none.
    result = run(
        tmp_path,
        {C803: [care(OrgIDProv="", UniqClustID="K1"),
                care(OrgIDProv="", UniqClustID="K2", AMHCareClustCodeFin="4",
                     StartDateCareClust="2017-05-01")]},
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 365, 1, 0)}
    assert reasons(result)["overlapping periods for one person (the later one is left out)"] == 1


def test_sheets_are_in_cluster_then_person_order_with_whole_numbers(tmp_path: Path) -> None:
    # Rows written P2 in 12, then P1 in 11, then P1 in 12 from 1 October (after 11 ends):
    # caseload rows 11, 12; patient rows (P1, 11), (P1, 12), (P2, 12).
    # P1: 11 from 1 April to 1 October = 183 days; 12 from 1 October = 182 days.
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="K1", Person_ID="P2", AMHCareClustCodeFin="12"),
                care(UniqClustID="K2", AMHCareClustCodeFin="11",
                     EndDateCareClust="2017-10-01"),
                care(UniqClustID="K3", AMHCareClustCodeFin="12",
                     StartDateCareClust="2017-10-01")]},
    )  # fmt: skip
    assert result.caseload.to_dict("records") == [
        {"cluster": 11, "service_users": 1, "cluster_days": 183, "episodes": 1,
         "admitted_days": 0},
        {"cluster": 12, "service_users": 2, "cluster_days": 365 + 182, "episodes": 2,
         "admitted_days": 0},
    ]  # fmt: skip
    assert list(result.patients.columns) == [
        "patient_id", "cluster", "days", "episodes", "admitted_days",
    ]  # fmt: skip
    assert result.patients.to_dict("records") == [
        {"patient_id": "P1", "cluster": 11, "days": 183, "episodes": 1, "admitted_days": 0},
        {"patient_id": "P1", "cluster": 12, "days": 182, "episodes": 1, "admitted_days": 0},
        {"patient_id": "P2", "cluster": 12, "days": 365, "episodes": 1, "admitted_days": 0},
    ]
    assert set(result.caseload.dtypes.astype(str)) == {"int64"}
    assert set(result.patients.drop(columns="patient_id").dtypes.astype(str)) == {"int64"}


def test_each_person_keeps_their_own_first_period(tmp_path: Path) -> None:
    # P1: 03 from 1 April and 04 from 1 May, both open; P2: 05 from 1 June and 06 from
    # 1 July. Each person's later period overlaps their first: 04 and 06 are left out.
    # P2's 1 June is before P1's kept end (1 April 2018), which must not matter.
    # 03: 365 days; 05: 365 − 61 (April, May) = 304.
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="K1"),
                care(UniqClustID="K2", AMHCareClustCodeFin="4", StartDateCareClust="2017-05-01"),
                care(UniqClustID="K3", Person_ID="P2", AMHCareClustCodeFin="5",
                     StartDateCareClust="2017-06-01"),
                care(UniqClustID="K4", Person_ID="P2", AMHCareClustCodeFin="6",
                     StartDateCareClust="2017-07-01")]},
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 365, 1, 0), 5: (1, 304, 1, 0)}


def test_a_period_starting_the_day_the_kept_one_ends_is_kept(tmp_path: Path) -> None:
    # A [1 Apr, 1 Jul) kept (91 days); B [1 Jun, 1 Sep) overlaps it: out; C from 1 July
    # (open) starts the day A ends: no shared day, kept, 365 − 91 = 274 days.
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="KA", AMHCareClustCodeFin="1", EndDateCareClust="2017-07-01"),
                care(UniqClustID="KB", AMHCareClustCodeFin="2",
                     StartDateCareClust="2017-06-01", EndDateCareClust="2017-09-01"),
                care(UniqClustID="KC", AMHCareClustCodeFin="3",
                     StartDateCareClust="2017-07-01")]},
    )  # fmt: skip
    assert caseload_of(result) == {1: (1, 91, 1, 0), 3: (1, 274, 1, 0)}


def test_a_spell_outside_a_period_gives_it_no_admitted_day(tmp_path: Path) -> None:
    # P1 in 03 [1 April, 1 July) = 91 days and in 04 from 1 July = 274 days; one spell
    # 1 → 11 September = 10 days, all in 04; 03 shares no day with it: 0, not 1.
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="K1", EndDateCareClust="2017-07-01"),
                care(UniqClustID="K2", AMHCareClustCodeFin="4", StartDateCareClust="2017-07-01")],
         S501: [spell(StartDateHospProvSpell="2017-09-01", DischDateHospProvSpell="2017-09-11")]},
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 91, 1, 0), 4: (1, 274, 1, 10)}
    assert str(result.caseload["admitted_days"].dtype) == "int64"
    assert str(result.patients["admitted_days"].dtype) == "int64"
