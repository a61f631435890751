"""Hand-worked tests for every rule of the MHSDS import (docs/methodology.md).

Financial year 2017/18 runs from 2017-04-01 (Y start) to 2018-04-01 (Y end + 1 day,
exclusive). Days in Y = min(End, 2018-04-01) − max(Start, 2017-04-01), End exclusive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import care, caseload_of, reasons, run, spell
from pbrkit.errors import InputError
from pbrkit.mhsds.year import FinancialYear, month_id, month_name, parse_year

C803 = "MHS803CareCluster_2018_03.csv"


# ---------------------------------------------------------------- years and month ids


def test_year_bounds_2017_18() -> None:
    year = parse_year("2017/18")
    assert year == FinancialYear(2017)
    assert year.days == 365  # 1 April 2017 to 31 March 2018
    assert FinancialYear(2019).days == 366  # holds 29 February 2020
    assert year.month_ids == (1405, 1416)  # April 2017 = 12 × 117 + 4 − 3


@pytest.mark.parametrize("text", ["2017/2018", "2017-18", " 2017/18 "])
def test_year_spellings(text: str) -> None:
    assert parse_year(text) == FinancialYear(2017)


@pytest.mark.parametrize("text", ["2017/19", "2017", "17/18", "next year", "2017/0018"])
def test_bad_year_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="--year"):
        parse_year(text)


def test_month_ids() -> None:
    assert month_id(2021, 10) == 1459  # first MHSDS v5 month
    assert month_id(2024, 4) == 1489  # first v6.0 month
    assert month_name(1405) == "Apr 2017"
    assert month_name(1416) == "Mar 2018"


# ---------------------------------------------------------------- days in the year


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # Ends 1 April 2017 (exclusive): its last day, 31 March 2017, is before Y.
        ("2017-02-03", "2017-04-01", 0),
        # 1 and 2 April 2017.
        ("2016-12-19", "2017-04-03", 2),
        # Open: runs to 2018-04-01 exclusive, the whole year.
        ("2016-09-01", "", 365),
        # 30 and 31 March 2018, clipped at 2018-04-01.
        ("2018-03-30", "2018-04-20", 2),
        # 22 (10-31 May) + 30 + 31 + 31 + 30 + 1 (1 October).
        ("2017-05-10", "2017-10-02", 145),
        # Starts on the last day of the year.
        ("2018-03-31", "", 1),
        # Starts on 1 April 2018: after the year.
        ("2018-04-01", "", 0),
        # dd/mm/yyyy is day first: 03/04/2017 is 3 April → 363 days to 1 April 2018.
        ("03/04/2017", "", 363),
    ],
)
def test_days_in_year(tmp_path: Path, start: str, end: str, days: int) -> None:
    other = care(UniqClustID="RXX2", Person_ID="P2", AMHCareClustCodeFin="1")
    result = run(
        tmp_path,
        {C803: [care(StartDateCareClust=start, EndDateCareClust=end), other]},
    )
    got = caseload_of(result)
    if days:
        assert got[3] == (1, days, 1, 0)
    else:
        assert 3 not in got
        assert reasons(result)["no day in 2017/18"] == 1


def test_end_equal_to_start_has_no_day(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {
            C803: [
                care(StartDateCareClust="2017-06-01", EndDateCareClust="2017-06-01"),
                care(UniqClustID="RXX2", Person_ID="P2"),
            ]
        },
    )
    # P2 (open from 1 April): 365 days; P1 has none.
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_end_before_start_is_left_out(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {
            C803: [
                care(StartDateCareClust="2017-06-01", EndDateCareClust="2017-05-01"),
                care(UniqClustID="RXX2", Person_ID="P2"),
            ]
        },
    )
    assert reasons(result)["end before start"] == 1
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


# ---------------------------------------------------------------- codes and people


@pytest.mark.parametrize(
    ("code", "cluster"), [("3", 3), ("03", 3), ("00", 0), ("0", 0), ("21", 21)]
)
def test_padded_and_unpadded_codes(tmp_path: Path, code: str, cluster: int) -> None:
    result = run(tmp_path, {C803: [care(AMHCareClustCodeFin=code)]})
    assert caseload_of(result) == {cluster: (1, 365, 1, 0)}


@pytest.mark.parametrize(
    ("code", "reason"),
    [("09", "cluster 09 (should not be used)"), ("9", "cluster 09 (should not be used)"),
     ("22", "cluster not 00-21"), ("99", "cluster not 00-21"), ("C3", "cluster not 00-21"),
     ("", "cluster not 00-21")],
)  # fmt: skip
def test_bad_codes_are_left_out(tmp_path: Path, code: str, reason: str) -> None:
    result = run(
        tmp_path, {C803: [care(AMHCareClustCodeFin=code), care(UniqClustID="RXX2", Person_ID="P2")]}
    )
    assert reasons(result)[reason] == 1
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_ids_are_text_leading_zeros_count(tmp_path: Path) -> None:
    # '00731' and '731' are two people.
    result = run(
        tmp_path,
        {C803: [care(Person_ID="00731"), care(UniqClustID="RXX2", Person_ID="731")]},
    )
    assert caseload_of(result) == {3: (2, 730, 2, 0)}
    assert set(result.patients["patient_id"]) == {"00731", "731"}


def test_unknown_person_is_left_out(tmp_path: Path) -> None:
    result = run(tmp_path, {C803: [care(Person_ID=""), care(UniqClustID="RXX2", Person_ID="P2")]})
    assert reasons(result)["unknown person (no Person_ID or LocalPatientId)"] == 1
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_local_id_is_used_when_person_id_is_blank_and_kept_apart(tmp_path: Path) -> None:
    # LocalPatientId 'P1' is not the national Person_ID 'P1': two people.
    result = run(
        tmp_path,
        {C803: [care(), care(UniqClustID="RXX2", Person_ID="", LocalPatientId="P1")]},
    )
    assert caseload_of(result)[3][0] == 2
    assert set(result.patients["patient_id"]) == {"P1", "local:RXX:P1"}


def test_local_id_comes_from_mhs801_when_mhs803_lacks_it(tmp_path: Path) -> None:
    tool = {
        "UniqMonthID": "1416", "OrgIDProv": "RXX", "Person_ID": "", "LocalPatientId": "L9",
        "UniqClustID": "RXX1", "AssToolCompDate": "2016-01-01",
    }  # fmt: skip
    result = run(
        tmp_path,
        {C803: [care(Person_ID="")], "MHS801ClusterTool_2018_03.csv": [tool]},
    )
    assert list(result.patients["patient_id"]) == ["local:RXX:L9"]


def test_person_in_two_clusters_counts_in_both(tmp_path: Path) -> None:
    # 2017-05-10 → 2017-10-02 = 145 days in 11; 2017-10-02 → open = 181 days in 12
    # (30 + 30 + 31 + 31 + 28 + 31). The periods share 2 October but do not overlap.
    result = run(
        tmp_path,
        {
            C803: [
                care(AMHCareClustCodeFin="11", StartDateCareClust="2017-05-10",
                     EndDateCareClust="2017-10-02"),
                care(UniqClustID="RXX2", AMHCareClustCodeFin="12",
                     StartDateCareClust="2017-10-02"),
            ]
        },
    )  # fmt: skip
    assert caseload_of(result) == {11: (1, 145, 1, 0), 12: (1, 181, 1, 0)}
    assert result.summary()["people"] == 1


def test_two_periods_in_one_cluster_make_one_patient_row(tmp_path: Path) -> None:
    # 2017-04-01 → 2017-05-01 = 30; 2017-06-01 → 2017-07-01 = 30.
    result = run(
        tmp_path,
        {
            C803: [
                care(EndDateCareClust="2017-05-01"),
                care(UniqClustID="RXX2", StartDateCareClust="2017-06-01",
                     EndDateCareClust="2017-07-01"),
            ]
        },
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 60, 2, 0)}
    assert result.patients.to_dict("records") == [
        {"patient_id": "P1", "cluster": 3, "days": 60, "episodes": 2, "admitted_days": 0}
    ]


# ---------------------------------------------------------------- overlaps


def test_overlapping_periods_keep_the_first_start(tmp_path: Path) -> None:
    # K 2017-06-01 → 2017-09-01 (92 days) is kept; L from 2017-08-01 overlaps it.
    result = run(
        tmp_path,
        {
            C803: [
                care(UniqClustID="RXXL", AMHCareClustCodeFin="6",
                     StartDateCareClust="2017-08-01", EndDateCareClust="2017-12-01"),
                care(UniqClustID="RXXK", AMHCareClustCodeFin="4",
                     StartDateCareClust="2017-06-01", EndDateCareClust="2017-09-01"),
            ]
        },
    )  # fmt: skip
    assert caseload_of(result) == {4: (1, 92, 1, 0)}
    assert reasons(result)["overlapping periods for one person (the later one is left out)"] == 1


def test_overlap_tie_on_start_keeps_the_lower_key(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="RXXB", AMHCareClustCodeFin="5"),
                care(UniqClustID="RXXA", AMHCareClustCodeFin="4")]},
    )  # fmt: skip
    assert caseload_of(result) == {4: (1, 365, 1, 0)}


def test_overlap_chain_keeps_a_period_that_only_overlaps_a_left_out_one(tmp_path: Path) -> None:
    # A [1 Apr, 1 Jul) kept; B [1 Jun, 1 Sep) overlaps A: out; C [1 Aug, open) overlaps only
    # B, which is out: C is kept. A = 30 + 31 + 30 = 91; C = 365 − 122 = 243.
    result = run(
        tmp_path,
        {
            C803: [
                care(UniqClustID="RXXA", AMHCareClustCodeFin="1", EndDateCareClust="2017-07-01"),
                care(UniqClustID="RXXB", AMHCareClustCodeFin="2",
                     StartDateCareClust="2017-06-01", EndDateCareClust="2017-09-01"),
                care(UniqClustID="RXXC", AMHCareClustCodeFin="3", StartDateCareClust="2017-08-01"),
            ]
        },
    )  # fmt: skip
    assert caseload_of(result) == {1: (1, 91, 1, 0), 3: (1, 243, 1, 0)}


def test_overlap_is_checked_within_one_provider(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {C803: [care(), care(UniqClustID="RYY1", OrgIDProv="RYY", AMHCareClustCodeFin="4")]},
    )
    assert caseload_of(result) == {3: (1, 365, 1, 0), 4: (1, 365, 1, 0)}


# ---------------------------------------------------------------- de-duplication


def test_latest_month_wins_even_when_it_shortens_the_period(tmp_path: Path) -> None:
    # April: open (365 days); March 2018 correction: ends 2017-05-01 (30 days).
    result = run(
        tmp_path,
        {
            "MHS803CareCluster_2017_04.csv": [care(UniqMonthID="1405", UniqSubmissionID="100")],
            C803: [care(EndDateCareClust="2017-05-01")],
        },
    )
    assert caseload_of(result) == {3: (1, 30, 1, 0)}
    assert (
        reasons(result)[
            "duplicate: an older or repeated submission of a record (the latest is kept)"
        ]
        == 1
    )


def test_month_ids_compare_as_numbers(tmp_path: Path) -> None:
    # 999 < 1416 as numbers though '999' > '1416' as text: the 1416 row (cluster 4) wins.
    result = run(
        tmp_path,
        {C803: [care(AMHCareClustCodeFin="4"), care(UniqMonthID="999")]},
    )
    assert caseload_of(result) == {4: (1, 365, 1, 0)}


def test_correction_after_the_year_end_counts(tmp_path: Path) -> None:
    # April 2018 (1417) corrects the end to 2017-07-01: 30 + 31 + 30 = 91 days.
    result = run(
        tmp_path,
        {
            C803: [care()],
            "MHS803CareCluster_2018_04.csv": [
                care(UniqMonthID="1417", UniqSubmissionID="210", EndDateCareClust="2017-07-01")
            ],
        },
    )
    assert caseload_of(result) == {3: (1, 91, 1, 0)}


def test_invalid_latest_row_is_left_out_not_replaced(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {
            "MHS803CareCluster_2017_04.csv": [care(UniqMonthID="1405")],
            C803: [care(AMHCareClustCodeFin="09"), care(UniqClustID="RXX2", Person_ID="P2")],
        },
    )
    assert caseload_of(result) == {3: (1, 365, 1, 0)}  # P2 only
    assert reasons(result)["cluster 09 (should not be used)"] == 1


def test_later_submission_of_one_month_wins(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {
            "MHS803CareCluster_2018_03_Primary.csv": [care(AMHCareClustCodeFin="4")],
            "MHS803CareCluster_2018_03_Refresh.csv": [care(UniqSubmissionID="201")],
        },
    )
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_tie_in_one_submission_goes_to_the_highest_row_id(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {C803: [care(MHS803UniqID="5002", AMHCareClustCodeFin="15"),
                care(MHS803UniqID="5001", AMHCareClustCodeFin="14")]},
    )  # fmt: skip
    assert caseload_of(result) == {15: (1, 365, 1, 0)}


def test_record_key_is_built_from_provider_and_clust_id(tmp_path: Path) -> None:
    # Row 1 has UniqClustID RXX7; row 2 leaves it blank with ClustId 7: the same record.
    result = run(
        tmp_path,
        {C803: [care(UniqClustID="RXX7", MHS803UniqID="1", AMHCareClustCodeFin="4"),
                care(UniqClustID="", ClustId="7", MHS803UniqID="2")]},
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_provider_option_keeps_one_provider(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {C803: [care(), care(UniqClustID="RYY1", OrgIDProv="RYY", Person_ID="P2")]},
        provider="ryy",
    )
    assert list(result.patients["patient_id"]) == ["P2"]
    assert reasons(result)["another provider (--provider ryy)"] == 1


# ---------------------------------------------------------------- admitted days


def test_admitted_days_split_between_consecutive_periods(tmp_path: Path) -> None:
    # Spell 2017-09-25 → 2017-10-06: 7 days (25 Sep - 1 Oct) in the period ending
    # 2017-10-02, 4 (2-5 Oct) in the one starting that day.
    result = run(
        tmp_path,
        {
            C803: [
                care(AMHCareClustCodeFin="11", StartDateCareClust="2017-05-10",
                     EndDateCareClust="2017-10-02"),
                care(UniqClustID="RXX2", AMHCareClustCodeFin="12",
                     StartDateCareClust="2017-10-02"),
            ],
            "MHS501HospProvSpell_2018_03.csv": [
                spell(StartDateHospProvSpell="2017-09-25", DischDateHospProvSpell="2017-10-06")
            ],
        },
    )  # fmt: skip
    assert caseload_of(result) == {11: (1, 145, 1, 7), 12: (1, 181, 1, 4)}


def test_overlapping_spells_count_each_day_once(tmp_path: Path) -> None:
    # S1 2017-06-01 → 2017-06-11 and S2 2017-06-05 → 2017-06-21: union 1 → 21 June = 20
    # days (not 10 + 16 = 26).
    result = run(
        tmp_path,
        {
            C803: [care()],
            "MHS501HospProvSpell_2018_03.csv": [
                spell(StartDateHospProvSpell="2017-06-01", DischDateHospProvSpell="2017-06-11"),
                spell(UniqHospProvSpellID="S2", StartDateHospProvSpell="2017-06-05",
                      DischDateHospProvSpell="2017-06-21"),
            ],
        },
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 365, 1, 20)}


def test_open_spell_runs_to_the_year_end_and_old_key_is_accepted(tmp_path: Path) -> None:
    # Admitted 2018-03-25, no discharge: 25-31 March = 7 days. Key in UniqHospProvSpellNum.
    result = run(
        tmp_path,
        {
            C803: [care()],
            "MHS501HospProvSpell_2018_03.csv": [
                {**spell(StartDateHospProvSpell="2018-03-25"), "UniqHospProvSpellID": "",
                 "UniqHospProvSpellNum": "OLD1"},
            ],
        },
    )  # fmt: skip
    assert caseload_of(result) == {3: (1, 365, 1, 7)}


def test_spell_of_another_person_does_not_count(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {C803: [care()], "MHS501HospProvSpell_2018_03.csv": [spell(Person_ID="P2")]},
    )
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_spell_before_the_period_gives_no_admitted_days(tmp_path: Path) -> None:
    # Period from 2017-07-01; spell 2017-06-20 → 2017-07-03 overlaps it on 1-2 July = 2.
    result = run(
        tmp_path,
        {
            C803: [care(StartDateCareClust="2017-07-01")],
            "MHS501HospProvSpell_2018_03.csv": [
                spell(StartDateHospProvSpell="2017-06-20", DischDateHospProvSpell="2017-07-03")
            ],
        },
    )
    # 365 − 91 (April to June) = 274 days.
    assert caseload_of(result) == {3: (1, 274, 1, 2)}


# ---------------------------------------------------------------- nothing usable


def test_nothing_usable_is_an_input_error_listing_the_reasons(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        run(tmp_path, {C803: [care(AMHCareClustCodeFin="09")]})
    text = str(caught.value)
    assert "no usable cluster period" in text
    assert "cluster 09" in text
    assert "MHS803CareCluster_2018_03.csv record 1" in text
