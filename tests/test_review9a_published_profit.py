"""Published, a per-person profit is its rounded total over the published count.

Found in review 9a with a ratings workbook of my own (40 patients) and ``pbrkit cluster
--publish``: the finding said "patients with mha_detained = no (10 people) lose £5,000 a
head, £0 in all". Unpublished they lose £194.49 a head, £2,333.90 in all. The mean
income (£24,866.60 over 12, rounded to £0 over 10) and the mean cost (£27,200.50,
rounded to £50,000 over 10 = £5,000) were published from their rounded totals as
methodology §7 says, but profit per person was then worked out again as their
difference, £0 − £5,000, instead of the rounded total profit (−£2,333.90 → £0) over
the published count (10): £0 a head, which also agrees with the "£0 in all" beside it.
methodology §7: "a subgroup's mean income, mean cost and profit per person are its
totals ÷ its rounded patients, and so are a cluster's … profit per person in the
homogeneity table"; "a total and a per-head figure side by side are always the same
group's (their ratio is its published count)".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]


def _ratings(path: Path) -> Path:
    """40 patients rated alike (all 1s); clinicians' clusters 3 and 11; 12 not detained
    costing a little more than their income, 28 detained costing less."""
    rows = []
    for i in range(40):
        detained = "no" if i < 12 else "yes"
        cluster = 3 if i % 2 else 11
        cost = 2300.0 + 7 * i if detained == "no" else 900.0 + 3 * i
        rows.append(
            {"patient_id": f"P{i:02d}", **dict.fromkeys(ITEMS, 1), "cluster": cluster,
             "days": 182, "cost": cost, "mha_detained": detained}
        )  # fmt: skip
    return write_xlsx(path, {"ratings": rows})


def _summary(tmp_path: Path, *extra: str) -> dict[str, object]:
    book = _ratings(tmp_path / "ratings.xlsx")
    out = tmp_path / ("pub" if extra else "plain")
    done = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out), *extra])
    assert done.exit_code == 0, done.output
    loaded: dict[str, object] = json.loads((out / "summary.json").read_text())
    return loaded


def test_published_profit_per_person_is_the_total_over_the_count(tmp_path: Path) -> None:
    homogeneity = _summary(tmp_path, "--publish")["allocation"]["homogeneity"]  # type: ignore[index]
    checked = 0
    for row in homogeneity["subgroups"]:
        n, per_person, total = row["n"], row["profit_per_person"], row["total_profit"]
        if None in (n, per_person, total):
            continue
        assert per_person * n == pytest.approx(total, abs=0.005), row
        checked += 1
    assert checked >= 2
    for row in homogeneity["clusters"]:
        if row["profit_per_person"] is None or row["n"] is None:
            continue
        # The cluster's profit per person is its rounded total over its published n, so
        # it is a multiple of the money base ÷ n.
        base = 50_000.0
        assert (row["profit_per_person"] * row["n"]) % base == pytest.approx(0.0, abs=0.01)


def test_the_finding_shows_no_loss_a_head_beside_none_in_all(tmp_path: Path) -> None:
    plain = _summary(tmp_path)["allocation"]["homogeneity"]  # type: ignore[index]
    no = next(r for r in plain["subgroups"] if r["group"] == "no")
    assert no["n"] == 12 and no["profit_per_person"] < 0  # a real, small loss
    book = _ratings(tmp_path / "ratings.xlsx")
    done = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(tmp_path / "p2"),
                                    "--publish"])  # fmt: skip
    assert done.exit_code == 0, done.output
    html = (tmp_path / "p2" / "report.html").read_text(encoding="utf-8")
    assert "a head, £0 in all" not in html
