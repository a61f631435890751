"""``pbrkit validate`` passes exactly when the command's own reading does (issue 9 item 5).

Over the reading cases (tests/hostile/make_reading_cases.py, each stating its
expected outcome), the small cases of the hostile corpus and the examples, each
command is run for real and ``validate --for`` that command beside it: both exit 0,
or both exit 2. A command that fails for another reason (exit 1: a crash that is
another part's to fix) is not a reading verdict and is reported, not compared.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.io.columns import using_column_map
from pbrkit.workflows.validate import commands_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _load(name: str) -> ModuleType:
    path = ROOT / "tests" / "hostile" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


reading = _load("make_reading_cases")
corpus = _load("make_corpus")

#: Hostile-corpus cases small enough to run three commands on in a few seconds (the
#: zip, XML and grid bombs and the million-row cases have their own tests).
SMALL = [
    name
    for name in corpus.CASES
    if not any(word in name for word in ("bomb", "1m_rows", "wide", "password"))
]


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _command(command: str, path: Path, out: Path) -> Result:
    extra = ["--draws", "1"] if command == "tender" else []
    return _run([command, str(path), "--out", str(out), *extra])


def _agree(command: str, path: Path, out: Path) -> tuple[int, int]:
    ran = _command(command, path, out)
    checked = _run(["validate", "--for", command, str(path)])
    return ran.exit_code, checked.exit_code


@pytest.fixture(scope="module")
def reading_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built: dict[str, Path] = reading.build(tmp_path_factory.mktemp("reading"))
    return built


@pytest.mark.parametrize("name", sorted(reading.CASES))
def test_reading_case_outcome_and_parity(
    name: str, reading_cases: dict[str, Path], tmp_path: Path
) -> None:
    spec = reading.CASES[name]
    path = reading_cases[name]
    checked = _run(["validate", "--for", spec.command, str(path)])
    expected = 0 if spec.expect == "ok" else 2
    assert checked.exit_code == expected, checked.output
    assert spec.message in checked.output
    ran = _command(spec.command, path, tmp_path / "out")
    if ran.exit_code != 1:
        assert ran.exit_code == expected, ran.output
        assert spec.message in ran.output


@pytest.mark.parametrize("name", SMALL)
def test_hostile_corpus_parity(name: str, tmp_path: Path) -> None:
    path = corpus.build(tmp_path / "case", [name])[name]
    try:
        commands = commands_for(path)
    except Exception:  # unreadable: every command refuses; compare cost and cluster
        commands = ("cost", "cluster")
    for command in commands:
        ran, checked = _agree(command, path, tmp_path / f"out-{command}")
        if ran == 1:
            continue  # a crash in the command, not a reading verdict
        assert (ran == 0) == (checked == 0), (command, ran, checked)


@pytest.mark.parametrize("example", ["clusters.xlsx", "ratings.xlsx"])
def test_examples_parity(example: str, tmp_path: Path) -> None:
    path = EXAMPLES / example
    with using_column_map():
        commands = commands_for(path)
    assert commands
    for command in commands:
        ran, checked = _agree(command, path, tmp_path / f"out-{command}")
        assert (ran, checked) == (0, 0), command


def test_default_validates_every_command_with_sheets() -> None:
    assert commands_for(EXAMPLES / "clusters.xlsx") == ("cost", "tender")
    assert commands_for(EXAMPLES / "ratings.xlsx") == ("cluster",)


def test_validate_does_not_suggest_an_option_it_lacks(tmp_path: Path) -> None:
    # Before: validate said "run with --on-missing report", an option it does not have.
    book = tmp_path / "c.csv"
    tariff = tmp_path / "t.csv"
    book.write_text("cluster,service_users,cluster_days\n1,10,300\n3,20,3000\n")
    tariff.write_text("cluster,price,unit\n1,1000,per_year\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "caseload.csv").write_text(book.read_text())
    (tmp_path / "folder" / "tariff.csv").write_text(tariff.read_text())
    # A partial local tariff takes the reference price for what it omits, so cluster 3
    # is left unpriced only when the reference set has no price for it either.
    reference = tmp_path / "reference"
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", reference)
    prices = (reference / "tariff.csv").read_text().splitlines(keepends=True)
    (reference / "tariff.csv").write_text("".join(r for r in prices if not r.startswith("3,")))
    result = _run(["validate", str(tmp_path / "folder"), "--reference", str(reference)])
    assert result.exit_code == 2
    assert "pbrkit cost --on-missing report" in result.output
    assert "run with --on-missing" not in result.output


def test_read_as_is_recorded(reading_cases: dict[str, Path], tmp_path: Path) -> None:
    path = reading_cases["patient_csv"]
    result = _run(["cost", str(path), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    assert "patient_csv.csv: patient rows (one row per patient)" in result.output
