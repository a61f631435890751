"""The synthetic extract in examples/mhsds/: reproducible, messy as promised, and usable."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mhsds_helpers import Y2017, reasons
from pbrkit.cli import cli
from pbrkit.mhsds import import_mhsds
from pbrkit.mhsds.importer import MhsdsImport

EXAMPLES = Path(__file__).parents[1] / "examples"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("make_mhsds", EXAMPLES / "make_mhsds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_mhsds"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def committed() -> MhsdsImport:
    return import_mhsds(EXAMPLES / "mhsds", Y2017)


def test_the_generator_reproduces_the_committed_extract(
    tmp_path: Path, committed: MhsdsImport
) -> None:
    _generator().write(tmp_path, 250)  # type: ignore[attr-defined]
    again = import_mhsds(tmp_path, Y2017)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (EXAMPLES / "mhsds").iterdir() if p.suffix in (".csv", ".parquet")
    )
    assert again.caseload.equals(committed.caseload)
    assert again.patients.equals(committed.patients)


def test_the_example_has_the_mess_it_promises(committed: MhsdsImport) -> None:
    got = reasons(committed)
    for reason in (
        "duplicate: an older or repeated submission of a record (the latest is kept)",
        "cluster 09 (should not be used)",
        "end before start",
        "overlapping periods for one person (the later one is left out)",
        "unknown item code",
        "score out of range (not 0-4)",
    ):
        assert got.get(reason, 0) > 0, reason
    names = [f.path.name for f in committed.files]
    assert any(n.endswith(".parquet") for n in names) and any(n.endswith(".csv") for n in names)
    assert any("Refresh" in n for n in names)
    assert any(p.startswith("local:") for p in committed.patients["patient_id"])
    text = (EXAMPLES / "mhsds" / "MHS803CareCluster_2017_12_Primary.csv").read_text()
    assert "/2017," in text or "/2016," in text  # dd/mm/yyyy dates in the winter files
    assert ",3," in text and ",03," in text  # codes padded and not


def test_imported_example_runs_through_cost_cluster_and_tender(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "trust.xlsx"
    done = runner.invoke(
        cli, ["import", "mhsds", str(EXAMPLES / "mhsds"), "--year", "2017/18", str(book)]
    )
    assert done.exit_code == 0, done.output
    for command in ("cost", "cluster", "tender"):
        ran = runner.invoke(cli, [command, str(book), "--out", str(tmp_path / command)])
        assert ran.exit_code == 0, (command, ran.output)
