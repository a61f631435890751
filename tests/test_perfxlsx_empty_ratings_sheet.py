"""An empty ratings sheet is an input error naming what is missing, not a crash.

Found in round 10 (perfxlsx) by reading every .xlsx of the hostile corpus with
``read_ratings``: ``pbrkit cluster empty_sheet.xlsx`` (a workbook whose only sheet
holds no cell) ended "unexpected failure: IndexError: single positional indexer is
out-of-bounds", exit 1, because the header search took row 0 of an empty grid.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from pbrkit.errors import InputError
from pbrkit.io.ratings import read_ratings


def test_an_empty_ratings_sheet_names_the_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("ratings")
    book.close()
    with pytest.raises(InputError) as raised:
        read_ratings(path)
    text = str(raised.value)
    assert "sheet 'ratings'" in text
    assert "no patient ID column" in text
    assert "MHCT item columns missing: 1, 2" in text
