"""A per-episode price for a code without a review period (review4, December 2026).

Cluster 99 (not assessed) has no review period in the reference set, so with no
``episodes`` given its episodes E = D ÷ R cannot be counted (docs/methodology.md §2).
A local tariff pricing 99 ``per_episode`` made its income NaN, and the run then said
"cluster 99 has activity but no price. Fix: add a tariff row for cluster 99" about a
tariff that has that row; with ``--on-missing report`` the activity was silently left
out of the totals as "unpriced". Now it is one input error naming the real cause.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

_TARIFF = [
    {"cluster": 1, "price": 357, "unit": "per_episode"},
    {"cluster": 99, "price": 100, "unit": "per_episode"},
]


def _book(tmp_workbook: WorkbookFactory, episodes: float | None) -> Path:
    return tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 420, "episodes": None},
                {"cluster": 99, "service_users": 3, "cluster_days": 300, "episodes": episodes},
            ],
            "tariff": _TARIFF,
        }
    )


def test_per_episode_price_without_review_period_is_named(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = _book(tmp_workbook, None)
    for extra in ([], ["--on-missing", "report"]):
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out), *extra])
        assert result.exit_code == 2, result.output
        # Before: "cluster 99 has activity but no price ... add a tariff row" (or, with
        # --on-missing report, exit 0 with the activity left out of the totals).
        assert "no price" not in result.output
        assert "cluster 99 is priced per_episode" in result.output
        assert "no review period" in result.output
        assert "column 'episodes'" in result.output
        assert not out.exists()


def test_validate_agrees(tmp_workbook: WorkbookFactory) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_book(tmp_workbook, None))])
    assert result.exit_code == 2
    assert "cluster 99 is priced per_episode" in result.output


def test_given_episodes_price_it(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # With episodes given, E needs no review period: cluster 99 earns
    # 100 × 4 = £400; cluster 1: 357 × (420 ÷ 84 = 5 episodes) = £1,785; total £2,185.
    book = _book(tmp_workbook, 4)
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    import json

    summary = json.loads(result.stdout)
    assert summary["totals"]["income"] == 2185.0
