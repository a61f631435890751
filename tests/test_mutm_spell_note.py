"""A spell discharged the day it began is not "outside the year" (mutm).

Found by mutation testing ``periods.hospital_days``: a spell admitted and discharged on
10 June 2017 has no day (discharge exclusive, docs/methodology.md) and is logged as
"no day in 2017/18", but its note said only "outside the year", which it is not; the
cluster periods' note already names the same-day case.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, run, spell

S501 = "MHS501HospProvSpell_2018_03.csv"


def test_a_same_day_spell_is_not_said_to_be_outside_the_year(tmp_path: Path) -> None:
    same_day = spell(StartDateHospProvSpell="2017-06-10", DischDateHospProvSpell="2017-06-10")
    result = run(tmp_path, {"MHS803CareCluster_2018_03.csv": [care()], S501: [same_day]})
    entry = next(e for e in result.quality.entries if e.table == "MHS501HospProvSpell")
    assert entry.reason == "no day in 2017/18"
    assert entry.note == "informational: outside the year, or discharged the day of admission"
