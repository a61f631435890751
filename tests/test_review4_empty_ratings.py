"""A ratings sheet with headers and no rows is one problem in validate and cluster alike
(review4, December 2026).

``pbrkit template --kind ratings`` then ``pbrkit validate`` said "valid for pbrkit
cluster … ratings: 0 patients", while ``pbrkit cluster`` on the same file stopped with
"no patient has both a cluster and a cost" (exit 2): the two disagreed on what is an
error, and the message named the wrong cause. An empty caseload sheet was already
"the caseload sheet has no data rows" in both.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


@pytest.fixture
def blank_ratings(tmp_path: Path) -> Path:
    path = tmp_path / "ratings.xlsx"
    result = CliRunner().invoke(cli, ["template", "--kind", "ratings", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_validate_refuses_an_empty_ratings_sheet(blank_ratings: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(blank_ratings)])
    # Before: exit 0, "ratings: 0 patients".
    assert result.exit_code == 2, result.output
    assert "the ratings sheet has no data rows" in result.output


def test_cluster_refuses_it_with_the_same_problem(blank_ratings: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(blank_ratings), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "the ratings sheet has no data rows" in result.output
    assert "no patient has both a cluster and a cost" not in result.output
    assert not out.exists()


def test_a_filled_cost_template_reads_back(tmp_path: Path) -> None:
    # The template's own headers, one row typed in: validate and cost both accept it.
    path = tmp_path / "cost.xlsx"
    assert CliRunner().invoke(cli, ["template", "--kind", "cost", str(path)]).exit_code == 0
    book = openpyxl.load_workbook(path)
    book["caseload"].append([3, 10, 1820, 20, None, None, None, "CMHT"])
    book.save(path)
    checked = CliRunner().invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out"
    costed = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out), "--json"])
    assert costed.exit_code == 0, costed.output
    # Cluster 3 at the reference price £1,747.20 per episode: 1820 ÷ 182 = 10 episodes,
    # £17,472, plus 20 admitted days × £355 = £7,100: £24,572.
    assert '"income": 24572.0' in costed.stdout
