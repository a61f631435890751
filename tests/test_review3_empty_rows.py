"""Hostile review (round 14, review3): a caseload row with no activity at all.

A finance caseload often lists every cluster, with 0 people and 0 days where a cluster
is empty (pbrkit says "7 care clusters (1 of them empty)"). With a local tariff that
prices only the clusters it pays (1 and 3 here), the empty cluster-0 row was:

- listed as a fallback, "cluster 0 has activity and no price in sheet 'tariff' ...:
  priced at reference set ...'s £8.00 per_day", counted in ``tariff_fallbacks`` and
  named in the Source of tariff ("clusters 0, 5 from reference set"), though nothing
  was priced at that price (0 × £8 = £0);
- and, when the reference set has no price for it either, the run stopped (exit 2):
  "cluster 0 has activity but no price" for a row of zeros.

A row whose people, days, admitted days, episodes and actual cost are all 0 or blank
has no activity: nothing is priced, its income is £0 whatever the tariff. (A row with
any of them above 0 is activity and is priced or stops the run as before.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tariffs" / "illustrative-2014-15"


def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(["cluster", "service_users", "cluster_days", "admitted_days", "episodes"])
    sheet.append([1, 40, 3360, 0, None])  # 3,360 ÷ 84 = 40 episodes
    sheet.append([3, 25, 4000, None, None])
    sheet.append([5, 1, 200, None, None])  # active, not in the local tariff: borrowed
    sheet.append([0, 0, 0, None, None])  # empty: nothing to price
    tariff = book.create_sheet("tariff")
    tariff.append(["cluster", "price", "unit"])
    tariff.append([1, 400, "per_episode"])
    tariff.append([3, 10, "per_day"])
    path = tmp_path / "trust.xlsx"
    book.save(path)
    return path


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def test_an_empty_row_borrows_no_reference_price(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run("cost", workbook(tmp_path), "--out", out)
    assert code == 0, output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # Only cluster 5 borrows: £18 × 200 days = £3,600 (illustrative per_day price).
    assert summary["tariff_fallbacks"] == {
        "count": 1,
        "clusters": [{"cluster": 5, "income": 3600.0}],
    }
    details = [n["detail"] for n in summary["notes"] if n["check"] == "reference price used"]
    assert len(details) == 1 and details[0].startswith("cluster 5 has activity")
    html = (out / "report.html").read_text(encoding="utf-8")
    # Source of tariff: before, "clusters 0, 5 from reference set".
    assert "trust.xlsx; cluster 5 from reference set" in html
    # The empty cluster is still listed, at £0: 40 × £400 + 4,000 × £10 + £3,600.
    clusters = {c["cluster"]: c for c in summary["clusters"]}
    assert clusters[0]["income"] == 0.0 and clusters[0]["service_users"] == 0
    assert summary["totals"]["income"] == 16000.0 + 40000.0 + 3600.0


def test_an_empty_row_with_no_price_anywhere_does_not_stop_the_run(tmp_path: Path) -> None:
    reference = tmp_path / "ref"
    shutil.copytree(REFERENCE, reference)
    lines = (reference / "tariff.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (reference / "tariff.csv").write_text(
        "".join(line for line in lines if not line.startswith("0,")), encoding="utf-8"
    )
    out = tmp_path / "out"
    # Before: exit 2, "cluster 0 has activity but no price in sheet 'tariff' ...".
    code, output = run("cost", workbook(tmp_path), "--reference", reference, "--out", out)
    assert code == 0, output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["unpriced"] in ([], None)
    assert summary["totals"]["income"] == 59600.0


def test_a_row_with_people_and_no_price_still_stops_the_run(tmp_path: Path) -> None:
    reference = tmp_path / "ref"
    shutil.copytree(REFERENCE, reference)
    lines = (reference / "tariff.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (reference / "tariff.csv").write_text(
        "".join(line for line in lines if not line.startswith("0,")), encoding="utf-8"
    )
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["caseload"]["B5"] = 2  # two people in cluster 0, 0 days: activity
    book.save(path)
    code, output = run("cost", path, "--reference", reference, "--out", tmp_path / "out")
    assert code == 2
    assert "cluster 0 has activity but no price" in output
