"""Month-first dates in an MHSDS extract are warned about, not half read (review 7).

Found rewriting the dates of examples/mhsds's MHS803 files as mm/dd/yyyy (what Excel
set to US English writes): `pbrkit import mhsds` read every date with a day of 12 or
less day first (07/04/2017, meant as 4 July, read as 7 April), left the others out
as "not a date", and reported 219 people instead of 241 with no warning. Reading
stays day first (methodology §9); a column holding a date that can only be month
first (12/25/2017) now gets a warning naming the table, the column and an example,
saying its other dates were read day first.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


def test_a_month_first_date_column_is_named(tmp_path: Path) -> None:
    rows = [
        care(UniqClustID="RZZ1", StartDateCareClust="04/07/2017", EndDateCareClust=""),
        care(UniqClustID="RZZ2", StartDateCareClust="12/25/2017", EndDateCareClust=""),
    ]
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2017_04.csv": rows})
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (
        "MHS803CareCluster column StartDateCareClust holds dates written month first "
        "(e.g. 12/25/2017, which is no day-first date)"
    ) in result.output
    assert "read day first" in result.output


def test_day_first_dates_give_no_warning(tmp_path: Path) -> None:
    rows = [care(UniqClustID="RZZ1", StartDateCareClust="25/12/2017", EndDateCareClust="")]
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2017_04.csv": rows})
    out = tmp_path / "o.xlsx"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "month first" not in result.output
