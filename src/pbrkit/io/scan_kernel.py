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
#: ``hidden`` and ``mergeCell`` anywhere in the piece: the scan's searches for hidden
#: rows and columns and for merged ranges look only in a piece holding them (two
#: substring searches of every piece cost about as much as half this pass).
HIDDEN: Final = 8
MERGE_CELL: Final = 16


#: The last entries of ``last_other`` (after one per column, A at 1): the largest row
#: of a cell met so far (at ``ROW_SEEN``), and 1 once a cell came after one of a later
#: row (at ``OUT_OF_ORDER``): calamine places cells by reference, in any order, so the
#: first rows cannot then be read from the start of the part.
ORDER_SLOTS: Final = 2
ROW_SEEN: Final = 0
OUT_OF_ORDER: Final = 1

#: What :func:`piece_facts` records per column when asked (``last_other``): no cell
#: yet that is not a plain number.
_NO_TRACKING: Final = np.zeros(0, dtype=np.int64)
_ALL_UNSAFE: Final = np.ones(1, dtype=np.uint8)


def piece_facts(
    data: npt.NDArray[np.uint8],
    size: int,
    unsafe_styles: npt.NDArray[np.uint8] | None = None,
    last_other: npt.NDArray[np.int64] | None = None,
) -> tuple[int, int, int]:
    """(largest column, largest row, flags) of the first ``size`` bytes of ``data``
    (padded with 16 zero bytes): the extent ``xlsxscan._canonical_extent`` reads, or
    :data:`NOT_CANONICAL`, and the flags of what else the piece holds, in one compiled
    pass (compiled on first use).

    With ``last_other`` (one entry per column number, A is 1, then the
    :data:`ORDER_SLOTS`), each column's entry is raised to the row of any cell in it
    that holds something other than a plain number: see :func:`_number_cell_end`
    (``unsafe_styles`` flags, per cell style, a format that may show a number as
    something else: a date, a time, a percentage).
    """
    global _LOOP, _TAG_END, _LETTER, _SPACE_OR_END, _DIGIT, _DIGITS_END, _NUMBER_CELL_END
    global _NUMBER_END, _FOLLOWED_BY, _WORD_AT, _NOTE_ORDER, _REFERENCE
    if _LOOP is None:
        import numba

        _TAG_END = numba.njit(inline="always")(_is_tag_end)
        _LETTER = numba.njit(inline="always")(_is_letter)
        _SPACE_OR_END = numba.njit(inline="always")(_is_space_or_end)
        _DIGIT = numba.njit(inline="always")(_is_digit)
        _DIGITS_END = numba.njit(inline="always")(_digits_end)
        _FOLLOWED_BY = numba.njit(inline="always")(_followed_by)
        _WORD_AT = numba.njit(inline="always")(_word_at)
        _NOTE_ORDER = numba.njit(inline="always")(_note_order)
        _REFERENCE = numba.njit(inline="always")(_reference)
        _NUMBER_END = numba.njit(nogil=True)(_number_end)
        _NUMBER_CELL_END = numba.njit(nogil=True)(_number_cell_end)
        _LOOP = numba.njit(cache=True, nogil=True)(_extent)
    if last_other is None:
        unsafe_styles, last_other = _ALL_UNSAFE, _NO_TRACKING
    elif unsafe_styles is None or len(unsafe_styles) == 0:
        unsafe_styles = _ALL_UNSAFE
    columns, rows, flags = _LOOP(data, size, unsafe_styles, last_other)
    return int(columns), int(rows), int(flags)


# The bytes the loop looks for, by name (numba reads module constants as literals).
_SPACE, _TAB, _LF, _CR = ord(" "), ord("\t"), ord("\n"), ord("\r")
_LT, _GT, _SLASH, _COLON, _EQUALS = ord("<"), ord(">"), ord("/"), ord(":"), ord("=")
_QUOTE, _APOSTROPHE, _ZERO, _NINE = ord('"'), ord("'"), ord("0"), ord("9")
_A, _Z, _C, _E, _F, _O, _R, _W = (ord(x) for x in "AZceforw")
_S, _T, _N, _V, _MINUS, _DOT = ord("s"), ord("t"), ord("n"), ord("v"), ord("-"), ord(".")
_BIG_E, _PLUS = ord("E"), ord("+")
_H, _M = ord("h"), ord("m")
_HIDDEN_TAIL = np.frombuffer(b"idden", dtype=np.uint8)
_MERGE_CELL_TAIL = np.frombuffer(b"ergeCell", dtype=np.uint8)
_CELL_CLOSING = np.frombuffer(b"</v></c>", dtype=np.uint8)
#: The bytes :func:`_extent` looks at further (each test after it looks only inside the
#: piece: i + k < size); every other byte is passed over.
_NOTABLE = np.zeros(256, dtype=np.uint8)
_NOTABLE[np.frombuffer(b":\"'hm<", dtype=np.uint8)] = 1


def _is_tag_end(char: int) -> bool:
    # A space, tab, line break, / or >: what may follow a tag's name.
    return char in (_SPACE, _SLASH, _GT, _TAB, _LF, _CR)


def _is_letter(char: int) -> bool:
    return _A <= char <= _Z


def _is_digit(char: int) -> bool:
    return _ZERO <= char <= _NINE


def _is_space_or_end(char: int) -> bool:
    # What a regular expression's [\s/>] matches in bytes: \s is space, \t, \n, \v,
    # \f and \r (\t to \r are consecutive: 9 to 13).
    return char in (_SPACE, _SLASH, _GT) or _TAB <= char <= _CR


#: The helpers as :func:`_extent` calls them: compiled with it, plain Python before.
_TAG_END: Any = _is_tag_end
_LETTER: Any = _is_letter
_SPACE_OR_END: Any = _is_space_or_end
_DIGIT: Any = _is_digit


def _digits_end(data: Any, at: int, size: int) -> int:
    """Where a run of one or more digits from ``at`` ends, or -1 when there is none."""
    start = at
    while at < size and _DIGIT(data[at]):
        at += 1
    return -1 if at == start else at


_DIGITS_END: Any = _digits_end


def _followed_by(data: Any, at: int, size: int, tail: Any) -> bool:
    """Whether the bytes from ``at`` are ``tail``, all within the first ``size``."""
    if at + len(tail) > size:
        return False
    matched = 0
    while matched < len(tail) and data[at + matched] == tail[matched]:
        matched += 1
    return matched == len(tail)


_FOLLOWED_BY: Any = _followed_by


def _word_at(data: Any, at: int, size: int) -> int:
    """:data:`HIDDEN` or :data:`MERGE_CELL` when ``hidden`` or ``mergeCell`` starts at
    ``at`` (an ``h`` or an ``m``) and ends within the first ``size`` bytes; else 0."""
    if data[at] == _H:
        return HIDDEN if _FOLLOWED_BY(data, at + 1, size, _HIDDEN_TAIL) else 0
    return MERGE_CELL if _FOLLOWED_BY(data, at + 1, size, _MERGE_CELL_TAIL) else 0


_WORD_AT: Any = _word_at


def _note_order(last_other: Any, kept: int, row: int) -> None:
    """Record a cell of ``row`` in ``last_other``'s order slots (after its ``kept``
    columns; none when nothing is tracked): the largest row so far, and whether this
    cell came after a later row's."""
    if kept <= 0:
        return
    if row < last_other[kept + ROW_SEEN]:
        last_other[kept + OUT_OF_ORDER] = 1
    last_other[kept + ROW_SEEN] = max(last_other[kept + ROW_SEEN], row)


_NOTE_ORDER: Any = _note_order


def _number_end(data: Any, at: int, size: int) -> int:
    """Where a plain decimal number written from ``at`` ends (``-``, digits, an optional
    ``.`` and digits, an optional exponent), or -1 when the bytes there are not one:
    "NaN", "inf", "+1", ".5" or "1." read otherwise, or not at all, as numbers."""
    if at < size and data[at] == _MINUS:
        at += 1
    at = _DIGITS_END(data, at, size)
    if at >= 0 and at < size and data[at] == _DOT:
        at = _DIGITS_END(data, at + 1, size)
    if at >= 0 and at < size and (data[at] == _E or data[at] == _BIG_E):
        at += 1
        if at < size and (data[at] == _MINUS or data[at] == _PLUS):
            at += 1
        at = _DIGITS_END(data, at, size)
    return at


def _number_cell_end(data: Any, at: int, end: int, size: int) -> tuple[int, int, bool]:
    """Where the cell whose start tag's attributes run from ``at`` (just after its
    reference) to its ``>`` at ``end`` ends (just after ``</c>``) when it holds a plain
    number and nothing else, else -1; its style (``s``, 0 without one); and whether it
    holds a formula. A plain number: no type or ``t="n"``, no other attribute, and
    ``<v>NUMBER</v></c>`` (after an optional formula). Anything else (text, booleans,
    errors, odd spacing) is not proved a number, and its column is read as text, as
    every column was before.

    Such a cell without a formula holds none of the bytes the pass looks for (``"e"``,
    ``<f``, a colon, ``hidden``, ``mergeCell``, a cell start): :func:`_extent` jumps
    over it."""
    style = 0
    while at < end:
        char = data[at]
        if _SPACE_OR_END(char):
            at += 1
        elif char == _S and data[at + 1] == _EQUALS and data[at + 2] == _QUOTE:
            at, style, digits = at + 3, 0, 0
            while at < end and _DIGIT(data[at]) and digits < 7:
                style = style * 10 + (data[at] - _ZERO)
                at += 1
                digits += 1
            if digits == 0 or data[at] != _QUOTE:
                return -1, style, False
            at += 1
        elif char == _T and data[at + 1] == _EQUALS and data[at + 2] == _QUOTE:
            if data[at + 3] != _N or data[at + 4] != _QUOTE:
                return -1, style, False
            at += 5
        else:
            return -1, style, False
    at = end + 1
    formula = at + 2 < size and data[at] == _LT and data[at + 1] == _F and _TAG_END(data[at + 2])
    if formula:
        while at < size and not (
            (data[at] == _SLASH and data[at + 1] == _GT)
            or (data[at] == _LT and data[at + 1] == _SLASH and data[at + 2] == _F)
        ):
            at += 1
        at += 2 if data[at] == _SLASH else 4  # past "/>" or "</f>"
    if not (at + 3 < size and data[at] == _LT and data[at + 1] == _V and data[at + 2] == _GT):
        return -1, style, formula
    at = _NUMBER_END(data, at + 3, size)
    if at >= 0 and _FOLLOWED_BY(data, at, size, _CELL_CLOSING):
        return at + len(_CELL_CLOSING), style, formula
    return -1, style, formula


_NUMBER_CELL_END: Any = _number_cell_end
_NUMBER_END: Any = _number_end


def _reference(data: Any, at: int) -> tuple[int, int, int]:
    """The cell reference from ``at`` (just after ``r="``): where its closing quote is,
    its column number (A is 1) and its row; -1 where it is not 1-3 letters and 1-7
    digits without a leading 0, closed by a quote and the tag's end (the tag-by-tag walk
    reads such a cell)."""
    column, letters = 0, 0
    while letters < 3 and _LETTER(data[at]):
        column = column * 26 + (data[at] - _A + 1)
        at += 1
        letters += 1
    if letters == 0 or _LETTER(data[at]) or data[at] == _ZERO:  # no letter, 4, or "0…"
        return -1, 0, 0
    row, digits = 0, 0
    while digits < 8 and _ZERO <= data[at] <= _NINE:
        row = row * 10 + (data[at] - _ZERO)
        at += 1
        digits += 1
    if digits == 0 or digits > 7 or data[at] != _QUOTE or not _TAG_END(data[at + 1]):
        return -1, 0, 0
    return at, column, row


_REFERENCE: Any = _reference


def _extent(data: Any, size: int, unsafe: Any, last_other: Any) -> tuple[int, int, int]:
    """:func:`piece_facts`, bytewise: (-1, -1, 0) at the first cell not written ``<c r="REF"``
    or prefixed (the tag-by-tag walk reads it); a cell not a plain number raises last_other."""
    columns = rows = flags = 0
    i = -1
    while i + 1 < size:
        i += 1
        char = data[i]
        if not _NOTABLE[char]:
            continue  # most bytes: one look-up instead of five comparisons
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
        if char in (_H, _M):
            flags |= _WORD_AT(data, i, size)
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
        at, column, row = _REFERENCE(data, i + 6)
        if at < 0:
            return -1, -1, 0
        end = i + 2
        while end < size and data[end] != _GT:
            end += 1
        kept = len(last_other) - ORDER_SLOTS  # the columns' entries; then the rows' order
        _NOTE_ORDER(last_other, kept, row)
        if end < size and data[end - 1] != _SLASH:  # closed by ">", not "/>": it holds something
            columns, rows = max(columns, column), max(rows, row)
            if kept <= 0:
                continue  # nothing tracked: the cell's bytes are read one by one (faster)
            stop, style, formula = _NUMBER_CELL_END(data, at + 1, end, size)
            plain = stop >= 0 and style < len(unsafe) and not unsafe[style]
            if column < kept and last_other[column] < row and not plain:
                last_other[column] = row
            if stop >= 0 and not formula:
                i = stop - 1  # past "</c>": nothing in the cell for the pass to see
    return columns, rows, flags
