"""Comparing tender runs with other seeds says their differences are (partly) selection
noise (docs/methodology.md §11, "Seeds"). Found in review 6: two runs differing only in
seed were compared with no word, as if the £2,797 between them meant something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("seeds")
    made = {}
    for name, extra in (("s1", ["--seed", "1"]), ("s2", ["--seed", "2"]),
                        ("mff", ["--seed", "2", "--tariff-change", "5%"]),
                        ("same", ["--seed", "1", "--tariff-change", "5%"])):  # fmt: skip
        done = CliRunner().invoke(cli, ["tender", str(EXAMPLE), *extra, "--out", str(root / name)])
        assert done.exit_code == 0, done.output
        made[name] = root / name / "summary.json"
    return made


def _compare(tmp_path: Path, *summaries: Path) -> tuple[list[str], str]:
    out = tmp_path / "cmp"
    done = CliRunner().invoke(cli, ["compare", *map(str, summaries), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return json.loads((out / "summary.json").read_text())["warnings"], done.output


def test_seed_only_differences_are_called_selection_noise(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    warnings, terminal = _compare(tmp_path, runs["s1"], runs["s2"])
    assert len(warnings) == 1
    assert warnings[0].startswith("These runs differ only in their seed")
    assert "every difference between them is selection noise" in warnings[0]
    assert "selection noise" in terminal  # the warning is printed too


def test_seed_among_other_changes_is_part_of_each_difference(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    (warning,) = _compare(tmp_path, runs["s1"], runs["mff"])[0]
    assert warning.startswith("These runs also differ in their seed")
    assert "run them with the same --seed" in warning


def test_same_seed_gives_no_noise_warning(runs: dict[str, Path], tmp_path: Path) -> None:
    assert _compare(tmp_path, runs["s1"], runs["same"])[0] == []


def _changed(tmp_path: Path, *summaries: Path) -> dict[str, str]:
    out = tmp_path / "cmp"
    done = CliRunner().invoke(cli, ["compare", *map(str, summaries), "--out", str(out)])
    assert done.exit_code == 0, done.output
    changed = json.loads((out / "summary.json").read_text())["changed"]
    return {row["setting"]: row["values"] for row in changed}


def test_what_if_levers_are_among_what_changed(runs: dict[str, Path], tmp_path: Path) -> None:
    # Found with the seed warning: a run with --tariff-change 5% was compared as if
    # nothing but the seed had changed (what_if was not read as a setting).
    assert _changed(tmp_path, runs["s1"], runs["same"]) == {
        "What-if: tariff change (every cluster)": "s1: not set; same: +5%"
    }


def test_projection_options_are_among_what_changed(runs: dict[str, Path], tmp_path: Path) -> None:
    longer = tmp_path / "years"
    done = CliRunner().invoke(
        cli, ["tender", str(EXAMPLE), "--seed", "1", "--years", "3", "--efficiency", "2%",
              "--out", str(longer)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    changed = _changed(tmp_path, runs["s1"], longer / "summary.json")
    assert changed["Projection years (--years)"] == "s1: 1; years: 3"
    assert changed["Yearly cost improvement (--efficiency)"] == "s1: 0; years: 0.02"
