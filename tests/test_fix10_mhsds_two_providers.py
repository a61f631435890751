"""A person in one cluster at two providers at once has each day counted once in that
cluster (fix10, item 2).

A person with a national Person_ID may hold periods at two providers at once (not an
overlap: docs/methodology.md §9). In one cluster, the import summed both periods' days,
so a person could have more days in a cluster than the year has (730 in a 365-day
year), and the same for admitted days. A person's days in a cluster are now the days
of the year on which they are in it at any provider (the union of the periods), their
admitted days those of these days spent in hospital; every period still counts as an
episode. In two clusters the person still counts in both. These tests failed on the
old code (547 days, 62 admitted days).
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, caseload_of, reasons, run, spell

C803 = "MHS803CareCluster.csv"
C501 = "MHS501HospProvSpell.csv"
CONCURRENT = (
    "periods of one person in one cluster at two providers sharing days: "
    "each day counted once in the cluster"
)


def test_one_cluster_at_two_providers_counts_each_day_once(tmp_path: Path) -> None:
    # 2017/18 has 365 days (1 April 2017 to 1 April 2018, exclusive).
    # RXX: cluster 3 from 2017-04-01, open: 365 days.
    # RYY: cluster 3 from 2017-10-01, open: 182 days (Oct 31 + Nov 30 + Dec 31 + Jan 31
    #      + Feb 28 + Mar 31 = 182), every one of them also a day at RXX.
    # Union: 365 days (old code: 365 + 182 = 547, more than the year has).
    # Spell 2017-12-01 to 2018-01-01: 31 days, inside both periods: 31 admitted days
    # (old code: 31 + 31 = 62).
    rows = [
        care(),
        care(OrgIDProv="RYY", UniqClustID="RYY1", StartDateCareClust="2017-10-01",
             MHS803UniqID="2"),
    ]  # fmt: skip
    spells = [spell(StartDateHospProvSpell="2017-12-01", DischDateHospProvSpell="2018-01-01")]
    result = run(tmp_path, {C803: rows, C501: spells})
    [patient] = result.patients.itertuples()
    assert (patient.cluster, patient.days, patient.episodes, patient.admitted_days) == (
        3, 365, 2, 31
    )  # fmt: skip
    # The caseload is the patients sheet summed: 1 person, 365 days, 2 episodes, 31.
    assert caseload_of(result) == {3: (1, 365, 2, 31)}
    # Said in data_quality, the period kept with a caution (not left out).
    assert reasons(result)[CONCURRENT] == 1
    assert result.quality.total() == 0


def test_gaps_between_providers_are_not_filled(tmp_path: Path) -> None:
    # RXX: 2017-04-01 to 2017-06-01 (61 days: April 30 + May 31).
    # RYY: 2017-05-01 to 2017-07-01 (61 days: May 31 + June 30); May is shared.
    # RXX: 2017-09-01 to 2017-10-01 (30 days), after the run: not shared.
    # Union: 2017-04-01 to 2017-07-01 (30 + 31 + 30 = 91) + 30 = 121 (old: 152).
    rows = [
        care(EndDateCareClust="2017-06-01"),
        care(OrgIDProv="RYY", UniqClustID="RYY1", StartDateCareClust="2017-05-01",
             EndDateCareClust="2017-07-01", MHS803UniqID="2"),
        care(UniqClustID="RXX2", StartDateCareClust="2017-09-01",
             EndDateCareClust="2017-10-01", MHS803UniqID="3"),
    ]  # fmt: skip
    result = run(tmp_path, {C803: rows})
    assert caseload_of(result) == {3: (1, 121, 3, 0)}
    assert reasons(result)[CONCURRENT] == 1  # RYY1 shares days with RXX1


def test_two_clusters_at_two_providers_still_count_in_both(tmp_path: Path) -> None:
    # Cluster 3 at RXX all year (365), cluster 11 at RYY from 2017-10-01 (182): a person
    # in two clusters counts in both (methodology §9), unchanged.
    rows = [
        care(),
        care(OrgIDProv="RYY", UniqClustID="RYY1", AMHCareClustCodeFin="11",
             StartDateCareClust="2017-10-01", MHS803UniqID="2"),
    ]  # fmt: skip
    result = run(tmp_path, {C803: rows})
    assert caseload_of(result) == {3: (1, 365, 1, 0), 11: (1, 182, 1, 0)}
    assert CONCURRENT not in reasons(result)


def test_never_more_episodes_than_days(tmp_path: Path) -> None:
    # Three providers' periods of one person in cluster 3, each on 2017-05-01 alone (End
    # exclusive: 1 day each): the union is 1 day; three periods would be 3 episodes in 1
    # day, which the patients and caseload readers refuse (every episode has a day), so
    # the import's own workbook could not be read back. 1 day, 1 episode.
    one_day = {"StartDateCareClust": "2017-05-01", "EndDateCareClust": "2017-05-02"}
    rows = [
        care(**one_day),
        care(OrgIDProv="RYY", UniqClustID="RYY1", MHS803UniqID="2", **one_day),
        care(OrgIDProv="RZZ", UniqClustID="RZZ1", MHS803UniqID="3", **one_day),
    ]
    result = run(tmp_path, {C803: rows})
    [patient] = result.patients.itertuples()
    assert (patient.days, patient.episodes) == (1, 1)
    assert caseload_of(result) == {3: (1, 1, 1, 0)}
