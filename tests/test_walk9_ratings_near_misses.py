"""A misspelt patient column in a ratings sheet is an error with "did you mean", as on
every other sheet (walk 9).

Found on a newcomer's walk: README ("Input sheets") says a header that looks like a
misspelt column (``admited_days``) is an error with "did you mean", never silently
ignored. On a ratings sheet it was kept as a trait: examples/ratings.xlsx with its
``cluster`` header typed ``clustr`` validated, and ``pbrkit cluster`` then had no
clinician's cluster to audit; ``admited_days``, ``dayz`` and ``Total cost`` were read
as traits too, their days and costs left out without a word. Each is now refused at
its header, naming the column it looks like; traits (``age``, ``mha_detained``, ``sex``,
``date``) are read as before.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "ratings.xlsx"


def with_header(path: Path, old: str, new: str) -> Path:
    book = openpyxl.load_workbook(EXAMPLE)
    header = book["ratings"][1]
    next(cell for cell in header if cell.value == old).value = new
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("cluster", "clustr", "looks like a misspelling of"),
        ("admitted_days", "admited_days", "looks like a misspelling of"),
        ("days", "dayz", "looks like a misspelling of"),
        ("cost", "Total cost", "may mean"),
    ],
)
def test_a_misspelt_column_is_refused(tmp_path: Path, old: str, new: str, why: str) -> None:
    book = with_header(tmp_path / "r.xlsx", old, new)
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"is headed '{new}', which {why} '{old}'" in result.stderr
    assert f"(did you mean '{old}'?)" in result.stderr
    assert f'[ratings] "{new}" = "{old}"' in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("trait", ["sex", "date", "team"])
def test_traits_are_still_traits(tmp_path: Path, trait: str) -> None:
    book = with_header(tmp_path / "r.xlsx", "age", trait)
    result = CliRunner().invoke(cli, ["validate", "--for", "cluster", str(book)])
    assert result.exit_code == 0, result.output
