"""A newcomer's walk through the docs (walk 8): every section a command's --help cites
by name (``docs/uncertainty.md, "Publishing a PSA"``) is a heading of that page.

``pbrkit psa --help`` sent readers to docs/uncertainty.md, "Publishing", a heading the
page does not have (it is "Publishing a PSA (`--publish`)").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CITATION = re.compile(r'(docs/[\w-]+\.md), "([^"]+)"')
COMMANDS = ("cost", "cluster", "tender", "sweep", "explore", "psa", "threshold", "compare",
            "validate", "template", "example", "reference list", "reference show",
            "import mhsds")  # fmt: skip


def _headings(page: Path) -> list[str]:
    return [
        re.sub(r"^#+\s*(\d+(\.\d+)*\.?\s+)?", "", line).strip()
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]


def _names(cited: str, heading: str) -> bool:
    # A heading may go on after its name with a colon or a bracket:
    # "The surplus of a costing: `pbrkit cost --psa N`", "Publishing a PSA (`--publish`)".
    return heading == cited or heading.startswith((cited + ":", cited + " ("))


@pytest.mark.parametrize("command", COMMANDS)
def test_sections_cited_in_help_exist(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for page, cited in CITATION.findall(text):
        headings = _headings(ROOT / page)
        assert any(_names(cited, h) for h in headings), (page, cited, headings)


def test_the_check_sees_a_missing_heading() -> None:
    # The check itself: a prefix of a heading is not its name.
    assert not _names("Publishing", "Publishing a PSA (`--publish`)")
    assert _names("Publishing a PSA", "Publishing a PSA (`--publish`)")
