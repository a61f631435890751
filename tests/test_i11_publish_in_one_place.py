"""Issue 11 leftovers: every published figure reaches the one generic ``publish()``.

Found in round 12 (i11): ``reports/layouts/tender_json._totals`` rounded summary.json's
``totals`` £ figures itself (``policy.round_money``), and ``SweepRun.document``
published the sweep's ``base.patients`` itself (``disclosure.publish``) before the
layout saw it: two publish rules outside ``publish()``, which a new figure in either
object would have missed. Now a layout hands summary.json's figure objects to the
document (``Document.json_figures``) and ``publish()`` publishes them by their
registered units; the sweep's ``base.patients`` is the headline's published count.

Hand-worked, money base £50,000 (5 × the largest rate, £10,000), counts to 5:
  income   £1,234,567 → nearest £50,000 → £1,250,000 (24.69 bases → 25)
  cost     £1,180,000 → £1,200,000 (23.6 → 24)
  service users 12 → 10 (nearest 5, above the 1-7 band)
  cluster days 345 → 345 (days are not published as a count: about people, shown exactly)
"""

from __future__ import annotations

import ast
from pathlib import Path

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Headline, Section
from pbrkit.reports.publishing import publish
from pbrkit.reports.render.json import summary
from pbrkit.reports.suppression import NHSD_HES_2018

SRC = Path(__file__).resolve().parents[1] / "src" / "pbrkit"
POLICY = NHSD_HES_2018.for_rates([10_000.0])

#: What publishes a figure: the policy's rules, the count suppression, and the hidden
#: value itself (a layout that writes ``SUPPRESSED`` hides a figure by its own rule).
PUBLISH_HELPERS = frozenset({"round_money", "publish", "suppress_counts", "SUPPRESSED"})
#: Publish rules left outside publish() (module, helper): times used. A new one is a
#: figure the generic publish does not reach. Round 13 (i11b) moved the last two
#: hiding rules (tender_json's taken-cost ratio, uncertainty's most_important) in.
ALLOWED: dict[tuple[str, str], int] = {
    # Not a rule: compare reads a published run's summary.json back, where a hidden
    # figure was written null, and shows it hidden (*) rather than missing.
    ("reports/layouts/compare.py", "SUPPRESSED"): 1,
}


def _meta() -> RunMetadata:
    return RunMetadata(
        pbrkit_version="test", command="pbrkit tender", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip


def _document() -> Document:
    headline = Headline({"service_users": 12.0}, ("service_users",))
    totals = {"income": 1_234_567.0, "cost": 1_180_000.0, "service_users": 12.0,
              "cluster_days": 345.0}  # fmt: skip
    return Document("tender", "t", _meta(), (Section("Summary", (headline,)),),
                    json_figures={"totals": totals})  # fmt: skip


def test_json_figures_are_published_by_their_units() -> None:
    assert POLICY.money_base == 50_000
    totals = summary(publish(_document(), POLICY))["totals"]
    assert totals == {"income": 1_250_000, "cost": 1_200_000, "service_users": 10,
                      "cluster_days": 345.0}  # fmt: skip


def test_json_figures_are_exact_unpublished() -> None:
    totals = summary(_document())["totals"]
    assert totals["income"] == 1_234_567.0 and totals["service_users"] == 12.0


def _helper_uses(path: Path) -> list[str]:
    """Names of publish helpers a module reaches (``policy.round_money``, a call of
    ``suppress_counts``), however it reaches them."""
    uses = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in PUBLISH_HELPERS:
            uses.append(node.attr)
        elif isinstance(node, ast.Name) and node.id in PUBLISH_HELPERS - {"publish"}:
            uses.append(node.id)  # imports are not Names: only uses are counted
    return uses


def test_no_layout_or_workflow_publishes_a_figure_itself() -> None:
    """Fails on a layout or workflow that rounds, suppresses or hides a figure itself
    (``policy.round_money``, ``suppress_counts``, ``x = SUPPRESSED if …``)."""
    found: dict[tuple[str, str], int] = {}
    for folder in ("reports/layouts", "workflows"):
        for path in sorted((SRC / folder).glob("*.py")):
            for name in _helper_uses(path):
                where = (path.relative_to(SRC).as_posix(), name)
                found[where] = found.get(where, 0) + 1
    extra = {k: n for k, n in found.items() if n > ALLOWED.get(k, 0)}
    assert not extra, f"publish rules outside reports/publishing.publish(): {extra}"
