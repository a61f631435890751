"""Published, a cluster's income ÷ cost (homogeneity table) is hidden when rounding its
£ totals could move it over more than 0.1, as every other ratio of rounded £ is.

Found in review 7b with a ratings file of my own and ``pbrkit cluster --publish``: 23
patients the clinicians put in cluster 3, blank days (so each is paid one review period,
£1,747.20 at the illustrative prices), costing £1,000 + £37 × i (i = 0 … 22).

Exact: income 23 × £1,747.20 = £40,185.60; cost 23 × £1,000 + £37 × (0 + … + 22)
= £23,000 + £37 × 253 = £32,361; income ÷ cost = 40,185.60 ÷ 32,361 = 1.2418.

Published (money base £50,000, the largest illustrative price £8,030 × 5 rounded up):
income £50,000 and cost £50,000 over 25 people, means £2,000 and £2,000, and income ÷
cost was shown as 1.00 ("paid what it costs") where the truth is 1.24. The mean of a
rounded total over one count is that total ÷ the count, so the ratio of two such means
is the ratio of the two rounded totals: at the corners of their ± £25,000 ranges it
runs from 25,000 ÷ 75,000 = 0.33 to 75,000 ÷ 25,000 = 3.00, a spread of 2.67 > 0.1, so
methodology §7 ("an index, ratio or share worked out from rounded £ … cost ÷ income …
is shown only when the rounding could not move it over a range wider than 0.1") hides it.

The test failed on the old code (predictive_ratio published as 1.0).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
#: The ratings of every patient: the illustrative grid suggests cluster 1 for them.
RATED = dict(zip(ITEMS, [0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], strict=True))


def _ratings(path: Path) -> Path:
    rows: list[dict[str, object]] = [
        {"patient_id": f"Q{i:03d}", **RATED, "cluster": 3, "days": None,
         "cost": 1000.0 + 37 * i}
        for i in range(23)
    ]  # fmt: skip
    rows += [
        {"patient_id": f"S{i:03d}", **RATED, "cluster": 1, "days": None,
         "cost": 500.0 + 11 * i}
        for i in range(31)
    ]  # fmt: skip
    return write_xlsx(path, {"ratings": rows})


def _cluster_3(tmp_path: Path, *extra: str) -> dict[str, float | None]:
    book = _ratings(tmp_path / "ratings.xlsx")
    out = tmp_path / ("pub" if extra else "plain")
    done = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out), *extra])
    assert done.exit_code == 0, done.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    clusters = summary["allocation"]["homogeneity"]["clusters"]
    row: dict[str, float | None] = next(r for r in clusters if r["cluster"] == 3)
    return row


def test_exact_run_has_the_hand_worked_ratio(tmp_path: Path) -> None:
    row = _cluster_3(tmp_path)
    assert row["n"] == 23
    assert row["mean_income"] == pytest.approx(40_185.60 / 23)
    assert row["mean"] == pytest.approx(32_361.0 / 23)
    assert row["predictive_ratio"] == pytest.approx(40_185.60 / 32_361.0)  # 1.2418


def test_published_ratio_of_rounded_means_is_hidden(tmp_path: Path) -> None:
    row = _cluster_3(tmp_path, "--publish")
    # The counts and means are published as methodology §7 says ...
    assert row["n"] == 25
    assert row["mean_income"] == pytest.approx(50_000.0 / 25)
    assert row["mean"] == pytest.approx(50_000.0 / 25)
    # ... and income ÷ cost, which they could put anywhere from 0.33 to 3.00, is hidden.
    assert row["predictive_ratio"] is None
