"""A percentage-formatted money cell is found however the XML writes its attributes
(fix9b, item 6).

Found: the cell search looked for the bytes ` s="9"` (one space before, none around
`=`), as Excel and openpyxl write a cell's style. XML allows any whitespace between
attributes and around `=`, in any order, with either quote: a sheet written
`<c r="E3"\\ns="1">` or `<c s = '1' r='E3'>` (hand-made or tool-written files) had its
0.05 read as £0.05 again with no word. The styles part was parsed as XML already;
both are now tested written other ways.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import xlsxscan

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["cluster", "team", "service_users", "cluster_days", "actual_cost"]
REFUSED = (
    "sheet 'caseload', row 3, column 'actual_cost': cell E3 is formatted as a "
    "percentage, so it shows 0.05 as 5% and would be read as £0.05"
)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


def _book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "caseload"
    for row in [HEADER, [1, "North", 10, 840, 1200], [3, "North", 4, 1000, 0.05]]:
        sheet.append(row)
    sheet["E3"].number_format = "0%"
    book.save(path)
    return path


def _rewritten(path: Path, part: str, tags: tuple[str, ...], write: Callable[..., str]) -> Path:
    """``path`` with the start tags ``tags`` of ``part`` written by ``write(name, attrs)``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    pattern = re.compile(r"<({})(\s[^>]*?)?(/?)>".format("|".join(tags)))

    def one(match: re.Match[str]) -> str:
        attrs = _ATTR.findall(match.group(2) or "")
        return "<" + write(match.group(1), attrs) + match.group(3) + ">"

    text = parts[part].decode("utf-8")
    changed = pattern.sub(one, text)
    assert changed != text, "nothing rewritten"
    parts[part] = changed.encode("utf-8")
    out = path.with_name("rewritten-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def _reversed_single_newlines(name: str, attrs: list[tuple[str, str]]) -> str:
    return name + "".join(f"\n\t{k} = '{v}'" for k, v in reversed(attrs))


def _no_space_before_s(name: str, attrs: list[tuple[str, str]]) -> str:
    # <c r="E3"\ns="1" t="n">: a newline where the one space was.
    return name + "".join(("\n" if k == "s" else " ") + f'{k}="{v}"' for k, v in attrs)


def _tab_and_spaced_equals(name: str, attrs: list[tuple[str, str]]) -> str:
    return name + "".join(f'\t{k} ={chr(9)}"{v}"' for k, v in attrs)


WRITERS = [_reversed_single_newlines, _no_space_before_s, _tab_and_spaced_equals]


def _validate(path: Path) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path)])


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_styles_written_other_ways_still_give_the_percent_style(
    write: Callable[..., str], tmp_path: Path
) -> None:
    book = _book(tmp_path / "c.xlsx")
    with zipfile.ZipFile(book) as archive:
        expected = xlsxscan.percent_styles(archive)
    assert expected
    styles = _rewritten(book, "xl/styles.xml", ("numFmt", "xf", "cellXfs"), write)
    with zipfile.ZipFile(styles) as archive:
        assert xlsxscan.percent_styles(archive) == expected
    result = _validate(styles)
    assert result.exit_code == 2, result.output
    assert REFUSED in result.stderr


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_cells_written_other_ways_are_still_found(
    write: Callable[..., str], tmp_path: Path
) -> None:
    book = _rewritten(_book(tmp_path / "c.xlsx"), "xl/worksheets/sheet1.xml", ("c",), write)
    result = _validate(book)
    assert result.exit_code == 2, result.output
    assert REFUSED in result.stderr
    assert result.stderr.count("formatted as a percentage") == 1


def test_a_style_number_is_not_found_inside_another(tmp_path: Path) -> None:
    # Style 1 is the percentage; a cell of style 11 or 21 is not (no such styles here,
    # but the search must not take ' s="11"' or 'xs="1"' for style 1).
    scan = xlsxscan.SheetScan()
    piece = b'<row r="3"><c r="E3" s="11"><v>5</v></c><c r="F3" xs="1"><v>5</v></c></row>'
    xlsxscan._find_percent_cells(piece, scan, frozenset({1}))
    assert scan.percent_rows == {}
