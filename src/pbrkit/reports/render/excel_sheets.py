"""The parts of every workbook that describe the run, not its figures.

The banner at the top of the first sheet (title, inputs, reference set, the
illustrative and disclosure notices) and the Run sheet (version, command, options,
input hashes): what a reader needs to trust, or reproduce, the figures.
"""

from __future__ import annotations

from pbrkit.model import RunMetadata
from pbrkit.reports.document import Document
from pbrkit.reports.xlsx import Formats, write_cell
from pbrkit.reports.xlsx_types import Sheet

#: The notice on every report made without ``--publish``, before its advice.
NOT_FOR_PUBLICATION = "Not for publication: contains unsuppressed small numbers. "


def write_banner(ws: Sheet, formats: Formats, document: Document) -> None:
    """Rows 0-4 of the first sheet: what this is, from what, and whether to publish it."""
    meta: RunMetadata = document.meta
    ws.write_string(0, 0, document.title, formats.title)
    inputs = ", ".join(meta.input_names())
    ws.write_string(1, 0, f"Input: {inputs}", formats.subtitle)
    ref = meta.reference
    ws.write_string(2, 0, f"Reference set: {ref.name} — {ref.status.upper()}", formats.warning)
    borrowed = ref.illustrative_tables()
    if borrowed:
        verb, figures = ref.illustrative_agreement()
        ws.write_string(
            3,
            0,
            f"{borrowed[0].upper()}{borrowed[1:]} from an illustrative reference set {verb} "
            f"not {figures}.",
            formats.subtitle,
        )
    write_disclosure(ws, formats, meta, row=4)


def write_disclosure(ws: Sheet, formats: Formats, meta: RunMetadata, *, row: int) -> None:
    """The published-report statement (``--publish``), or else the not-for-publication
    notice (counts of 1 to 7 people can identify them)."""
    if not meta.disclosure:
        advice = meta.publish_advice
        ws.write_string(row, 0, NOT_FOR_PUBLICATION + advice[0].upper() + advice[1:],
                        formats.warning)  # fmt: skip
    else:
        ws.write_string(
            row,
            0,
            f"{meta.disclosure}: counts of people 1-7 are shown as *, other counts are "
            "rounded to the nearest 5; ratios that rounding the £ could move by more than "
            "0.1 are * too; see Run.",
            formats.warning,
        )


def write_run_sheet(ws: Sheet, formats: Formats, meta: RunMetadata) -> None:
    """The Run sheet: version, command, timestamp, options and input hashes."""
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 80)
    ws.write_string(0, 0, "Run", formats.title)
    lines: list[tuple[str, str | None]] = [
        ("pbrkit version", meta.pbrkit_version),
        ("Command", meta.command),
        ("Generated at (UTC)", meta.generated_at),
        ("Reference set", f"{meta.reference.name} ({meta.reference.status})"),
        ("Seed", None if meta.seed is None else str(meta.seed)),  # text: exact to any size
    ]
    if meta.disclosure:
        lines.append(("Disclosure control", meta.disclosure))
    lines += [(f"Option {k}", _option_text(v)) for k, v in meta.options.items()]
    lines += [("Input read as", how) for how in meta.read_as]
    lines += [
        (f"--columns [{sheet}]", f"'{header}' read as {target}")
        for sheet, mapping in meta.column_map.items()
        for header, target in mapping.items()
    ]
    for i, (label, value) in enumerate(lines):
        ws.write_string(2 + i, 0, label)
        write_cell(ws, 2 + i, 1, value)
    row = 2 + len(lines) + 1
    ws.write_string(row, 0, "Input file", formats.header)
    ws.write_string(row, 1, "SHA-256", formats.header)
    for i, (item, name) in enumerate(zip(meta.inputs, meta.input_names(), strict=True)):
        ws.write_string(row + 1 + i, 0, name)
        ws.write_string(row + 1 + i, 1, item.sha256)


def _option_text(value: object) -> str:
    """An option's value as the Run sheet shows it: "not given", never "None"."""
    return "not given" if value is None else str(value)
