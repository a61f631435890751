"""A hurdle margin below -100% is refused naming the lower limit it broke.

Left by the previous reviews: on the bidders sheet, ``-150`` (a -150% hurdle typed
without its sign, or a slip) was refused as "value out of range (above the largest
accepted, 1)", the upper limit, because the message compared the size of the number
(150) with the largest accepted. The limits are pbrkit.model's: above -1 (-100%), at
most 1 (100%). Hand-worked: -150 ≤ -1, so it breaks the lower limit; -1.5 and -1 too
(the limit is exclusive); -0.5 is a margin and is read. A count far below 0 likewise
breaks its lower limit (0), not its upper one.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

BOOK = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
LOWER = (
    "sheet 'bidders', row 2, column 'hurdle_margin': value out of range (at or below the "
    "lowest limit, -1: a margin of -100% or less makes no sense)"
)


def _validate(tmp_path: Path, sheet: str, column: str, value: object) -> tuple[int, str]:
    book = openpyxl.load_workbook(BOOK)
    header = [cell.value for cell in book[sheet][1]]
    book[sheet].cell(2, header.index(column) + 1).value = value
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("value", [-150, -1_000_000, "-150%", -1.5, -1, "-100%"])
def test_a_hurdle_at_or_below_minus_100_percent_names_the_lower_limit(
    tmp_path: Path, value: object
) -> None:
    code, stderr = _validate(tmp_path, "bidders", "hurdle_margin", value)
    assert code == 2, stderr
    assert LOWER in stderr
    assert "largest" not in stderr
    assert "Fix: enter more than -1: a rate such as 0.05 or 5%" in stderr


def test_a_hurdle_of_minus_a_half_is_read(tmp_path: Path) -> None:
    code, stderr = _validate(tmp_path, "bidders", "hurdle_margin", -0.5)
    assert code == 0, stderr


def test_a_count_far_below_zero_names_the_lower_limit(tmp_path: Path) -> None:
    code, stderr = _validate(tmp_path, "caseload", "service_users", -5_000_000_000)
    assert code == 2, stderr
    assert "value out of range (below the lowest accepted, 0)" in stderr
    assert "largest" not in stderr
