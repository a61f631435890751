"""`pbrkit cluster --publish`: a £ at stake rounded to £0 is not "exactly" nothing.

Found by reading summary.pdf of `pbrkit cluster --publish` on 60 patients of the example
ratings: unpublished, "paying for the clinicians' clusters costs £23k more than paying
for the clusters the ratings suggest"; published, with £ totals rounded to the nearest
£50,000, "costs exactly what paying for the suggested clusters would", and the terminal
"costs the same as for the suggested ones". A £23k difference rounds to £0, so the
published words claimed an equality the run does not have (the next sentence even said
the dearer clusters bring £50k more and the cheaper £0 less).

Ratings (the illustrative grid; tariff: cluster 3 £1,747.20 an episode, cluster 4
£2,912.00): twelve patients whose ratings suggest cluster 3, each a clinician put in
cluster 4: each costs £2,912.00 − £1,747.20 = £1,164.80 more as clustered, £13,977.60
in all. Published, £ totals round to the nearest £50,000 (5 × the largest price,
£8,030, = £40,150 → £50,000): £13,977.60 → £0, within £25k of nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from review9b_inputs import pdf_words, summary_of

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]


def _ratings_of_cluster(tmp_path: Path, suggested: int) -> dict[str, Any]:
    """One example patient's ratings that the grid suggests ``suggested`` for."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx"
    out = tmp_path / "find"
    result = CliRunner().invoke(cli, ["cluster", str(examples), "--out", str(out)])
    assert result.exit_code == 0, result.output
    allocations = pd.read_csv(out / "allocations.csv", dtype={"patient_id": str})
    ratings = pd.read_excel(examples, sheet_name="ratings", engine="calamine",
                            dtype={"patient_id": str})  # fmt: skip
    ratings.columns = [str(c) for c in ratings.columns]
    pid = allocations.loc[allocations["suggested_cluster"] == suggested, "patient_id"].iloc[0]
    row = ratings.loc[ratings["patient_id"] == pid].iloc[0]
    return {item: (None if pd.isna(row[item]) else row[item]) for item in ITEMS}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stake")
    items = _ratings_of_cluster(folder, 3)
    rows = [{"patient_id": f"p{i}", **items, "cluster": 4} for i in range(12)]
    book = write_xlsx(folder / "ratings.xlsx", {"ratings": rows})
    out = {}
    for name, extra in (("plain", []), ("published", ["--publish"])):
        out[name] = folder / name
        args = ["cluster", str(book), "--out", str(out[name]), *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    return out


def test_the_plain_run_is_the_hand_worked_one(runs: dict[str, Path]) -> None:
    stake = summary_of(runs["plain"])["allocation"]["money_at_stake"]
    assert stake == pytest.approx(12 * (2912.0 - 1747.2))
    plain = pdf_words(runs["plain"])
    assert "costs £14k more than paying for the clusters the ratings suggest" in plain


def test_a_published_zero_says_it_is_rounded(runs: dict[str, Path]) -> None:
    assert summary_of(runs["published"])["allocation"]["money_at_stake"] == 0
    text = pdf_words(runs["published"])
    assert "exactly" not in text
    assert (
        "paying for the clinicians' clusters costs within £25k of what paying for the "
        "suggested clusters would (£ totals rounded to the nearest £50k)" in text
    )
    page = (runs["published"] / "report.html").read_text(encoding="utf-8")
    assert "costs within £25k of what paying for the suggested clusters would" in page


def test_the_terminal_says_it_too(runs: dict[str, Path], tmp_path: Path) -> None:
    book = next(runs["published"].parent.glob("ratings.xlsx"))
    result = CliRunner().invoke(
        cli, ["cluster", str(book), "--publish", "--out", str(tmp_path / "again")]
    )
    assert result.exit_code == 0, result.output
    assert "costs the same" not in result.output
    assert "within £25k of the suggested ones" in result.output
