"""The sheet scan's cell references read in one compiled pass (a large xlsx).

:func:`pbrkit.io.xlsxscan._canonical_extent` finds the largest column and row a piece
of sheet XML references, by calamine's rules, with a dozen numpy passes over the
bytes: at a million rows that is about a quarter of pbrkit's whole read. Here the same
rules run as one loop over the bytes, compiled by numba, giving the same answer
(``tests/test_xlsxscan_fast_path.py`` compares the two on random pieces).

numba is optional (``pip install 'pbrkit[fast]'``) and importing it costs about a
quarter of a second, so the loop is used only for a large sheet
(:data:`COMPILED_FROM_BYTES`), never for the workbooks of everyday runs.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any, Final

import numpy as np
import numpy.typing as npt

#: Bytes of a sheet's XML scanned with numpy before the compiled loop takes over.
#: numpy takes about 6.5 ns a byte and the loop under 1 ns; importing numba costs
#: about 0.25 s and 140 MB, which the loop repays over about 45 MB more of XML. A
#: sheet of 100,000 rows of 25 columns is about 75 MB and stays with numpy; a
#: million rows (about 730 MB) switch after the first 128 MB.
COMPILED_FROM_BYTES: Final = 128 * 1024 * 1024

#: What the loop returns for a piece whose cells are not all ``<c r="REF"``.
NOT_CANONICAL: Final = (-1, -1)

_LOOP: Any = None


def available() -> bool:
    """Whether numba is installed and ``PBRKIT_KERNEL=numpy`` is not set."""
    return (
        os.environ.get("PBRKIT_KERNEL", "") != "numpy"
        and importlib.util.find_spec("numba") is not None
    )


def canonical_extent(data: npt.NDArray[np.uint8], size: int) -> tuple[int, int]:
    """(largest column, largest row) of the first ``size`` bytes of ``data`` (padded
    with 16 zero bytes), or :data:`NOT_CANONICAL`; compiled on first use."""
    global _LOOP, _TAG_END, _LETTER
    if _LOOP is None:
        import numba

        _TAG_END = numba.njit(inline="always")(_is_tag_end)
        _LETTER = numba.njit(inline="always")(_is_letter)
        _LOOP = numba.njit(cache=True, nogil=True)(_extent)
    columns, rows = _LOOP(data, size)
    return int(columns), int(rows)


def _is_tag_end(char: int) -> bool:
    # A space, tab, line break, / or >: what may follow a tag's name.
    return char == 32 or char == 47 or char == 62 or char == 9 or char == 10 or char == 13


def _is_letter(char: int) -> bool:
    return 65 <= char <= 90


#: The helpers as :func:`_extent` calls them: compiled with it, plain Python before.
_TAG_END: Any = _is_tag_end
_LETTER: Any = _is_letter


def _extent(data: Any, size: int) -> tuple[int, int]:
    """The rules of ``xlsxscan._canonical_extent``, one cell start at a time."""
    columns = rows = 0
    for i in range(size):
        if data[i] != 60 or data[i + 1] != 99 or not _TAG_END(data[i + 2]):
            continue  # not "<c" followed by the end of the tag's name
        if data[i + 2] != 32 or data[i + 3] != 114 or data[i + 4] != 61 or data[i + 5] != 34:
            return -1, -1  # not ' r="': the tag-by-tag walk reads it
        at, column, letters = i + 6, 0, 0
        while letters < 3 and _LETTER(data[at]):
            column = column * 26 + (data[at] - 64)
            at += 1
            letters += 1
        if letters == 0 or _LETTER(data[at]) or data[at] == 48:  # no letter, 4, or "0…"
            return -1, -1
        row, digits = 0, 0
        while digits < 8 and 48 <= data[at] <= 57:
            row = row * 10 + (data[at] - 48)
            at += 1
            digits += 1
        if digits == 0 or digits > 7 or data[at] != 34 or not _TAG_END(data[at + 1]):
            return -1, -1
        end = i + 2
        while end < size and data[end] != 62:
            end += 1
        if end < size and data[end - 1] != 47:  # closed by ">", not "/>": it holds something
            columns, rows = max(columns, column), max(rows, row)
    return columns, rows
