"""What a Parquet table's columns may hold: one plain value a cell, under one name each.

Parquet can type a column as a list, a struct or a map (several values in one cell),
or as raw bytes; pandas turns them into arrays, dicts and ``bytes`` objects that no
reader here can type, and the run ended in "unexpected failure". Two columns may even
share a name. Each is refused here as one problem naming the column (found in review
4); bytes that are UTF-8 text (older Hive and Impala writers store text so) are text.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from pbrkit.errors import InputError, Problem

if TYPE_CHECKING:
    import pyarrow as pa

_FIX_NESTED = "write one value a cell (a number, text or a date) in this column, or drop it"


def check_schema(schema: pa.Schema, sheet: str) -> None:
    """Refuse repeated column names and columns of lists, structs or maps.

    Raises:
        InputError: one problem per repeated name and per such column.
    """
    import pyarrow as pa

    problems = [
        Problem(
            f"{count} columns are named '{name}': which one to read is unclear",
            sheet=sheet,
            fix="rename or delete all but one of them",
        )
        for name, count in Counter(schema.names).items()
        if count > 1
    ]
    for field in schema:
        kind = field.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if pa.types.is_nested(kind):
            problems.append(
                Problem(
                    f"the column holds {_nested_kind(kind)} in each cell, not one value",
                    sheet=sheet,
                    column=field.name,
                    fix=_FIX_NESTED,
                )
            )
    if problems:
        raise InputError(problems)


def _nested_kind(kind: pa.DataType) -> str:
    import pyarrow as pa

    if pa.types.is_struct(kind):
        return "a struct (several named values)"
    if pa.types.is_map(kind):
        return "a map (several keyed values)"
    return "a list (several values)"


def decode_bytes(frame: pd.DataFrame, schema: pa.Schema, sheet: str) -> pd.DataFrame:
    """Binary columns as text, when every cell is UTF-8.

    Raises:
        InputError: a binary column holds bytes that are not UTF-8 text.
    """
    import pyarrow as pa

    problems: list[Problem] = []
    for field in schema:
        if field.name not in frame.columns:
            continue  # a pandas index stored as a column is the frame's index
        kind = field.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if not (pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
                or pa.types.is_fixed_size_binary(kind)):  # fmt: skip
            continue
        try:
            text = [v.decode("utf-8") if isinstance(v, bytes) else v for v in frame[field.name]]
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    "the column holds bytes that are not UTF-8 text",
                    sheet=sheet,
                    column=field.name,
                    fix="write the column as text (UTF-8) or numbers, or drop it",
                )
            )
            continue
        frame[field.name] = pd.Series(text, index=frame.index, dtype=object)
    if problems:
        raise InputError(problems)
    return frame


def index_as_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Named index levels back as columns.

    ``df.set_index("cluster").to_parquet(...)`` stores ``cluster`` as an ordinary
    column of the file, and pandas' metadata makes it the frame's index again: read
    as it stands, the column was "missing" (found in review 4), though DuckDB, Spark,
    Arrow and pbrkit's own streamed patient reader see it. An unnamed index (pandas'
    row numbers) is not data and is dropped.
    """
    named = [level for level, label in enumerate(frame.index.names) if label is not None]
    if not named:
        index = frame.index
        plain = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        return frame if plain else frame.reset_index(drop=True)
    return frame.reset_index(level=named).reset_index(drop=True)
