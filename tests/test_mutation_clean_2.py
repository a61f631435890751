"""Tests written against mutmut on ``pbrkit.mhsds.clean`` (mutrest): the person key
(``add_person``) and the month-first date warning (``month_first_example``)."""

from __future__ import annotations

import pandas as pd

from pbrkit.mhsds.clean import PERSON, add_person, month_first_example


def _text(columns: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(columns).replace("", None).astype(pd.StringDtype("pyarrow"))


def test_the_person_is_the_national_id_else_the_providers_local_id() -> None:
    frame = _text(
        {
            "Person_ID": ["P1", "", "", "", ""],
            "LocalPatientId": ["L1", "L1", "L2", "", "L3"],
            "OrgIDProv": ["RXX", "RXX", "", "RXX", "RYY"],
        }
    )
    people = add_person(frame)
    # The national id first; a local id with its provider; with no provider, the id
    # alone ('local:L2', never 'local::L2'); neither id: nobody (blank).
    assert people[PERSON].tolist()[:3] == ["P1", "local:RXX:L1", "local:L2"]
    assert pd.isna(people[PERSON].iloc[3])
    assert people[PERSON].iloc[4] == "local:RYY:L3"
    assert list(people.columns) == ["Person_ID", "LocalPatientId", "OrgIDProv", PERSON]
    assert PERSON not in frame.columns  # the input is left as it was


def test_a_person_from_a_file_without_one_of_the_id_columns() -> None:
    national_only = add_person(_text({"Person_ID": ["P1", ""]}))
    assert national_only[PERSON].iloc[0] == "P1"
    assert pd.isna(national_only[PERSON].iloc[1])
    local_only = add_person(_text({"LocalPatientId": ["L1"], "OrgIDProv": ["RXX"]}))
    assert local_only[PERSON].tolist() == ["local:RXX:L1"]
    no_provider = add_person(_text({"LocalPatientId": ["L1"]}))
    assert no_provider[PERSON].tolist() == ["local:L1"]


def test_the_first_date_that_can_only_be_month_first_is_shown() -> None:
    # 01/05/2017 and 12/12/2017 read either way; 12/25/2017 has no month 25, so the
    # column was written month first. Spaces round it are not shown.
    values = pd.Series(["01/05/2017", "12/12/2017", " 12/25/2017 ", "1/13/2017"])
    assert month_first_example(values) == "12/25/2017"
    assert month_first_example(pd.Series(["1/13/2017 10:00"])) == "1/13/2017 10:00"
    assert month_first_example(pd.Series(["10/31/2017T00:00"])) == "10/31/2017T00:00"
    assert month_first_example(pd.Series(["09/30/2017", "bad"])) == "09/30/2017"


def test_dates_that_read_day_first_give_no_example() -> None:
    day_first = [
        "13/12/2017",  # day 13
        "31/01/2017",
        "00/13/2017",  # no month 0
        "13/13/2017",  # no month 13 either way
        "10/32/2017",  # no day 32
        "10/12/2017",  # either way: day first
        "12/25/17",  # a two-digit year: not a date at all
        "x12/25/2017",
        "12/25/2017x",
        "2017-12-25",
        "",
    ]
    assert month_first_example(pd.Series(day_first)) is None
    assert month_first_example(pd.Series([None, None], dtype=object)) is None
    assert month_first_example(pd.Series([], dtype=object)) is None
