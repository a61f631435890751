"""A workbook written for another shipped reference set says which one (found in review4).

examples/mhnrg.xlsx holds resource-group codes (PSY_COM, …). Run against the default
care-cluster set, every code was 'not a valid cluster code' with no word of the set it
belongs to; the fix now names ``--reference illustrative-mhnrg``. The reverse too.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_resource_group_codes_under_the_cluster_set_name_their_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(ROOT / "examples" / "mhnrg.xlsx"),
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert "'PSY_COM' is a code of the reference set illustrative-mhnrg" in result.output
    assert "run with --reference illustrative-mhnrg" in result.output
    assert not out.exists()  # nothing written


def test_cluster_codes_under_the_resource_group_set_name_theirs(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["validate", str(ROOT / "examples" / "clusters.xlsx"),
              "--reference", "illustrative-mhnrg"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'3' is a code of the reference set illustrative-2014-15" in result.output


def test_a_code_of_no_set_gets_the_plain_advice(tmp_path: Path) -> None:
    # A typo is no other set's code: the fix lists this set's codes, nothing more.
    book = tmp_path / "typo.csv"
    book.write_text("cluster,service_users,cluster_days\nC33,10,500\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2
    assert "is a code of the reference set" not in result.output
    assert "use a code 0-8, 10-21" in result.output
