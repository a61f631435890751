"""``pbrkit validate`` as a library call: read everything, check everything, write nothing."""

from __future__ import annotations

from pathlib import Path

from pbrkit.costing import cost_caseload
from pbrkit.errors import ProblemCollector
from pbrkit.io import sheets
from pbrkit.io.inputs import read_cost_inputs, read_sheet
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.workbook import open_workbook
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set
from pbrkit.workflows.cluster import is_ratings_input, validate_ratings


def validate_workbook(
    workbook: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[str]:
    """Check every sheet pbrkit knows in ``workbook``; return a short report.

    A cost workbook is also put through the costing's own checks (every package
    resource has a unit cost, every cluster with activity a price, admitted days a
    bed-day cost), so a workbook that validates is one ``pbrkit cost`` accepts.

    Raises:
        InputError: listing every problem found, in every sheet.
    """
    if is_ratings_input(workbook, limits=limits):
        return validate_ratings(workbook, reference=reference, limits=limits)
    ref = load_reference_set(reference)
    book = open_workbook(workbook, limits=limits, default_sheet="caseload")
    problems = ProblemCollector()
    tender_sheets = (sheets.NHS, sheets.BIDDERS, sheets.LOTS)
    for spec in tender_sheets:
        read_sheet(book, spec, problems)
    problems.raise_if_any(hint=f"correct {workbook.name}; nothing was written")
    inputs, notes = read_cost_inputs(workbook, ref, limits=limits)
    cost_caseload(inputs)  # raises what `pbrkit cost` would stop on; the result is dropped
    lines = [f"{workbook.name}: valid."]
    lines += [f"  caseload: {len(inputs.caseload):,} rows"]
    lines += [
        f"  {table}: {source}" for table, source in inputs.sources.items() if table != "caseload"
    ]
    present = [spec.name for spec in tender_sheets if book.find(spec.name)]
    if present:
        lines.append(f"  tender sheets checked: {', '.join(present)}")
    lines += [f"  note: {n.detail}" for n in notes if n.check != "rows read"]
    return lines
