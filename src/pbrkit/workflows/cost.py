"""``pbrkit cost`` as a library call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pbrkit.costing import DEFAULT_OPTIONS, CostingOptions, CostingResult, CostInputs, cost_caseload
from pbrkit.io.inputs import QualityNote, read_cost_inputs
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.model import ReferenceInfo, RunMetadata, run_metadata
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set
from pbrkit.relabel import costing_with_codes
from pbrkit.reports.excel import write_costing_workbook
from pbrkit.reports.html import render_costing_html, write_html
from pbrkit.reports.publish import publish_costing, publish_notes
from pbrkit.reports.summary import costing_summary, write_json
from pbrkit.reports.suppression import DisclosurePolicy, published_summary


@dataclass(frozen=True)
class CostRun:
    """A finished costing run: its inputs, result, data-quality notes and metadata.

    With ``disclosure`` set (``--publish``) the result, notes and metadata are the
    published ones (:func:`~pbrkit.reports.publish.publish_costing`).
    """

    inputs: CostInputs
    result: CostingResult
    notes: list[QualityNote]
    meta: RunMetadata
    disclosure: DisclosurePolicy | None = None
    #: summary.json's ``psa`` object, with ``--psa`` (the reports then lead with it).
    psa: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` object."""
        summary = costing_summary(self.result, self.meta)
        if self.psa is not None:
            summary = {**summary, "psa": self.psa}
        if self.disclosure is None:
            return summary
        return published_summary(summary, self.disclosure)

    def writers(self) -> dict[str, Writer]:
        """The three reports, by file name."""
        summary = self.summary()
        html = render_costing_html(self.result, self.notes, self.meta, self.psa)
        return {
            "summary.json": lambda path: write_json(summary, path),
            "report.xlsx": lambda path: write_costing_workbook(
                self.result, self.inputs, self.notes, self.meta, path, self.psa
            ),
            "report.html": lambda path: write_html(html, path),
        }


def run_cost(
    workbook: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    options: CostingOptions = DEFAULT_OPTIONS,
    limits: ReadLimits = DEFAULT_LIMITS,
    publish: DisclosurePolicy | None = None,
) -> CostRun:
    """Read ``workbook``, cost it, and describe the run (nothing is written).

    With ``publish``, every output shows the figures with small-number suppression.
    """
    ref = load_reference_set(reference)
    inputs, notes = read_cost_inputs(workbook, ref, tariff_file=tariff_file, limits=limits)
    # Text codes (a set such as illustrative-mhnrg) are shown as written, not as keys.
    result = costing_with_codes(cost_caseload(inputs, options), ref.currency)
    inputs = costing_with_codes(inputs, ref.currency)
    paths = [workbook] + ([tariff_file] if tariff_file else [])
    meta = run_metadata(
        "pbrkit cost",
        paths,
        ReferenceInfo(name=ref.name, status=ref.status, title=ref.title),
        options={
            "mff": options.mff,
            "years": options.years,
            "deflator": options.deflator,
            "inflation": options.inflation,
            "on_missing": options.on_missing,
            "first_year": options.first_year,
        },
    )
    if publish is None:
        return CostRun(inputs, result, notes, meta)
    published = publish_costing(result, publish)
    return CostRun(
        inputs,
        published,
        publish_notes(notes, publish, total=published.totals["service_users"]),
        meta.model_copy(update={"disclosure": publish.statement}),
        publish,
    )
