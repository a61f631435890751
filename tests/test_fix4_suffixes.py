"""The suffixes of a one-table file are written once (fix4, item 1).

Found reading errors.py beside io/workbook.py: ``errors.SHEETLESS_SUFFIXES`` (".csv",
".parquet", ".toml") repeated ``io.workbook.TABLE_SUFFIXES`` (".csv", ".parquet"), and
``mhsds.read`` had a third copy. A new table format added to one would have been read as
a table but its problems located in a sheet it does not have (or the reverse). errors,
the bottom layer, now holds ``TABLE_SUFFIXES``; ``SHEETLESS_SUFFIXES`` is made from it
(plus ".toml", a scenario or --columns file, which is no table pbrkit reads as a sheet),
and io and mhsds import it.
"""

from __future__ import annotations

from pbrkit import errors
from pbrkit.io import workbook
from pbrkit.mhsds import read


def test_one_table_suffixes_are_written_once() -> None:
    assert workbook.TABLE_SUFFIXES is errors.TABLE_SUFFIXES
    assert read.TABLE_SUFFIXES is errors.TABLE_SUFFIXES


def test_every_table_file_has_no_sheets() -> None:
    assert set(errors.TABLE_SUFFIXES) | {".toml"} == set(errors.SHEETLESS_SUFFIXES)
    for suffix in errors.TABLE_SUFFIXES:
        assert errors.has_no_sheets(f"caseload{suffix.upper()}")
    assert not errors.has_no_sheets("book.xlsx")
