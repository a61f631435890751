"""summary.json from a document: plain numbers in £, nothing rounded, hidden = null.

The contract keys (``pbrkit_version``, ``command``, ``inputs``, ``reference``,
``seed``, ``totals`` and each table's records) come from the document; a published
document's hidden figures are ``null`` and listed under ``disclosure.suppressed``.
"""

from __future__ import annotations

from pbrkit.reports.document import Comparison, Document, Headline, Notes, Table
from pbrkit.reports.summary import header
from pbrkit.reports.suppression import hidden_listed, published_summary
from pbrkit.reports.values import JsonObject


def summary(document: Document) -> JsonObject:
    """The summary.json object of ``document``."""
    out: JsonObject = header(document.meta)
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Headline) and block.json_key:
                out[block.json_key] = dict(block.values)
            elif isinstance(block, Table) and block.json_key:
                out[block.json_key] = [
                    {key: row.get(key) for key in block.columns} for row in block.rows
                ]
            elif isinstance(block, Notes) and block.json_key:
                out[block.json_key] = [
                    {"check": n.check, "detail": n.detail, "rows": n.rows, "people": n.people}
                    for n in block.notes
                ]
            elif isinstance(block, Comparison):
                out[block.key] = comparison(block)
    out.update(document.extras)
    out.update({key: dict(values) for key, values in document.json_figures.items()})
    if document.derived is not None:
        out.update(document.derived(document))
    if document.json_order:
        out = ordered(out, (*header(document.meta), *document.json_order))
    if document.policy is None:  # published runs compared: their hidden figures listed
        return hidden_listed(out) if isinstance(out.get("disclosure"), dict) else out
    return published_summary(out, document.policy)


def ordered(out: JsonObject, order: tuple[str, ...]) -> JsonObject:
    """``out`` with the keys of ``order`` first, in that order, then the others."""
    first = [key for key in order if key in out]
    return {key: out[key] for key in (*first, *(k for k in out if k not in first))}


def comparison(block: Comparison) -> list[JsonObject]:
    """A comparison's rows: the figure, its label, each run's value and each later
    run's difference from the first (``difference``, by the later run's name)."""
    return [
        {
            "figure": row.figure,
            "label": row.label,
            "values": dict(zip(block.runs, row.values, strict=True)),
            "difference": {
                run: block.difference(row, i) for i, run in enumerate(block.runs) if i > 0
            },
        }
        for row in block.rows
    ]
