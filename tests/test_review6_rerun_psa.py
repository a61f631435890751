"""Running a PSA again into its default folder (review 6).

README: "Run it again and the previous run's reports there are replaced". Found by
running the README's `pbrkit psa examples/clusters.xlsx --uncertainty
examples/uncertainty.csv` twice: the second run stopped with exit 2, "output folder
'pbrkit-out/clusters-psa' is not empty", and so did `pbrkit tender clusters.xlsx --psa N`
run twice. The folder held psa.parquet, which the list of files a pbrkit run writes
left out, so the folder did not look like a previous run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
UNCERTAINTY = ROOT / "examples" / "uncertainty.csv"
PSA = ("--uncertainty", UNCERTAINTY, "--workers", "1")


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_psa_runs_twice_into_its_default_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("psa", CLUSTERS, *PSA, "--samples", "2")
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    second = invoke(*args)
    assert second.exit_code == 0, second.output  # was: exit 2, "not empty"
    out = tmp_path / "pbrkit-out" / "clusters-psa"
    assert "psa.parquet" in {p.name for p in out.iterdir()}


def test_a_tender_without_psa_replaces_one_with_it_and_drops_its_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = invoke("tender", CLUSTERS, "--psa", "2", *PSA)
    assert first.exit_code == 0, first.output
    out = tmp_path / "pbrkit-out" / "clusters-tender"
    assert "psa.parquet" in {p.name for p in out.iterdir()}
    second = invoke("tender", CLUSTERS)
    assert second.exit_code == 0, second.output  # was: exit 2, "not empty"
    # the earlier run's every-sample file does not linger beside reports without a PSA
    assert {p.name for p in out.iterdir()} == {
        "summary.json",
        "report.xlsx",
        "report.html",
        "summary.pdf",
    }
