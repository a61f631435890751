"""Hostile and malformed inputs, run through the real command line one by one.

Each case is built at test time by ``tests/hostile/make_corpus.py`` (nothing binary
is checked in) and given to ``python -m pbrkit`` in a subprocess. Every test's
docstring states the outcome pbrkit promises:

- **Refused**: exit code 2, a message naming the problem, and nothing written to
  ``--out``;
- **Accepted**: exit code 0, with the interpretation stated.

Every run is also held to sanity bounds on wall time and peak memory
(:data:`MAX_SECONDS`, :data:`MAX_MB`): pbrkit's own ``ru_maxrss``, taken with
``os.wait4`` by a small launcher process. They are generous limits against runaway
parsing, not performance targets. Set ``PBRKIT_HOSTILE_REPORT=path.md`` to write
every measurement to a table (SECURITY.md quotes the largest).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from pbrkit.io import xlsxscan
from pbrkit.reference import ReferenceSet

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT / "tests" / "hostile" / "make_corpus.py"

#: Sanity bounds for every run (seconds of wall time, MB of peak resident memory).
MAX_SECONDS = 30.0
MAX_MB = 1536.0
#: The full-sheet cases (1,048,576 rows read, typed and costed) measured 5-15 s on a
#: busy 2-CPU machine; their time bound leaves room for slower CI runners.
FULL_SHEET_SECONDS = 60.0
#: The cases that must not expand XML entities get a tighter memory bound: a billion
#: laughs expanded would need about 3 GB.
ENTITY_MAX_MB = 500.0
#: The slowest case to build (XlsxWriter writing 1,048,576 rows) is started in the
#: background when the module starts, and waited for at most this long.
BUILD_TIMEOUT = 600.0


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


corpus_module = _load_corpus()


@dataclass(frozen=True)
class Run:
    """One finished ``pbrkit`` subprocess."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


MEASURED: dict[str, Run] = {}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


#: Runs pbrkit as its child and reports the child's own peak memory. Measuring from
#: pytest directly would not do: on Linux a child's ``ru_maxrss`` starts from the RSS
#: of the process that forked it, and pytest (holding corpus data) can be larger than
#: pbrkit. This launcher is a few MB.
_LAUNCHER = """
import json, os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execv(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
seconds = time.monotonic() - start
with open(report, "w") as out:
    json.dump({"seconds": seconds, "maxrss": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)
"""


def pbrkit(
    label: str, *args: object, timeout: float = 120.0, max_seconds: float = MAX_SECONDS
) -> Run:
    """Run ``python -m pbrkit ARGS``; measure its wall time and peak memory; check bounds."""
    argv = [sys.executable, "-m", "pbrkit", *(str(a) for a in args)]
    with (
        tempfile.TemporaryDirectory() as work,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(work) / "usage.json"
        launcher = [sys.executable, "-c", _LAUNCHER, str(report), *argv]
        process = subprocess.Popen(
            launcher, stdout=out, stderr=err, env=_env(), cwd=ROOT, start_new_session=True
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail(f"{label}: pbrkit did not finish within {timeout:.0f} s")
        usage = json.loads(report.read_text(encoding="utf-8"))
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    run = Run(
        tuple(argv[3:]),
        process.returncode,
        stdout,
        stderr,
        float(usage["seconds"]),
        usage["maxrss"] / scale,
    )
    MEASURED[label] = run
    assert run.seconds < max_seconds, f"{label}: took {run.seconds:.1f} s"
    assert run.peak_mb < MAX_MB, f"{label}: peak memory {run.peak_mb:.0f} MB"
    assert "Traceback" not in run.output, run.output
    return run


def refused(run: Run, out: Path, *needles: str) -> None:
    """Exit 2, every needle in the message, no traceback, and nothing written."""
    assert run.code == 2, run.output
    assert "Error:" in run.stderr, run.output
    for needle in needles:
        assert needle in run.output, f"{needle!r} not in:\n{run.output}"
    assert not out.exists() or not any(out.iterdir()), f"{out} was written to"


def accepted(run: Run, out: Path | None = None) -> dict[str, object]:
    """Exit 0 and the three reports; returns summary.json."""
    assert run.code == 0, run.output
    if out is None:
        return {}
    assert {p.name for p in out.iterdir()} >= {"summary.json", "report.xlsx", "report.html"}
    summary: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def totals(summary: dict[str, object]) -> dict[str, float]:
    values = summary["totals"]
    assert isinstance(values, dict)
    return values


def people_in(summary: dict[str, object], cluster: int) -> float:
    rows = summary["clusters"]
    assert isinstance(rows, list)
    return float(sum(r["service_users"] for r in rows if r["cluster"] == cluster))


class Corpus:
    """Builds cases on first use into one folder for the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}
        self.background: dict[str, subprocess.Popen[bytes]] = {}

    def __getitem__(self, name: str) -> Path:
        if name in self.background:
            process = self.background.pop(name)
            assert process.wait(timeout=BUILD_TIMEOUT) == 0, f"building {name} failed"
            self.paths[name] = self.folder / _expected_name(name)
        if name not in self.paths:
            self.paths.update(corpus_module.build(self.folder, [name]))
        return self.paths[name]

    def start(self, name: str) -> None:
        """Build ``name`` in a background process (for the slow XlsxWriter case)."""
        command = [sys.executable, str(MAKE_CORPUS), str(self.folder), name]
        self.background[name] = subprocess.Popen(command, stdout=subprocess.DEVNULL)


def _expected_name(name: str) -> str:
    return {"xlsx_1m_rows": "xlsx_1m_rows.xlsx"}[name]


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("hostile"))
    if any("xlsx_1m_rows" in item.name for item in request.session.items):
        built.start("xlsx_1m_rows")
    yield built
    for process in built.background.values():
        process.kill()
        process.wait()
    _report_measurements()


@pytest.fixture(autouse=True, scope="module")
def _start_slow_builds(corpus: Corpus) -> None:
    """Start the background build as soon as the module starts."""


def _report_measurements() -> None:
    target = os.environ.get("PBRKIT_HOSTILE_REPORT")
    if not target or not MEASURED:
        return
    lines = ["| case | exit | seconds | peak MB |", "|---|---|---|---|"]
    for label, run in MEASURED.items():
        lines.append(f"| {label} | {run.code} | {run.seconds:.2f} | {run.peak_mb:.0f} |")
    slowest = max(MEASURED.items(), key=lambda item: item[1].seconds)
    largest = max(MEASURED.items(), key=lambda item: item[1].peak_mb)
    lines += [
        "",
        f"slowest: {slowest[0]} {slowest[1].seconds:.2f} s; "
        f"largest: {largest[0]} {largest[1].peak_mb:.0f} MB",
    ]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def cost(
    corpus: Corpus, name: str, tmp_path: Path, *extra: object, max_seconds: float = MAX_SECONDS
) -> tuple[Run, Path]:
    out = tmp_path / "out"
    label = " ".join([name, *(str(e) for e in extra)])
    run = pbrkit(label, "cost", corpus[name], "--out", out, *extra, max_seconds=max_seconds)
    return run, out


# --- the archive --------------------------------------------------------------------------


def test_zip_bomb(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: sheet1.xml declares 3,000 MB (over the 2,048 MB default of
    --max-unzipped-mb); judged from the central directory before anything inflates."""
    run, out = cost(corpus, "zip_bomb", tmp_path)
    refused(run, out, "would expand to 3,000 MB", "limit of 2,048 MB", "--max-unzipped-mb")


def test_zip_bomb_under_a_lower_limit(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: --max-unzipped-mb 100 lowers the limit, and a 300 MB archive exceeds it."""
    out = tmp_path / "out"
    run = pbrkit(
        "zip_bomb_ratio --max-unzipped-mb 100",
        "cost",
        corpus["zip_bomb_ratio"],
        "--out",
        out,
        "--max-unzipped-mb",
        "100",
    )
    refused(run, out, "would expand to 300 MB", "limit of 100 MB")


def test_zip_bomb_ratio(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: 300 MB declared, under the size limit, but compressed about 1,000:1
    (the limit is 200:1; genuine sheet XML compresses 5-30:1)."""
    run, out = cost(corpus, "zip_bomb_ratio", tmp_path)
    refused(run, out, "is compressed 1,0", "limit of 200:1", "zip bomb")


def test_zip_bomb_lying_sizes(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: the headers declare a few hundred bytes, the data inflates to 1 GB.
    calamine ignores declared sizes (it would read the whole gigabyte); pbrkit inflates
    each entry as a stream first and stops one chunk past the declared size."""
    run, out = cost(corpus, "zip_bomb_lying", tmp_path)
    refused(run, out, "inflates beyond the", "bytes its header declares")
    assert run.peak_mb < ENTITY_MAX_MB


def test_zip_entry_bomb(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: 70,005 entries (limit 10,000), counted from the end-of-central-directory
    record (Zip64) before Python's zipfile builds an object per entry."""
    run, out = cost(corpus, "zip_entry_bomb", tmp_path)
    refused(run, out, "70,005 archive entries", "limit of 10,000")


def test_zip_encrypted_entry(corpus: Corpus, tmp_path: Path) -> None:
    """Refused as password-protected: an entry carries the zip 'encrypted' flag."""
    run, out = cost(corpus, "zip_encrypted_entry", tmp_path)
    refused(run, out, "is password-protected")


def test_truncated_zip(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: half a workbook (no central directory) is 'truncated or corrupt'."""
    run, out = cost(corpus, "truncated_zip", tmp_path)
    refused(run, out, "truncated or corrupt")


def test_corrupt_zip(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: damaged deflate data is found while the pre-flight inflates the entry."""
    run, out = cost(corpus, "corrupt_zip", tmp_path)
    refused(run, out, "truncated or corrupt")


def test_csv_named_xlsx(corpus: Corpus, tmp_path: Path) -> None:
    """Refused, naming what the file is: CSV text with an .xlsx name."""
    run, out = cost(corpus, "csv_named_xlsx", tmp_path)
    refused(run, out, "is not a spreadsheet (perhaps text or CSV)")


def test_pdf_named_xlsx(corpus: Corpus, tmp_path: Path) -> None:
    """Refused, naming what the file is: a PDF with an .xlsx name."""
    run, out = cost(corpus, "pdf_named_xlsx", tmp_path)
    refused(run, out, "is a PDF document")


def test_password_protected(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: an OLE2 compound file (what Excel writes for a password-protected
    .xlsx), recognised by its D0 CF 11 E0 signature; the fix says how to remove it."""
    run, out = cost(corpus, "password_protected", tmp_path)
    refused(run, out, "password-protected", "Protect Workbook")


def test_zero_bytes(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: an empty file."""
    run, out = cost(corpus, "zero_bytes", tmp_path)
    refused(run, out, "empty (0 bytes)")


# --- XML ----------------------------------------------------------------------------------


def test_xml_bomb_in_sheet(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: sheet1.xml declares entities (billion laughs); nothing is expanded."""
    run, out = cost(corpus, "xml_bomb_sheet", tmp_path)
    refused(run, out, "sheet1.xml' declares XML entities")
    assert run.peak_mb < ENTITY_MAX_MB


def test_xml_bomb_in_shared_strings(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: sharedStrings.xml (read when a workbook is opened) declares entities."""
    run, out = cost(corpus, "xml_bomb_shared_strings", tmp_path)
    refused(run, out, "sharedStrings.xml' declares XML entities")
    assert run.peak_mb < ENTITY_MAX_MB


def test_xml_bomb_behind_padding(corpus: Corpus, tmp_path: Path) -> None:
    """Refused by calamine itself: the DTD sits past the 64 KB pbrkit searches, and
    calamine (quick-xml) never expands a declared entity: it stops at the first
    reference ('unrecognized entity'). The external entity (file:///etc/passwd) is
    not fetched either."""
    run, out = cost(corpus, "xml_bomb_hidden_dtd", tmp_path)
    refused(run, out, "could not read sheet 'caseload'", "unrecognized entity")
    assert "root:" not in run.output
    assert run.peak_mb < ENTITY_MAX_MB


def test_calamine_does_not_expand_entities(corpus: Corpus) -> None:
    """calamine's own behaviour, pinned: an entity reference is an error, at once."""
    import fastexcel

    started = time.monotonic()
    reader = fastexcel.read_excel(corpus["xml_bomb_hidden_dtd"])
    with pytest.raises(Exception, match="unrecognized entity"):
        reader.load_sheet("caseload", header_row=None)
    assert time.monotonic() - started < 5


def test_openpyxl_parses_with_defusedxml() -> None:
    """openpyxl (used by tests and tools, never to read inputs) picks up defusedxml,
    and defusedxml refuses the billion-laughs DTD that the corpus uses."""
    import defusedxml
    import openpyxl.xml
    from defusedxml import ElementTree

    assert openpyxl.xml.DEFUSEDXML
    with pytest.raises(defusedxml.EntitiesForbidden):
        ElementTree.fromstring(corpus_module.LAUGHS + "<a>&lol9;</a>")


# --- grids ---------------------------------------------------------------------------------


def test_grid_bomb_xlsx(corpus: Corpus, tmp_path: Path) -> None:
    """Refused before calamine reads it: cells at A1 and XFD1048576 span 17 billion
    cells (limit 50 million). Unchecked, calamine allocates the whole grid and the
    process aborts (SIGABRT) instead of exiting 2."""
    run, out = cost(corpus, "grid_bomb_xlsx", tmp_path)
    refused(run, out, "spans 17,179,869,184 cells (A1:XFD1048576)", "limit of 50,000,000")


def test_grid_bomb_without_references(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: the same grid reached by 16,384 cells without references in a row
    numbered 1048576 (calamine counts positions), found by the tag-by-tag walk."""
    run, out = cost(corpus, "grid_bomb_no_refs", tmp_path)
    refused(run, out, "spans 17,179,869,184 cells")


def test_grid_bomb_ods(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: a 1 KB .ods repeating one cell over 1,000 columns x 1,000,000 rows
    (calamine would expand it on opening the file)."""
    run, out = cost(corpus, "grid_bomb_ods", tmp_path)
    refused(run, out, "spans 1,000,001,000 cells", "limit of 50,000,000")


def test_ods_formula_without_saved_value(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: an .ods cell with a formula and no value (LibreOffice always saves one;
    a script may not)."""
    run, out = cost(corpus, "ods_formula_no_value", tmp_path)
    refused(run, out, "row 2, column 'cluster_days': cell C2 is a formula without a saved value")


# --- workbook shape -------------------------------------------------------------------------


def test_no_sheets(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: a workbook with no sheets at all has no caseload."""
    run, out = cost(corpus, "no_sheets", tmp_path)
    refused(run, out, "sheet 'caseload' is missing (sheets found: none)")


def test_empty_sheet(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: an empty caseload sheet has no header row."""
    run, out = cost(corpus, "empty_sheet", tmp_path)
    refused(run, out, "sheet 'caseload': no header row found")


def test_missing_caseload(corpus: Corpus, tmp_path: Path) -> None:
    """Refused, listing the sheets that were found."""
    run, out = cost(corpus, "missing_caseload", tmp_path)
    refused(run, out, "sheet 'caseload' is missing (sheets found: 'tariff', 'Notes')")


def test_ambiguous_sheets(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: 'caseload' and 'Case Load' both match (names match ignoring case,
    spaces and underscores), so which one is meant cannot be told."""
    run, out = cost(corpus, "ambiguous_sheets", tmp_path)
    refused(run, out, "sheets 'caseload' and 'Case Load' both match 'caseload'")


def test_misspelt_headers(corpus: Corpus, tmp_path: Path) -> None:
    """Refused, with a 'did you mean' suggestion for each misspelt required column."""
    run, out = cost(corpus, "misspelt_headers", tmp_path)
    refused(
        run,
        out,
        "required column 'service_users' is missing",
        "rename column B 'servce_users' to 'service_users'",
        "rename column A 'clustr' to 'cluster'",
    )


def test_title_block(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: the header is found on row 5, below three title lines and a blank."""
    run, out = cost(corpus, "title_block", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 450


def test_merged_group_header(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: merged group labels above the header are a title block; the header
    row below them is found and read."""
    run, out = cost(corpus, "merged_group_header", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 450


def test_merged_header_cell(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted, with a note: a header merged across B1:C1 names column B only (the
    merge's value sits in its first cell). Column C's figure (15) is not read, and
    `pbrkit validate` and the Data quality sheet say that column C holds values but
    has no header."""
    run, out = cost(corpus, "merged_header_cell", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 320
    check = pbrkit("merged_header_cell (validate)", "validate", corpus["merged_header_cell"])
    assert check.code == 0, check.output
    assert "column C holds values but has no header, so it was not read" in check.stdout


def test_hidden_caseload(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted, with a note: a hidden sheet is still data its author keeps, so it is
    read; `pbrkit validate` and the Data quality sheet say it was hidden."""
    run, out = cost(corpus, "hidden_caseload", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 450
    check = pbrkit("hidden_caseload (validate)", "validate", corpus["hidden_caseload"])
    assert check.code == 0, check.output
    assert "sheet 'caseload' is hidden in the workbook; it was read all the same" in check.stdout


def test_xlsm_with_macros(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: an .xlsm with a vbaProject.bin is read for its cell values only;
    the macro project is never opened, let alone run."""
    run, out = cost(corpus, "xlsm_with_macros", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 450


# --- cells ---------------------------------------------------------------------------------


def test_duplicate_tariff(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: two prices for cluster 3 in the tariff sheet (which one is meant?)."""
    run, out = cost(corpus, "duplicate_tariff", tmp_path)
    refused(run, out, "sheet 'tariff', row 4, column 'cluster': cluster 3 appears more than once")


def test_duplicate_caseload(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: cluster 3 on two rows (two teams) is costed per row and summed."""
    run, out = cost(corpus, "duplicate_caseload", tmp_path)
    summary = accepted(run, out)
    assert people_in(summary, 3) == 250


def test_bad_clusters(corpus: Corpus, tmp_path: Path) -> None:
    """Refused, each bad code named with its row: 9 (unused), 22, -1 and 'abc'."""
    run, out = cost(corpus, "bad_clusters", tmp_path)
    refused(
        run,
        out,
        "row 2, column 'cluster': cluster 9 is not used",
        "row 3, column 'cluster': not a valid cluster code (found '22')",
        "row 4, column 'cluster': not a valid cluster code (found '-1')",
        "row 5, column 'cluster': not a valid cluster code (found 'abc')",
    )
    assert "row 6" not in run.output


def test_negative_counts(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: negative people and negative cluster days, each cell named."""
    run, out = cost(corpus, "negative_counts", tmp_path)
    refused(
        run,
        out,
        "row 2, column 'service_users': value out of range (below the lowest accepted, 0)"
        " (found '-5')",
        "row 3, column 'cluster_days': value out of range (below the lowest accepted, 0)"
        " (found '-100')",
    )


def test_admitted_over_days(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: 250 admitted days in a row of 100 cluster days (admitted days are
    part of cluster days)."""
    run, out = cost(corpus, "admitted_over_days", tmp_path)
    refused(run, out, "row 3, column 'admitted_days': admitted days exceed cluster days")
    assert "row 2" not in run.output


def test_text_in_numbers(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: 'lots' and 'n/a' are not numbers; '£1,234' in the same column is (money
    written as text is accepted), so it is not reported."""
    run, out = cost(corpus, "text_in_numbers", tmp_path)
    refused(run, out, "not a number (found 'lots')", "not a number (found 'n/a')")
    assert "1,234" not in run.output


def test_dates_in_numbers(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: a date in cluster_days is named as a date, with the likely cause."""
    run, out = cost(corpus, "dates_in_numbers", tmp_path)
    refused(run, out, "row 2, column 'cluster_days': a date where a number belongs")


def test_formula_without_saved_value(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: C2 is `<f>SUM(A1:A3)</f>` with no `<v>`. calamine would read it as
    blank; docs/methodology.md §8 makes it an input error that says so."""
    run, out = cost(corpus, "formula_no_value", tmp_path)
    refused(
        run,
        out,
        "sheet 'caseload', row 2, column 'cluster_days': cell C2 is a formula without a saved "
        "value (=SUM(A1:A3))",
    )


def test_formulas_written_by_openpyxl(corpus: Corpus, tmp_path: Path) -> None:
    """Refused: openpyxl saves formulas with an empty `<v/>`; both cells are named."""
    run, out = cost(corpus, "formula_openpyxl", tmp_path)
    refused(
        run,
        out,
        "cell C2 is a formula without a saved value (=120*80)",
        "cell B3 is a formula without a saved value (=100+100)",
    )


def test_formulas_with_saved_values(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: formulas whose results were saved are read as those results (pbrkit
    never evaluates a formula)."""
    run, out = cost(corpus, "formula_with_value", tmp_path)
    summary = accepted(run, out)
    assert totals(summary)["service_users"] == 320
    assert totals(summary)["cluster_days"] == 43600


def test_unicode_and_right_to_left_team_names(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: Arabic, Hebrew, Welsh, full-width, emoji, combining and bidi-override
    team names are text like any other."""
    run, out = cost(corpus, "unicode_rtl", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 50


def test_formula_injection_strings(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: input text that a spreadsheet would run (=, +, -, @ prefixes, in team
    names, a header and the file name '=SUM(1+1).xlsx') stays text: report.xlsx holds
    no formula pbrkit did not build, and report.html escapes the script tag header."""
    import openpyxl

    run, out = cost(corpus, "injection_strings", tmp_path)
    accepted(run, out)
    book = openpyxl.load_workbook(out / "report.xlsx")
    hostile = ("HYPERLINK", "cmd", "SUM(1+1", "<script>")
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = str(cell.value)
                if any(s in text for s in hostile):
                    found.append((text, cell.data_type))
    assert ("=SUM(1+1).xlsx", "s") in found  # the Run sheet's input file name
    # The header is named in the Data quality note on columns left aside.
    assert any('=HYPERLINK("http://evil.invalid")' in text for text, _ in found)
    assert {kind for _, kind in found} == {"s"}  # never a formula
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


# --- CSV ------------------------------------------------------------------------------------


def test_csv_with_bom(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: Excel's 'CSV UTF-8' (byte-order mark, CRLF); the BOM is not part of
    the first header."""
    run, out = cost(corpus, "csv_bom", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 320


def test_csv_with_semicolons(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: semicolon-separated, with a quoted team name holding a comma."""
    run, out = cost(corpus, "csv_semicolon", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 320


def test_csv_in_windows_1252(corpus: Corpus, tmp_path: Path, ref: ReferenceSet) -> None:
    """Accepted: bytes that are not UTF-8 are read as Windows-1252 (Excel's plain
    'CSV'), so 'Café Team – O’Neil' and 'South £' arrive intact."""
    from pbrkit.io.inputs import read_cost_inputs

    run, out = cost(corpus, "csv_cp1252", tmp_path)
    assert totals(accepted(run, out))["service_users"] == 320
    inputs, _ = read_cost_inputs(corpus["csv_cp1252"], ref)
    assert list(inputs.caseload["team"]) == ["Café Team – O’Neil", "South £"]


def test_csv_too_wide(corpus: Corpus, tmp_path: Path) -> None:
    """Refused before pandas allocates a column per field: a first line of 100,000
    fields is beyond the 16,384-column limit (Excel's own)."""
    run, out = cost(corpus, "csv_wide", tmp_path)
    refused(run, out, "more than the limit of 16,384 columns")


def test_parquet_row_bomb(corpus: Corpus, tmp_path: Path) -> None:
    """Refused from the file's metadata, before any row is decoded: 20,000,000 rows in
    a 200 KB Parquet file (runs of one value compress to nothing) exceed --max-rows."""
    run, out = cost(corpus, "parquet_row_bomb", tmp_path)
    refused(run, out, "20,000,000 rows, more than the limit of 11,000,000", "--max-rows")
    assert run.peak_mb < ENTITY_MAX_MB


# --- LibreOffice -----------------------------------------------------------------------------


def _libreoffice(corpus: Corpus, name: str) -> Path:
    try:
        return corpus[name]
    except (FileNotFoundError, subprocess.SubprocessError) as exc:
        pytest.skip(f"LibreOffice could not write the case: {exc}")


@pytest.mark.slow
def test_ods_written_by_libreoffice(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: the good caseload saved as .ods by LibreOffice (with the empty
    repeated rows and columns LibreOffice writes, which do not count as cells)."""
    path = _libreoffice(corpus, "ods_libreoffice")
    out = tmp_path / "out"
    run = pbrkit("ods_libreoffice", "cost", path, "--out", out)
    assert totals(accepted(run, out))["service_users"] == 450


@pytest.mark.slow
def test_xlsx_written_by_libreoffice(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted: the good caseload saved as .xlsx by LibreOffice."""
    path = _libreoffice(corpus, "xlsx_libreoffice")
    out = tmp_path / "out"
    run = pbrkit("xlsx_libreoffice", "cost", path, "--out", out)
    assert totals(accepted(run, out))["service_users"] == 450


# --- a full sheet: 1,048,576 rows -------------------------------------------------------------


def test_csv_1m_rows(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted within the bounds: a caseload.csv of 1,048,575 team rows (a full Excel
    sheet) is read, typed and costed."""
    run, out = cost(corpus, "csv_1m_rows", tmp_path, max_seconds=FULL_SHEET_SECONDS)
    assert totals(accepted(run, out))["service_users"] > 4_000_000


def test_csv_1m_rows_over_max_rows(corpus: Corpus, tmp_path: Path) -> None:
    """Refused by --max-rows 100000, with the row count and the option named."""
    run, out = cost(
        corpus, "csv_1m_rows", tmp_path, "--max-rows", "100000", max_seconds=FULL_SHEET_SECONDS
    )
    refused(run, out, "1,048,576 rows, more than the limit of 100,000", "--max-rows")


def test_xlsx_1m_rows(corpus: Corpus, tmp_path: Path) -> None:
    """Accepted within the bounds: a full sheet written by XlsxWriter (constant_memory)
    is scanned, read, typed and costed."""
    path = corpus["xlsx_1m_rows"]
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 100 * 1024 * 1024
    run, out = cost(corpus, "xlsx_1m_rows", tmp_path, max_seconds=FULL_SHEET_SECONDS)
    assert totals(accepted(run, out))["service_users"] > 4_000_000


def test_xlsx_1m_rows_over_max_rows(corpus: Corpus, tmp_path: Path) -> None:
    """Refused by --max-rows 100000 before the sheet is converted to a table."""
    run, out = cost(
        corpus, "xlsx_1m_rows", tmp_path, "--max-rows", "100000", max_seconds=FULL_SHEET_SECONDS
    )
    refused(run, out, "1,048,576 rows, more than the limit of 100,000", "--max-rows")


# --- the sheet scanner, in process ------------------------------------------------------------
# The pre-flight that makes the grid and formula cases above safe. Its fast path (cells
# written `<c r="A1"`) and its tag-by-tag walk must agree, whatever the chunking.


def _scan(xml: str, *, chunk: int = 0, max_cells: int = 1) -> xlsxscan.SheetScan:
    data = xml.encode()

    def open_part() -> list[bytes]:
        step = chunk or len(data)
        return [data[i : i + step] for i in range(0, len(data), step)]

    return xlsxscan.scan_xlsx_sheet(open_part, max_cells=max_cells)


def _prefixed(xml: str) -> str:
    """The same sheet with every element in an `x:` prefix (forces the slow path)."""
    return xml.replace("<", "<x:").replace("<x:/", "</x:").replace('xmlns="', 'xmlns:x="')


def _formula_refs(scan: xlsxscan.SheetScan) -> list[str | None]:
    return [cell.ref for cell in scan.formulas]


@pytest.mark.parametrize(
    ("cell", "reported"),
    [
        ('<c r="B2"><f>1+1</f></c>', ["B2"]),  # never calculated
        ('<c r="B2"><f>1+1</f><v/></c>', ["B2"]),  # openpyxl
        ('<c r="B2"><f>1+1</f><v>2</v></c>', []),  # Excel, XlsxWriter
        ('<c r="B2" t="str"><f>""</f><v></v></c>', []),  # a formula whose result is ""
        ('<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', []),  # an error is a saved value
        ('<c r="B2"><f t="shared" si="0"/><v>5</v></c>', []),  # a shared formula's child
    ],
)
def test_scanner_formula_cells(cell: str, reported: list[str]) -> None:
    """Which formula cells have no saved value, on the fast path and on the slow one."""
    xml = corpus_module.sheet_xml(f'<row r="2">{cell}</row>')
    assert _formula_refs(_scan(xml)) == reported
    assert _formula_refs(_scan(_prefixed(xml))) == reported


def test_scanner_ignores_formulas_outside_cells() -> None:
    """Data-validation formulas in extLst (`<xm:f>`) are not cells."""
    xml = corpus_module.sheet_xml(corpus_module.cells(1, [1, 2])).replace(
        "</worksheet>",
        '<extLst><ext xmlns:x14="x14" xmlns:xm="xm"><x14:dataValidations>'
        "<x14:dataValidation><x14:formula1><xm:f>Lists!$A$1:$A$5</xm:f></x14:formula1>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>",
    )
    assert _scan(xml).formula_count == 0


def test_scanner_chunking_changes_nothing() -> None:
    """Cut into pieces of any size, a sheet gives the same grid and formula cells."""
    rows = []
    for r in range(1, 400):
        cells = [f'<c r="A{r}"><v>{r}</v></c>', f'<c r="B{r}" t="inlineStr"><is><t>x</t></is></c>']
        if r % 37 == 0:
            cells.append(f'<c r="C{r}"><f>A{r}*2</f></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    xml = corpus_module.sheet_xml("".join(rows))
    whole = _scan(xml)
    assert (whole.rows, whole.columns) == (399, 3)
    assert _formula_refs(whole) == [f"C{r}" for r in range(37, 400, 37)]
    for chunk in (7, 64, 997, 4096):
        for text in (xml, _prefixed(xml)):
            part = _scan(text, chunk=chunk)
            assert (part.rows, part.columns) == (399, 3), chunk
            assert _formula_refs(part) == _formula_refs(whole), chunk


@pytest.mark.parametrize(
    ("rows_xml", "grid"),
    [
        ('<row r="9"><c r="C9"><v>1</v></c></row>', (9, 3)),
        # an empty cell takes no room (calamine skips it) ...
        (
            '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
            '<row r="2"><c r="B2"><v>1</v></c></row>',
            (2, 2),
        ),
        # ... but an empty inline string does
        ('<row r="7"><c r="E7" t="inlineStr"><is><t></t></is></c></row>', (7, 5)),
        # without references, rows and cells follow the previous ones
        ('<row r="3"><c/><c/><c><v>1</v></c></row><row><c><v>1</v></c></row>', (4, 3)),
    ],
)
def test_scanner_grid(rows_xml: str, grid: tuple[int, int]) -> None:
    """The grid calamine would allocate, by its rules, on both paths."""
    xml = corpus_module.sheet_xml(rows_xml)
    for text in (xml, _prefixed(xml)):
        scan = _scan(text)
        assert (scan.rows, scan.columns) == grid


def test_scanner_ods_repeats() -> None:
    """In an .ods, repeated runs count only when they hold something."""
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (
        f'<office:document-content xmlns:table="{office}:table:1.0" '
        f'xmlns:office="{office}:office:1.0"><table:table table:name="t">'
        '<table:table-row><table:table-cell office:value-type="float" office:value="1"/>'
        '<table:table-cell table:number-columns-repeated="3" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="1020"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="4"><table:table-cell '
        'office:value-type="float" office:value="2"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table></office:document-content>"
    ).encode()
    tables = xlsxscan.scan_ods_content([content[:50], content[50:]])
    assert (tables["t"].rows, tables["t"].columns) == (5, 4)
