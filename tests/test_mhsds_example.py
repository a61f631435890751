"""The synthetic extract in examples/mhsds/: reproducible, messy as promised, and usable."""

from __future__ import annotations

import importlib.util
import json
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
    # cost prices the caseload sheet, tender the patients sheet: the same import must
    # give the same income and cost before any bidder, cluster by cluster. Per-episode
    # clusters differed (£983,474.80 against £971,347.85 in all) while the patients
    # sheet had no episodes and tender priced D / R of them.
    cost = json.loads((tmp_path / "cost" / "summary.json").read_text())
    tender = json.loads((tmp_path / "tender" / "summary.json").read_text())
    assert tender["totals"]["income"] == pytest.approx(cost["totals"]["income"], abs=0.005)
    assert tender["totals"]["cost"] == pytest.approx(cost["totals"]["cost"], abs=0.005)
    by_cluster = {row["cluster"]: row["income"] for row in tender["clusters"]}
    for row in cost["clusters"]:
        assert by_cluster[row["cluster"]] == pytest.approx(row["income"], abs=0.005)


def test_patients_episodes_add_up_to_the_caseloads(committed: MhsdsImport) -> None:
    patients, caseload = committed.patients, committed.caseload.set_index("cluster")
    summed = patients.groupby("cluster")[["days", "episodes", "admitted_days"]].sum()
    for column in ("days", "episodes", "admitted_days"):
        wanted = caseload["cluster_days" if column == "days" else column]
        assert summed[column].to_dict() == wanted.to_dict(), column
    assert (patients["episodes"] >= 1).all()  # a row is a period with a day in the year
