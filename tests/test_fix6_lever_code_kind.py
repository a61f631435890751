"""An all-code lever on a set with text codes is "every resource group", not "every
cluster" (fix6).

Found at the last stop: `pbrkit compare` of `pbrkit cost examples/mhnrg.xlsx --reference
illustrative-mhnrg --tariff-change 10%` with the plain run said "What-if: tariff change
(every cluster)": the set has resource groups, and summary.json's `what_if` record
({"lever", "cluster": null, "change"}) did not say which. Each record now carries the
set's word for its codes (`codes`), and compare names the scope with it (falling back
to the run's `reference.codes` for a summary written before).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mhnrg.xlsx"
SET = "illustrative-mhnrg"
SCOPE = "What-if: tariff change (every resource group)"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def cost(out: Path, *levers: str) -> dict[str, Any]:
    result = invoke("cost", EXAMPLE, "--reference", SET, "--out", out, "--force", *levers)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return summary


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    plain, lever = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("lever")
    cost(plain)
    cost(lever, "--tariff-change", "10%")
    return plain, lever


def test_the_record_says_the_sets_word(runs: tuple[Path, Path]) -> None:
    plain, lever = (json.loads((r / "summary.json").read_text()) for r in runs)
    assert lever["what_if"] == [
        {"lever": "tariff_change", "cluster": None, "codes": "resource group", "change": 0.1}
    ]
    # Every code's price × 1.10 and no cost moved: £428,510 × 1.1 = £471,361.
    assert plain["totals"]["income"] == pytest.approx(428_510.0, abs=0.005)
    assert lever["totals"]["income"] == pytest.approx(471_361.0, abs=0.005)
    assert lever["totals"]["cost"] == pytest.approx(plain["totals"]["cost"])


def test_compare_names_every_resource_group_in_every_format(
    runs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "cmp"
    result = invoke("compare", *runs, "--out", out)
    assert result.exit_code == 0, result.output
    for text in (
        result.output,
        (out / "summary.json").read_text(encoding="utf-8"),
        (out / "report.html").read_text(encoding="utf-8"),
    ):
        flat = " ".join(text.split())
        assert SCOPE in flat
        assert "every cluster" not in flat
    # summary.pdf's one page lists no settings: it must not say "every cluster" either.
    pdf = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert "every cluster" not in " ".join(pdf.split())
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]  # fmt: skip
    assert SCOPE in cells
    assert not [c for c in cells if "every cluster" in c]


def test_a_summary_written_before_takes_the_word_from_its_reference(
    runs: tuple[Path, Path], tmp_path: Path
) -> None:
    # The record as written before fix6, without "codes": reference.codes says it.
    old = tmp_path / "old"
    old.mkdir()
    summary = json.loads((runs[1] / "summary.json").read_text())
    for record in summary["what_if"]:
        del record["codes"]
    (old / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    result = invoke("compare", runs[0], old, "--out", tmp_path / "cmp")
    assert result.exit_code == 0, result.output
    assert SCOPE in " ".join(result.output.split())


def test_a_cluster_set_still_says_every_cluster(tmp_path: Path) -> None:
    clusters = ROOT / "examples" / "clusters.xlsx"
    for name, levers in (("a", ()), ("b", ("--tariff-change", "5%"))):
        result = invoke("cost", clusters, "--out", tmp_path / name, *levers)
        assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert summary["what_if"][0]["codes"] == "cluster"
    result = invoke("compare", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "cmp")
    assert "What-if: tariff change (every cluster)" in " ".join(result.output.split())


def test_one_all_code_change_twice_is_every_code(tmp_path: Path) -> None:
    # Read on the command line, before --reference is known: "every code" is right in
    # either kind of set (it said "every cluster").
    result = CliRunner().invoke(
        cli,
        ["cost", str(EXAMPLE), "--reference", SET, "--out", str(tmp_path),
         "--tariff-change", "10%", "--tariff-change", "5%"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "expected one change for every code, given once" in " ".join(result.output.split())
