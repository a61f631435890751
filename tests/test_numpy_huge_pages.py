"""The command line turns numpy's huge-page requests off unless the user chose.

Why (pbrkit.cli.HUGE_PAGES_SETTING): on hosts whose kernel compacts memory when a
huge page is first touched, large fresh arrays stall unpredictably. numpy reads the
setting once, when first imported, so it is checked in a fresh interpreter that runs
``pbrkit.cli.main`` and then imports numpy, the order of a real run.
"""

from __future__ import annotations

import pytest

from fresh_run import probe_lines
from pbrkit.cli import HUGE_PAGES_SETTING, configure_numpy

PROBE = """
import sys
from pbrkit.cli import main
sys.argv = ["pbrkit", "--version"]
try:
    main()
except SystemExit:
    pass
import numpy
from numpy._core.multiarray import _get_madvise_hugepage
print("huge pages:", _get_madvise_hugepage())
"""


def _huge_pages_in_a_run(setting: str | None) -> str:
    return probe_lines(PROBE, HUGE_PAGES_SETTING, setting)[-1]


def test_unset_becomes_off() -> None:
    environ: dict[str, str] = {}
    configure_numpy(environ)
    assert environ == {HUGE_PAGES_SETTING: "0"}


@pytest.mark.parametrize("chosen", ["0", "1"])
def test_the_users_choice_is_kept(chosen: str) -> None:
    environ = {HUGE_PAGES_SETTING: chosen}
    configure_numpy(environ)
    assert environ == {HUGE_PAGES_SETTING: chosen}


def test_a_run_imports_numpy_with_huge_pages_off() -> None:
    assert _huge_pages_in_a_run(None) == "huge pages: False"


def test_a_run_keeps_huge_pages_when_the_user_asks() -> None:
    assert _huge_pages_in_a_run("1") == "huge pages: True"
