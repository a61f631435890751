"""summary.json helpers every command shares: the header keys and plain-JSON output."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from pbrkit.model import RunMetadata
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import JsonObject, JsonValue, json_tree


def header(meta: RunMetadata) -> JsonObject:
    header: JsonObject = {
        "pbrkit_version": meta.pbrkit_version,
        "command": meta.command,
        "inputs": [i.model_dump() for i in meta.inputs],
        "reference": meta.reference.model_dump(),
        "seed": meta.seed,
    }
    # Only when there is something to say (--columns given; a single table read).
    if meta.column_map:
        header["column_map"] = meta.column_map
    if meta.read_as:
        header["read_as"] = meta.read_as
    return header


def to_json(summary: JsonObject) -> str:
    """Serialise a summary: NaN and hidden figures become null, numpy scalars plain numbers."""
    return json.dumps(_plain(summary), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(summary: JsonObject, path: Path) -> None:
    """Write ``summary`` as UTF-8 JSON to ``path``."""
    path.write_text(to_json(summary), encoding="utf-8")


def _plain(value: object) -> JsonValue:
    return json_tree(value, _plain_leaf)


def _plain_leaf(value: object) -> JsonValue:
    """A leaf as JSON writes it: numpy's as Python's, NaN and hidden figures null."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, np.bool_):
        return bool(value)
    # A hidden figure with no --publish list of its own (a comparison of published
    # runs) is null, as published_summary writes one.
    if value is pd.NA or value is None or is_suppressed(value):
        return None
    if isinstance(value, str | int):  # a bool is an int
        return value
    raise TypeError(f"not a JSON value: {value!r}")  # json.dumps would refuse it too
