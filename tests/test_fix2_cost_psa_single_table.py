"""`pbrkit cost caseload.csv --psa N` without --uncertainty asks for --uncertainty
(found while checking fix2 item 2).

Found running `pbrkit cost c7.csv --years 3 --deflator 0.02 --psa 30`: the caseload CSV
itself was read as the uncertainty sheet and refused for its headers ("sheet
'uncertainty': no header row found; expected … parameter, low, high"), a sheet the
user never had. A single CSV or Parquet table is the caseload (or patients), never the
uncertainty sheet, as the tender's PSA already rules: the run now says there are no
uncertain parameters and how to give them, as for a workbook with no such sheet.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def test_a_caseload_csv_is_not_read_as_the_uncertainty_sheet(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("cluster,service_users,cluster_days\n1,100,20000\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["cost", str(source), "--psa", "20", "--out",
                                    str(tmp_path / "o")])  # fmt: skip
    assert done.exit_code == 2, done.output
    assert "Error: no uncertain parameters: 'c.csv' is one table, with no uncertainty sheet" in (
        done.output
    )
    assert "give --uncertainty FILE with rows for tariff.scale" in done.output
    assert "header row" not in done.output
