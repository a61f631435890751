"""`pbrkit cluster` with a bad --tariff file is told to correct that file (fix4, item 4).

Found running ``pbrkit cluster examples/ratings.xlsx --tariff tbad.csv`` with a tariff
CSV headed ``a,b``: the problem named "file 'tbad.csv'" but the hint said "correct
ratings.xlsx and run again", a file with nothing wrong in it (`pbrkit cost` and
`pbrkit tender` say "correct tbad.csv"). The hint now names the files the problems are
in, by the rule the other commands use (io.inputs.correct_hint).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

RATINGS = Path(__file__).parents[1] / "examples" / "ratings.xlsx"


def _refused(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_a_bad_tariff_file(tmp_path: Path) -> None:
    tariff = tmp_path / "tbad.csv"
    tariff.write_text("a,b\n1,2\n", encoding="utf-8")
    out = _refused("cluster", RATINGS, "--tariff", tariff, "--out", tmp_path / "o")
    assert "file 'tbad.csv': no header row found" in out
    assert "Hint: correct tbad.csv and run again; nothing was written" in out
    assert "ratings.xlsx" not in out


def test_bad_ratings_and_a_bad_tariff(tmp_path: Path) -> None:
    tariff = tmp_path / "tbad.csv"
    tariff.write_text("a,b\n1,2\n", encoding="utf-8")
    items = [f"HoNOS {i}" for i in range(1, 13)] + ["item 13"] + [f"SARN {c}" for c in "ABCDE"]
    ratings = tmp_path / "r.csv"  # a rating of 7 (0-4, or 9 for unknown) in item 1
    ratings.write_text(
        ",".join(["patient_id", *items]) + "\n" + ",".join(["A", "7"] + ["0"] * 17) + "\n",
        encoding="utf-8",
    )
    out = _refused("cluster", ratings, "--tariff", tariff, "--out", tmp_path / "o")
    assert "Hint: correct r.csv and tbad.csv and run again" in out
