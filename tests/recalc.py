"""Recalculate an xlsx outside pbrkit and read back cell values (test helper).

Two independent engines, so a report's formulas are checked by something other than
the code that wrote them:

* :func:`recalc_formulas` uses the pure-Python ``formulas`` package;
* :func:`recalc_libreoffice` uses LibreOffice headless. LibreOffice normally shows an
  xlsx's saved values without recalculating, so the workbook is first copied with
  every formula's saved value removed (:func:`strip_cached_values`) and opened with
  a throw-away profile set to "always recalculate"; the values read back can then
  only have come from LibreOffice's own calculation.

Both return :class:`Values`: ``values[sheet][A1]`` → number, string or None, with
sheet names as the workbook spells them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

#: Sheet name → {"B7": value}.
Values = dict[str, dict[str, Any]]

#: LibreOffice's CSV export: comma, double quote, UTF-8, raw values (not "as
#: shown"), no formulas, and token 12 = -1: every sheet to its own
#: ``<stem>-<sheet>.csv`` (LibreOffice 7.2+).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"

#: org.openoffice.Office.Calc/Formula/Load: 0 = always recalculate on load.
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_CELL_KEY = re.compile(r"^'?\[(?P<book>[^\]]+)\](?P<sheet>.+?)'?!(?P<cell>[A-Z]+[0-9]+)$")
_FORMULA_VALUE = re.compile(r"(<f>[^<]*</f>|<f [^>]*>[^<]*</f>|<f [^>]*/>)<v>[^<]*</v>")


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, in order."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


# --------------------------------------------------------------------------- formulas


def recalc_formulas(path: Path) -> Values:
    """Recalculate every formula in ``path`` with the ``formulas`` package."""
    import formulas  # imported here: it is slow to import and only these tests need it

    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    by_upper = {name.upper(): name for name in sheet_names(path)}
    values: Values = {name: {} for name in by_upper.values()}
    for key, ranges in solution.items():
        match = _CELL_KEY.match(str(key))
        if match is None:  # ranges such as A1:B3, and defined names
            continue
        sheet = by_upper.get(match["sheet"].upper())
        if sheet is None:
            continue
        values[sheet][match["cell"]] = _scalar(getattr(ranges, "value", ranges))
    return values


def _scalar(value: Any) -> Any:
    """``[[x]]`` (numpy) → ``x`` as a plain Python value; Excel errors as strings."""
    while hasattr(value, "__len__") and not isinstance(value, str) and len(value) == 1:
        value = value[0]
    if hasattr(value, "item"):
        value = value.item()
    if value is None:
        return None
    text = str(value)
    if text in ("", "empty"):
        return None
    if isinstance(value, bool | int | float):
        return value
    return text


# ------------------------------------------------------------------------ LibreOffice


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` (``$PBRKIT_SOFFICE`` first), or None."""
    for candidate in (
        os.environ.get("PBRKIT_SOFFICE"),
        "/usr/bin/soffice",
        shutil.which("soffice"),
        shutil.which("libreoffice"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass(frozen=True)
class Conversion:
    """One ``soffice --convert-to`` run."""

    returncode: int
    stdout: str
    stderr: str
    outputs: list[Path]

    def problems(self) -> list[str]:
        """Why the run does not look clean (empty when it does)."""
        found = []
        if self.returncode != 0:
            found.append(f"exit code {self.returncode}")
        if not self.outputs:
            found.append("no output file")
        found += [f"empty output {p.name}" for p in self.outputs if p.stat().st_size == 0]
        # stdout echoes file paths (which may contain anything): read only its
        # error lines; stderr carries LibreOffice's load and filter messages.
        errors = [line for line in self.stdout.splitlines() if line.startswith("Error")]
        text = "\n".join([*errors, self.stderr]).lower()
        found += [
            f"'{word}' in its messages"
            for word in ("error", "repair", "corrupt", "could not be loaded")
            if word in text
        ]
        return found


def convert(
    path: Path,
    to: str,
    outdir: Path,
    *,
    profile: Path,
    recalc_always: bool = False,
    timeout: float = 180,
) -> Conversion:
    """Run ``soffice --headless --convert-to TO`` on ``path`` with its own profile.

    A fresh ``-env:UserInstallation`` per call keeps runs independent of any other
    LibreOffice on the machine (and of each other).
    """
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) not found")
    if recalc_always:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS)
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
        str(path),
    ]
    env = {**os.environ, "HOME": str(profile.parent), "SAL_USE_VCLPLUGIN": "svp"}
    stdout, stderr, code = _run(command, env=env, timeout=timeout)
    # A missing Java runtime is reported on every start and does not matter here.
    stderr = "\n".join(
        line for line in stderr.splitlines() if "javaldx" not in line and line.strip()
    )
    outputs = sorted(set(outdir.iterdir()) - before)
    return Conversion(code, stdout, stderr, outputs)


def _run(command: list[str], *, env: Mapping[str, str], timeout: float) -> tuple[str, str, int]:
    """Run in its own process group, and kill that group (only) on timeout."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(env),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise RuntimeError(f"{command[0]} timed out after {timeout}s: {stderr}") from None
    return stdout, stderr, process.returncode


def strip_cached_values(source: Path, target: Path) -> int:
    """Copy an xlsx with every formula's saved ``<v>`` removed; return how many.

    Everything else (styles, charts, shared strings) is copied byte for byte.
    """
    removed = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                text, count = _FORMULA_VALUE.subn(r"\1", data.decode("utf-8"))
                removed += count
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return removed


def recalc_libreoffice(path: Path, workdir: Path) -> tuple[Values, Conversion]:
    """Recalculate ``path`` in LibreOffice; return every sheet's values and the run.

    Raises:
        AssertionError: nothing was stripped (no formulas), or a sheet is missing.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    stripped = workdir / "stripped.xlsx"
    assert strip_cached_values(path, stripped) > 0, "no formula values to strip"
    run = convert(
        stripped,
        CSV_ALL_SHEETS,
        workdir / "csv",
        profile=workdir / "lo-profile",
        recalc_always=True,
    )
    values: Values = {}
    for name in sheet_names(path):
        csv_path = workdir / "csv" / f"{stripped.stem}-{name}.csv"
        assert csv_path.is_file(), f"LibreOffice wrote no CSV for sheet {name!r}: {run}"
        values[name] = _csv_cells(csv_path.read_text(encoding="utf-8"))
    return values, run


def _csv_cells(text: str) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for c, raw in enumerate(row, start=1):
            if raw != "":
                cells[f"{get_column_letter(c)}{r}"] = parse_number(raw)
    return cells


def parse_number(text: str) -> Any:
    """``"1234.5"`` → 1234.5, ``"-3.4%"`` → -0.034, ``"£1,234"`` → 1234; else the text."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace("\u2212", "-")
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    try:
        return float(cleaned) * scale
    except ValueError:
        return text
