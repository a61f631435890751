"""What the docs say a command writes is what it writes (review 6).

Found reading README.md, examples/README.md and every --help beside real runs:
- `pbrkit compare` (--help, README, examples/scenarios/README.md), `pbrkit sweep`
  (README) and `pbrkit cluster` (README) write summary.pdf too, which those texts left
  out of the files they list;
- examples/README.md's table of example files had its `uncertainty.csv` row after the
  paragraph below the table, so it showed as a stray line of pipes, not a table row.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_compare_help_lists_summary_pdf() -> None:
    result = CliRunner().invoke(cli, ["compare", "--help"], terminal_width=400)
    assert "summary.pdf" in result.output


def paragraph_with(path: Path, words: str) -> str:
    text = path.read_text(encoding="utf-8")
    return next(p for p in re.split(r"\n\s*\n", text) if words in " ".join(p.split()))


def test_readme_lists_summary_pdf_wherever_it_lists_the_reports() -> None:
    readme = ROOT / "README.md"
    for words in (
        "The command writes `allocations.csv`",  # cluster
        "Sweeps vary one or two parameters",
        "puts runs side by side",  # compare
    ):
        assert "summary.pdf" in paragraph_with(readme, words), words
    scenarios = ROOT / "examples" / "scenarios" / "README.md"
    assert "summary.pdf" in paragraph_with(scenarios, "Without `--markdown`")


def test_example_files_table_is_one_table() -> None:
    lines = (ROOT / "examples" / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| file | for | sheets |")
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    table = "\n".join(lines[start:end])
    for name in ("clusters.xlsx", "ratings.xlsx", "mhsds/", "mhnrg.xlsx", "uncertainty.csv"):
        assert f"| `{name}` |" in table, name
    assert not any(line.startswith("| `") for line in lines[end:])


def test_methodology_lists_compare_among_the_one_page_summaries() -> None:
    # docs/methodology.md said every run of cost … threshold writes summary.pdf, leaving
    # out compare, which writes one too (README says so)
    paragraph = paragraph_with(ROOT / "docs" / "methodology.md", "**The one-page summary.**")
    assert "`compare`" in paragraph
