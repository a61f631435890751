"""User-facing text cites what a user has, and reads as English (issue 9, item 7).

Every output of every command, every ``--help``, the README, SECURITY.md, docs/ and
examples/ must cite docs/methodology.md (or the README, or an original source), never
the developers' design notes, which are not shipped. Counts agree with their nouns:
"1 cluster", "1 person", never "1 clusters", "(1 patients)" or "The NHS's a surplus".
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.format import noun, plural
from pbrkit.reports.layouts.tender_findings import change_sentence
from pbrkit.reports.suppression import SUPPRESSED

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
RATINGS = ROOT / "examples" / "ratings.xlsx"
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"

#: Internal design notes, and the advice to read the source for documented facts.
INTERNAL = re.compile(
    r"DESIGN\b|DESIGN §|(?<![\w-])(?:domain|economics|mhsds|ecosystem|aesthetics)\.md|Python source"
    r"|domain notes|another engineer"
)
#: A count of exactly one with a plural noun, or a possessive before an article.
BAD_GRAMMAR = re.compile(
    r"(?<![\d.,])\b1 (?:clusters|patients|people|bidders|lots|draws|rows)\b|NHS's an? "
)


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, as argument lists."""
    yield prefix
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    )


def output_text(folder: Path) -> str:
    texts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            texts.append(xlsx_text(path))
        elif path.suffix in (".html", ".json", ".csv"):
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":  # summary.pdf's text, as a reader copies it
            texts.append(subprocess.run(["pdftotext", str(path), "-"], check=True,
                                        capture_output=True, text=True).stdout)  # fmt: skip
    return "\n".join(texts)


def assert_clean(where: str, text: str) -> None:
    found = sorted({m.group(0) for m in INTERNAL.finditer(text)})
    assert not found, f"{where} cites internal notes: {found}"
    bad = sorted({m.group(0) for m in BAD_GRAMMAR.finditer(text)})
    assert not bad, f"{where}: {bad}"


@pytest.mark.parametrize("path", sorted(command_paths(cli)), ids=lambda p: " ".join(p) or "pbrkit")
def test_help_cites_no_internal_notes(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert_clean(f"pbrkit {' '.join(path)} --help", result.output)


def test_documents_cite_no_internal_notes() -> None:
    files = [ROOT / "README.md", ROOT / "SECURITY.md"]
    files += sorted((ROOT / "docs").rglob("*.md"))
    files += sorted(
        p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".toml", ".py")
    )
    # The reference sets' sources and notes are read by users too (pbrkit reference show).
    files += sorted(
        p for p in (ROOT / "tariffs").rglob("*") if p.suffix in (".md", ".toml", ".csv")
    )
    assert len(files) > 5
    for path in files:
        assert_clean(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))


RUNS = {
    "cost": ["cost", str(CLUSTERS), "--years", "3", "--deflator", "0.01"],
    "cost-publish": ["cost", str(CLUSTERS), "--publish"],
    "cluster": ["cluster", str(RATINGS)],
    "cluster-publish": ["cluster", str(RATINGS), "--publish"],
    "tender": ["tender", str(CLUSTERS), "--draws", "3"],
    "tender-scenario": ["tender", "--scenario", str(SCENARIO), "--draws", "3"],
    "sweep": ["sweep", str(SCENARIO), "--vary", "nhs.fixed_cost_share=0.2:0.8:2", "--draws", "1"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_outputs_cite_no_internal_notes(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*RUNS[name], "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_clean(f"{name}: terminal", result.output)
    assert_clean(f"{name}: outputs", output_text(out))


def test_other_commands_cite_no_internal_notes(tmp_path: Path) -> None:
    runner = CliRunner()
    texts = [
        runner.invoke(cli, ["validate", str(CLUSTERS)]).output,
        runner.invoke(cli, ["validate", str(RATINGS)]).output,
        runner.invoke(cli, ["reference", "list"]).output,
        runner.invoke(cli, ["reference", "show", "illustrative-2014-15"]).output,
    ]
    for kind in ("cost", "tender", "ratings"):
        book = tmp_path / f"{kind}.xlsx"
        assert runner.invoke(cli, ["template", "--kind", kind, str(book)]).exit_code == 0
        texts.append(xlsx_text(book))
    assert_clean("validate, reference, template", "\n".join(texts))


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "cluster") == "1 cluster"
    assert plural(2, "cluster") == "2 clusters"
    assert plural(0, "cluster") == "0 clusters"
    assert plural(1, "person") == "1 person"
    assert plural(1234, "person") == "1,234 people"
    assert plural(1.0, "patient") == "1 patient"
    assert plural(SUPPRESSED, "person") == f"{SUPPRESSED} people"
    assert noun(1, "loses") == "loses"
    assert noun(3, "loses") == "lose"
    assert noun(1, "loss is", "losses are") == "loss is"


def test_change_sentence_has_no_possessive_before_an_article() -> None:
    # A surplus of £1.2m turning into a deficit of £3.4m.
    sentence = change_sentence(1_200_000, -3_400_000)
    assert sentence == "The NHS goes from a surplus of £1.2m to a deficit of £3.4m"
    assert not BAD_GRAMMAR.search(sentence)


def test_bad_grammar_pattern_catches_the_reported_phrases() -> None:
    for phrase in ("across 1 clusters", "(1 patients)", "The NHS's a surplus"):
        assert BAD_GRAMMAR.search(phrase), phrase
    for phrase in ("21 clusters", "1.5 people", "11 clusters", "2,001 people"):
        assert not BAD_GRAMMAR.search(phrase), phrase


def test_summary_json_is_still_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", str(CLUSTERS), "--json", "--out", str(tmp_path)])
    json.loads(result.stdout)
