"""``pbrkit cost`` as a library call."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pbrkit.costing import (
    DEFAULT_OPTIONS,
    CostingOptions,
    CostingResult,
    CostInputs,
    cost_caseload,
    tariff_notes,
    zero_package_notes,
)
from pbrkit.currency import using_currency
from pbrkit.defaults import DEFAULT_FIRST_YEAR
from pbrkit.io.inputs import QualityNote, read_cost_inputs
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.sheets import CASELOAD as CASELOAD_SPEC
from pbrkit.io.workbook import naming_files
from pbrkit.levers import (
    NO_LEVERS,
    Levers,
    apply_levers,
    check_in_population,
    codes_without_people,
)
from pbrkit.model import RunMetadata
from pbrkit.pricing import tariff_rates
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set
from pbrkit.relabel import costing_with_codes
from pbrkit.reports.document import Document
from pbrkit.reports.layouts.cost import cost_document
from pbrkit.reports.publishing import publish as publish_document
from pbrkit.reports.suppression import DisclosurePolicy
from pbrkit.reports.values import CostPsaObject
from pbrkit.workflows.provenance import reference_info, run_metadata
from pbrkit.workflows.run import Run


@dataclass(frozen=True)
class CostRun(Run):
    """A finished costing run: its inputs, result, data-quality notes and metadata.

    ``result`` is always the exact one; with ``disclosure`` set (``--publish``) the
    document every output renders is the published one (:meth:`document`).
    """

    inputs: CostInputs
    result: CostingResult
    notes: list[QualityNote]
    meta: RunMetadata
    disclosure: DisclosurePolicy | None = None
    #: summary.json's ``psa`` object, with ``--psa`` (the reports then lead with it).
    psa: CostPsaObject | None = None
    #: The what-if levers the run applied (none: not a what-if).
    levers: Levers = NO_LEVERS

    def build_document(self) -> Document:
        """What every output shows (published with ``disclosure``)."""
        document = cost_document(
            self.result, self.inputs, self.notes, self.meta, self.psa, self.levers.summary()
        )
        return document if self.disclosure is None else publish_document(document, self.disclosure)


def run_cost(
    workbook: Path,
    *,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    options: CostingOptions = DEFAULT_OPTIONS,
    limits: ReadLimits = DEFAULT_LIMITS,
    publish: DisclosurePolicy | None = None,
    levers: Levers = NO_LEVERS,
) -> CostRun:
    """Read ``workbook``, cost it, and describe the run (nothing is written).

    With ``publish``, every output shows the figures with small-number suppression;
    ``levers`` change the tariff and costs read before costing (a what-if).
    """
    ref = load_reference_set(reference)
    # The levers' codes are the set's (PSY_CRI=10%): read them before any input.
    levers = levers.resolved(ref.currency)
    inputs, notes = read_cost_inputs(workbook, ref, tariff_file=tariff_file, limits=limits)
    # --first-year wins; else the year the input says it covers (an import's), else the
    # default: an imported 2017/18 is no longer labelled 2024/25 (rev13).
    first_year = options.first_year or inputs.financial_year or DEFAULT_FIRST_YEAR
    options = replace(options, first_year=first_year)
    with using_currency(ref.currency):  # the prices as read, before any lever
        notes = notes + tariff_notes(inputs)
    # A change to a code no caseload row has would be listed yet move nothing.
    check_in_population(levers, inputs.caseload["cluster"], "no row of the caseload",
                        empty=codes_without_people(inputs.caseload))  # fmt: skip
    inputs = apply_levers(inputs, levers)
    # Text codes (a set such as illustrative-mhnrg) are shown as written, not as keys.
    with using_currency(ref.currency):  # messages name codes as the set writes them
        # A costing problem at a caseload row of a CSV names the file, as the reading's do.
        with naming_files(workbook, only=(CASELOAD_SPEC.name,)):
            costed = cost_caseload(inputs, options)
        notes = notes + zero_package_notes(costed.rows, inputs.sources)
    result = costing_with_codes(costed, ref.currency)
    inputs = costing_with_codes(inputs, ref.currency)
    paths = [workbook] + ([tariff_file] if tariff_file else [])
    meta = run_metadata(
        "pbrkit cost",
        paths,
        reference_info(ref, inputs.sources),
        options={
            "mff": options.mff,
            "years": options.years,
            "deflator": options.deflator,
            "inflation": options.inflation,
            "efficiency": options.efficiency,
            "on_missing": options.on_missing,
            "first_year": options.first_year,
            **({"what_if": levers.summary()} if levers.applied() else {}),
        },
    )
    if publish is not None:  # £ totals rounded to the run's largest price or unit cost
        rates = [*tariff_rates(inputs.tariff, options.mff), *inputs.unit_costs["unit_cost"]]
        publish = publish.for_rates(rates)
    return CostRun(inputs, result, notes, meta, publish, levers=levers)
