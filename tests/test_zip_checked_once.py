"""Each sheet part is inflated once for the safety checks, and every part is checked.

The zip pre-flight leaves the worksheet parts of the sheets a caller names
(``open_workbook(..., reads=...)``) to the sheet scan, which makes the same size and
entity checks in its single streamed pass (``pbrkit.io.limits.checked_chunks``).
These tests pin the per-part decision: a part of a sheet that is not read is still
refused by the pre-flight, a part left to the scan is refused by the scan, the parts
the sheet map is read from are checked before it is read, a name written twice is
never left, and a sheet part that is read is opened once, not twice.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pbrkit.errors import InputError, ResourceLimitExceeded
from pbrkit.io import limits
from pbrkit.io.limits import StreamedLater, check_zip_archive
from pbrkit.io.workbook import open_workbook

MAKE_CORPUS = Path(__file__).resolve().parent / "hostile" / "make_corpus.py"


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()

#: A caseload sheet that reads cleanly, and the part it is stored in.
CASELOAD_ROWS = corpus.cells(1, corpus.HEADER) + corpus.cells(2, [1, 120, 9600])
CASELOAD_PART = "xl/worksheets/sheet1.xml"
NOTES_PART = "xl/worksheets/sheet2.xml"


def _two_sheets(notes_xml: str) -> dict[str, bytes]:
    """A workbook of a good 'caseload' sheet and a 'notes' sheet given by hand."""
    parts: dict[str, bytes] = corpus.raw_parts(
        {"caseload": corpus.sheet_xml(CASELOAD_ROWS), "notes": notes_xml}
    )
    return parts


def _bomb_in_unread_sheet(path: Path) -> Path:
    """'notes' (sheet2.xml) declares its true small size but inflates 64 MiB more."""
    entries = []
    for name, data in _two_sheets(corpus.sheet_xml("")).items():
        if name == NOTES_PART:
            cut = data.index(b"</sheetData>")
            entries.append(corpus.bomb_entry(name, data[:cut], data[cut:], 64, len(data)))
        else:
            entries.append(corpus.deflated(name, data))
    written: Path = corpus.write_zip(path, entries)
    return written


@pytest.mark.parametrize("reads", [("caseload",), ()])
def test_a_bomb_in_a_sheet_never_read_is_still_refused(
    tmp_path: Path, reads: tuple[str, ...]
) -> None:
    path = _bomb_in_unread_sheet(tmp_path / "notes_bomb.xlsx")
    with pytest.raises(
        ResourceLimitExceeded, match=re.escape("part 'xl/worksheets/sheet2.xml' inflates")
    ):
        book = open_workbook(path, reads=reads)
        book.sheet("caseload")  # only the good sheet is asked for


def test_a_bomb_in_a_sheet_left_to_its_scan_is_refused_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 'Notes' matches the sheet 'notes' loosely: its part is left to the scan, made at
    # open, which refuses it with the pre-flight's message.
    path = _bomb_in_unread_sheet(tmp_path / "notes_bomb.xlsx")
    checked_whole: list[str] = []
    real_check = limits._check_entry

    def recording_check(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
        checked_whole.append(info.filename)
        real_check(archive, info, name)

    monkeypatch.setattr(limits, "_check_entry", recording_check)
    with pytest.raises(ResourceLimitExceeded, match=re.escape("sheet2.xml' inflates beyond")):
        open_workbook(path, reads=("Notes",))
    assert CASELOAD_PART in checked_whole
    assert NOTES_PART not in checked_whole  # refused by the scan, not the pre-flight


def test_entities_in_a_sheet_never_read_are_still_refused(tmp_path: Path) -> None:
    notes = corpus.sheet_xml(corpus.cells(1, ["&lol9;"]), corpus.LAUGHS)
    path = corpus.write_raw_xlsx(tmp_path / "notes_laughs.xlsx", _two_sheets(notes))
    for reads in [("caseload",), ("notes",), ()]:
        with pytest.raises(InputError, match=re.escape("sheet2.xml' declares XML entities")):
            open_workbook(path, reads=reads).sheet("caseload")


def test_the_sheet_map_is_checked_before_it_is_read(tmp_path: Path) -> None:
    # The pre-flight reads xl/workbook.xml to learn which parts are sheets: an entity
    # declaration there is refused by the pre-flight's own message first.
    parts = corpus.raw_parts({"caseload": corpus.sheet_xml(CASELOAD_ROWS)})
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"?>", b"?>" + corpus.LAUGHS.encode(), 1
    )
    path = corpus.write_raw_xlsx(tmp_path / "book_laughs.xlsx", parts)
    with pytest.raises(InputError, match=re.escape("part 'xl/workbook.xml' declares XML entities")):
        open_workbook(path)


def test_the_pre_flight_leaves_only_the_parts_chosen(tmp_path: Path) -> None:
    parts = _two_sheets(corpus.sheet_xml(""))
    path = corpus.write_raw_xlsx(tmp_path / "two.xlsx", parts)
    later = StreamedLater(reads=("xl/workbook.xml",), choose=lambda _archive: {NOTES_PART})
    left = check_zip_archive(path, later=later)
    assert [info.filename for info in left] == [NOTES_PART]
    assert check_zip_archive(path) == ()  # nothing left unless asked


def test_a_name_written_twice_is_never_left(tmp_path: Path) -> None:
    # Which copy a parser reads is its own choice: both are checked by the pre-flight.
    path = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate
        for name, data in _two_sheets(corpus.sheet_xml("")).items():
            archive.writestr(name, data)
        archive.writestr(NOTES_PART, b"<worksheet/>")
    later = StreamedLater(reads=(), choose=lambda _archive: {NOTES_PART, CASELOAD_PART})
    left = check_zip_archive(path, later=later)
    assert [info.filename for info in left] == [CASELOAD_PART]


def test_a_sheet_part_is_inflated_once_for_the_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the pre-flight inflated sheet1.xml whole, then the scan inflated it again.
    path = corpus.write_raw_xlsx(tmp_path / "good.xlsx", _two_sheets(corpus.sheet_xml("")))
    opened: Counter[str] = Counter()
    real_open = zipfile.ZipFile.open

    def counting_open(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened[name.filename if isinstance(name, zipfile.ZipInfo) else name] += 1
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    sheet = open_workbook(path, reads=("caseload",)).sheet("caseload")
    assert sheet is not None
    assert sheet.grid.iloc[1].tolist() == ["1", "120", "9600"]
    assert opened[CASELOAD_PART] == 1  # the scan, which made the pre-flight's checks
    assert opened[NOTES_PART] == 1  # not read: checked whole by the pre-flight
    # The sheet map: checked whole once, then read by the pre-flight's choice of parts
    # and by the reader's map of sheets to parts.
    assert opened["xl/workbook.xml"] == 3

    # A caller that names no sheet: each part checked whole, a loaded one scanned again.
    opened.clear()
    assert open_workbook(path).sheet("caseload") is not None
    assert (opened[CASELOAD_PART], opened[NOTES_PART]) == (2, 1)

    # Opening only to list the sheets scans nothing.
    opened.clear()
    assert tuple(open_workbook(path)) == ("caseload", "notes")
    assert (opened[CASELOAD_PART], opened[NOTES_PART]) == (1, 1)


def test_a_part_shorter_than_declared_is_refused_by_the_scan_too(tmp_path: Path) -> None:
    # The scan's stream ends the way the pre-flight's did: a part that stops short of
    # its declared size is corrupt, whether or not the pre-flight inflated it.
    path = _bomb_in_unread_sheet(tmp_path / "short.xlsx")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(NOTES_PART)
        info.file_size += 10 * 1024 * 1024 * 64  # declares more than the part holds
        with pytest.raises(InputError, match="shorter than its header declares"):
            for _chunk in limits.checked_chunks(archive, info, path.name):
                pass


def _ods_parts(tmp_path: Path) -> dict[str, bytes]:
    source = corpus._ods(tmp_path / "source.ods", corpus.cells(1, ["cluster"]))
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_an_ods_content_part_is_checked_in_its_scan(tmp_path: Path) -> None:
    # content.xml is left to the .ods table scan: a part that inflates beyond its
    # declared size is refused with the pre-flight's message all the same.
    entries = []
    for name, data in _ods_parts(tmp_path).items():
        if name == "content.xml":
            cut = data.index(b"</office:spreadsheet>")
            entries.append(corpus.bomb_entry(name, data[:cut], data[cut:], 64, len(data)))
        else:
            entries.append(corpus.deflated(name, data))
    path = corpus.write_zip(tmp_path / "content_bomb.ods", entries)
    with pytest.raises(
        ResourceLimitExceeded, match=re.escape("part 'content.xml' inflates beyond")
    ):
        open_workbook(path)


def test_entities_in_an_ods_content_part_are_refused(tmp_path: Path) -> None:
    parts = _ods_parts(tmp_path)
    parts["content.xml"] = parts["content.xml"].replace(b"?>", b"?>" + corpus.LAUGHS.encode(), 1)
    path = corpus.write_raw_xlsx(tmp_path / "content_laughs.ods", parts)
    with pytest.raises(InputError, match=re.escape("part 'content.xml' declares XML entities")):
        open_workbook(path)
