"""pbrkit cost's Assumptions sheet shows the deflator, inflation, efficiency and the
bed-day cost as the rest of the report does.

Found by reading ``pbrkit cost examples/clusters.xlsx --years 5 --deflator 0.018
--inflation 0.025 --efficiency 1.1%`` across its sheets: the projection says "Tariff
deflator per year (d) 1.8%", "Cost inflation per year (g) 2.5%", "Cost efficiency per
year (e) 1.1%", but the Assumptions sheet (and report.html's assumptions table) said
0.018, 0.025 and 0.011 in General format, and "Inpatient bed day £" 354.662 (with
--cost-change -2%: £361.90 × 0.98) where every other £ per unit has pence.

The Assumptions pairs now take the figures' formats: the three rates as shares (1.8%,
as the projection), the bed-day cost as money with pence (£354.66).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--years", "5", "--deflator", "0.018", "--inflation", "0.025", "--efficiency", "1.1%"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cost") / "out"
    argv = ["cost", str(ROOT / "examples" / "clusters.xlsx"), *ARGS, "--cost-change", "-2%"]
    result = CliRunner().invoke(cli, [*argv, "--out", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


LABELS = {
    "Tariff deflator (--deflator)": "1.8%",
    "Cost inflation (--inflation)": "2.5%",
    "Cost efficiency (--efficiency)": "1.1%",
    "Inpatient bed day (inpatient_bed_day) £": "£354.66",  # 361.90 × 0.98 = 354.662
}


def test_report_html_shows_them_as_the_projection_does(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    for label, shown in LABELS.items():
        pattern = rf"<t[hd][^>]*>{re.escape(label)}</t[hd]>\s*<td[^>]*>([^<]*)</td>"
        match = re.search(pattern, html)
        assert match is not None, label
        assert match.group(1) == shown, (label, match.group(1))


def test_the_workbook_formats_them(out: Path) -> None:
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Assumptions"]
    cells = {str(r[0].value): r[1] for r in sheet.iter_rows() if r[0].value is not None}
    for label in list(LABELS)[:3]:
        assert cells[label].number_format.startswith("0.0%"), label
    bed = cells["Inpatient bed day (inpatient_bed_day) £"]
    assert bed.number_format.startswith("£#,##0.00"), bed.number_format
    assert bed.value == pytest.approx(354.662)


def test_pbrkit_tender_shows_its_deflator_as_a_share_too(tmp_path: Path) -> None:
    """``pbrkit tender`` with a scenario's ``deflator = 0.02`` said "Tariff deflator
    0.02" in its run settings; pbrkit cost's projection says 2.0%."""
    folder = tmp_path / "out"
    argv = ["tender", str(ROOT / "examples" / "clusters.xlsx")]
    argv += ["--workers", "1", "--out", str(folder)]
    scenario = tmp_path / "deflate.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{ROOT / "examples" / "clusters.xlsx"}"\n'
        "deflator = 0.02\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, [*argv, "--scenario", str(scenario)])
    assert result.exit_code == 0, result.output
    html = (folder / "report.html").read_text(encoding="utf-8")
    match = re.search(r"<t[hd][^>]*>Tariff deflator</t[hd]>\s*<td[^>]*>([^<]*)</td>", html)
    assert match is not None
    assert match.group(1) == "2.0%"
