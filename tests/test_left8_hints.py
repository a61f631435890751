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


def test_a_bad_uncertainty_row_names_its_column_and_the_hint_what_to_write(
    tmp_path: Path,
) -> None:
    # ``pbrkit psa`` with a bad uncertainty table said "Hint: each row needs parameter,
    # low and high (an 80% interval)" whatever was wrong (a tender parameter in
    # a costing, low above high), and its problems named the row only. Each
    # problem now names the column too, and the hint says what a row is and what to do.
    book = tmp_path / "book"
    book.mkdir()
    (book / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,11,365,3000\n", encoding="utf-8"
    )
    ranges = tmp_path / "u.csv"
    ranges.write_text(
        "parameter,low,high,distribution\n"
        "nhs.shed_rat,0.1,0.4,\n"  # row 2: no such path
        "tariff.scale,0.9,0.8,\n"  # row 3: low above high
        "nhs.shed_rate,0.1,1.5,\n",  # row 4: high above the valid range (at most 1)
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["psa", str(book), "--uncertainty", str(ranges),
                                      "--samples", "2", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = " ".join(result.output.split())
    assert "file 'u.csv', row 2, column 'parameter': 'nhs.shed_rat'" in text
    assert "file 'u.csv', row 3, column 'low': 'tariff.scale': low (0.9) is greater" in text
    assert "file 'u.csv', row 4, column 'high': 'nhs.shed_rate': the interval 0.1 to 1.5" in text
    hint = text.split("Hint: ")[1]
    assert hint == (
        "correct the cells named above and run again; nothing was written (a row gives a "
        "parameter, then low and high: an 80% interval, low below high)"
    )
