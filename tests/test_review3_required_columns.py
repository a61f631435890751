"""A column whose absence would change the figures is required, not read as blank.

Found in review: an MHS803 file whose end-date column was named otherwise
('EndDateCareCluster') had every period read as open, and an MHS501 file without
DischDateHospProvSpell every spell; no warning was given. 2017/18 runs 2017-04-01
to 2018-04-01:

- period 2017-05-01 → 2017-06-01 is 31 days, but was counted open: 365 − 30 = 335;
- spell 2017-05-01 → 2017-05-03 is 2 admitted days, but was counted to the period's
  end: 335.

Files without any record key column had every row left out one by one; now the file
is named once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import Y2017, care, extract, spell
from pbrkit.errors import InputError
from pbrkit.mhsds import import_mhsds

C803 = "MHS803CareCluster_2017_06.csv"
S501 = "MHS501HospProvSpell_2017_06.csv"


def _without(row: dict[str, str], name: str, renamed: str | None = None) -> dict[str, str]:
    out = {k: v for k, v in row.items() if k != name}
    if renamed:
        out[renamed] = row[name]
    return out


def _messages(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_mhsds(folder, Y2017)
    return [p.message for p in caught.value.problems]


def test_end_date_column_missing_is_an_error_not_open_periods(tmp_path: Path) -> None:
    row = _without(
        care(StartDateCareClust="2017-05-01", EndDateCareClust="2017-06-01"),
        "EndDateCareClust",
        renamed="EndDateCareCluster",
    )
    folder = extract(tmp_path, {C803: [row]})
    assert _messages(folder) == [f"{C803}: column 'EndDateCareClust' is missing"]


def test_discharge_column_missing_is_an_error_not_open_spells(tmp_path: Path) -> None:
    row = _without(
        spell(StartDateHospProvSpell="2017-05-01", DischDateHospProvSpell="2017-05-03"),
        "DischDateHospProvSpell",
    )
    folder = extract(tmp_path, {C803: [care()], S501: [row]})
    assert _messages(folder) == [f"{S501}: column 'DischDateHospProvSpell' is missing"]


def test_no_record_key_column_is_one_problem_per_file(tmp_path: Path) -> None:
    rows = [_without(care(), "UniqClustID"), _without(care(Person_ID="P2"), "UniqClustID")]
    folder = extract(tmp_path, {C803: rows})
    assert _messages(folder) == [f"{C803}: no record key column (one of 'UniqClustID', 'ClustId')"]


def test_spell_without_any_key_column_is_one_problem(tmp_path: Path) -> None:
    row = _without(spell(), "UniqHospProvSpellID")
    folder = extract(tmp_path, {C803: [care()], S501: [row]})
    assert _messages(folder) == [
        f"{S501}: no record key column (one of 'UniqHospProvSpellID', "
        "'UniqHospProvSpellNum', 'HospProvSpellID')"
    ]


def test_clust_id_alone_is_a_record_key(tmp_path: Path) -> None:
    # ClustId 7 at RXX is record RXX7: 2017-04-01 → open, 365 days.
    row = {**_without(care(), "UniqClustID"), "ClustId": "7"}
    result = import_mhsds(extract(tmp_path, {C803: [row]}), Y2017)
    assert int(result.caseload["cluster_days"].sum()) == 365
