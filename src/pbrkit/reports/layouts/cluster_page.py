"""``pbrkit cluster``'s one-page summary (summary.pdf), from its (published) result.

The command's other reports are not yet drawn from a document; this page is: the
figures report.html's summary shows, its findings, and the patients the ratings put
in each cluster.
"""

from __future__ import annotations

from typing import Any

from pbrkit.clustering import ClusterResult
from pbrkit.model import RunMetadata
from pbrkit.reports.cluster_narrative import cluster_findings
from pbrkit.reports.document import Chart, Document, Findings, Headline, Section, Table

TITLE = "Cluster allocation: ratings against clinicians' clusters"


def cluster_page(result: ClusterResult, meta: RunMetadata) -> Document:
    """The one-page summary of a cluster run; ``result`` is the published one under
    ``--publish``, so its counts are the published counts."""
    audit = result.audit
    values: dict[str, Any] = {"patients": result.patients}
    shown = ["patients"]
    if audit is not None:
        values |= {"agreement": audit.agreement, "kappa": audit.kappa,
                   "superclass_agreement": audit.superclass.agreement}  # fmt: skip
        shown += ["agreement", "kappa", "superclass_agreement"]
        if audit.money_total is not None:
            values["money_at_stake"] = audit.money_total
            shown.append("money_at_stake")
    counts = tuple(
        {"cluster": str(code), "name": row.get("name", ""), "suggested": row["suggested"]}
        for code, row in zip(
            result.counts.index.tolist(), result.counts.to_dict("records"), strict=True
        )
    )
    table = Table("counts", None, ("cluster", "name", "suggested"), counts,
                  entity="cluster", ids=("cluster",), total_is_everyone=False)  # fmt: skip
    chart = Chart("counts", "cluster", "suggested", "Patients by the cluster their ratings "
                  "suggest", xlabel="Cluster")  # fmt: skip
    blocks = (Findings(tuple(cluster_findings(result))), Headline(values, tuple(shown)),
              chart, table)  # fmt: skip
    return Document("cluster", TITLE, meta, (Section("Summary", blocks),))
