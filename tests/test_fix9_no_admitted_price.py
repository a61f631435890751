"""A tariff with no admitted-day price beside admitted days is named (fix9, December 2026).

A local tariff sheet without an ``admitted_day_price`` column pays a cluster's admitted
days as any of its cluster days, nothing extra (docs/methodology.md §2), and said
nothing: in the reviewer's run cluster 3 brought in 335 admitted days × £355 = £118,925
less than with the reference set's tariff, which gives admitted-day prices. The
priced-as-given figures stand; `pbrkit cost` (summary.json notes, the Data quality
sheet) and `pbrkit validate` now name the clusters, as a tariff price of £0 is named.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
TARIFF = ROOT / "tariffs" / "illustrative-2014-15" / "tariff.csv"
CHECK = "no admitted-day price"


def _tariff_without_admitted_prices(tmp_path: Path, blank_only: str | None = None) -> Path:
    """The reference tariff as a sheet of the example: with no admitted_day_price column,
    or (``blank_only``) with one blank for that cluster alone."""
    book = openpyxl.load_workbook(CLUSTERS)
    sheet = book.create_sheet("tariff")
    header = ["cluster", "price", "unit"] + (["admitted_day_price"] if blank_only else [])
    sheet.append(header)
    with TARIFF.open(newline="") as handle:
        for row in csv.DictReader(handle):
            cells: list[object] = [int(row["cluster"]), float(row["price"]), row["unit"]]
            if blank_only:
                blank = row["cluster"] == blank_only
                cells.append(None if blank else float(row["admitted_day_price"]))
            sheet.append(cells)
    path = tmp_path / "local-tariff.xlsx"
    book.save(path)
    return path


def _summary(tmp_path: Path, workbook: Path, name: str) -> dict[str, object]:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["cost", str(workbook), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text("utf-8"))
    return summary


def _income(summary: dict[str, object], code: int) -> float:
    clusters = summary["clusters"]
    assert isinstance(clusters, list)
    (row,) = [c for c in clusters if c["cluster"] == code]
    return float(row["income"])


def _notes(summary: dict[str, object]) -> list[dict[str, object]]:
    notes = summary["notes"]
    assert isinstance(notes, list)
    return [n for n in notes if n["check"] == CHECK]


def test_cost_names_every_cluster_with_admitted_days(tmp_path: Path) -> None:
    local = _summary(tmp_path, _tariff_without_admitted_prices(tmp_path), "local")
    reference = _summary(tmp_path, CLUSTERS, "reference")
    # The figures are as given: cluster 3's 335 admitted days earn no £355 each.
    assert _income(reference, 3) - _income(local, 3) == 335 * 355  # = £118,925
    (note,) = _notes(local)
    # Every cluster of the example with admitted days: all but 1 and 2 (none there).
    detail = str(note["detail"])
    assert detail.startswith("clusters 0, 3, 4, 5, 6, 7, 8, 10, 11"), detail
    assert " 1," not in detail and " 2," not in detail
    assert "sheet 'tariff'" in detail
    assert _notes(reference) == []  # the reference tariff prices every admitted day


def test_a_blank_admitted_day_price_names_that_cluster_alone(tmp_path: Path) -> None:
    local = _summary(tmp_path, _tariff_without_admitted_prices(tmp_path, "3"), "local")
    (note,) = _notes(local)
    assert str(note["detail"]).startswith("cluster 3:"), note
    assert note["rows"] == 3  # cluster 3's caseload rows: three teams


def test_validate_names_it_too(tmp_path: Path) -> None:
    workbook = _tariff_without_admitted_prices(tmp_path, "3")
    result = CliRunner().invoke(cli, ["validate", "--for", "cost", str(workbook)])
    assert result.exit_code == 0, result.output
    assert "cluster 3: 335 admitted days and no admitted-day price" in result.output
