"""Every refusal of an input path carries a Hint line, as every other refusal does.

Left by the reviews: an input given as a folder where a file was meant, a named pipe
(FIFO) or a file that cannot be read was refused with one "Error:" line and no "Hint:"
(click's "File 'x' is a directory.", or "Invalid value for 'WORKBOOK': file 'x' is a
named pipe (FIFO) …" without "nothing was written"), for every command that reads a
file; and `--columns` and `--uncertainty`, plain click paths, were not checked at all,
so a FIFO there blocked the command for ever. Now each is refused (exit 2) saying what
the path is, how to fix it, and "Hint: … nothing was written".
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import limits

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def fifo(path: Path) -> Path:
    """A named pipe at ``path``. A writer opens and closes it in the background, so code
    that wrongly reads it gets an empty file rather than blocking the test for ever."""
    os.mkfifo(path)

    def write_nothing() -> None:
        with open(path, "wb"):
            pass

    threading.Thread(target=write_nothing, daemon=True).start()
    return path


#: (command line, what is refused), with {fifo}, {folder} and {ok} filled in.
CASES = [
    ("cost {fifo}", "named pipe"),
    ("cost {folder}", "has no .csv files"),
    ("cluster {fifo}", "named pipe"),
    ("cluster {folder}", "has no .csv files"),
    ("tender {fifo}", "named pipe"),
    ("tender {folder}", "has no .csv files"),
    ("validate {fifo}", "named pipe"),
    ("validate {folder}", "has no .csv files"),
    ("psa {fifo}", "named pipe"),
    ("psa {folder}", "has no .csv files"),
    ("threshold {fifo}", "named pipe"),
    ("sweep {fifo} --vary nhs.shed_rate=0:1:2", "named pipe"),
    ("sweep {folder} --vary nhs.shed_rate=0:1:2", "is a folder, not a file"),
    ("explore {fifo}", "named pipe"),
    ("explore {folder}", "is a folder, not a file"),
    ("compare {fifo} {ok}", "named pipe"),
    ("import mhsds {fifo} out.xlsx --year 2017/18", "is not a folder"),
    ("cost {ok} --tariff {fifo}", "named pipe"),
    ("cost {ok} --tariff {folder}", "is a folder, not a file"),
    ("cost {ok} --columns {fifo}", "named pipe"),
    ("cost {ok} --columns {folder}", "is a folder, not a file"),
    ("tender {ok} --scenario {fifo}", "named pipe"),
    ("tender {ok} --scenario {folder}", "is a folder, not a file"),
    ("psa {ok} --uncertainty {fifo}", "named pipe"),
    ("psa {ok} --uncertainty {folder}", "has no .csv files"),
    ("cost {ok} --psa 10 --uncertainty {fifo}", "named pipe"),
    ("cluster {ok} --profiles {fifo}", "named pipe"),
    ("cluster {ok} --profiles {folder}", "is a folder, not a file"),
    ("import mhsds {folder} out.xlsx --year 2017/18 --columns {fifo}", "named pipe"),
]


@pytest.mark.parametrize(("line", "what"), CASES, ids=[c[0] for c in CASES])
def test_a_path_of_the_wrong_kind_is_refused_with_a_hint(
    tmp_path: Path, line: str, what: str
) -> None:
    folder = tmp_path / "book.xlsx"  # a folder named like a workbook
    folder.mkdir()
    places = {"fifo": str(fifo(tmp_path / "pipe.xlsx")), "folder": str(folder), "ok": str(EXAMPLE)}
    out = tmp_path / "out"
    args = [part.format(**places) for part in line.split()] + ["--out", str(out)]
    if args[0] in ("import", "validate"):
        args = args[:-2]  # import writes OUT, validate nothing: no --out
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert what in result.output, result.output
    hints = [x for x in result.output.splitlines() if x.startswith("Hint: ")]
    assert len(hints) == 1, result.output
    assert hints[0].endswith("nothing was written"), result.output
    assert not out.exists()


def test_a_file_that_cannot_be_read_is_refused_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, who reads a file whatever its mode: os.access says what the
    # user running pbrkit may do, so it stands in for a chmod 000 file here.
    book = tmp_path / "book.xlsx"
    book.write_bytes(EXAMPLE.read_bytes())
    real = os.access
    monkeypatch.setattr(limits.os, "access", lambda p, mode: real(p, mode) and Path(p) != book)
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"file '{book}' cannot be read: you have no permission to read it" in result.output
    assert "Fix: give yourself read permission (chmod u+r)" in result.output
    assert "Hint: nothing was written" in result.output


def test_a_chmod_000_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    book.write_bytes(EXAMPLE.read_bytes())
    book.chmod(0)
    if os.access(book, os.R_OK):
        pytest.skip("this user (root) reads a chmod 000 file")
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "cannot be read" in result.output and "Hint: nothing was written" in result.output


def test_in_a_folder_only_files_pbrkit_reads_must_be_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,10,3650\n", encoding="utf-8"
    )
    notes = folder / "notes.txt"  # the user's own, never read
    notes.write_text("private", encoding="utf-8")
    unreadable = {notes}
    real = os.access
    monkeypatch.setattr(limits.os, "access", lambda p, m: real(p, m) and Path(p) not in unreadable)
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    unreadable.add(folder / "caseload.csv")
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert "caseload.csv' cannot be read: you have no permission to read it" in result.output
    assert "Hint: nothing was written" in result.output
