"""``pbrkit compare`` names each run so a reader can tell them apart (round 12, fix 1).

A run compared with itself (``--names a,b``) was shown as "summary.json, summary.json"
in the subtitle of report.html, report.xlsx and summary.pdf: the inputs' shortest
distinguishing path ends, which two copies of one path do not have. Every output now
names each run by its own name and the file it was read from ("a (base/summary.json),
b (base/summary.json)"); summary.json's ``runs`` give each run's input path.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.model import InputFile, ReferenceInfo, RunMetadata

CASELOAD = [{"cluster": 4, "service_users": 50, "cluster_days": 9_100, "admitted_days": 0}]
TARIFF = [{"cluster": 4, "price": 10.0, "unit": "per_day"}]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import write_xlsx

    folder = tmp_path_factory.mktemp("run")
    book = write_xlsx(folder / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    result = invoke("cost", book, "--out", folder / "base")
    assert result.exit_code == 0, result.output
    return folder / "base"


@pytest.fixture(scope="module")
def itself(base: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("compared") / "out"
    result = invoke("compare", base, base, "--names", "a,b", "--out", out)
    assert result.exit_code == 0, result.output
    return out, result


NAMED = "a (base/summary.json), b (base/summary.json)"


def test_html_subtitle_names_each_run(itself: tuple[Path, Result]) -> None:
    html = (itself[0] / "report.html").read_text()
    assert "summary.json, summary.json" not in html
    assert NAMED in html


def test_xlsx_subtitle_names_each_run(itself: tuple[Path, Result]) -> None:
    with zipfile.ZipFile(itself[0] / "report.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "summary.json, summary.json" not in strings
    assert f"Input: {NAMED}" in strings


def test_pdf_subtitle_names_each_run(itself: tuple[Path, Result]) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(itself[0] / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "summary.json, summary.json" not in text
    assert "a (base/summary.json)" in " ".join(text.split())


def test_json_and_terminal_name_each_run(itself: tuple[Path, Result], base: Path) -> None:
    summary = json.loads((itself[0] / "summary.json").read_text())
    path = str(base / "summary.json")
    assert [(r["name"], r["input"]) for r in summary["runs"]] == [("a", path), ("b", path)]
    assert f"2 runs: {NAMED}" in itself[1].output


def test_default_names_are_not_repeated() -> None:
    """Runs named after their folders (the default) keep the short form: the folder
    already names the run, "base (base/summary.json)" would say it twice."""
    meta = RunMetadata(
        pbrkit_version="0",
        command="pbrkit compare",
        inputs=[InputFile(path=f"/x/{n}/summary.json", sha256="0") for n in ("base", "mff")],
        input_labels=["base", "mff"],
        reference=ReferenceInfo(name="r", status="official"),
        generated_at="now",
    )
    assert meta.input_names() == ["base/summary.json", "mff/summary.json"]
    renamed = meta.model_copy(update={"input_labels": ["old", "new"]})
    assert renamed.input_names() == ["old (base/summary.json)", "new (mff/summary.json)"]
