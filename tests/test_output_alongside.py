"""A patient-level file written alongside the reports: concurrent, and still all or nothing.

``Alongside`` writers run in a thread while the other files are written in order
(io/output.py). These tests show that they do run at the same time, and that every
promise of ``write_outputs`` still holds with a thread in play: a failure or Ctrl-C
on either side leaves ``--out`` as it was, with nothing still writing when the
staging folder goes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pbrkit.io.output import Alongside, write_outputs

#: Long enough for any machine to start a thread; a test that hits it has failed.
WAIT_S = 30


def _text(text: str) -> Alongside:
    return Alongside(lambda path: path.write_text(text, encoding="utf-8"))


def test_an_alongside_writer_runs_while_the_reports_are_written(tmp_path: Path) -> None:
    """Each side waits for the other: written one after the other, this would time out."""
    report_started, patients_started = threading.Event(), threading.Event()

    def patients(path: Path) -> None:
        patients_started.set()
        assert report_started.wait(WAIT_S), "the report was not written at the same time"
        path.write_text("patients\n", encoding="utf-8")

    def report(path: Path) -> None:
        report_started.set()
        assert patients_started.wait(WAIT_S), "the patients' file did not start alongside"
        path.write_text("report\n", encoding="utf-8")

    out = tmp_path / "out"
    written = write_outputs(
        out, {"allocations.parquet": Alongside(patients), "summary.json": report}, inputs=[]
    )
    assert [p.name for p in written] == ["allocations.parquet", "summary.json"]
    assert (out / "allocations.parquet").read_text(encoding="utf-8") == "patients\n"
    assert (out / "summary.json").read_text(encoding="utf-8") == "report\n"
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def _old_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("old\n", encoding="utf-8")
    return out


def _unchanged(out: Path) -> bool:
    names = [p.name for p in out.iterdir()]
    return names == ["summary.json"] and (out / names[0]).read_text(encoding="utf-8") == "old\n"


def test_a_failing_alongside_writer_leaves_out_as_it_was(tmp_path: Path) -> None:
    def broken(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    out = _old_out(tmp_path)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(
            out,
            {"allocations.parquet": Alongside(broken), "summary.json": _text("new\n")},
            inputs=[],
        )
    assert _unchanged(out)


@pytest.mark.parametrize("stop", [OSError("disk full"), KeyboardInterrupt()])
def test_a_stop_in_the_reports_waits_for_the_alongside_writer(
    tmp_path: Path, stop: BaseException
) -> None:
    """The thread is still writing when the reports fail: it finishes, then all goes.

    Were the staging folder removed first, the thread's file would land in a folder
    being deleted (or recreate it), leaving a stray file in --out.
    """
    report_failed, finished = threading.Event(), threading.Event()

    def patients(path: Path) -> None:
        assert report_failed.wait(WAIT_S)
        path.write_text("patients\n", encoding="utf-8")
        finished.set()

    def report(path: Path) -> None:
        report_failed.set()
        raise stop

    out = _old_out(tmp_path)
    with pytest.raises(type(stop)):
        write_outputs(
            out, {"allocations.parquet": Alongside(patients), "summary.json": report}, inputs=[]
        )
    assert finished.is_set()  # waited for, not abandoned
    assert _unchanged(out)


def test_alongside_is_called_as_the_writer_it_wraps(tmp_path: Path) -> None:
    _text("x")(tmp_path / "f.txt")
    assert (tmp_path / "f.txt").read_text(encoding="utf-8") == "x"
