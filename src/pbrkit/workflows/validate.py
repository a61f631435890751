"""``pbrkit validate`` as a library call: the commands' own reading, writing nothing.

Validation is not a second reader with rules of its own: for each command it runs
exactly the readers and cross-sheet checks that command runs (``cost``: the caseload or
patient rows, tariff, packages and unit costs, and the costing's checks; ``cluster``:
the ratings and any tariff; ``tender``: the tender sheets and the population), so a
file validates exactly when the command would accept it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from pbrkit.costing import cost_caseload, tariff_notes, zero_package_notes
from pbrkit.currency import using_currency
from pbrkit.defaults import VALIDATE_COMMANDS
from pbrkit.errors import InputError, MissingTariff, Problem, ProblemCollector
from pbrkit.io import sheets
from pbrkit.io.inputs import files_to_correct, read_cost_inputs, read_tariff_table, tariff_prices
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.table_kind import TableKind, is_single_table, single_table_kind
from pbrkit.io.workbook import naming_files, open_workbook
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set
from pbrkit.reports.format import noun, plural
from pbrkit.workflows.cluster import is_ratings_input, validate_ratings

#: The commands whose reading ``validate --for`` can run.
COMMANDS: Final = VALIDATE_COMMANDS
_TENDER_SHEETS: Final = (sheets.NHS.name, sheets.BIDDERS.name, sheets.LOTS.name)

Check = Callable[[Path, str | Path, ReadLimits, Path | None], list[str]]


def commands_for(path: Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[str, ...]:
    """The commands an input has sheets for.

    A single table: ``cluster`` for ratings, otherwise ``cost`` (one rule,
    :mod:`pbrkit.io.table_kind`). A workbook: ``cost`` for a caseload or patients
    sheet, ``cluster`` for a ratings sheet, ``tender`` for an nhs, bidders or lots sheet.
    """
    book = open_workbook(path, limits=limits, default_sheet="caseload")
    if is_single_table(path):
        kind = single_table_kind(path, book)
        return ("cluster",) if kind is TableKind.RATINGS else ("cost",)
    found: list[str] = []
    if book.find(sheets.CASELOAD.name) or book.find(sheets.PATIENTS.name):
        found.append("cost")
    if book.find("ratings") or is_ratings_input(path, limits=limits):
        found.append("cluster")
    if any(book.find(name) for name in _TENDER_SHEETS):
        found.append("tender")
    return tuple(found) or ("cost",)  # cost's reading says which sheet is missing


def validate_workbook(
    workbook: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    limits: ReadLimits = DEFAULT_LIMITS,
    commands: Sequence[str] = (),
    tariff_file: Path | None = None,
) -> list[str]:
    """Run each command's reading of ``workbook``; return a short report.

    ``commands`` defaults to :func:`commands_for`; ``tariff_file`` is read as the
    commands read ``--tariff`` (in place of a tariff sheet).

    Raises:
        InputError: listing every problem any of the commands' readings found.
    """
    chosen = tuple(commands) or commands_for(workbook, limits=limits)
    lines = [f"{workbook.name}: valid for {', '.join(f'pbrkit {c}' for c in chosen)}."]
    problems: list[Problem] = []
    unpriced: list[Problem] = []  # missing prices: fixed in the tariff as often as here
    hints: list[str] = []
    for command in chosen:
        try:
            lines += [f"  {command}:"] + [
                f"  {line}" for line in _CHECKS[command](workbook, reference, limits, tariff_file)
            ]
        except InputError as error:
            seen = {str(p) for p in problems}
            found = [p for p in error.problems if str(p) not in seen]
            problems += found
            if isinstance(error, MissingTariff):
                unpriced += found
            # Keep advice beyond "correct the file" (e.g. the missing-price options).
            if error.hint and not error.hint.startswith("correct ") and error.hint not in hints:
                hints.append(error.hint)
    if problems:
        raise InputError(problems, hint=_hint(workbook, problems, unpriced, hints))
    return lines


def _hint(path: Path, problems: list[Problem], unpriced: list[Problem], hints: list[str]) -> str:
    """The hint: ``correct trust.xlsx; nothing was written``, and the commands' advice. A missing
    price is not sent to the file it sits in: its fix says where the price goes, or to
    correct the row (fix6 found "correct fold/caseload.csv; …; add the missing prices")."""
    others = [p for p in problems if p not in unpriced]
    if not others:
        return "; ".join(["nothing was written", *hints])
    collected = ProblemCollector()
    collected.extend(others)
    files = files_to_correct(path, collected)  # and a --tariff file a problem names
    return "; ".join([f"correct {files}; nothing was written", *hints])


def _cost(
    path: Path, reference: str | Path, limits: ReadLimits, tariff_file: Path | None
) -> list[str]:
    """What ``pbrkit cost`` reads and checks (the costing's own checks included)."""
    ref = load_reference_set(reference)
    inputs, notes = read_cost_inputs(path, ref, tariff_file=tariff_file, limits=limits)
    try:
        # Located as `pbrkit cost` locates them: a CSV caseload's rows by its file.
        with using_currency(ref.currency), naming_files(path, only=(sheets.CASELOAD.name,)):
            # Raises what `pbrkit cost` would stop on; notes on the costing as it gives.
            notes += zero_package_notes(cost_caseload(inputs).rows, inputs.sources)
            notes += tariff_notes(inputs)
    except MissingTariff as error:
        raise _missing_prices(error) from None
    lines = [f"  caseload: {plural(len(inputs.caseload), 'row')} ({inputs.sources['caseload']})"]
    lines += [
        f"  {table}: {source}" for table, source in inputs.sources.items() if table != "caseload"
    ]
    lines += [f"  note: {n.detail}" for n in notes if n.check != "rows read"]
    return lines


def _cluster(
    path: Path, reference: str | Path, limits: ReadLimits, tariff_file: Path | None
) -> list[str]:
    """What ``pbrkit cluster`` reads and checks."""
    with naming_files(path, only=("ratings",)):
        lines = validate_ratings(path, reference=reference, limits=limits, tariff_file=tariff_file)
    borrowed = _left_to_reference(path, reference, limits, tariff_file)
    return [f"{line}{borrowed}" if line.startswith("  tariff: ") else line for line in lines[1:]]


def _left_to_reference(
    path: Path, reference: str | Path, limits: ReadLimits, tariff_file: Path | None
) -> str:
    """What `pbrkit cluster` will borrow, said before it runs: the clusters a partial
    local tariff leaves out that the reference set prices. Without allocating, the
    suggested clusters are not known, so every such cluster is named (methodology §2)."""
    ref = load_reference_set(reference)
    book = None if tariff_file else open_workbook(path, limits=limits, default_sheet="ratings")
    ignored = ProblemCollector()  # validate_ratings has reported the tariff's problems
    chosen = read_tariff_table(book, path, ref, ignored, tariff_file=tariff_file, limits=limits)
    every = [int(code) for code in ref.tariff.index]
    _, fallbacks = tariff_prices(chosen, ref, ignored, active=every)
    if not fallbacks or ignored:
        return ""
    codes = ref.currency.describe_list(f.cluster for f in fallbacks)
    many = noun(len(fallbacks), ref.currency.unit, f"{ref.currency.unit}s")
    return (
        f"; no price for {many} {codes}: any of them the run prices (a clinician's or a "
        f"suggested {ref.currency.unit}) takes reference set {ref.label()}'s price"
    )


def _tender(
    path: Path, reference: str | Path, limits: ReadLimits, tariff_file: Path | None
) -> list[str]:
    """What ``pbrkit tender`` reads and checks, up to the population it simulates."""
    from pbrkit.workflows.tender import prepare_tender  # the tender model loads on demand

    try:
        prepared = prepare_tender(path, reference=reference, limits=limits, tariff_file=tariff_file)
    except MissingTariff as error:
        raise _missing_prices(error) from None
    # A folder of CSVs holds files, not sheets: named as the user sees them.
    kind, suffix = ("files", ".csv") if path.is_dir() else ("sheets", "")
    read = ", ".join(f"{name}{suffix}" for name in prepared.sources.sheets) or "none (defaults)"
    return [
        f"  tender {kind} read: {read}",
        f"  population: {len(prepared.population):,} people "
        f"({prepared.inputs.table_sources['population']})",
    ]


def _missing_prices(error: MissingTariff) -> MissingTariff:
    """The prices the commands stop on, with advice for validate (which has no
    ``--on-missing``; `pbrkit cost --on-missing report` costs the rest)."""
    return MissingTariff(
        error.problems,
        hint="to cost the rest and list the unpriced activity, run "
        "`pbrkit cost --on-missing report`",
    )


_CHECKS: Final[dict[str, Check]] = {"cost": _cost, "cluster": _cluster, "tender": _tender}
