"""An independent re-check of ``pbrkit compare --markdown`` (qa23, December 2026).

Every compare report says, below its table, that each value and each difference is
rounded on its own (docs/methodology.md §11), but the ``--markdown`` table, made to be
pasted where no report goes, did not. Found with the example caseload costed at the
reference tariff and at a local tariff 10% higher: incomes £44,893,257.40 and
£47,894,713.60 are shown £44,893,257 and £47,894,714, whose difference is £3,001,457,
while the difference, £3,001,456.20, is shown £3,001,456: a reader checking the sum
finds £1 out and no word why. The table now carries the note, as the reports do.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.reports.layouts.compare import ROUNDED_ON_ITS_OWN
from test_compare import cost_runs  # noqa: F401  (the fixture: MFF 1 and 1.05)


def _invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_markdown_table_says_each_figure_is_rounded_on_its_own(
    cost_runs: tuple[Path, Path],  # noqa: F811
) -> None:
    out = _invoke("compare", *cost_runs, "--names", "base,mff", "--markdown").stdout
    table, _, below = out.partition("\n\n")
    assert table.splitlines()[0] == "| | base | mff | mff − base |"
    assert ROUNDED_ON_ITS_OWN in below
    # Nothing is written by --markdown, so the note does not send the reader to files.
    assert "report.xlsx" not in below
