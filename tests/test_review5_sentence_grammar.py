"""cluster's findings agree their verbs with one patient (noted in review5: "1 have more
than 2 items unknown", "1 patient … are suggested")."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def test_one_patient_takes_a_singular_verb(tmp_path: Path) -> None:
    rows = [
        ["patient_id", *ITEMS, "cluster"],
        ["p1", *["9"] * 18, ""],  # every item unknown: not assessed
        ["p2", *["0"] * 18, "21"],  # the clinicians' 21 (organic) against a suggestion
        ["p3", *["0"] * 18, "20"],
    ]
    book = tmp_path / "r.csv"
    book.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = re.sub(r"<[^>]+>", "", (out / "report.html").read_text(encoding="utf-8"))
    assert "1 has more than 2 items unknown" in text
    assert re.search(r"1 patient the clinicians put in cluster 2[01] [^;]*?is suggested", text)
    assert " 1 have " not in text and "1 patient the clinicians put in" in text
