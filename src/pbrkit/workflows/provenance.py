"""The run's provenance: the metadata every output carries (RunMetadata in model.py).

Built here, not in model.py, because it reads the state of the input reading (the
``--columns`` map and how a single table was read, kept by pbrkit.io.columns): the
model layer imports nothing above it.
"""

from __future__ import annotations

from pathlib import Path

from pbrkit import __version__
from pbrkit.io.columns import reading_record
from pbrkit.model import ReferenceInfo, RunMetadata, describe_inputs, generation_time


def run_metadata(
    command: str,
    inputs: list[Path],
    reference: ReferenceInfo,
    *,
    seed: int | None = None,
    options: dict[str, object] | None = None,
) -> RunMetadata:
    """Metadata for a run of ``command`` on ``inputs`` (with the reading's column map
    and how a single table was read, when a reading was recorded)."""
    record = reading_record()
    return RunMetadata(
        pbrkit_version=__version__,
        command=command,
        inputs=describe_inputs(inputs),
        reference=reference,
        seed=seed,
        options=options or {},
        generated_at=generation_time(),
        column_map=dict(record.columns.sheets) if record is not None else {},
        read_as=list(record.read_as) if record is not None else [],
    )
