"""The cost findings count service users, not people (review4, December 2026).

``pbrkit import mhsds examples/mhsds --year 2017/18`` gives 241 people; ``pbrkit cost``
on its workbook said "Across 21 care clusters, 345 people bring in £983k": 345 is the
sum of the clusters' service users, in which a person re-clustered in the year counts
once per cluster (docs/methodology.md §9), not a count of people. The sentence, and the
terminal's headline, now say service users, the figure's own name.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_the_sentence_says_service_users(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # The same 5 people in cluster 1 and, re-clustered, in cluster 3: 10 service users.
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 200},
                {"cluster": 3, "service_users": 5, "cluster_days": 1000},
            ]
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Across 2 care clusters, 10 service users bring in" in html
    assert "10 people bring in" not in html  # before
    assert "2 care clusters, 10 service users, 1,200 cluster days" in result.output
