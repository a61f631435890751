"""``pbrkit cluster``: the disagreement and money-at-stake sections of its document.

Every off-diagonal cell of the confusion matrix, largest first, and the tariff income
at stake by the clinician's cluster (docs/methodology.md §5.3-5.4). Under ``--publish``
the disagreements are ordered by the counts shown (:func:`order_disagreements`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import pandas as pd

from pbrkit.audit_bounds import DISAGREEMENT_BOUNDS, MONEY_BOUNDS
from pbrkit.clustering import ClusterResult
from pbrkit.reports.document import Block, Chart, Document, Section, SumsTo, Table, Text
from pbrkit.reports.layouts.cluster_json import ordered_disagreements
from pbrkit.reports.layouts.cluster_more import plain, records
from pbrkit.reports.values import Value

TOP: Final = 10  # disagreements report.html shows (the workbook lists every one)


def disagreement_rows(result: ClusterResult) -> tuple[dict[str, Value], ...]:
    """Every off-diagonal cell of the confusion matrix, largest first, with the bound
    fields of its £ (read by ``--publish``, never written)."""
    cells = result.disagreements
    assert cells is not None and result.audit is not None
    names, rows_total = result.cluster_names, result.audit.cluster.confusion.sum(axis=1)
    return tuple(
        {"clinician_cluster": int(row["clinician_cluster"]),
         "clinician_name": names.get(int(row["clinician_cluster"]), ""),
         "suggested_cluster": int(row["suggested_cluster"]),
         "suggested_name": names.get(int(row["suggested_cluster"]), ""),
         "confusion_patients": int(row["patients"]), "audited": result.audit.audited,
         "clinician_cluster_patients": int(rows_total[row["clinician_cluster"]]),
         **({"disagreement_money": plain(row["money"])} if "money" in row else {}),
         **{k: plain(row[k]) for k in DISAGREEMENT_BOUNDS if k in row}}
        for row in cells.to_dict(orient="records")
    )  # fmt: skip


def disagreements_section(result: ClusterResult) -> Section:
    rows = disagreement_rows(result)
    money = ("disagreement_money",) if rows and "disagreement_money" in rows[0] else ()
    columns = ("clinician_cluster", "clinician_name", "suggested_cluster", "suggested_name",
               "confusion_patients", "audited", "share_of_audited",
               "clinician_cluster_patients", "share_of_clinician_cluster", *money)  # fmt: skip
    cell = ("clinician_cluster", "suggested_cluster")
    # A row's shares are over the audited patients and its clinician's cluster's: the
    # copies of those counts are the same counts (hidden with them, published).
    copies = (SumsTo(cell, "headline", (), "audited", "audited"),
              SumsTo(cell, "confusion_row", ("clinician_cluster",),
                     "clinician_cluster_patients", "clinician_cluster_patients"))  # fmt: skip
    table = Table("disagreements", "Every disagreement, largest first", columns, rows,
                  entity="confusion", ids=cell, total_is_everyone=False, sums_to=copies,
                  frozen=True)  # fmt: skip
    top = replace(table, key="top_disagreements", title="Where the clinicians and the "
                  "ratings disagree most", rows=rows[:TOP], excel=False, frozen=False)  # fmt: skip
    return Section("Disagreements", (top, replace(table, html=False)))


def money_section(result: ClusterResult) -> Section:
    audit = result.audit
    assert audit is not None
    if audit.money is None:
        return Section("Money at stake", (Text("No tariff: no money computed."),))
    bounds = audit.money_bounds
    frame = (audit.money if bounds is None else audit.money.join(bounds)).reset_index()
    frame.insert(1, "name", [result.cluster_names.get(int(c), "") for c in frame["cluster"]])
    rows = records(frame, {"patients": "clinician_cluster_patients",
                           "difference": "money_difference"})  # fmt: skip
    table = Table(
        "money", "Money at stake, by the clinician's cluster",
        ("cluster", "name", "clinician_cluster_patients", "income_clinician",
         "income_suggested", "money_difference"), rows,
        total={"clinician_cluster_patients": audit.audited, **result.income_totals,
               "money_difference": audit.money_total, **_most_of_rows(audit.money_bounds)},
        entity="confusion_row", ids=("cluster",), total_is_everyone=False, frozen=True,
        total_counts={"clinician_cluster_patients": "audited"},
        note="Tariff income on each audited patient's own days under the clinician's "
        "cluster and under the suggested one; positive = the clinicians' clusters are "
        "paid more.",
    )  # fmt: skip
    chart = Chart("money", "cluster", "money_difference",
                  "£ paid for clinicians' clusters above the suggested ones",
                  xlabel="Clinician's cluster")  # fmt: skip
    return Section("Money at stake", (table, chart))


def _most_of_rows(bounds: pd.DataFrame | None) -> dict[str, float]:
    """The total row's bound fields (:data:`~pbrkit.audit_bounds.MONEY_BOUNDS`): the
    largest of the rows', since one person is in one clinician's cluster."""
    if bounds is None or bounds.empty:
        return {}
    return {k: float(bounds[k].max()) for k in MONEY_BOUNDS}


def order_disagreements(document: Document) -> Document:
    """The published disagreements largest first by the counts shown, hidden last
    (ordered by the true counts, a hidden cell's place would narrow it down)."""

    if not any(t.key == "disagreements" for t in document.tables()):
        return document
    rows = tuple(ordered_disagreements(document.table("disagreements").rows))
    # The top rows are the largest shown, never a hidden one.
    shown = {"disagreements": rows, "top_disagreements": rows[:TOP]}

    def ordered(block: Block) -> Block:
        if isinstance(block, Table) and block.key in shown:
            return replace(block, rows=shown[block.key])
        return block

    return document.map_blocks(ordered)
