"""rev12: a comparison any of whose runs took illustrative reference data says so.

The banner was the first run's: a run on an official (local) set compared with one on
the shipped illustrative set carried no ILLUSTRATIVE banner in report.html,
report.xlsx or summary.pdf, though half its figures rest on made-up prices."""

from __future__ import annotations

import json
from pathlib import Path

from pbrkit.reports.render import pdf
from pbrkit.workflows.compare import compare_runs

OFFICIAL = {"name": "local-2024", "status": "official", "title": "Local prices"}
ILLUSTRATIVE = {
    "name": "illustrative-2014-15",
    "status": "illustrative",
    "title": "Illustrative cluster prices",
    "used_for": ["tariff", "packages", "unit_costs"],
}


def run(folder: Path, reference: dict[str, object], surplus: float) -> Path:
    folder.mkdir()
    summary = {"pbrkit_version": "0.1.0", "command": "pbrkit cost", "inputs": [],
               "reference": reference, "totals": {"surplus": surplus}}  # fmt: skip
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def test_an_illustrative_second_run_gives_the_comparison_its_banner(tmp_path: Path) -> None:
    local = run(tmp_path / "local", OFFICIAL, -76_000.0)
    shipped = run(tmp_path / "shipped", ILLUSTRATIVE, -67_000.0)
    for order in ((local, shipped), (shipped, local)):
        meta = compare_runs(order).meta
        assert meta.reference.illustrative_tables() is not None
        banner = next(b for b in pdf.banners(meta) if b.lead == "ILLUSTRATIVE")
        assert "illustrative-2014-15" in banner.text
    # Two runs on the official set: no banner, as before.
    other = run(tmp_path / "other", OFFICIAL, 1.0)
    assert compare_runs((local, other)).meta.reference.illustrative_tables() is None


def test_summary_pdf_carries_the_comparisons_warnings(tmp_path: Path) -> None:
    # report.html opens with "These runs used different reference sets …"; the one page
    # to print left it out, so a printed comparison read as like with like.
    import subprocess

    local = run(tmp_path / "local", OFFICIAL, -76_000.0)
    shipped = run(tmp_path / "shipped", ILLUSTRATIVE, -67_000.0)
    compared = compare_runs((local, shipped))
    (warning,) = compared.warnings
    page = tmp_path / "summary.pdf"
    page.write_bytes(pdf.render(compared.document()))
    text = subprocess.run(["pdftotext", str(page), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    assert " ".join(warning.split()[:8]) in " ".join(text.split())
