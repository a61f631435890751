"""``reports/values.py``: the one type of a document's values, and its two helpers.

``Value`` is int | float | str | SUPPRESSED | None because those are what the commands'
documents hold; the last test runs commands on the shipped examples and checks every
value of every document they build is exactly one of those types (a numpy scalar or a
bool slipping into a document would be a value the renderers were never typed for).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pbrkit.reports.document as document_module
from pbrkit.cli import cli
from pbrkit.reports.document import Chart, Comparison, Document, Grid, Headline, Pairs, Table
from pbrkit.reports.suppression import SUPPRESSED, Suppressed
from pbrkit.reports.values import Value, amount, is_number

ROOT = Path(__file__).resolve().parents[1]
#: The exact types a document value may have (bool and numpy scalars are not among them).
TYPES = (int, float, str, Suppressed, type(None))


def test_amount_gives_numbers_and_hidden_figures_back() -> None:
    assert amount(3) == 3 and isinstance(amount(3), int)
    assert amount(-2.5) == -2.5
    assert amount(SUPPRESSED) is SUPPRESSED
    # A hidden figure stays hidden through arithmetic: 1,000 − * = *.
    assert 1000 - amount(SUPPRESSED) is SUPPRESSED


@pytest.mark.parametrize("value", ["12", None])
def test_amount_refuses_a_text_or_a_blank(value: Value) -> None:
    with pytest.raises(TypeError, match="not a figure"):
        amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, True), (1.5, True), (float("nan"), True), (True, False), ("1", False),
     (None, False), (SUPPRESSED, False)],
)  # fmt: skip
def test_is_number_only_for_numbers(value: object, expected: bool) -> None:
    assert is_number(value) is expected


def _values(document: Document) -> list[tuple[str, object]]:
    """Every value a document's blocks hold, with where it is."""
    found: list[tuple[str, object]] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Headline):
                found += [(f"headline {k}", v) for k, v in block.values.items()]
            elif isinstance(block, Table):
                for row in (*block.rows, block.total or {}):
                    found += [(f"{block.key}.{k}", v) for k, v in row.items()]
            elif isinstance(block, Pairs):
                found += [(f"pairs {label}", v) for label, v in block.lines]
            elif isinstance(block, Comparison):
                found += [(f"comparison {r.figure}", v) for r in block.rows for v in r.values]
            elif isinstance(block, Grid):
                cells = [v for row in block.cells for v in row]
                found += [(f"grid {block.figure}", v)
                          for v in (*block.row_values, *block.column_values, *cells)]  # fmt: skip
            elif isinstance(block, Chart):
                found.append((f"chart {block.title}", block.base))
    return found


@pytest.mark.parametrize(
    "args",
    [["cost", "examples/clusters.xlsx"], ["cost", "examples/clusters.xlsx", "--publish"],
     ["cluster", "examples/ratings.xlsx", "--publish"]],
)  # fmt: skip
def test_every_document_value_is_a_value(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Document] = []
    init = Document.__init__

    def record(self: Document, *a: Any, **k: Any) -> None:
        init(self, *a, **k)
        built.append(self)

    monkeypatch.setattr(document_module.Document, "__init__", record)
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert built
    wrong = [(where, type(v)) for d in built for where, v in _values(d) if type(v) not in TYPES]
    assert not wrong, wrong[:10]
