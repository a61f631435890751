"""A data-quality note about one person agrees its nouns (fix4, item 4).

Found running ``pbrkit validate c99.csv`` on a caseload CSV of cluster 3 (2 people,
364 days) and cluster 99 (1 person, 100 days): "1 people (33.3%) are in cluster not
assessed (99)" (1 of 2 + 1 = 3 service users: 33.3%); and a CSV of one patient row: "1
patient rows summed to 1 cluster", its source "(1 patient rows of file 'p.csv', summed
per cluster)". A note's count is written in when it is shown
(QualityNote.detail, after --publish may have rounded it), so the words that agree with
it are chosen there too: "1 person (33.3%) is in", "1 patient row summed"; any other
count, or a published one, keeps the plural.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import QualityNote


def _valid(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_one_person_not_assessed(tmp_path: Path) -> None:
    path = tmp_path / "c99.csv"
    path.write_text("cluster,service_users,cluster_days\n3,2,364\n99,1,100\n", encoding="utf-8")
    out = _valid(path)
    assert "1 person (33.3%) is in cluster not assessed (99)" in out
    assert "1 people" not in out


def test_one_patient_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("patient_id,cluster,cluster_days\nP1,3,100\n", encoding="utf-8")
    out = _valid(path)
    assert "1 patient row summed to 1 cluster" in out
    assert "caseload: 1 row (1 patient row of file 'p.csv', summed per cluster)" in out
    assert "1 patient rows" not in out


def test_many_and_published_counts_keep_the_plural() -> None:
    text = "{people} {persons} ({share}) {are} in cluster 99; {people} patient row{s}"
    many = QualityNote("c", text, 1, people=2.0, share_of=3.0)
    assert many.detail == "2 people (66.7%) are in cluster 99; 2 patient rows"
    published = QualityNote("c", text, 1, people="<5", share_of=None)
    assert published.detail.startswith("<5 people (<5) are in cluster 99; <5 patient rows")
