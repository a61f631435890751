"""A per-code lever naming a code the caseload does not have is refused (fix7, item 1).

``pbrkit cost book --tariff-change 13=10%`` on a caseload without cluster 13 changed
nothing, yet every output listed "What-if: tariff change cluster 13: +10%" as if it
applied. Cluster 13 is in the reference set, so the code reads; but no row of the
caseload has it, so the change cannot move a figure: almost always a mistyped code or
the wrong workbook. It is now one problem (exit 2, nothing written), in ``cost``,
``tender`` and a scenario's ``tariff_change`` / ``cost_change`` alike
(docs/methodology.md, what-if levers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

# Clusters 4 and 11 only (test_levers_tender's caseload): 13 is in the reference set
# (illustrative-2014-15) but in no row here.
CASELOAD = "cluster,service_users,cluster_days\n4,50,9100\n11,40,14600\n"
PATIENTS = "patient_id,cluster,days\np1,4,365\np2,11,200\n"


def _book(tmp_path: Path, sheet: str = "caseload", text: str = CASELOAD) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / f"{sheet}.csv").write_text(text)
    return folder


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _refused(result: Result, out: Path, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert not out.exists(), "nothing is written"
    text = " ".join(result.output.split())
    for needle in needles:
        assert needle in text, text


@pytest.mark.parametrize("option", ["--tariff-change", "--cost-change"])
def test_cost_refuses_a_change_to_a_cluster_the_caseload_lacks(tmp_path: Path, option: str) -> None:
    out = tmp_path / "out"
    result = _run("cost", _book(tmp_path), "--out", out, option, "13=10%")
    _refused(
        result,
        out,
        f"{option}: cluster 13: +10% changes nothing",
        "cluster 13 is in the reference set but no row of the caseload has it",
    )
    assert result.output.count("Error") == 1  # one problem, said once


def test_cost_still_takes_a_change_to_a_cluster_it_has(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run("cost", _book(tmp_path), "--out", out, "--tariff-change", "11=10%")
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").exists()


def test_cost_lists_every_absent_code_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(
        "cost", _book(tmp_path), "--out", out,
        "--tariff-change", "13=10%", "--cost-change", "5%", "--cost-change", "12=-5%",
    )  # fmt: skip
    _refused(result, out, "2 problems found", "cluster 13: +10%", "cluster 12: -5%")


@pytest.mark.parametrize("option", ["--tariff-change", "--cost-change"])
def test_tender_refuses_it_on_a_caseload(tmp_path: Path, option: str) -> None:
    out = tmp_path / "out"
    result = _run("tender", _book(tmp_path), "--out", out, "--draws", "5", option, "13=10%")
    _refused(result, out, f"{option}: cluster 13: +10% changes nothing")


def test_tender_refuses_it_on_patient_rows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = _book(tmp_path, "patients", PATIENTS)
    result = _run("tender", book, "--out", out, "--draws", "5", "--tariff-change", "13=10%")
    _refused(result, out, "no patient row has it")


def test_a_scenario_change_to_an_absent_cluster_is_named_by_its_key(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = _book(tmp_path)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{book.as_posix()}"\ncost_change = ["13=10%"]\n'
    )
    result = _run("tender", "--scenario", scenario, "--out", out, "--draws", "5")
    _refused(result, out, "scenario cost_change: cluster 13: +10% changes nothing")
