"""A kappa hidden by --publish is not put into Landis and Koch's words as "not defined".

Found in review 9a: ``pbrkit cluster --publish`` on a ratings workbook of my own with
34 audited patients (a count hidden by secondary suppression) said "Cohen's kappa is *:
not defined agreement beyond chance. … they agree for *, kappa * (not defined)": the
kappa is defined, only not published.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]


def test_hidden_kappa_is_said_to_be_hidden(tmp_path: Path) -> None:
    rows = [
        {"patient_id": f"P{i}", **dict.fromkeys(ITEMS, i % 3), "cluster": [1, 3, 11][i % 3]}
        for i in range(5)
    ]
    book = write_xlsx(tmp_path / "ratings.xlsx", {"ratings": rows})
    out = tmp_path / "pub"
    done = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out), "--publish"])
    assert done.exit_code == 0, done.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "kappa is * (not published)" in html
    assert "kappa * (not published)" in html
    assert "not defined" not in html
