"""A day-first date followed by a time, as Excel writes a date-time cell to CSV, is read.

Found in review: '01/05/2017 00:00' was "not a date" and the row left out, although
'2017-05-01 00:00:00' was read (a time after an ISO date is ignored). 2017/18 runs
2017-04-01 to 2018-04-01.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import care, caseload_of, reasons, run, spell

C803 = "MHS803CareCluster_2018_03.csv"


@pytest.mark.parametrize("start", ["01/05/2017 00:00", "1/5/2017 00:00:00", "01/05/2017T00:00"])
def test_day_first_date_with_a_time(tmp_path: Path, start: str) -> None:
    # 2017-05-01 → 2017-06-01: 31 days (May); the spell 2017-05-10 → 2017-05-12: 2 days.
    spells = [
        spell(StartDateHospProvSpell="10/05/2017 09:30", DischDateHospProvSpell="12/05/2017 14:00")
    ]
    rows = [care(StartDateCareClust=start, EndDateCareClust="01/06/2017 00:00")]
    result = run(tmp_path, {C803: rows, "MHS501HospProvSpell_2018_03.csv": spells})
    assert caseload_of(result) == {3: (1, 31, 1, 2)}
    assert reasons(result) == {}


@pytest.mark.parametrize("start", ["01/05/2017 junk", "01/05/2017 25", "01/05/17 00:00"])
def test_day_first_date_with_other_text_is_not_a_date(tmp_path: Path, start: str) -> None:
    rows = [care(StartDateCareClust=start), care(Person_ID="P2", UniqClustID="K2")]
    result = run(tmp_path, {C803: rows})
    assert reasons(result) == {"start date blank or not a date": 1}
