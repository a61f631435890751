"""``pbrkit example``: write a shipped example input where the user can run it.

The example workbooks and scenarios ship inside the installed package
(``pbrkit/examples``, like the reference sets), so every ``--help`` example works
after ``pip install`` without a copy of the repository.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Final

import click

from pbrkit.cli import cli
from pbrkit.errors import InputError, Problem
from pbrkit.io.output import write_outputs

#: The workbook line of a shipped scenario (scenarios sit one folder below it).
SHIPPED_WORKBOOK_LINE: Final = 'workbook = "../clusters.xlsx"'


def examples_root() -> Path:
    """The folder holding the shipped examples (inside the package, or the source tree)."""
    packaged = Path(str(resources.files("pbrkit"))) / "examples"
    if packaged.is_dir():
        return packaged
    # Editable installs and source checkouts: examples/ sits at the repository top.
    return Path(__file__).resolve().parents[3] / "examples"


def shipped_examples() -> dict[str, Path]:
    """Every shipped example by name: the workbooks and tables, the scenarios, then
    the synthetic MHSDS extract (a folder: its files are written into FOLDER)."""
    root = examples_root()
    files = sorted(root.glob("*.xlsx")) + sorted(root.glob("*.csv"))
    files += sorted((root / "scenarios").glob("*.toml"))
    files += [root / "mhsds"] if (root / "mhsds").is_dir() else []
    return {path.name: path for path in files}


def find_example(name: str) -> Path:
    """The shipped example called ``name`` (with or without its extension)."""
    examples = shipped_examples()
    by_stem = {path.stem: path for path in examples.values()}
    found = examples.get(name) or by_stem.get(name)
    if found is None:
        raise InputError(
            Problem(f"no shipped example called '{name}'"),
            hint=f"choose one of: {', '.join(examples)}",
        )
    return found


def example_files(name: str) -> dict[str, bytes]:
    """File name → bytes to write for example ``name``.

    A scenario names its workbook as ``../clusters.xlsx``; written beside its copy of
    that workbook, it names ``clusters.xlsx`` instead, so the two run from any folder.
    """
    path = find_example(name)
    if path.is_dir():
        return {f.name: f.read_bytes() for f in sorted(path.iterdir()) if f.is_file()}
    if path.suffix != ".toml":
        return {path.name: path.read_bytes()}
    text = path.read_text(encoding="utf-8")
    workbook = find_example("clusters.xlsx")
    if SHIPPED_WORKBOOK_LINE in text:
        text = text.replace(SHIPPED_WORKBOOK_LINE, f'workbook = "{workbook.name}"')
    return {path.name: text.encode("utf-8"), workbook.name: workbook.read_bytes()}


@cli.command()
@click.argument("name", required=False)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a different file of the same name.")
def example(name: str | None, folder: Path | None, force: bool) -> None:
    """Write a shipped example input (NAME) into FOLDER (default: here); list them without NAME.

    A scenario comes with the workbook it names. A file already there with the same
    content is left as it is; a different one is kept unless --force is given.

    \b
    Example:
      pbrkit example
      pbrkit example clusters.xlsx && pbrkit cost clusters.xlsx
      pbrkit example aqp-fixed-tariff.toml && pbrkit tender --scenario aqp-fixed-tariff.toml
      pbrkit example mhsds extract && pbrkit import mhsds extract --year 2017/18 trust.xlsx
    """
    if name is None:
        for shipped in shipped_examples():
            click.echo(shipped)
        return
    target = folder or Path.cwd()
    files = example_files(name)
    fresh = {n: data for n, data in files.items() if _needs_writing(target / n, data, force)}
    if fresh:
        write_outputs(
            target,
            {n: _writer(data) for n, data in fresh.items()},
            inputs=[],
        )
    for file_name in files:
        state = "wrote" if file_name in fresh else "already there"
        click.echo(f"{(target / file_name).absolute()} ({state})")  # in full, as cwd's


def _writer(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)

    return write


def _needs_writing(path: Path, data: bytes, force: bool) -> bool:
    """False when ``path`` already holds ``data``; an error when it holds something else."""
    if not path.exists():
        return True
    if path.is_file() and path.read_bytes() == data:
        return False
    if force and path.is_file():
        return True
    raise InputError(
        Problem(f"'{path}' already exists and is not the shipped example"),
        hint="use --force to replace it, or give another FOLDER",
    )
