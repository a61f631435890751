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

#: A sheet whose XML is this large is read by the compiled loop from its first byte
#: (by its zip header's size; a part whose header understates it switches once this
#: many bytes are scanned). numpy takes about 9 ns a byte for the scan and the loop
#: about 1 ns; importing numba costs about 0.25 s and 140 MB, repaid over some 30 MB.
#: A sheet of 100,000 rows of 25 columns (about 75 MB) stays with numpy.
COMPILED_FROM_BYTES: Final = 128 * 1024 * 1024

#: The extent the loop gives a piece whose cells are not all ``<c r="REF"``, or that
#: holds a prefixed cell: the scan walks such a part tag by tag.
NOT_CANONICAL: Final = (-1, -1)

_LOOP: Any = None


def available() -> bool:
    """Whether numba is installed and ``PBRKIT_KERNEL=numpy`` is not set."""
    return (
        os.environ.get("PBRKIT_KERNEL", "") != "numpy"
        and importlib.util.find_spec("numba") is not None
    )


#: What else a piece holds, as the scan's substring tests would find it (bits of the
#: flags :func:`piece_facts` returns): ``<f`` (a formula may start), ``:f`` followed
#: by the end of a tag name (a prefixed formula), and ``"e"`` or ``'e'`` (an error
#: cell's type may be there; the scan then looks for it precisely).
FORMULA: Final = 1
PREFIXED_FORMULA: Final = 2
QUOTED_E: Final = 4


def piece_facts(data: npt.NDArray[np.uint8], size: int) -> tuple[int, int, int]:
    """(largest column, largest row, flags) of the first ``size`` bytes of ``data``
    (padded with 16 zero bytes): the extent ``xlsxscan._canonical_extent`` reads, or
    :data:`NOT_CANONICAL`, and the flags of what else the piece holds, in one compiled
    pass (compiled on first use)."""
    global _LOOP, _TAG_END, _LETTER, _SPACE_OR_END
    if _LOOP is None:
        import numba

        _TAG_END = numba.njit(inline="always")(_is_tag_end)
        _LETTER = numba.njit(inline="always")(_is_letter)
        _SPACE_OR_END = numba.njit(inline="always")(_is_space_or_end)
        _LOOP = numba.njit(cache=True, nogil=True)(_extent)
    columns, rows, flags = _LOOP(data, size)
    return int(columns), int(rows), int(flags)


# The bytes the loop looks for, by name (numba reads module constants as literals).
_SPACE, _TAB, _LF, _CR = ord(" "), ord("\t"), ord("\n"), ord("\r")
_LT, _GT, _SLASH, _COLON, _EQUALS = ord("<"), ord(">"), ord("/"), ord(":"), ord("=")
_QUOTE, _APOSTROPHE, _ZERO, _NINE = ord('"'), ord("'"), ord("0"), ord("9")
_A, _Z, _C, _E, _F, _O, _R, _W = (ord(x) for x in "AZceforw")


def _is_tag_end(char: int) -> bool:
    # A space, tab, line break, / or >: what may follow a tag's name.
    return char in (_SPACE, _SLASH, _GT, _TAB, _LF, _CR)


def _is_letter(char: int) -> bool:
    return _A <= char <= _Z


def _is_space_or_end(char: int) -> bool:
    # What a regular expression's [\s/>] matches in bytes: \s is space, \t, \n, \v,
    # \f and \r (\t to \r are consecutive: 9 to 13).
    return char in (_SPACE, _SLASH, _GT) or _TAB <= char <= _CR


#: The helpers as :func:`_extent` calls them: compiled with it, plain Python before.
_TAG_END: Any = _is_tag_end
_LETTER: Any = _is_letter
_SPACE_OR_END: Any = _is_space_or_end


def _extent(data: Any, size: int) -> tuple[int, int, int]:
    """The rules of ``xlsxscan._canonical_extent`` and the scan's substring tests,
    one byte at a time; (-1, -1, 0) at the first cell not written ``<c r="REF"`` or
    the first prefixed cell (either sends the part to the tag-by-tag walk)."""
    columns = rows = flags = 0
    for i in range(size):
        char = data[i]
        # The substring tests look only inside the piece: i + k < size.
        if char == _COLON:  # a prefixed cell, row or formula tag?
            if (i + 2 < size and data[i + 1] == _C and _SPACE_OR_END(data[i + 2])) or (
                i + 4 < size and data[i + 1] == _R and data[i + 2] == _O
                and data[i + 3] == _W and _SPACE_OR_END(data[i + 4])
            ):  # fmt: skip
                return -1, -1, 0
            if i + 2 < size and data[i + 1] == _F and _SPACE_OR_END(data[i + 2]):
                flags |= PREFIXED_FORMULA
            continue
        if char in (_QUOTE, _APOSTROPHE):  # "e" or 'e'?
            if i + 2 < size and data[i + 1] == _E and data[i + 2] == char:
                flags |= QUOTED_E
            continue
        if char != _LT:
            continue
        if i + 1 < size and data[i + 1] == _F:
            flags |= FORMULA  # "<f"
        if data[i + 1] != _C or not _TAG_END(data[i + 2]):
            continue  # not "<c" followed by the end of the tag's name
        if (
            data[i + 2] != _SPACE or data[i + 3] != _R
            or data[i + 4] != _EQUALS or data[i + 5] != _QUOTE
        ):  # fmt: skip
            return -1, -1, 0  # not ' r="': the tag-by-tag walk reads it
        at, column, letters = i + 6, 0, 0
        while letters < 3 and _LETTER(data[at]):
            column = column * 26 + (data[at] - _A + 1)
            at += 1
            letters += 1
        if letters == 0 or _LETTER(data[at]) or data[at] == _ZERO:  # no letter, 4, or "0…"
            return -1, -1, 0
        row, digits = 0, 0
        while digits < 8 and _ZERO <= data[at] <= _NINE:
            row = row * 10 + (data[at] - _ZERO)
            at += 1
            digits += 1
        if digits == 0 or digits > 7 or data[at] != _QUOTE or not _TAG_END(data[at + 1]):
            return -1, -1, 0
        end = i + 2
        while end < size and data[end] != _GT:
            end += 1
        if end < size and data[end - 1] != _SLASH:  # closed by ">", not "/>": it holds something
            columns, rows = max(columns, column), max(rows, row)
    return columns, rows, flags
