"""`pbrkit --help` and `pbrkit reference list` start without the heavy libraries.

pandas, numpy, matplotlib and pyarrow take most of a second to import; the commands
that need them import them when they run. Checked in a fresh interpreter, since this
test process has imported them already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pbrkit import defaults

HEAVY = ("pandas", "numpy", "matplotlib", "pyarrow", "fastexcel", "xlsxwriter", "openpyxl")


def _heavy_modules_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    last_line = (run.stdout.splitlines() or [""])[-1]
    return [name for name in last_line.split(",") if name]


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("import pbrkit.cli") == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["reference", "list"],
        ["cost", "--help"],
        ["cluster", "--help"],
        ["tender", "--help"],
        ["sweep", "--help"],
        ["template", "--help"],
        ["validate", "--help"],
    ],
)
def test_help_and_listing_import_no_heavy_library(args: list[str]) -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from pbrkit.cli import cli\n"
        f"result = CliRunner().invoke(cli, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
    )
    assert _heavy_modules_after(code) == []


def test_reference_list_prints_each_set() -> None:
    """The listing reads set.toml alone; it says what loading the set would say."""
    from click.testing import CliRunner

    from pbrkit.cli import cli
    from pbrkit.reference import list_reference_sets, load_reference_set

    result = CliRunner().invoke(cli, ["reference", "list"])
    assert result.exit_code == 0, result.output
    expected = []
    for name in list_reference_sets():
        ref = load_reference_set(name)
        expected.append(f"{ref.name}\t{ref.status}\t{ref.title}")
    assert result.output.splitlines() == expected


def test_light_defaults_are_the_ones_the_library_uses() -> None:
    from pbrkit.io.template import TEMPLATE_KINDS
    from pbrkit.reference import DEFAULT_REFERENCE
    from pbrkit.tender.sweep import DEFAULT_SWEEP_DRAWS
    from pbrkit.workflows.tender import DEFAULT_DRAWS

    assert sorted(TEMPLATE_KINDS) == sorted(defaults.TEMPLATE_NAMES)
    assert DEFAULT_REFERENCE == defaults.DEFAULT_REFERENCE == "illustrative-2014-15"
    assert (DEFAULT_DRAWS, DEFAULT_SWEEP_DRAWS) == (1, 100)


def test_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    import pbrkit

    run = subprocess.run(
        [sys.executable, "-m", "pbrkit", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert run.stdout.strip() == f"pbrkit, version {version('pbrkit')}"
    assert pbrkit.__version__ == version("pbrkit")
