"""`pbrkit cluster` loads neither scipy's stats and optimize nor the PSA's modules.

The figure registry needs a parameter's path (``pbrkit.uncertainty.params``); the
package imported every module of its own on import, scipy with them: about 1 s of CPU
in every `pbrkit cluster` run (benchmarks/results.md, "Round 14"). Its names are now
imported on first use. Checked in a fresh interpreter, since this test process may have
imported them already.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import pbrkit.uncertainty

EXAMPLE = Path(__file__).parents[1] / "examples" / "ratings.xlsx"
#: What a cluster run has no use for: scipy's fitting, the PSA and the break-even search.
UNUSED = ("scipy.stats", "scipy.optimize", "pbrkit.uncertainty.psa", "pbrkit.uncertainty.threshold")


def test_a_cluster_run_loads_no_fitting_and_no_psa(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from pbrkit.cli import cli\n"
        f"args = ['cluster', {str(EXAMPLE)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
        "result = CliRunner().invoke(cli, args)\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(','.join(m for m in {UNUSED!r} if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert run.stdout.splitlines()[-1] == ""
    assert (tmp_path / "out" / "summary.json").exists()  # the run did render its figures


def test_every_name_the_package_lists_is_its_modules_own() -> None:
    """Each exported name is the object of the module that defines it, never a module."""
    package = pbrkit.uncertainty
    assert package.__all__
    for name in package.__all__:
        value = getattr(package, name)
        assert not isinstance(value, ModuleType), name
        assert value is getattr(importlib.import_module(value.__module__), name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(
        AttributeError, match=r"'pbrkit\.uncertainty' has no attribute 'not_a_name'"
    ):
        getattr(pbrkit.uncertainty, "not_a_name")  # noqa: B009
