"""Comparing tender runs with other numbers of draws says their differences are
(partly) selection noise, as runs with other seeds do (docs/methodology.md §11).

review5: `pbrkit compare` of two runs differing only in --draws (1 and 40, the same
seed) gave "£6,925 higher" as a finding with no word. Each figure of a run with draws
is the median over its draws of the bidders' noise (§6.6) and draw 0 is the same in
both runs (the same seed), so the whole difference is the noise of the other 39 draws.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
RUNS = {
    "one": ["--seed", "1"],
    "five": ["--seed", "1", "--draws", "5"],
    "five_s2": ["--seed", "2", "--draws", "5"],
    "five_cut": ["--seed", "1", "--draws", "5", "--tariff-change", "5%"],
    "one_cut": ["--seed", "1", "--tariff-change", "5%"],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("draws")
    made = {}
    for name, extra in RUNS.items():
        done = CliRunner().invoke(cli, ["tender", str(EXAMPLE), *extra, "--out", str(root / name)])
        assert done.exit_code == 0, done.output
        made[name] = root / name / "summary.json"
    return made


def _warnings(tmp_path: Path, *summaries: Path) -> tuple[list[str], str]:
    out = tmp_path / "cmp"
    done = CliRunner().invoke(cli, ["compare", *map(str, summaries), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return json.loads((out / "summary.json").read_text())["warnings"], done.output


def test_draws_only_differences_are_called_selection_noise(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    (warning,), terminal = _warnings(tmp_path, runs["one"], runs["five"])
    assert warning.startswith("These runs differ only in their number of draws")
    assert "every difference between them is selection noise" in warning
    assert "selection noise" in terminal


def test_seed_and_draws_only_are_both_named(runs: dict[str, Path], tmp_path: Path) -> None:
    (warning,), _ = _warnings(tmp_path, runs["one"], runs["five_s2"])
    assert warning.startswith("These runs differ only in their seed and number of draws")
    assert "every difference between them is selection noise" in warning


def test_draws_among_other_changes_are_part_of_each_difference(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    (warning,), _ = _warnings(tmp_path, runs["one"], runs["five_cut"])
    assert warning.startswith("These runs also differ in their number of draws")
    assert "run them with the same --draws" in warning


def test_same_draws_and_seed_give_no_noise_warning(runs: dict[str, Path], tmp_path: Path) -> None:
    assert _warnings(tmp_path, runs["one"], runs["one_cut"])[0] == []
