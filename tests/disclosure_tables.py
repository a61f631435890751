"""Two-way tables of counts published through the disclosure engine, for the tests.

The reports publish through ``pbrkit.reports.publishing.publish``, which builds its
counts and lines from a document; these helpers build them from a plain table
(rows × columns with margins), so the tests can work the engine
(:func:`pbrkit.reports.suppression.suppress_counts`) by hand and attack it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pbrkit.reports.suppression import (
    NHSD_HES_2018,
    Disclosed,
    DisclosurePolicy,
    Published,
    suppress_counts,
)


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table of counts with its margins, published.

    ``cells`` has the input's index and columns and object dtype: whole numbers
    (as floats) or :data:`SUPPRESSED`.
    """

    cells: pd.DataFrame
    row_totals: pd.Series
    column_totals: pd.Series
    total: Published
    primary: frozenset[tuple[Any, ...]]
    secondary: frozenset[tuple[Any, ...]]


def table_lines(
    prefix: str, index: Iterable[Any], columns: Iterable[Any], *, total: Hashable | None = None
) -> list[list[Hashable]]:
    """The lines of a two-way table with margins, with keys as :func:`suppress_table` uses.

    Keys are ``(prefix, "cell", row, column)``, ``(prefix, "row", row)``,
    ``(prefix, "column", column)`` and the grand total ``total`` (default
    ``(prefix, "total")``), so several tables can share one call to
    :func:`suppress_counts` and one grand total.
    """
    grand = total if total is not None else (prefix, "total")
    index, columns = list(index), list(columns)
    lines: list[list[Hashable]] = []
    for r in index:
        lines.append([(prefix, "row", r), *((prefix, "cell", r, c) for c in columns)])
    for c in columns:
        lines.append([(prefix, "column", c), *((prefix, "cell", r, c) for r in index)])
    lines.append([grand, *((prefix, "row", r) for r in index)])
    lines.append([grand, *((prefix, "column", c) for c in columns)])
    return lines


def table_counts(
    prefix: str, table: pd.DataFrame, *, total: Hashable | None = None
) -> dict[Hashable, float]:
    """The counts of a two-way table and its margins, keyed as in :func:`table_lines`."""
    values = table.to_numpy(dtype=np.float64)
    counts: dict[Hashable, float] = {}
    for i, r in enumerate(table.index):
        for j, c in enumerate(table.columns):
            counts[(prefix, "cell", r, c)] = float(values[i, j])
    for i, r in enumerate(table.index):
        counts[(prefix, "row", r)] = float(values[i].sum())
    for j, c in enumerate(table.columns):
        counts[(prefix, "column", c)] = float(values[:, j].sum())
    counts[total if total is not None else (prefix, "total")] = float(values.sum())
    return counts


def published_table(
    prefix: str, table: pd.DataFrame, disclosed: Disclosed[Any], *, total: Hashable | None = None
) -> SuppressedTable:
    """Read a two-way table's published cells and margins back out of ``disclosed``."""
    cells = pd.DataFrame(
        [[disclosed[(prefix, "cell", r, c)] for c in table.columns] for r in table.index],
        index=table.index,
        columns=table.columns,
        dtype=object,
    )
    grand = total if total is not None else (prefix, "total")
    mine = {
        key
        for key in disclosed.values
        if (isinstance(key, tuple) and key[:1] == (prefix,)) or key == grand
    }
    return SuppressedTable(
        cells=cells,
        row_totals=pd.Series(
            [disclosed[(prefix, "row", r)] for r in table.index], index=table.index, dtype=object
        ),
        column_totals=pd.Series(
            [disclosed[(prefix, "column", c)] for c in table.columns],
            index=table.columns,
            dtype=object,
        ),
        total=disclosed[grand],
        primary=frozenset(k for k in disclosed.primary & mine if isinstance(k, tuple)),
        secondary=frozenset(k for k in disclosed.secondary & mine if isinstance(k, tuple)),
    )


def suppress_table(
    table: pd.DataFrame, policy: DisclosurePolicy = NHSD_HES_2018
) -> SuppressedTable:
    """Publish a two-way table of counts (rows × columns) together with its margins.

    The row totals, column totals and grand total are worked out from ``table`` and
    published with it; every row and every column (each with its total), the row
    of column totals and the column of row totals are lines for secondary
    suppression.
    """
    counts = table_counts("t", table)
    disclosed = suppress_counts(counts, table_lines("t", table.index, table.columns), policy)
    return published_table("t", table, disclosed)


def suppress_column(
    values: pd.Series, policy: DisclosurePolicy = NHSD_HES_2018, *, total: float | None = None
) -> tuple[pd.Series, Published]:
    """Publish one column of counts and its total (the sum, unless ``total`` is given)."""
    counts: dict[Hashable, float] = {("v", i): float(v) for i, v in enumerate(values)}
    grand = float(np.nansum(values.to_numpy(dtype=np.float64))) if total is None else total
    counts[("total",)] = grand
    disclosed = suppress_counts(counts, [list(counts)], policy)
    published = pd.Series(
        [disclosed[("v", i)] for i in range(len(values))], index=values.index, dtype=object
    )
    return published, disclosed[("total",)]
