"""`pbrkit cluster` on an imported workbook prices the audit on each person's real days
(review 7b follow-up).

The ratings sheet the import wrote had no days column, though the ratings sheet takes
``days`` and ``admitted_days`` (methodology §5.4: blank days = one review period of the
clinician's cluster, blank admitted days = 0) and the real ones sat in the patients
sheet. So the £ at stake priced every changed person over one review period. The import
now writes each person's days and admitted days in their clinician's cluster there, the
same figures as the patients sheet's row for that person and cluster.

P1: cluster 12 from 1 April 2017 to 1 July 2017 (End exclusive: 30 + 31 + 30 = 91 days),
in hospital 1 May to 11 May 2017 (10 admitted days), every item rated 0 on 1 June 2017,
which the clustering rules suggest as cluster 1 (34 points, tied with 11, lower code wins).
Reference tariff: 12 is £4,818.00 per year (admitted day £360), 1 is £357.00 per episode
of 84 days (admitted day £330).

  before, days blank = 365 (cluster 12's review period), admitted 0:
    12: 4,818 × 365 ÷ 365             = 4,818.00
     1:   357 × 365 ÷ 84              = 1,551.25
    £ at stake                        = 3,266.75
  now, days 91, admitted 10:
    12: 4,818 × 91 ÷ 365 + 360 × 10   = 1,201.20 + 3,600 = 4,801.20
     1:   357 × 91 ÷ 84  + 330 × 10   =   386.75 + 3,300 = 3,686.75
    £ at stake                        = 1,114.45

The test failed on the old code (no days column; £ at stake 3,266.75).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mhsds_helpers import care, extract, spell
from pbrkit.cli import cli
from pbrkit.mhsds.items import shipped_item_codes


def _items() -> list[dict[str, str]]:
    """The 18 items (HoNOS 1-12, clustering tool 13 and A-E), each rated 0."""
    with shipped_item_codes().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [r["snomed_ct_id"] for r in rows if r["scale"] in ("HoNOS", "clustering tool")]
    assert len(codes) == 18
    base = {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
            "Person_ID": "P1", "UniqClustID": "RXX1"}  # fmt: skip
    return [
        {**base, "CodedAssToolType": code, "PersScore": "0", "MHS802UniqID": str(n)}
        for n, code in enumerate(codes, start=1)
    ]


def test_the_audit_is_priced_on_the_imported_days(tmp_path: Path) -> None:
    tool = {"UniqMonthID": "1416", "UniqSubmissionID": "200", "OrgIDProv": "RXX",
            "Person_ID": "P1", "UniqClustID": "RXX1", "AssToolCompDate": "2017-06-01",
            "MHS801UniqID": "1"}  # fmt: skip
    folder = extract(
        tmp_path / "x",
        {
            "MHS803CareCluster_2018_03.csv": [
                care(AMHCareClustCodeFin="12", EndDateCareClust="2017-07-01")
            ],
            "MHS501HospProvSpell_2018_03.csv": [
                spell(StartDateHospProvSpell="2017-05-01", DischDateHospProvSpell="2017-05-11")
            ],
            "MHS801ClusterTool_2018_03.csv": [tool],
            "MHS802ClusterAssess_2018_03.csv": _items(),
        },
    )
    book = tmp_path / "trust.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(book)])
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(book, read_only=True)
    wanted = ("patient_id", "cluster", "days", "admitted_days")
    for name in ("patients", "ratings"):  # the same figures in both sheets
        rows = list(sheets[name].iter_rows(values_only=True))
        at = [rows[0].index(column) for column in wanted]
        assert [tuple(row[i] for i in at) for row in rows[1:]] == [("P1", 12, 91, 10)], name

    out = tmp_path / "out"
    result = runner.invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    audit = json.loads((out / "summary.json").read_text(encoding="utf-8"))["allocation"]
    [row] = audit["money_at_stake_by_cluster"]
    assert row["income_clinician"] == pytest.approx(4_801.20)
    assert row["income_suggested"] == pytest.approx(3_686.75)
    assert audit["money_at_stake"] == pytest.approx(1_114.45)  # was 3,266.75
