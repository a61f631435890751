"""Review 2 (round 13): one word for a cost the input gives, in cost and tender.

Found by running ``pbrkit cost`` and ``pbrkit tender`` on the same patients sheet with
every patient's cost given: the cost report's Cost source said ``actual`` (the word the
Cost source column's description and docs/methodology.md §2 use: modelled, actual or
mixed), the tender's said ``given`` for the same clusters, a word described nowhere.
Both now say ``actual``.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def _workbook(path: Path, costs: list[float | None]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    clusters = [1, 1, 1, 2, 2]
    for i, (cluster, cost) in enumerate(zip(clusters, costs, strict=True)):
        sheet.append([f"P{i}", cluster, 365, cost])
    book.save(path)
    return path


def _sources(command: str, workbook: Path, out: Path) -> dict[int, str]:
    result = CliRunner().invoke(cli, [command, str(workbook), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {c["cluster"]: c["cost_source"] for c in summary["clusters"]}


def test_cost_and_tender_name_a_given_cost_alike(tmp_path: Path) -> None:
    every = _workbook(tmp_path / "every.xlsx", [500, 1500, 900, 3000, 1000])
    assert _sources("cost", every, tmp_path / "c1") == {1: "actual", 2: "actual"}
    assert _sources("tender", every, tmp_path / "t1") == {1: "actual", 2: "actual"}
    some = _workbook(tmp_path / "some.xlsx", [500, None, 900, 3000, 1000])
    # With one cost blank, cost models the whole cluster (§2: a cluster's actual cost
    # needs every patient's), while tender models only that patient (§6.1): mixed.
    assert _sources("cost", some, tmp_path / "c2") == {1: "modelled", 2: "actual"}
    assert _sources("tender", some, tmp_path / "t2") == {1: "mixed", 2: "actual"}
