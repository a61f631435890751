"""``pbrkit example NAME [DIR]`` writes a shipped example; ``--help`` examples use it
(issue 9, item 9: "--help examples name examples/…, which an installed package does
not have")."""

from __future__ import annotations

import tomllib
from pathlib import Path

import click
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.example import examples_root, shipped_examples

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_lists_the_shipped_examples() -> None:
    result = invoke("example")
    assert result.exit_code == 0
    assert result.output.split() == [
        "clusters.xlsx",
        "mhnrg.xlsx",
        "ratings.xlsx",
        "uncertainty.csv",
        "aqp-accept-all.toml",
        "aqp-fixed-tariff.toml",
        "probation-style-split.toml",
        "mhsds",
    ]


def test_writes_the_mhsds_extract_into_a_folder(tmp_path: Path) -> None:
    """The synthetic extract is a folder: its files land in FOLDER, ready to import."""
    result = invoke("example", "mhsds", tmp_path / "extract")
    assert result.exit_code == 0, result.output
    shipped = sorted(p.name for p in (examples_root() / "mhsds").iterdir())
    assert sorted(p.name for p in (tmp_path / "extract").iterdir()) == shipped
    some = "MHS803CareCluster_2017_04_Primary.csv"
    shipped_bytes = (examples_root() / "mhsds" / some).read_bytes()
    assert (tmp_path / "extract" / some).read_bytes() == shipped_bytes


def test_writes_a_workbook_byte_for_byte(tmp_path: Path) -> None:
    result = invoke("example", "clusters.xlsx", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "clusters.xlsx").read_bytes() == (
        ROOT / "examples" / "clusters.xlsx"
    ).read_bytes()
    assert invoke("example", "ratings", tmp_path).exit_code == 0  # the stem is enough
    assert (tmp_path / "ratings.xlsx").is_file()


def test_a_scenario_comes_with_its_workbook_and_runs(tmp_path: Path) -> None:
    result = invoke("example", "aqp-fixed-tariff.toml", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aqp-fixed-tariff.toml", "clusters.xlsx"]
    scenario = tomllib.loads((tmp_path / "aqp-fixed-tariff.toml").read_text(encoding="utf-8"))
    assert scenario["workbook"] == "clusters.xlsx"
    run = invoke(
        "tender", "--scenario", tmp_path / "aqp-fixed-tariff.toml", "--draws", "1",
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert run.exit_code == 0, run.output


def test_writing_again_is_harmless_and_a_different_file_is_kept(tmp_path: Path) -> None:
    assert invoke("example", "clusters.xlsx", tmp_path).exit_code == 0
    again = invoke("example", "clusters.xlsx", tmp_path)
    assert again.exit_code == 0
    assert "already there" in again.output
    mine = tmp_path / "ratings.xlsx"
    mine.write_bytes(b"my own ratings")
    refused = invoke("example", "ratings.xlsx", tmp_path)
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert mine.read_bytes() == b"my own ratings"
    assert invoke("example", "ratings.xlsx", tmp_path, "--force").exit_code == 0
    assert mine.read_bytes() == (ROOT / "examples" / "ratings.xlsx").read_bytes()


def test_an_unknown_name_lists_the_choices(tmp_path: Path) -> None:
    result = invoke("example", "clusters.csv", tmp_path)
    assert result.exit_code == 2
    assert "clusters.xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_examples_name_no_repository_paths() -> None:
    def commands(group: click.Group, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [prefix]
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += commands(command, (*prefix, name))
            else:
                found.append((*prefix, name))
        return found

    for path in commands(cli, ()):
        text = invoke(*path, "--help").output
        assert "examples/" not in text, f"pbrkit {' '.join(path)} --help"


def test_every_shipped_example_is_in_the_wheel() -> None:
    # pyproject's force-include copies examples into the package, like tariffs/.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    root = examples_root()
    for path in shipped_examples().values():
        relative = f"examples/{path.relative_to(root).as_posix()}"
        parent = relative.rsplit("/", 1)[0]
        assert relative in included or parent in included, relative
        target = included.get(relative) or included[parent]
        assert target.startswith("pbrkit/examples"), target
