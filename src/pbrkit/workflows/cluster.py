"""``pbrkit cluster`` as a library call: read, allocate, audit, measure; write nothing."""

from __future__ import annotations

import dataclasses
import math
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from pbrkit.allocation import (
    BANDS,
    DEFAULT_WEIGHTS,
    Allocation,
    BandWeights,
    CompiledProfiles,
    Int8Array,
    allocate,
    compile_profiles,
    ratings_array,
)
from pbrkit.clustering import (
    DEFAULT_CLUSTER_OPTIONS,
    ClusterOptions,
    ClusterResult,
    cluster_ratings,
)
from pbrkit.currency import Currency, active_currency, using_currency
from pbrkit.errors import InputError, Problem, ProblemCollector
from pbrkit.io.inputs import (
    TariffTable,
    correct_hint,
    fallback_source,
    read_tariff_table,
    tariff_prices,
)
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Alongside, Writer
from pbrkit.io.profiles import read_profiles
from pbrkit.io.ratings import RatingsInput, read_ratings, refuse_admitted_over_stand_in
from pbrkit.io.table_kind import TableKind, is_single_table, single_table_kind
from pbrkit.io.workbook import open_workbook
from pbrkit.model import InputFile, RunMetadata
from pbrkit.pricing import tariff_rates
from pbrkit.reference import DEFAULT_REFERENCE, ReferenceSet, load_reference_set
from pbrkit.reports.csv_safe import write_safe_csv
from pbrkit.reports.document import Document
from pbrkit.reports.format import noun, plural
from pbrkit.reports.layouts.cluster import cluster_document
from pbrkit.reports.layouts.cluster_audit import order_disagreements
from pbrkit.reports.patient_table import EXCEL_MAX_ROWS, write_patient_sheet
from pbrkit.reports.publishing import publish as publish_document
from pbrkit.reports.suppression import DisclosurePolicy
from pbrkit.workflows.provenance import hashed_alongside, reference_info, run_metadata
from pbrkit.workflows.run import Run

#: Runs with more patients than this report their stages on stderr.
PROGRESS_ROWS: Final = 100_000

OutputFormat = Literal["csv", "parquet", "xlsx"]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ClusterRun(Run):
    """A finished ``pbrkit cluster`` run: its (exact) result and metadata.

    ``progress``, when set, is told how long each file took to write. With
    ``disclosure`` set (``--publish``) every report renders the published document
    and no allocations file is written: it is the one output with patient IDs.
    """

    result: ClusterResult
    meta: RunMetadata
    output_format: OutputFormat = "csv"
    progress: Progress | None = None
    disclosure: DisclosurePolicy | None = None
    #: The reference set's codes (variance, not assessed) the document's words use.
    currency: Currency | None = None

    def build_document(self) -> Document:
        """What every output shows (published with ``disclosure``)."""
        with using_currency(self.currency or active_currency()):
            document = cluster_document(self.result, self.meta)
            if self.disclosure is None:
                return document
            return order_disagreements(publish_document(document, self.disclosure))

    def files(self, document: Document) -> dict[str, Writer]:
        """The allocations file, streamed from the result (none when published)."""
        del document  # patient rows never pass through the document
        if self.disclosure is not None:
            return {}
        allocations = self.result.allocations
        if self.output_format == "parquet":
            # Arrow writes the file without Python's lock: alongside the four reports.
            return {"allocations.parquet": Alongside(lambda p: _write_parquet(allocations, p))}
        if self.output_format == "xlsx":
            return {"allocations.xlsx": lambda path: _write_xlsx(allocations, path)}
        return {"allocations.csv": lambda path: write_safe_csv(allocations, path)}

    def writers(self) -> dict[str, Writer]:
        """Every file the run writes, each timed when ``progress`` is set."""
        writers = super().writers()
        if self.progress is None:
            return writers
        return {name: _timed(name, write, self.progress) for name, write in writers.items()}


def run_cluster(
    ratings: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    profiles_file: Path | None = None,
    tariff_file: Path | None = None,
    options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
    output_format: OutputFormat = "csv",
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    publish: DisclosurePolicy | None = None,
) -> ClusterRun:
    """Read ``ratings``, suggest a cluster per patient, audit and measure (nothing written).

    The tariff for the £ at stake is ``tariff_file``, else a ``tariff`` sheet in the
    ratings workbook, else the reference set's. ``progress`` hears stage timings
    when there are more than :data:`PROGRESS_ROWS` patients. With ``publish``, the
    run's figures are published with small-number suppression and its patient rows
    are dropped.

    Raises:
        InputError: every problem in the ratings and tariff at once; the grid's
            problems; a cluster without a price.
    """
    started = time.perf_counter()
    ref = load_reference_set(reference)
    _refuse_other_currencies(ref)
    # Codes, superclasses and the variance and "not assessed" codes are the set's.
    with using_currency(ref.currency):
        data, codes, chosen = _read_checked(ratings, tariff_file, ref, limits)
        if output_format == "xlsx" and publish is None:
            refuse_more_than_a_sheet(len(data.items))
        compiled, profiles_source = _profiles(profiles_file, ref, options.weights, limits)
        report = progress if progress is not None and len(data.items) > PROGRESS_ROWS else None
        if report:
            report(f"read {len(data.items):,} patients in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        allocation = _allocated(codes, compiled, options, data, ref, ratings)
        # The ratings are not needed again: their array and frame (36 bytes a patient,
        # 360 MB at 10 million) are let go before the audit and the cost measures.
        del codes
        hashing = _hashed_inputs(ratings, tariff_file, profiles_file)
        data = data.without_items()
        tariff, tariff_source, tariff_where = _completed_tariff(chosen, ref, data, allocation)
        result = cluster_ratings(
            data,
            allocation,
            tariff=tariff,
            clusters=ref.clusters,
            options=options,
            sources={"profiles": profiles_source, "tariff": tariff_source},
            profiles_illustrative=profiles_file is None and ref.is_illustrative,
            tariff_where=tariff_where,
        )
        if report:
            report(f"allocated, audited and measured in {time.perf_counter() - started:.1f}s")
        meta = _metadata(hashing, ref, options, result.sources, output_format)
        if publish is not None:  # £ totals rounded to the largest price (methodology §7)
            publish = publish.for_rates(tariff_rates(tariff))
        return ClusterRun(result, meta, output_format, report, publish, ref.currency)


def _hashed_inputs(
    ratings: Path, tariff_file: Path | None, profiles_file: Path | None
) -> Future[list[InputFile]]:
    """The run's inputs, hashed on a thread beside the audit and the cost measures
    (started after the allocation kernel, which uses both cores) for the metadata."""
    inputs = [ratings] + [p for p in (tariff_file, profiles_file) if p is not None]
    return hashed_alongside(inputs)


def _metadata(
    inputs: Future[list[InputFile]],
    ref: ReferenceSet,
    options: ClusterOptions,
    sources: dict[str, str],
    output_format: OutputFormat,
) -> RunMetadata:
    """The run's provenance: its inputs, reference set and every option that shaped it."""
    return run_metadata(
        "pbrkit cluster",
        inputs,
        reference_info(ref, sources),
        options={
            "profiles": sources["profiles"],
            "tariff": sources["tariff"],
            "weights": format_weights(options.weights),
            "min_score": options.min_score,
            "max_unknown": options.max_unknown,
            "cv_threshold": options.cv_threshold,
            "format": output_format,
        },
    )


def release_arrow_memory() -> None:
    """Hand the memory Arrow freed after a read back to the system.

    Arrow's allocator keeps freed blocks for its own reuse; after a Parquet read
    has been turned into pandas columns that is the whole table (about 650 MB at
    10 million patients, benchmarks/history.md), which nothing else would reuse.
    """
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # never imported just for this (xlsx and CSV need not)
        arrow.default_memory_pool().release_unused()


def parse_weights(text: str | None) -> BandWeights:
    """``must=2,expected=2,may=1,unlikely=-2`` (any subset) → :class:`BandWeights`.

    Raises:
        InputError: an unknown band, or a weight that is not a finite number.
    """
    if not text or not text.strip():
        return DEFAULT_WEIGHTS
    values: dict[str, float] = {}
    for part in text.split(","):
        name, _, number = part.partition("=")
        band = name.strip().casefold()
        try:
            # float() would read Python's digit separator: 1_0 is 10, not a slip.
            weight = math.nan if "_" in number else float(number)
        except ValueError:
            weight = math.nan
        if band in values:  # the last one would silently win
            raise InputError(
                Problem(
                    f"--weights: {band} is given twice",
                    expected="each band at most once",
                    fix="e.g. --weights must=2,expected=2,may=1,unlikely=-2",
                )
            )
        if band not in BANDS or not math.isfinite(weight):
            raise InputError(
                Problem(
                    f"--weights: cannot read '{part.strip()}'",
                    expected="band=number for bands " + ", ".join(BANDS),
                    fix="e.g. --weights must=2,expected=2,may=1,unlikely=-2",
                )
            )
        values[band] = weight
    return dataclasses.replace(DEFAULT_WEIGHTS, **values)


def format_weights(weights: BandWeights) -> str:
    """``must=2,expected=2,may=1,unlikely=-2``: the form ``--weights`` takes."""
    return ",".join(f"{band}={getattr(weights, band):g}" for band in BANDS)


def validate_ratings(
    path: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    limits: ReadLimits = DEFAULT_LIMITS,
    tariff_file: Path | None = None,
) -> list[str]:
    """``pbrkit validate`` for a ratings extract: every rating cell, and the tariff
    (``tariff_file``, else any tariff sheet).

    Raises:
        InputError: listing every problem found.
    """
    problems = ProblemCollector()
    data = read_ratings(path, limits=limits, collect=problems)
    try:
        codes = ratings_array(data.items, sheet=data.sheet, rows=data.rows)
    except InputError as error:
        problems.extend(error.problems)
    ref = load_reference_set(reference)
    refuse_admitted_over_stand_in(data, ref.clusters["review_days"], problems)
    tariff_source = _tariff_table(path, tariff_file, ref, limits, problems).source
    _raise_by_row(problems, f"correct {path.name}; nothing was written")
    unknown = int(np.count_nonzero(codes < 0))
    lines = [f"{path.name}: valid.", f"  {data.sheet}: {plural(len(data.items), 'patient')}"]
    lines.append(f"  unknown ratings (blank or 9): {unknown:,} of {codes.size:,} cells")
    if "cluster" in data.patients.columns:
        given = int(data.patients["cluster"].notna().sum())
        lines.append(f"  clinician clusters given: {given:,}")
    if data.traits:
        lines.append(f"  other columns kept: {', '.join(data.traits)}")
    lines.append(f"  tariff: {tariff_source}")
    return lines


def is_ratings_input(path: Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> bool:
    """True for a ratings extract: a CSV/Parquet table of MHCT items, or a workbook
    with a ``ratings`` sheet and no ``caseload`` sheet."""
    book = open_workbook(path, limits=limits, default_sheet="ratings")
    if is_single_table(path):
        # One rule for every command (pbrkit.io.table_kind), from the header row only.
        return single_table_kind(path, book) is TableKind.RATINGS
    return book.find("ratings") is not None and book.find("caseload") is None


def _tariff_table(
    ratings: Path,
    tariff_file: Path | None,
    ref: ReferenceSet,
    limits: ReadLimits,
    problems: ProblemCollector,
) -> TariffTable:
    """The tariff: ``--tariff``, else the ratings workbook's sheet, else the reference's
    (io.inputs.read_tariff_table, every command's rule), its problems (a cluster priced
    twice) in ``problems``; completed once the clusters priced are known."""
    # The ratings workbook is only opened when no --tariff replaces its tariff sheet.
    book = None if tariff_file else open_workbook(ratings, limits=limits, default_sheet="ratings")
    chosen = read_tariff_table(book, ratings, ref, problems, tariff_file=tariff_file, limits=limits)
    tariff_prices(chosen, ref, problems)
    return chosen


def _read_checked(
    ratings: Path, tariff_file: Path | None, ref: ReferenceSet, limits: ReadLimits
) -> tuple[RatingsInput, Int8Array, TariffTable]:
    """The ratings, their item codes and the tariff, every problem in them raised at once."""
    problems = ProblemCollector()
    data = read_ratings(ratings, limits=limits, collect=problems)
    release_arrow_memory()
    try:
        codes = ratings_array(data.items, sheet=data.sheet, rows=data.rows)
    except InputError as error:  # raised below with the tariff's problems
        problems.extend(error.problems)
        codes = np.empty((0, 0), dtype=np.int8)
    refuse_admitted_over_stand_in(data, ref.clusters["review_days"], problems)
    chosen = _tariff_table(ratings, tariff_file, ref, limits, problems)
    # The files the problems are in: a bad --tariff file is named, not the ratings.
    _raise_by_row(problems, correct_hint(ratings, problems))
    return data, codes, chosen


def _completed_tariff(
    chosen: TariffTable, ref: ReferenceSet, data: RatingsInput, allocation: Allocation
) -> tuple[pd.DataFrame, str, str]:
    """The prices of the clusters the run prices, completed from the reference set where
    a local tariff leaves them out (the rule `pbrkit cost` follows: methodology §2,
    §5.4); where they came from; and where a price was looked for, in words (a local
    tariff's missing clusters in the reference set too, as `pbrkit cost` says)."""
    tariff, fallbacks = tariff_prices(
        chosen, ref, ProblemCollector(), active=_priced_clusters(data, allocation)
    )
    looked = "" if chosen.table is None else f" or reference set {ref.label()}"
    return tariff, chosen.source + fallback_source(fallbacks, ref.label()), chosen.source + looked


def _priced_clusters(data: RatingsInput, allocation: Allocation) -> list[int]:
    """The clusters a run of ``pbrkit cluster`` prices: each clinician's cluster, and the
    suggested cluster of a patient with one (the £ at stake); the suggested clusters
    when there are no clinicians' clusters (patients' costs are then measured by them).
    A code no tariff prices (not assessed) is never borrowed, so it may be listed."""
    patients = data.patients
    clinician = patients["cluster"] if "cluster" in patients.columns else None
    if clinician is None or not clinician.notna().any():
        return sorted(int(c) for c in np.unique(pd.unique(allocation.suggested)))
    codes = clinician.to_numpy(dtype=np.float64, na_value=np.nan)
    given = np.isfinite(codes)
    suggested = allocation.suggested if given.all() else allocation.suggested[given]
    # Each column's distinct codes by hashing (a pass each), then the few of both sorted:
    # the same codes as sorting the two columns joined, which at 10 million patients
    # took 0.4-0.8 s and a 160 MB copy (round 15 of issue 16).
    distinct = pd.unique(codes)
    both = np.concatenate(
        [distinct[np.isfinite(distinct)], pd.unique(suggested).astype(np.float64)]
    )
    return sorted(int(c) for c in np.unique(both))


def _refuse_other_currencies(ref: ReferenceSet) -> None:
    """Allocation from ratings is defined for care clusters only (docs/methodology.md §3).

    The grid scores MHCT items against cluster profiles, with a variance and a
    "not assessed" code; a set in another currency (``ratings_allocation = false`` in
    its set.toml, the default) has no such thing, whatever grid is given.
    """
    if ref.currency.allocates_from_ratings:
        return
    raise InputError(
        Problem(
            f"reference set '{ref.name}' is in {ref.currency.name}s: allocation from "
            "ratings (pbrkit cluster) works only for care clusters, whose profiles score "
            "the MHCT items"
        ),
        hint=f"use a care-cluster set, e.g. --reference {DEFAULT_REFERENCE}; "
        f"pbrkit cost and pbrkit tender work with '{ref.name}'",
    )


def _left_out_of_grid(compiled: CompiledProfiles, ref: ReferenceSet) -> str:
    """The clusters a grid of one's own has no rows for, which are never suggested
    (methodology §5.2: the suggestion is among the profiled clusters); '' for none."""
    missing = sorted(ref.currency.profiled - {int(c) for c in compiled.clusters})
    if not missing:
        return ""
    names = [str(c) for c in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"; it has no rows for {noun(len(names), 'cluster')} {listed}, which are never suggested"


def _profiles(
    profiles_file: Path | None, ref: ReferenceSet, weights: BandWeights, limits: ReadLimits
) -> tuple[CompiledProfiles, str]:
    if profiles_file is not None:
        grid = read_profiles(profiles_file, limits=limits)
        compiled = compile_profiles(grid.frame, weights, sheet=grid.sheet, rows=grid.rows)
        source = f"{profiles_file.name} (your own grid, --profiles)"
        return compiled, source + _left_out_of_grid(compiled, ref)
    if ref.profiles is None:
        raise InputError(
            Problem(f"reference set '{ref.name}' has no allocation grid (profiles.csv)"),
            hint="give a grid with --profiles FILE (columns cluster, item, rating, band)",
        )
    compiled = compile_profiles(ref.profiles, weights, sheet="profiles.csv")
    status = (
        "pbrkit's own ILLUSTRATIVE grid, NOT the official Clustering Booklet grid"
        if ref.is_illustrative
        else ref.status
    )
    return compiled, f"profiles.csv of reference set {ref.name}: {status}"


def _allocated(
    codes: Int8Array,
    compiled: CompiledProfiles,
    options: ClusterOptions,
    data: RatingsInput,
    ref: ReferenceSet,
    ratings: Path,
) -> Allocation:
    """The suggested clusters; with no clinicians' clusters their review periods stand
    in for blank days (methodology §5.4), known only now: refused as the clinician's are
    while reading, admitted days above them."""
    allocation = allocate(
        codes, compiled, min_score=options.min_score, max_unknown=options.max_unknown
    )
    problems = ProblemCollector()
    refuse_admitted_over_stand_in(data, ref.clusters["review_days"], problems, allocation.suggested)
    _raise_by_row(problems, correct_hint(ratings, problems))
    return allocation


def _raise_by_row(problems: ProblemCollector, hint: str) -> None:
    """Raise every problem at once, in sheet and row order (cells before summaries)."""
    if problems:
        ordered = sorted(problems.problems, key=lambda p: (p.sheet or "", p.row or 1 << 62))
        raise InputError(ordered, hint=hint)


def _write_parquet(allocations: pd.DataFrame, path: Path) -> None:
    """The allocations as Parquet, with column statistics (min/max) for numbers only.

    The min and max of every patient ID, reason and trait text took about 0.6 s of CPU
    at 10 million patients (issue 16, round 13) and let no reader skip anything useful;
    a filter on a text column still works without them.
    """
    import pandas as pd

    numbers = [c for c in allocations.columns if pd.api.types.is_numeric_dtype(allocations[c])]
    allocations.to_parquet(path, index=False, write_statistics=numbers)


def refuse_more_than_a_sheet(patients: int) -> None:
    """``--format xlsx`` for more patients than one Excel sheet holds is refused before
    any work, so a 3.6-million-person extract is not read, allocated and audited only
    to fail at the file (nor written somewhere the user did not ask for)."""
    if patients + 1 > EXCEL_MAX_ROWS:  # + 1: the header row
        raise InputError(
            f"--format xlsx: {patients:,} patients do not fit one Excel sheet "
            f"({EXCEL_MAX_ROWS - 1:,} rows below the header)",
            hint="Use --format parquet (or csv) for the allocations file.",
        )


def _write_xlsx(allocations: pd.DataFrame, path: Path) -> None:
    """The allocations as one sheet: every patient ID and reason a text cell, kept as
    read (no leading ' as in the CSV: a text cell is never run as a formula)."""
    # refuse_more_than_a_sheet refused a longer table after the read, so one sheet holds it
    write_patient_sheet(allocations, path, sheet="allocations")


def _timed(name: str, write: Writer, progress: Progress) -> Writer:
    def timed(path: Path) -> None:
        started = time.perf_counter()
        write(path)
        progress(f"wrote {name} in {time.perf_counter() - started:.1f}s")

    return Alongside(timed) if isinstance(write, Alongside) else timed
