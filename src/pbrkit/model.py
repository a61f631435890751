"""Run metadata: what every output says about how it was made (README, Outputs).

Row data never lives here: tables stay in DataFrames. These are the small, strict
records a report prints in its provenance footer and ``summary.json`` carries.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from pbrkit import __version__
from pbrkit.io.columns import reading_record


class InputFile(BaseModel):
    """An input file and its SHA-256, so a figure can be traced to the exact file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    sha256: str


class ReferenceInfo(BaseModel):
    """The reference set a run used; ``status`` says whether it is illustrative."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    status: str
    title: str = ""


class RunMetadata(BaseModel):
    """How a run was made: version, command, inputs, reference set, seed, options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pbrkit_version: str
    command: str
    inputs: list[InputFile]
    reference: ReferenceInfo
    seed: int | None = None
    options: dict[str, object] = {}
    generated_at: str
    #: "Published with small-number suppression (…)" when ``--publish`` is on.
    disclosure: str | None = None
    #: ``--columns``: per sheet, the user's header → pbrkit column it was read as.
    column_map: dict[str, dict[str, str]] = {}
    #: How a single CSV/Parquet table was read ("a caseload", "patient rows", "ratings").
    read_as: list[str] = []


def describe_inputs(paths: list[Path]) -> list[InputFile]:
    """Hash each input (files; a folder of CSVs is hashed file by file)."""
    described: list[InputFile] = []
    for path in paths:
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            described.append(InputFile(path=str(file), sha256=sha256_file(file)))
    return described


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in blocks (inputs can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def generation_time() -> str:
    """The run's timestamp; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=UTC)
        if epoch and epoch.isdigit()
        else datetime.now(UTC)
    )
    return moment.replace(microsecond=0).isoformat()


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


@dataclass(frozen=True)
class QualityNote:
    """A data-quality observation that is not an error (shown on the Data quality sheet).

    A note about a number of people carries it in ``people`` (and the total it is a
    share of in ``share_of``), never inside its text: ``text`` holds ``{people}`` and
    ``{share}`` where the number goes, so ``--publish`` can publish the count itself
    and the sentence shows the published one.
    """

    check: str
    text: str
    rows: Any = 0
    people: Any = None
    share_of: Any = None
    #: The rows counted are people (patient rows): published with them.
    rows_are_people: bool = False

    @property
    def detail(self) -> str:
        """The note as a reader sees it, with its numbers written in."""
        if self.people is None:
            return self.text
        return self.text.format(
            people=_count(self.people), share=_share(self.people, self.share_of)
        )


def _count(value: Any) -> str:
    return str(value) if not isinstance(value, int | float) else f"{value:,.0f}"


def _share(people: Any, total: Any) -> str:
    if not isinstance(people, int | float) or not isinstance(total, int | float) or not total:
        return str(people) if not isinstance(people, int | float) else "–"
    return f"{people / total:.1%}"
