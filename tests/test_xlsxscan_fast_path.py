"""The sheet scan's quick path agrees with its tag-by-tag walk on any sheet.

The quick path (``xlsxscan._canonical_extent``) reads every cell reference of a piece
at once with numpy; the walk follows calamine's rules one tag at a time. On random
sheets mixing ordinary cells, empty ``<c/>`` cells, odd references (lower case, a
leading 0, 8-digit rows, four letters, no reference) and random chunking, both must
find the same grid, or the quick path must hand over to the walk.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io import scan_kernel, xlsxscan

_LETTERS = st.text("ABCXYZ", min_size=1, max_size=3)
_CANONICAL = st.builds(
    lambda letters, row, empty: f'<c r="{letters}{row}"' + ("/>" if empty else "><v>1</v></c>"),
    _LETTERS,
    st.integers(1, 9_999_999),
    st.booleans(),
)
_ODD = st.sampled_from(
    [
        '<c r="a1"><v>1</v></c>',
        '<c r="A01"><v>1</v></c>',
        '<c r="ABCD1"><v>1</v></c>',
        '<c r="A12345678"><v>1</v></c>',
        "<c><v>1</v></c>",
        '<c t="n" r="B3"><v>1</v></c>',
        '<c r="B3"t="n"><v>1</v></c>',
        '<c  r="B3"><v>1</v></c>',
        '<c r="B3" ><v>1</v></c>',
        '<c\nr="B3"><v>1</v></c>',
        '<c r="XFE2"><v>1</v></c>',
    ]
)


def _scan(xml: bytes, chunk: int) -> xlsxscan.SheetScan:
    return xlsxscan.scan_xlsx_sheet(
        lambda: [xml[i : i + chunk] for i in range(0, len(xml), chunk)], max_cells=1
    )


def _walk(xml: bytes) -> xlsxscan.SheetScan:
    scan = xlsxscan.SheetScan()
    xlsxscan._Walker(scan).walk(xml, formulas=True)
    return scan


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(st.one_of(_CANONICAL, _CANONICAL, _ODD), max_size=5), max_size=8),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)
def test_quick_path_agrees_with_the_walk(rows: list[list[str]], chunk: int) -> None:
    body = "".join(f'<row r="{i + 1}">{"".join(cells)}</row>' for i, cells in enumerate(rows))
    xml = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    ).encode()
    quick, walked = _scan(xml, chunk), _walk(xml)
    assert (quick.rows, quick.columns) == (walked.rows, walked.columns)
    assert (quick.beyond_grid is None) == (walked.beyond_grid is None)


_MORE = st.sampled_from(
    [
        '<x:c r="A1"><v>1</v></x:c>',
        '<c r="B2"><f>1+1</f></c>',
        '<c r="C3"><x:f>1</x:f></c>',
        '<c r="D4" t="e"><v>#N/A</v></c>',
        "<c r='E5' t='e'/>",
        '<c r="F6"><v>"e"</v></c>',
        "<x:row r='2'>",
        ":rowx :cx :fx x:f",
        "<x:row\rr='3'>",
        "<x:f\x0b>1</x:f>",
        "<x:c\x0cr='B4'/>",
        "<c r=\"H8\" t='e'><v>#N/A</v></c>",
        '<c\rr="B3"><v>1</v></c>',
        "<ff>",
        '<row r="4" hidden="1">',
        '<col min="2" max="2" hidden=\'1\'/>',
        '<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>',
        "hidde",
        "mergeCel",
        "hhidden",
        "mmergeCell",
        "Hidden mergecell",
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.one_of(_CANONICAL, _CANONICAL, _ODD, _MORE), max_size=12))
def test_compiled_pass_agrees_with_numpy_and_the_substring_tests(pieces: list[str]) -> None:
    """The compiled pass (a large sheet's path) reads the same extent as the numpy
    passes, refuses the same pieces to the tag-by-tag walk, and finds a formula or
    an error cell's type wherever the substring tests do."""
    if not scan_kernel.available():
        pytest.skip("numba is not installed (the fast extra)")
    piece = ('<row r="1">' + "".join(pieces) + "</row>").encode()
    compiled, numpy = xlsxscan._compiled_facts(piece), xlsxscan._piece_facts(piece)
    assert compiled[:2] == numpy[:2]
    if compiled[0] is not None:
        # The searches the pass asks for are those the substring tests would make.
        words = (scan_kernel.HIDDEN, b"hidden"), (scan_kernel.MERGE_CELL, b"mergeCell")
        assert compiled[2] == sum(flag for flag, word in words if word in piece)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.one_of(_CANONICAL, _MORE), max_size=10),
    cut=st.integers(0, 400),
)
def test_compiled_pass_finds_the_words_of_the_searches_within_the_piece(
    cells: list[str], cut: int
) -> None:
    # Every cut of a piece: a word the piece's end cuts short is not in it (the
    # padding and any bytes after ``size`` are not read).
    if not scan_kernel.available():
        pytest.skip("numba is not installed (the fast extra)")
    whole = ("".join(cells) + "hidden mergeCell").encode()
    size = min(cut, len(whole))
    data = np.frombuffer(whole + b"\0" * 16, dtype=np.uint8)
    columns, _rows, flags = scan_kernel.piece_facts(data, size)
    if (columns, _rows) == scan_kernel.NOT_CANONICAL:
        return
    assert bool(flags & scan_kernel.HIDDEN) == (b"hidden" in whole[:size])
    assert bool(flags & scan_kernel.MERGE_CELL) == (b"mergeCell" in whole[:size])


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(st.lists(st.one_of(_CANONICAL, _CANONICAL, _ODD), max_size=5), max_size=8),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)
def test_compiled_scan_agrees_with_the_walk(rows: list[list[str]], chunk: int) -> None:
    # From the first byte (not from 32 MB on), so the small sheets here take the path.
    if not scan_kernel.available():
        pytest.skip("numba is not installed (the fast extra)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan_kernel, "COMPILED_FROM_BYTES", 0)
        test_quick_path_agrees_with_the_walk.hypothesis.inner_test(rows, chunk)  # type: ignore[attr-defined]


def test_compiled_loop_sees_only_the_bytes_it_is_given() -> None:
    # The padding after the piece (zeros) never starts or ends a reference, a "<f"
    # or an "e" in quotes.
    if not scan_kernel.available():
        pytest.skip("numba is not installed (the fast extra)")
    piece = b'<c r="B3"><v>1</v></c><c r="C9" t="e'
    data = np.frombuffer(piece + b'"' + b"\0" * 16, dtype=np.uint8)
    # C9's tag is not closed within the piece: it holds nothing, as the walk reads it;
    # the quote after the piece's end does not close "e".
    assert scan_kernel.piece_facts(data, len(piece)) == (2, 3, 0)
    assert scan_kernel.piece_facts(data, len(piece) + 1) == (2, 3, scan_kernel.QUOTED_E)


# Pieces of a cell's start tag and content: what a plain number is made of, and bytes
# the pass looks for ("e" in quotes, <f, a colon, the searches' words) mixed in.
_ATTRS = st.lists(
    st.sampled_from(
        [
            ' s="3"',
            ' s="12"',
            's="1"',
            ' t="n"',
            ' t="s"',
            " t='e'",
            ' t="e"',
            "\t",
            "\n",
            " ",
            ' x="1"',
            ' s=""',
            ' s="1234567"',
            " s='2'",
            ":",
            "/",
        ]
    ),
    max_size=4,
)
_CONTENT = st.lists(
    st.sampled_from(
        [
            "<v>",
            "</v>",
            "</c>",
            "<f>",
            "</f>",
            "<f/>",
            "-",
            "1",
            "25",
            ".",
            "5",
            "e",
            "E",
            "+",
            '"e"',
            "'e'",
            ":",
            "hidden",
            "mergeCell",
            "<c",
            "<ff>",
            "NaN",
            " ",
        ]
    ),
    max_size=8,
)


@settings(max_examples=500, deadline=None)
@given(attrs=_ATTRS, content=_CONTENT, number=st.sampled_from(["1", "-2.5", "3e-5", "40E+2"]))
def test_a_plain_number_cell_jumped_over_holds_nothing_the_pass_looks_for(
    attrs: list[str], content: list[str], number: str
) -> None:
    """The pass jumps from a plain number cell's start to its end only when the bytes
    it jumps over hold none of the bytes it looks for, so its flags and extent are
    those it would find reading them (round 21)."""
    if not scan_kernel.available():
        pytest.skip("numba is not installed (the fast extra)")
    scan_kernel.piece_facts(np.zeros(32, dtype=np.uint8), 8)  # compiles the helpers
    for body in ("".join(content), f"<v>{number}</v></c>", f"<f>A1</f><v>{number}</v></c>"):
        cell = f'<c r="B7"{"".join(attrs)}>{body}<c r="C7">'.encode()
        data = np.frombuffer(cell + b"\0" * 16, dtype=np.uint8)
        at, end = cell.index(b'"', 6) + 1, cell.index(b">")
        stop, _style, formula = scan_kernel._NUMBER_CELL_END(data, at, end, len(cell))
        if stop < 0 or formula:
            continue
        skipped = cell[1:stop]
        assert cell[stop - 4 : stop] == b"</c>"
        for word in (b'"e"', b"'e'", b"<f", b":", b"hidden", b"mergeCell", b"<c", b"h", b"m"):
            assert word not in skipped, (cell, word)
