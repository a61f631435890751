"""Wording of four refusals (fix11, item 4). Each failed on the old code:

- ``--tariff-change 1001%`` said "cannot read '1001%'": it reads, it is out of range;
- ``--tariff-change 3=5% --tariff-change 3=6%`` said "two changes for 3", where a
  change read against the set says "for cluster 3";
- ``--first-year 9999/00 --years 3`` labelled the later years "10000/01" and
  "10001/02", which are no YYYY/YY label;
- a formula cell without a saved value was refused without the hint every other
  refusal of an input gives: "correct FILE and run again; nothing was written".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

CLUSTERS = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _cost(tmp_path: Path, *options: str, workbook: Path = CLUSTERS) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["cost", str(workbook), *options, "--out", str(out)])
    return done.exit_code, " ".join(done.output.split()), out


def test_an_out_of_range_change_is_said_to_be_out_of_range(tmp_path: Path) -> None:
    code, said, out = _cost(tmp_path, "--tariff-change", "1001%")
    assert code == 2 and not out.exists()
    assert "cannot read" not in said
    assert "'--tariff-change': 1001% is out of range; expected a change from -100% to 1000%" in said


def test_an_out_of_range_code_change_names_the_value(tmp_path: Path) -> None:
    code, said, _ = _cost(tmp_path, "--cost-change", "13=-101%")
    assert code == 2
    assert "'--cost-change': -101% (13=-101%) is out of range" in said


def test_a_cluster_given_twice_on_the_command_line_is_a_cluster(tmp_path: Path) -> None:
    code, said, _ = _cost(tmp_path, "--tariff-change", "3=5%", "--tariff-change", "3=6%")
    assert code == 2
    assert "two changes for cluster 3 (+5% and +6%)" in said
    assert "give cluster 3 once" in said


def test_a_projection_past_9999_is_refused(tmp_path: Path) -> None:
    # 9999/00 + 2 years: the third year would start in 10001, "10001/02".
    code, said, out = _cost(tmp_path, "--first-year", "9999/00", "--years", "3")
    assert code == 2 and not out.exists()
    assert "10000/01" not in said
    assert "a projection of 3 years from 9999/00 would run past 9999/00" in said
    assert "9997/98 or earlier" in said


def test_the_last_labelled_year_is_allowed(tmp_path: Path) -> None:
    code, said, _ = _cost(tmp_path, "--first-year", "9997/98", "--years", "3")
    assert code == 0, said


def test_a_formula_without_a_saved_value_says_nothing_was_written(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(CLUSTERS)
    book["caseload"]["C3"] = "=1+1"  # openpyxl saves a formula without its result
    workbook = tmp_path / "formula.xlsx"
    book.save(workbook)
    code, said, out = _cost(tmp_path, workbook=workbook)
    assert code == 2 and not out.exists()
    assert "is a formula without a saved value (=1+1)" in said
    assert "Hint: correct formula.xlsx and run again; nothing was written" in said
