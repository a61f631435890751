"""The raw cluster values of a patient file's batch, row by row, for exact sums.

Float64 adds whole numbers exactly while every partial sum stays below 2^53, so a
batch of whole days is summed per cluster by Arrow as it is read, and those sums are
exact. Pennies are not: 0.1 + 0.2 + 0.3 is 0.6000000000000001 in that order and 0.6
in the reverse, so a cluster's cost summed in the rows' order depended on that order
and on where the file's batches were cut (found measuring round 22 of issue 16). A
batch column that float64 would not add exactly (:func:`pbrkit.exact_sum.adds_exactly`)
goes into the exact accumulators row by row (:class:`pbrkit.exact_sum.GroupSums`),
each row by its cluster's place found here: the exact sum rounded once, the same bits
on any order, as ``math.fsum`` gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]

#: Integer cluster codes spread over more than this are indexed by hashing instead.
_SPAN: Final = 4096


@dataclass(frozen=True)
class Rows:
    """A batch's raw cluster values, row by row: ``keys`` the distinct values (and any
    others), ``index`` each row's place in them."""

    keys: list[object]
    index: IntArray


def rows_of(cluster: Any) -> Rows:
    """The rows' places among the raw cluster values of Arrow array ``cluster``: by
    value for integer codes over a short span, else by Arrow's dictionary encoding."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_integer(cluster.type) and not cluster.null_count and len(cluster):
        low, high = (int(v.as_py()) for v in pc.min_max(cluster).values())
        if high - low <= _SPAN:
            values = np.asarray(cluster.to_numpy(zero_copy_only=False), dtype=np.intp)
            return Rows(list(range(low, high + 1)), values - low)
    encoded = cluster.dictionary_encode(null_encoding="encode")
    index = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    return Rows(encoded.dictionary.to_pylist(), index)
