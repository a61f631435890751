"""Every output names each input so that two inputs are told apart.

Found by running ``pbrkit compare base mff`` on two cost runs: the runs' inputs are
``base/summary.json`` and ``mff/summary.json`` (summary.json says so), but report.html's
subtitle and provenance line, report.xlsx's banner and Run sheet and summary.pdf's
header and footer all wrote the file name only: "summary.json, summary.json", then
"summary.json (SHA-256 …); summary.json (SHA-256 …)", so no reader could tell which
hash was which run's.

Each output now names an input by the shortest end of its path no other input shares
(RunMetadata.input_names): "base/summary.json" and "mff/summary.json"; a single input
is still its file name alone ("clusters.xlsx").
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import InputFile, ReferenceInfo, RunMetadata

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"


def _meta(*paths: str) -> RunMetadata:
    return RunMetadata(
        pbrkit_version="test", command="pbrkit compare",
        inputs=[InputFile(path=p, sha256="0" * 64) for p in paths],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("paths", "names"),
    [
        (["/data/clusters.xlsx"], ["clusters.xlsx"]),
        (["runs/base/summary.json", "runs/mff/summary.json"],
         ["base/summary.json", "mff/summary.json"]),
        (["a/x/summary.json", "b/x/summary.json", "c/y.toml"],
         ["a/x/summary.json", "b/x/summary.json", "y.toml"]),
        (["/in/caseload.csv", "/in/tariff.csv"], ["caseload.csv", "tariff.csv"]),
        (["same.xlsx", "same.xlsx"], ["same.xlsx", "same.xlsx"]),  # one file twice
    ],
)  # fmt: skip
def test_input_names_are_the_shortest_ends_that_tell_inputs_apart(
    paths: list[str], names: list[str]
) -> None:
    assert _meta(*paths).input_names() == names


def _run(*args: str | Path) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    _run("cost", CLUSTERS, "--out", root / "base")
    _run("cost", CLUSTERS, "--mff", "1.05", "--out", root / "mff")
    _run("compare", root / "base", root / "mff", "--out", root / "compared")
    return root / "compared"


def test_every_output_tells_the_two_runs_inputs_apart(compared: Path) -> None:
    html = (compared / "report.html").read_text(encoding="utf-8")
    assert "base/summary.json, mff/summary.json · reference set" in html
    assert "Inputs: base/summary.json (SHA-256" in html
    assert "; mff/summary.json (SHA-256" in html
    book = openpyxl.load_workbook(compared / "report.xlsx")
    first = book.worksheets[0]
    assert first["A2"].value == "Input: base/summary.json, mff/summary.json"
    run = [str(c.value) for c in book["Run"]["A"] if c.value]
    assert run[-2:] == ["base/summary.json", "mff/summary.json"]
    pdf = subprocess.run(
        ["pdftotext", "-raw", str(compared / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "base/summary.json, mff/summary.json · reference set" in pdf
    assert "Inputs: base/summary.json (SHA-256" in pdf


def test_a_single_input_is_still_its_file_name(tmp_path: Path) -> None:
    _run("cost", CLUSTERS, "--out", tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Inputs: clusters.xlsx (SHA-256" in html
    assert str(ROOT) not in html
