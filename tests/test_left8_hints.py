"""Hints that read as sentences and say what to do (left8, item 3).

``pbrkit cost`` on a caseload with activity in a cluster the tariff does not price
stopped with "Hint: or run with --on-missing report to list unpriced activity instead
of stopping": a fragment, the "or" continuing a sentence the reader never saw. It now
says nothing was written and what the option does. This test failed on the old code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_the_missing_price_hint_is_a_whole_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", folder)
    tariff = folder / "tariff.csv"
    lines = tariff.read_text(encoding="utf-8").splitlines(keepends=True)
    tariff.write_text("".join(x for x in lines if not x.startswith("5,")), "utf-8")
    book = tmp_path / "book"
    book.mkdir()
    (book / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,3,200\n5,1,100\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--reference", str(folder),
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert not out.exists()
    hint = " ".join(result.output.split("Hint:")[1].split())
    assert hint == (
        "nothing was written; to cost the rest and list the unpriced activity instead of "
        "stopping, run again with --on-missing report"
    )
