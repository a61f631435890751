"""A year in which no month has an MHS803 submission is refused (round 12, fix 7).

`pbrkit import mhsds examples/mhsds --year 2030/31` wrote a workbook of 184 people and
67,160 cluster days, every one of them a period left open in a 2017/18 submission and
carried thirteen years on, with only a warning that all twelve months had no MHS803
submission. Nothing in the extract says what anyone's cluster was in that year, so
the workbook would be costed from guesses. The import now stops (exit 2, nothing
written) with one message naming the years the MHS803 files do cover. A year with
some months missing is imported with the warning, as before (docs/methodology.md §9).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mhsds_helpers import care, extract, run
from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.mhsds.importer import import_mhsds
from pbrkit.mhsds.year import FinancialYear

C803 = "MHS803CareCluster_2018_03.csv"


def test_a_year_with_no_submission_is_refused(tmp_path: Path) -> None:
    # The one file is month 1416 (March 2018): it covers 2017/18 only.
    folder = extract(tmp_path / "x", {C803: [care()]})
    with pytest.raises(InputError) as caught:
        import_mhsds(folder, FinancialYear(2019))
    problems = caught.value.problems
    assert len(problems) == 1
    text = str(problems[0])
    assert "no MHS803CareCluster submission for any month of 2019/20" in text
    assert "2017/18" in text  # the year the files cover, to give --year instead


def test_a_year_with_some_months_is_imported_with_the_warning(tmp_path: Path) -> None:
    result = run(tmp_path, {C803: [care()]})  # 2017/18: March 2018 only
    assert any("11 month(s) of 2017/18" in w for w in result.warnings)


def test_the_command_writes_nothing(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    out = tmp_path / "y.xlsx"
    result = CliRunner().invoke(cli, ["import", "mhsds", str(folder), "--year", "2030/31",
                                      str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "for any month of 2030/31" in result.output
