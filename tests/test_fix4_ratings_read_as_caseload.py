"""A lone CSV with too few MHCT item columns is told why it was read as a caseload
(fix4, item 2).

Found running ``pbrkit validate r.csv`` (and ``pbrkit cost r.csv``) on a ratings CSV
headed ``patient_id,HoNOS 1,HoNOS 2,HoNOS 3``: by the documented single-table rule
(docs: a table is MHCT ratings when its header names at least 13 of the 18 scales) it
is a caseload, and the user was told only "no header row found; expected a row of column
names including cluster, service_users, cluster_days", with nothing about ratings. The
reading now adds what was looked for and found: "read as a caseload (one row per
cluster), as its header names 3 of the 18 MHCT items (1, 2, 3) and a table is read as
MHCT ratings only when it names at least 13", with a fix for either meaning (a Parquet
table, whose missing caseload columns are listed, likewise). A CSV with no item columns
is told as before.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli


def _refused(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_three_item_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("patient_id,HoNOS 1,HoNOS 2,HoNOS 3\nA,0,4,2\nB,1,1,1\n", encoding="utf-8")
    for args in (["validate", path], ["cost", path, "--out", tmp_path / "o"]):
        out = _refused(*args)
        # walk 9: the row that heads another table is quoted.
        assert (
            "file 'r.csv': no header row found: no row names a caseload column; row 1 reads "
            "'patient_id, HoNOS 1, HoNOS 2, HoNOS 3'; expected a row of column names" in out
        )
        assert (
            "file 'r.csv': read as a caseload (one row per cluster), as its header names 3 "
            "of the 18 MHCT items (1, 2, 3) and a table is read as MHCT ratings only when "
            "it names at least 13" in out
        )
        assert (
            "Fix: for MHCT ratings, head the item columns 1-13 and A-E (e.g. 'HoNOS 1', "
            "'item_01', 'SARN A') and run `pbrkit cluster`; for a caseload, give the columns "
            "the problems above name" in out
        )
        assert "sheet" not in out
    assert not (tmp_path / "o").exists()


def test_a_parquet_table(tmp_path: Path) -> None:
    # A Parquet file's header is its schema: the caseload's columns are missing, and
    # the reason it was read as a caseload is said beside them.
    path = tmp_path / "r.parquet"
    frame = pd.DataFrame({"patient_id": ["A"], "HoNOS 1": [0], "HoNOS 2": [1], "SARN A": [2]})
    frame.to_parquet(path)
    out = _refused("validate", path)
    assert "required column 'cluster' is missing" in out
    assert "its header names 3 of the 18 MHCT items (1, 2, A)" in out


def test_no_item_columns_is_told_as_before(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("what,ever\n1,2\n", encoding="utf-8")
    out = _refused("validate", path)
    assert "file 'c.csv': no header row found: no row names a caseload column; row 1 reads " in out
    assert "MHCT" not in out
