"""``pbrkit tender``'s one-page summary (summary.pdf), from its (published) report.

The figures report.html's summary leads with, its findings, and the waterfall of the
NHS surplus from before the tender to after (docs/methodology.md §6.5).
"""

from __future__ import annotations

from pbrkit.reports.document import Chart, Document, Findings, Headline, Section, Table
from pbrkit.reports.tender_html import WATERFALL_LABELS
from pbrkit.reports.tender_narrative import tender_findings
from pbrkit.reports.tender_summary import TenderReport

TITLE = "What a tender leaves with the NHS"  # as report.html
SHOWN = ("taken_patients", "residue_patients", "nhs_surplus_before", "nhs_surplus_after",
         "nhs_surplus_change")  # fmt: skip


def tender_page(report: TenderReport) -> Document:
    """The one-page summary of a tender; ``report`` is the published one under
    ``--publish``, so its counts are the published counts."""
    residue = report.result.residue
    steps = report.waterfall
    # The steps add up: before − taken margin + kept − stranded = after (methodology §6.5).
    amounts = (steps["nhs_surplus_before"], -steps["taken_margin"], steps["kept_for_taken"],
               -steps["stranded_fixed_cost"], steps["nhs_surplus_after"])  # fmt: skip
    rows = tuple(
        {"waterfall_step": label, "waterfall_amount": amount}
        for label, amount in zip(WATERFALL_LABELS, amounts, strict=True)
    )
    table = Table("waterfall", None, ("waterfall_step", "waterfall_amount"), rows,
                  total_is_everyone=False)  # fmt: skip
    chart = Chart("waterfall", "waterfall_step", "waterfall_amount",
                  "How the NHS surplus changes", kind="waterfall")  # fmt: skip
    headline = Headline({k: residue[k] for k in SHOWN}, SHOWN)
    blocks = (Findings(tuple(tender_findings(report))), headline, chart, table)
    return Document("tender", TITLE, report.meta, (Section("Summary", blocks),))
