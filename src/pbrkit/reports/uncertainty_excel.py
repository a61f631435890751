"""The uncertainty workbook: Uncertainty, Tornado, Sensitivity, Thresholds and Run sheets.

It renders the summary.json object and nothing else, so Excel and JSON cannot disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from pbrkit.model import RunMetadata
from pbrkit.reports.uncertainty_narrative import (
    LABELS,
    NO_THRESHOLD,
    headline,
    threshold_sentence,
)
from pbrkit.reports.xlsx import COUNT, DECIMAL, MONEY, PERCENT, Formats, new_workbook, write_cell

#: The columns of the table of ranges assumed.
PARAMETER_HEADER: Final = [
    "parameter",
    "low (10th percentile)",
    "high (90th percentile)",
    "distribution",
    "mode",
    "median",
    "source",
]

#: Number format of each figure that is not money.
NOT_MONEY: Final = {"casemix_index": DECIMAL, "taken_patients": COUNT, "residue_patients": COUNT}


def write_uncertainty_workbook(summary: dict[str, Any], meta: RunMetadata, path: Path) -> None:
    """Write ``report.xlsx`` for a PSA."""
    workbook = new_workbook(path, title="pbrkit uncertainty", meta=meta)
    formats = Formats(workbook)
    psa = summary["psa"]
    uncertainty = workbook.add_worksheet("Uncertainty")
    _uncertainty_sheet(uncertainty, formats, summary)
    if meta.disclosure:
        uncertainty.write_string(1, 0, meta.disclosure, formats.wrap)
    _tornado_sheet(workbook.add_worksheet("Tornado"), formats, psa["tornado"])
    _sensitivity_sheet(workbook.add_worksheet("Sensitivity"), formats, psa["sensitivity"])
    _thresholds_sheet(workbook.add_worksheet("Thresholds"), formats, psa["thresholds"])
    _run_sheet(workbook.add_worksheet("Run"), formats, meta)
    workbook.close()


def add_uncertainty_sheets(workbook: Any, formats: Formats, psa: dict[str, Any]) -> None:
    """Add Uncertainty, Tornado and Thresholds sheets to another report's workbook
    (``psa``: the summary.json ``psa`` object), as ``pbrkit tender --psa`` does."""
    _uncertainty_sheet(
        workbook.add_worksheet("Uncertainty"),
        formats,
        {"psa": psa},
        ranges="in the table below",
    )
    _tornado_sheet(workbook.add_worksheet("Tornado"), formats, psa["tornado"])
    _thresholds_sheet(workbook.add_worksheet("Thresholds"), formats, psa["thresholds"])


def add_thresholds_sheet(workbook: Any, formats: Formats, thresholds: list[dict[str, Any]]) -> None:
    """Add a Thresholds sheet to another report's workbook (summary.json's
    ``thresholds``), as a tender of a scenario with an uncertainty table does."""
    _thresholds_sheet(workbook.add_worksheet("Thresholds"), formats, thresholds)


def _rows(
    ws: Any,
    formats: Formats,
    start: int,
    header: list[str],
    rows: list[list[Any]],
    number_formats: list[str | None],
) -> int:
    for col, text in enumerate(header):
        ws.write_string(start, col, text, formats.header)
    for r, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row):
            write_cell(ws, r, col, value, formats.get(number_formats[col]))
    return start + len(rows) + 2


def _uncertainty_sheet(
    ws: Any, formats: Formats, summary: dict[str, Any], *, ranges: str | None = None
) -> None:
    psa = summary["psa"]
    ws.write_string(0, 0, "Uncertainty: what the answer is, given the ranges", formats.title)
    row = 2
    lines = headline(summary) if ranges is None else headline(summary, ranges=ranges)
    for line in lines:
        ws.write_string(row, 0, line, formats.wrap)
        row += 1
    header = ["figure", "mean", "p5", "p50", "p95", "share of variance from parameters"]
    row += 1
    for col, text in enumerate(header):
        ws.write_string(row, col, text, formats.header)
    for name, stats in psa["figures"].items():
        row += 1
        fmt = formats.get(NOT_MONEY.get(name, MONEY))
        ws.write_string(row, 0, name)
        for col, key in enumerate(("mean", "p5", "p50", "p95"), start=1):
            write_cell(ws, row, col, stats[key], fmt)
        write_cell(ws, row, 5, stats["share_parameters"], formats.get(PERCENT))
    row += 2
    params = [
        [p[key] for key in ("parameter", "low", "high", "distribution", "mode", "median", "source")]
        for p in psa["parameters"]
    ]
    _rows(
        ws,
        formats,
        row,
        [
            "parameter",
            "low (10th percentile)",
            "high (90th percentile)",
            "distribution",
            "mode",
            "median",
            "source",
        ],
        params,
        [None, DECIMAL, DECIMAL, None, DECIMAL, DECIMAL, None],
    )
    ws.set_column(0, 0, 34)
    ws.set_column(1, 6, 16)


def _tornado_sheet(ws: Any, formats: Formats, tornado: dict[str, Any]) -> None:
    ws.write_string(
        0, 0, "Tornado: each parameter at its low and high, others at medians", formats.title
    )
    row = 2
    for figure, bars in tornado["figures"].items():
        ws.write_string(row, 0, LABELS.get(figure, figure), formats.subtitle)
        rows = [
            [b["parameter"], b["low"], b["high"], b["at_low"], b["at_high"], b["swing"]]
            for b in bars
        ]
        row = _rows(
            ws,
            formats,
            row + 1,
            ["parameter", "low", "high", "figure at low", "figure at high", "swing"],
            rows,
            [None, DECIMAL, DECIMAL, MONEY, MONEY, MONEY],
        )
    ws.set_column(0, 0, 34)
    ws.set_column(1, 5, 16)


def _sensitivity_sheet(ws: Any, formats: Formats, sensitivity: dict[str, Any]) -> None:
    ws.write_string(
        0, 0, "Share of each figure's variance explained by each parameter", formats.title
    )
    row = 2
    for figure, result in sensitivity.items():
        ws.write_string(
            row,
            0,
            f"{LABELS.get(figure, figure)} — {result['method']}, R² {result['r_squared']}",
            formats.subtitle,
        )
        rows = [[name, share] for name, share in result["shares"].items()]
        row = _rows(ws, formats, row + 1, ["parameter", "share of variance"], rows, [None, PERCENT])
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 18)


def _thresholds_sheet(ws: Any, formats: Formats, thresholds: list[dict[str, Any]]) -> None:
    ws.write_string(0, 0, "Break-even points", formats.title)
    rows = []
    for t in thresholds:
        spread = t.get("psa") or {}
        rows.append(
            [
                t["parameter"],
                t["figure"],
                t["target"],
                t["value"],
                spread.get("p5"),
                spread.get("p50"),
                spread.get("p95"),
                spread.get("no_crossing"),
                t["tolerance"],
                t["method"],
            ]
        )
    row = _rows(
        ws,
        formats,
        2,
        [
            "parameter",
            "figure",
            "target",
            "break-even",
            "PSA p5",
            "PSA p50",
            "PSA p95",
            "samples with no crossing",
            "tolerance",
            "method",
        ],
        rows,
        [None, None, MONEY, DECIMAL, DECIMAL, DECIMAL, DECIMAL, COUNT, None, None],
    )
    # In words too, so a blank break-even cell is never left to be read as zero.
    for sentence in [threshold_sentence(t) for t in thresholds] or [NO_THRESHOLD]:
        ws.write_string(row, 0, sentence or "", formats.wrap)
        row += 1
    ws.set_column(0, 1, 28)
    ws.set_column(2, 9, 14)


def _run_sheet(ws: Any, formats: Formats, meta: RunMetadata) -> None:
    ws.write_string(0, 0, "Run", formats.title)
    lines: list[tuple[str, Any]] = [
        ("pbrkit version", meta.pbrkit_version),
        ("command", meta.command),
        ("generated", meta.generated_at),
        ("seed", meta.seed),
        ("reference set", f"{meta.reference.name} ({meta.reference.status})"),
        *((str(k), str(v)) for k, v in meta.options.items()),
        *((f"input {i.path}", i.sha256) for i in meta.inputs),
        # Under --publish: "Published with small-number suppression (…)".
        *((("disclosure", meta.disclosure),) if meta.disclosure else ()),
    ]
    for r, (label, value) in enumerate(lines, start=2):
        ws.write_string(r, 0, label)
        write_cell(ws, r, 1, value)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)
