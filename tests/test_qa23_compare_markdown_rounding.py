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

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.reports.layouts.compare import ROUNDED_ON_ITS_OWN


def _invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from conftest import write_xlsx
    from test_compare import CASELOAD, TARIFF

    folder = tmp_path_factory.mktemp("qa23-compare")
    book = write_xlsx(folder / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    pair = folder / "base", folder / "mff"
    for out, mff in zip(pair, ("1", "1.05"), strict=True):
        result = _invoke("cost", book, "--mff", mff, "--out", out)
        assert result.exit_code == 0, result.output
    return pair


def test_the_markdown_table_says_each_figure_is_rounded_on_its_own(
    runs: tuple[Path, Path],
) -> None:
    out = _invoke("compare", *runs, "--names", "base,mff", "--markdown").stdout
    table, _, below = out.partition("\n\n")
    assert table.splitlines()[0] == "| | base | mff | mff − base |"
    assert ROUNDED_ON_ITS_OWN in below
    # Nothing is written by --markdown, so the note does not send the reader to files.
    assert "report.xlsx" not in below
