"""An independent re-check of ``pbrkit import mhsds`` (qa23, December 2026).

A month's file of 0 bytes (an export that failed, a file created and never written)
stopped the import with "MHS802ClusterAssess_2017_05_Primary.csv: is empty (no header
row)" and no word of what to do, where every other refused file says how to fix it
(the project's rule for bad input: what was expected, how to fix). A month with no
records is still accepted: its header row alone is a month with nothing in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import care, write_csv
from pbrkit.errors import InputError
from pbrkit.mhsds import read


def test_an_empty_file_says_what_was_expected_and_how_to_fix_it(tmp_path: Path) -> None:
    write_csv(tmp_path / "MHS803CareCluster_2017_04.csv", [care()])
    (tmp_path / "MHS803CareCluster_2017_05.csv").write_bytes(b"")
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    (problem,) = error.value.problems
    assert problem.message == "MHS803CareCluster_2017_05.csv: is empty (no header row)"
    assert problem.expected is not None and "header row" in problem.expected
    assert problem.fix is not None and "export" in problem.fix
