"""The command line commits Arrow's (mimalloc's) arenas lazily unless the user chose.

Why (pbrkit.cli.ARROW_ARENA_SETTING): with eager commit mimalloc asks Linux for
transparent huge pages, and on the benchmark host reading the 10M-row ratings file
then took 1.3-10.6 s of system time against 0.5 s (benchmarks/analysis.md, round 10).
mimalloc reads the setting from the process environment when pyarrow loads it, so a
fresh interpreter checks that ``pbrkit.cli.main`` sets it before pyarrow is imported
and that the C library's ``getenv`` (what mimalloc calls) sees it.
"""

from __future__ import annotations

import pytest

from fresh_run import probe_lines
from pbrkit.cli import ARROW_ARENA_SETTING, configure_arrow

PROBE = """
import ctypes, sys
from pbrkit.cli import main
sys.argv = ["pbrkit", "--version"]
try:
    main()
except SystemExit:
    pass
print("pyarrow loaded before:", "pyarrow" in sys.modules)
value = ctypes.CDLL(None).getenv
value.restype = ctypes.c_char_p
print("setting:", value(b"MIMALLOC_ARENA_EAGER_COMMIT"))
"""


def _probe(setting: str | None) -> list[str]:
    return probe_lines(PROBE, ARROW_ARENA_SETTING, setting)[-2:]


def test_unset_becomes_lazy() -> None:
    environ: dict[str, str] = {}
    configure_arrow(environ)
    assert environ == {ARROW_ARENA_SETTING: "0"}


@pytest.mark.parametrize("chosen", ["0", "1", "2"])
def test_the_users_choice_is_kept(chosen: str) -> None:
    environ = {ARROW_ARENA_SETTING: chosen}
    configure_arrow(environ)
    assert environ == {ARROW_ARENA_SETTING: chosen}


def test_a_run_sets_it_before_pyarrow_loads() -> None:
    assert _probe(None) == ["pyarrow loaded before: False", "setting: b'0'"]


def test_a_run_keeps_the_users_setting() -> None:
    assert _probe("1") == ["pyarrow loaded before: False", "setting: b'1'"]
