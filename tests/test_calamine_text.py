"""Round 16 (issue 16 item 1): a number column loaded typed reads as its text did.

pbrkit.io.calamine_text models fastexcel's text of a number cell (nine places,
trailing zeros dropped) and, from a cell's float, the float that parsing that text
gives. Both are checked against fastexcel itself on the same cells: the text load,
and the text load parsed as the reader parses it (pbrkit.io.parse.parse_number).
"""

from __future__ import annotations

from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import xlsxwriter

from pbrkit.io import parse
from pbrkit.io.calamine_text import as_read_from_text, text_of

#: Cells whose text is not their float (nine places), and ones that are.
AWKWARD = [
    0.1234567891,  # text 0.123456789
    1e-10,  # text 0
    -1e-12,  # text -0
    1 / 3,
    2 / 3,
    0.000123456789123,
    123.456789012345,
    14.022000000000001,  # a product saved by Excel
    3.0000000001,  # a cluster code 3 to nine places
    0.1 + 0.2,
    99999999999.99,  # above 2**23: text 99999999999.990005493, which parses back
    8388607.9999999995,
    8388608.0000000005,
    1e15 + 0.5,
    12345678901234567.0,
    -0.0,
    5e-7,
    1e-5,
    1031.32,
    -2.5,
]


def _cells(rng: np.random.Generator) -> list[float]:
    pennies = rng.integers(0, 10**9, 300) / 100  # money to the penny
    wide = rng.uniform(-1e7, 1e7, 300)  # any float near 2**23
    small = rng.uniform(0, 1, 300) * 10.0 ** rng.integers(-12, 2, 300)
    days = rng.integers(0, 366, 100).astype(float)
    return [*AWKWARD, *pennies, *wide, *small, *days]


def _loads(path: Path) -> tuple[pd.Series, np.ndarray]:
    reader = fastexcel.read_excel(path)
    text = reader.load_sheet(0, header_row=None, dtypes="string").to_pandas().iloc[:, 0]
    typed = reader.load_sheet(0, header_row=None, dtypes="float").to_pandas().iloc[:, 0]
    return text, typed.to_numpy(dtype=np.float64)


def _book(path: Path, cells: list[float]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    for r, value in enumerate(cells):
        sheet.write_number(r, 0, value)
    book.close()
    return path


def test_the_text_of_a_number_cell_is_fastexcels(tmp_path: Path) -> None:
    cells = _cells(np.random.default_rng(16))
    text, typed = _loads(_book(tmp_path / "n.xlsx", cells))
    assert [text_of(float(v)) for v in typed] == text.tolist()
    assert text_of(0.1234567891) == "0.123456789" and text_of(-1e-12) == "-0"


def test_a_typed_column_reads_as_its_text_parsed(tmp_path: Path) -> None:
    cells = _cells(np.random.default_rng(17))
    text, typed = _loads(_book(tmp_path / "n.xlsx", cells))
    want, bad = parse.parse_number(text)
    got = as_read_from_text(typed)
    assert not bad.any()
    # Bit for bit: the sign of a zero too (-1e-12 reads as -0).
    assert got.tobytes() == want.tobytes()
    # The awkward ones did change (0.1234567891 reads as 0.123456789): not a no-op.
    assert got[0] == 0.123456789 and typed[0] == 0.1234567891


def test_clean_numbers_are_not_copied() -> None:
    numbers = np.array([14.02, 3.0, np.nan, 1e12 + 0.25, -0.0])
    assert as_read_from_text(numbers) is numbers
