"""The run's provenance: the metadata every output carries (RunMetadata in model.py).

Built here, not in model.py, because it reads the state of the input reading (the
``--columns`` map and how a single table was read, kept by pbrkit.io.columns): the
model layer imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pbrkit import __version__
from pbrkit.io.columns import reading_record
from pbrkit.model import (
    BED_DAY_ONLY,
    REFERENCE_TABLES,
    InputFile,
    ReferenceInfo,
    RunMetadata,
    describe_inputs,
    generation_time,
)
from pbrkit.reference import ReferenceSet


def hashed_alongside(inputs: list[Path]) -> Future[list[InputFile]]:
    """The inputs' hashes worked out on a thread of their own, for :func:`run_metadata`.

    Reading and hashing a file let go of Python's lock (hashlib does, for blocks over
    2 KB), so a large input (0.4 s for 200 MB) is hashed beside work on the main
    thread, holding one block (1 MB) at a time. An error reading a file is raised
    where the hashes are asked for, as before.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbrkit-hash")
    try:
        return pool.submit(describe_inputs, inputs)
    finally:
        pool.shutdown(wait=False)  # the thread ends when the hashing is done


def run_metadata(
    command: str,
    inputs: list[Path] | Future[list[InputFile]],
    reference: ReferenceInfo,
    *,
    seed: int | None = None,
    options: dict[str, object] | None = None,
) -> RunMetadata:
    """Metadata for a run of ``command`` on ``inputs`` (with the reading's column map
    and how a single table was read, when a reading was recorded); ``inputs`` hashed
    here, or already being hashed (:func:`hashed_alongside`)."""
    record = reading_record()
    return RunMetadata(
        pbrkit_version=__version__,
        command=command,
        inputs=inputs.result() if isinstance(inputs, Future) else describe_inputs(inputs),
        reference=reference,
        seed=seed,
        options=options or {},
        generated_at=generation_time(),
        column_map=dict(record.columns.sheets) if record is not None else {},
        read_as=list(record.read_as) if record is not None else [],
    )


def with_input(meta: RunMetadata, path: Path | None) -> RunMetadata:
    """``meta`` with ``path`` hashed among its inputs (unless it is one already): a
    file read after the run itself, such as the ranges of ``--psa N --uncertainty
    FILE``, which the PSA's figures rest on as much as on the workbook (rev8: they
    were left out, so a report did not say which ranges it used)."""
    if path is None:
        return meta
    known = {Path(i.path).resolve() for i in meta.inputs}
    added = [i for i in describe_inputs([path]) if Path(i.path).resolve() not in known]
    return meta.model_copy(update={"inputs": [*meta.inputs, *added]})


def reference_info(ref: ReferenceSet, sources: Mapping[str, str]) -> ReferenceInfo:
    """The reference set a run used, with the tables it took from it: those whose
    source is the set (``sources`` as the readers record them: "reference set …"),
    and the tariff of the clusters a partial local tariff leaves out ("…; clusters 3,
    5 from reference set …"); unit costs of which only the bed day's is used
    (:data:`~pbrkit.model.BED_DAY_ONLY`) are "bed_day"."""
    used = [t for t in REFERENCE_TABLES if sources.get(t, "").startswith("reference set")]
    if "unit_costs" in used and sources["unit_costs"].endswith(BED_DAY_ONLY):
        used[used.index("unit_costs")] = "bed_day"  # the banner names the bed day alone
    if "tariff" not in used and "from reference set" in sources.get("tariff", ""):
        used.insert(0, "tariff_some")
    return ReferenceInfo(
        name=ref.name,
        status=ref.status,
        title=ref.title,
        codes=ref.currency.name,
        used_for=tuple(used),
    )
