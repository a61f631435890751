"""Which texts of an Arrow column repeat an earlier one, without a hash table of them.

Arrow's ``dictionary_encode`` of 10 million distinct patient IDs builds a table of
every text (about 900 MB at its peak, benchmarks/analysis.md). Here each text gets a
64-bit fingerprint computed in numpy a block at a time; only texts whose fingerprint
is shared are candidates, and the candidates are compared as texts, so the answer is
exact whatever the fingerprints: two equal texts always share one, and a shared
fingerprint of different texts only makes one more candidate.
"""

from __future__ import annotations

import functools
import importlib.util
from types import SimpleNamespace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from pbrkit import lazy_numba

#: Texts fingerprinted at a time (a few megabytes of temporaries for IDs).
HASH_BLOCK: Final = 1 << 16
#: Multiplier of the polynomial fingerprint (odd, so every power is non-zero mod 2**64).
_BASE: Final = np.uint64(0x100000001B3)


def repeated_positions(texts: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.intp]:
    """Positions of the texts seen earlier in the column, ascending (nulls never repeat)."""
    column = texts if isinstance(texts, pa.ChunkedArray) else pa.chunked_array([texts])
    fingerprints = text_fingerprints(column)
    present = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    candidates = shared_fingerprints(fingerprints, present)
    del fingerprints
    if candidates.size == 0:
        return np.empty(0, dtype=np.intp)  # no two texts alike: none repeats
    return candidates[exact_repeats(column.take(pa.array(candidates)))]


def shared_fingerprints(
    fingerprints: npt.NDArray[np.uint64], present: npt.NDArray[np.bool_]
) -> npt.NDArray[np.intp]:
    """Positions of the present texts whose fingerprint another present text has,
    ascending: the candidates, compared as texts by :func:`exact_repeats`.

    A column of :data:`COMPILED_ROWS` or more is hashed by a compiled pass (numba):
    sorting 10 million fingerprints took 0.65-0.8 s of CPU, the hashing about 0.2 s
    (round 16 of issue 16). Otherwise, and without numba, by a sort: the same positions.
    """
    hashed = COMPILED_ROWS <= len(fingerprints) < 2**31  # positions held as int32
    compiled = _compiled_shared() if hashed else None
    if compiled is not None:
        shared = np.zeros(len(fingerprints), dtype=bool)
        where, held, starts = compiled.partitioned(fingerprints, present)
        compiled.mark_shared(held, where, starts, shared)
        return np.flatnonzero(shared)
    ordered = np.sort(fingerprints if present.all() else fingerprints[present])
    twice = ordered[1:][ordered[1:] == ordered[:-1]]
    del ordered
    if twice.size == 0:
        return np.empty(0, dtype=np.intp)
    return np.flatnonzero(np.isin(fingerprints, np.unique(twice)) & present)


def exact_repeats(texts: pa.ChunkedArray) -> npt.NDArray[np.intp]:
    """:func:`repeated_positions` by Arrow's own hash table of the texts."""
    encoded = pc.dictionary_encode(texts).combine_chunks()
    codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(), dtype=np.int64)
    if len(encoded.dictionary) == int(np.count_nonzero(codes >= 0)):
        return np.empty(0, dtype=np.intp)
    order = np.argsort(codes, kind="stable")  # each code's positions, first one first
    ranked = codes[order]
    again = (ranked[1:] == ranked[:-1]) & (ranked[1:] >= 0)
    return np.asarray(np.sort(order[1:][again]), dtype=np.intp)


def text_fingerprints(column: pa.ChunkedArray) -> npt.NDArray[np.uint64]:
    """A 64-bit fingerprint of each text's UTF-8 bytes (nulls: that of the empty text)."""
    out = np.empty(len(column), dtype=np.uint64)
    # Chosen for the whole column: a Parquet read hands 10 million IDs over in chunks
    # of 64k-128k texts, each too few on its own (round 13 of issue 16).
    compiled = _compiled() if len(column) >= COMPILED_ROWS else None
    done = 0
    for chunk in column.chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            chunk = chunk.cast(pa.large_string())
        offsets_type = np.int32 if pa.types.is_string(chunk.type) else np.int64
        buffers = chunk.buffers()
        window = np.frombuffer(buffers[1], dtype=offsets_type)
        offsets = np.asarray(window[chunk.offset : chunk.offset + len(chunk) + 1], dtype=np.int64)
        data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] else np.empty(0, np.uint8)
        if compiled is not None:
            compiled(data, offsets, out[done : done + len(chunk)])
            done += len(chunk)
            continue
        for start in range(0, len(chunk), HASH_BLOCK):
            stop = min(start + HASH_BLOCK, len(chunk))
            out[done + start : done + stop] = _fingerprints(data, offsets[start : stop + 1])
        done += len(chunk)
    return out


def _fingerprints(
    data: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """Σ (byte_j + 1) · BASE^j mod 2**64 over each text's bytes, mixed with its length."""
    lengths = np.diff(offsets)
    first, last = int(offsets[0]), int(offsets[-1])
    position = np.arange(last - first, dtype=np.int64)
    position -= np.repeat(offsets[:-1] - first, lengths)  # each byte's place in its text
    powers = _powers(int(lengths.max()) if len(lengths) else 0)
    terms = (data[first:last].astype(np.uint64) + np.uint64(1)) * powers[position]
    sums = np.zeros(len(lengths), dtype=np.uint64)
    filled = lengths > 0
    if filled.any():
        sums[filled] = np.add.reduceat(terms, (offsets[:-1] - first)[filled])
    return _mixed(sums ^ (lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))


def _fingerprint_each(data: Any, offsets: Any, out: Any) -> None:
    """:func:`_fingerprints` of every text, one text at a time (compiled): the same
    sums of the same wrapping products, so the same fingerprints."""
    base = np.uint64(0x100000001B3)
    one = np.uint64(1)
    for i in range(offsets.shape[0] - 1):
        total = np.uint64(0)
        power = np.uint64(1)
        for j in range(offsets[i], offsets[i + 1]):
            total += (np.uint64(data[j]) + one) * power
            power *= base
        x = total ^ (np.uint64(offsets[i + 1] - offsets[i]) * np.uint64(0x9E3779B97F4A7C15))
        x = x ^ (x >> np.uint64(30))
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
        out[i] = x


#: Texts from which a column is fingerprinted by the compiled pass (numba, the
#: optional ``fast`` extra): loading it costs more than numpy takes for fewer.
COMPILED_ROWS: Final = 200_000


@functools.cache
def _compiled() -> Any:
    """:func:`_fingerprint_each` compiled, numba imported only now; None without it.

    numpy's blocks make arrays of every byte's place and power (1 s for 10 million
    patient IDs); one loop per text makes none (round 12 of issue 16).
    """
    if importlib.util.find_spec("numba") is None:
        return None
    import numba

    return numba.njit(cache=True, nogil=True)(_fingerprint_each)


#: The compiled hashing puts the fingerprints into 2**PARTITION_BITS partitions by
#: their top bits first, so that each partition's table (a few hundred kB at 10
#: million patients) stays in the processor's cache while it is filled.
PARTITION_BITS: Final = 8


def _partitioned(fingerprints: Any, present: Any) -> tuple[Any, Any, Any]:
    """The positions of the present fingerprints put in partitions by their top
    :data:`PARTITION_BITS` bits (each partition in the order of the column), the
    fingerprints in the same order, and where each partition starts (compiled).

    Positions are 4 bytes each (below 2**31 rows). The fingerprints are copied beside
    them (80 MB at 10 million patients) so that the table of each partition is filled
    from memory read in order: looked up by position, each was a cache miss, 0.3 s of
    the 0.35 s of hashing at 10 million (round 19 of issue 16). The copy comes after
    the read's peak (the Arrow table and the frame side by side), not on top of it;
    at 1 million patients the run's later peak was about 30 MB higher with it
    (benchmarks/analysis.md, round 19), at 10 million unchanged."""
    partitions = 1 << PARTITION_BITS
    shift = np.uint64(64 - PARTITION_BITS)
    starts = np.zeros(partitions + 1, dtype=np.int64)
    for i in range(fingerprints.shape[0]):
        if present[i]:
            starts[np.int64(fingerprints[i] >> shift) + 1] += 1
    for first in range(partitions):
        starts[first + 1] += starts[first]
    place = starts[:-1].copy()
    where = np.empty(starts[partitions], dtype=np.int32)
    held = np.empty(starts[partitions], dtype=np.uint64)
    for i in range(fingerprints.shape[0]):
        if present[i]:
            value = fingerprints[i]
            part = np.int64(value >> shift)
            where[place[part]] = i
            held[place[part]] = value
            place[part] += 1
    return where, held, starts


def _mark_shared(values: Any, where: Any, starts: Any, shared: Any) -> None:
    """Set ``shared`` at each position whose fingerprint another of its partition has
    (:func:`_partitioned`: ``values[k]`` is the fingerprint at position ``where[k]``):
    a table of each partition's fingerprints, open addressing by their low bits with
    linear probing (compiled). Both the earlier holder of a fingerprint and each later
    one are marked, so every position of a shared one is."""
    largest = 0
    for part in range(starts.shape[0] - 1):
        largest = max(largest, starts[part + 1] - starts[part])
    size = 1
    while size < 2 * largest:  # each table at most half full
        size *= 2
    held = np.empty(size, dtype=np.uint64)  # the fingerprint in each slot
    holder = np.empty(size, dtype=np.int64)  # its first position; -1: an empty slot
    for part in range(starts.shape[0] - 1):
        width = 1
        while width < 2 * (starts[part + 1] - starts[part]):
            width *= 2
        holder[:width] = -1
        for k in range(starts[part], starts[part + 1]):
            value = values[k]
            slot = np.int64(value & np.uint64(width - 1))
            while holder[slot] >= 0 and held[slot] != value:
                slot = (slot + 1) & (width - 1)
            if holder[slot] < 0:
                holder[slot] = np.int64(where[k])
                held[slot] = value
            else:
                shared[where[k]] = True
                shared[holder[slot]] = True


def _compile_hashing(numba: Any) -> SimpleNamespace:
    def jit(work: Any) -> Any:
        return numba.njit(cache=True, nogil=True)(work)

    return SimpleNamespace(partitioned=jit(_partitioned), mark_shared=jit(_mark_shared))


#: The compiled hashing, numba imported on its first call only; None without numba.
_compiled_shared = lazy_numba.loader(_compile_hashing)


def _powers(n: int) -> npt.NDArray[np.uint64]:
    """BASE^0 … BASE^(n-1) mod 2**64 (numpy's unsigned products wrap mod 2**64)."""
    powers = np.ones(max(n, 1), dtype=np.uint64)
    powers[1:] = np.multiply.accumulate(np.full(len(powers) - 1, _BASE, dtype=np.uint64))
    return powers


def _mixed(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: every bit of the sum reaches every bit of the fingerprint."""
    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x
