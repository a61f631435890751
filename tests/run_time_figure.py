"""Adding a figure at run time, and running a command, for the registry's promise tests.

A new figure is one registry entry plus its place in a layout's columns; these tests
add one while they run (and remove it after), then run a command and read its
summary.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.figures import Figure, register, unregister


@contextmanager
def added_figure(
    monkeypatch: pytest.MonkeyPatch, entry: Figure, layout: ModuleType, columns: str
) -> Iterator[Figure]:
    """``entry`` registered and appended to ``layout.columns`` until the block ends."""
    register(entry)
    monkeypatch.setattr(layout, columns, (*getattr(layout, columns), entry.key))
    try:
        yield entry
    finally:
        unregister(entry.key)


def run_cli(args: list[str], out: Path) -> dict[str, Any]:
    """Run ``pbrkit ARGS --out OUT``; it must succeed; its summary.json."""
    result = CliRunner().invoke(cli, [*args, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return data
