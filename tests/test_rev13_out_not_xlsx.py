"""`pbrkit import mhsds … t.ods` and `pbrkit template … t.ods` refused OUT with only
"Error: 't.ods' must end in .xlsx" (rev13): no fix and no "nothing was written", which
every other refusal carries (one problem: what was wrong, what to give instead)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


def test_import_names_the_xlsx_to_give(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2018_03.csv": [care()]})
    out = tmp_path / "trust.ods"
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(out)]
    )
    assert result.exit_code == 2
    assert "Error: 'trust.ods' must end in .xlsx. Fix: name it trust.xlsx" in result.output
    assert "Hint: nothing was written" in result.output
    assert list(tmp_path.iterdir()) == [tmp_path / "x"]


def test_template_names_the_xlsx_to_give(tmp_path: Path) -> None:
    out = tmp_path / "blank"
    result = CliRunner().invoke(cli, ["template", "--kind", "cost", str(out)])
    assert result.exit_code == 2
    assert "Error: 'blank' must end in .xlsx. Fix: name it blank.xlsx" in result.output
    assert "Hint: nothing was written" in result.output
    assert not out.exists()
