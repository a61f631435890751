"""A file whose first row heads another table says what that row reads (walk 9).

Found on a newcomer's walk: `pbrkit cost bidders.csv` (a folder of CSVs' other file, given
by mistake) and `pbrkit tender uncertainty.csv` were refused with "no header row found
... Fix: put the column names in the first row of the file", although the first row is
a header: the file was the wrong table. The message now quotes that row, and the fix
says to give the command its caseload if this is another table. An empty file keeps
the plain message.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).parents[1]


def refused(args: list[str], out: Path) -> str:
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.stderr


def test_the_uncertainty_table_given_as_a_caseload(tmp_path: Path) -> None:
    stderr = refused(["tender", str(ROOT / "examples" / "uncertainty.csv")], tmp_path / "o")
    assert "no header row found: no row names a caseload column; row 1 reads " in stderr
    assert "'parameter, low, high, distribution, mode, source'" in stderr
    assert "if this is another table, give the command the caseload" in stderr


def test_a_wide_header_is_cut_after_six_names(tmp_path: Path) -> None:
    bidders = tmp_path / "bidders.csv"
    bidders.write_text(
        "name,cost_factor,info_quality,hurdle_margin,capacity,clusters,screening\nA,1,0.5,0,,all,yes\n",
        encoding="utf-8",
    )
    stderr = refused(["cost", str(bidders)], tmp_path / "o")
    assert (
        "row 1 reads 'name, cost_factor, info_quality, hurdle_margin, capacity, clusters, …'"
        in (stderr)
    )


def test_an_empty_file_keeps_the_plain_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    stderr = refused(["cost", str(empty)], tmp_path / "o")
    assert "no header row found;" in stderr
    assert "row 1 reads" not in stderr
