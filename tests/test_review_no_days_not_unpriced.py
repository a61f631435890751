"""`pbrkit cluster`: a priced cluster whose patients have no days is not "without a price"
(review 12, December 2026).

Found by running `pbrkit cluster` on eight hand-made patients, one of them put by the
clinician in cluster 99 (not assessed) with a cost of £7,000 and a blank `days` cell.
The report's Assumptions said "Clusters without a price (left out of income): 99" and
summary.json `unpriced_clusters: [99]`, while the same report's "Tariff used" table
prices cluster 99 at £12.00 per_day (reference set illustrative-2014-15). The price
was there; what was missing was the days: a blank `days` stands for one review period
of the cluster (docs/methodology.md §5.4), and 99 has none, so its income cannot be
worked out. Given 100 days, the same patient's income is 100 × £12 = £1,200 (and
`unpriced_clusters` is empty), which shows the price was never the problem.

Now the clusters left out of income are said with the reason that holds: no price
(`unpriced_clusters`), or no days and no review period (`no_days_clusters`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]


def _ratings(tmp_path: Path, days_99: int | None, tariff: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ratings"
    sheet.append(["patient_id", *ITEMS, "cluster", "days", "cost"])
    sheet.append(["P1", *([0] * 18), 1, 100, 1000])
    sheet.append(["P2", *([0] * 18), 1, 80, 1200])
    sheet.append(["P8", *([0] * 18), 99, days_99, 7000])
    if tariff:  # a local tariff that prices cluster 1 only
        prices = book.create_sheet("tariff")
        prices.append(["cluster", "price", "unit"])
        prices.append([1, 357, "per_episode"])
    path = tmp_path / "ratings.xlsx"
    book.save(path)
    return path


def _homogeneity(tmp_path: Path, book: Path) -> dict[str, Any]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    h: dict[str, Any] = summary["allocation"]["homogeneity"]
    h["html"] = (out / "report.html").read_text(encoding="utf-8")
    return h


def test_no_days_in_a_priced_cluster_is_not_no_price(tmp_path: Path) -> None:
    h = _homogeneity(tmp_path, _ratings(tmp_path, days_99=None))
    # Before: unpriced_clusters [99] and "Clusters without a price (left out of income)".
    assert h["unpriced_clusters"] == []
    assert h["no_days_clusters"] == [99]
    assert "Clusters without a price" not in h["html"]
    assert "no days given and no review period" in h["html"]
    by_cluster = {c["cluster"]: c for c in h["clusters"]}
    assert by_cluster[99]["mean_income"] is None


def test_with_days_the_price_is_used(tmp_path: Path) -> None:
    h = _homogeneity(tmp_path, _ratings(tmp_path, days_99=100))
    assert h["unpriced_clusters"] == [] and h["no_days_clusters"] == []
    by_cluster = {c["cluster"]: c for c in h["clusters"]}
    assert by_cluster[99]["mean_income"] == pytest.approx(100 * 12.0)  # £12.00 per_day


def test_a_local_tariff_without_the_cluster_borrows_its_price(tmp_path: Path) -> None:
    # The workbook's own tariff prices cluster 1 only. A partial local tariff is completed
    # from the reference set (methodology §5.4, the rule `pbrkit cost` follows), which
    # prices 99, so 99 is left out of income for its missing days, not for a price, and
    # the tariff's source names the borrowed price.
    h = _homogeneity(tmp_path, _ratings(tmp_path, days_99=None, tariff=True))
    assert h["unpriced_clusters"] == [] and h["no_days_clusters"] == [99]
    assert "Clusters without a price" not in h["html"]
    assert "no days given and no review period" in h["html"]
    assert "99 from reference set" in h["html"]
