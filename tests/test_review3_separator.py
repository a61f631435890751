"""A CSV separated by semicolons or tabs is one problem naming the separator.

Found in review: Excel in a European locale saves "CSV" with semicolons; the header
was read as one column and every required column was reported missing (four problems
for one cause).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import Y2017
from pbrkit.errors import InputError
from pbrkit.mhsds import import_mhsds

NAMES = [
    "UniqMonthID", "OrgIDProv", "Person_ID", "UniqClustID", "AMHCareClustCodeFin",
    "StartDateCareClust", "EndDateCareClust",
]  # fmt: skip


@pytest.mark.parametrize(("separator", "shown"), [(";", "semicolons"), ("\t", "tabs")])
def test_other_separator_is_one_problem(tmp_path: Path, separator: str, shown: str) -> None:
    row = ["1416", "RXX", "P1", "K1", "03", "2017-05-01", ""]
    text = separator.join(NAMES) + "\n" + separator.join(row) + "\n"
    (tmp_path / "MHS803CareCluster_2018_03.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_mhsds(tmp_path, Y2017)
    messages = [p.message for p in caught.value.problems]
    assert messages == [f"MHS803CareCluster_2018_03.csv: is separated by {shown}, not commas"]
