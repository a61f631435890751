"""A multi-year tender's findings say its money sentence is the first year's (noted in
review5: with --years the sentence said "£12.9m a year", though the year table beside it
shows the years after changing)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

CLUSTERS = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _spending_sentence(tmp_path: Path, *extra: str) -> str:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(CLUSTERS), *extra, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = re.sub(r"<[^>]+>", "", (out / "report.html").read_text(encoding="utf-8"))
    found = re.search(r"public spending (?:rises|falls) by £[\d.]+[mk]? ([a-z ]+):", text)
    assert found, "no public-spending sentence"
    return found.group(1)


def test_several_years_say_first_year(tmp_path: Path) -> None:
    assert _spending_sentence(tmp_path, "--years", "3") == "in the first year"


def test_one_year_says_a_year(tmp_path: Path) -> None:
    assert _spending_sentence(tmp_path) == "a year"
