"""The second hostile corpus: inputs named by scenarios, numbers, resources, exit codes.

Each case is built by ``tests/hostile/make_reliability.py`` and run through the real
command line (``python -m pbrkit`` in a subprocess, measured like the first corpus in
``tests/test_hostile.py``). Every case must finish in under :data:`MAX_SECONDS` and
:data:`MAX_MB` (SECURITY.md quotes the worst measured). Each test's docstring states
the promised outcome:

- **Refused**: exit code 2, a message naming the problem (the option, scenario key or
  file), no traceback, and ``--out`` exactly as it was;
- **Accepted**: exit code 0.

Set ``PBRKIT_HOSTILE_REPORT=path.md`` to write every measurement to a table
(``path-reliability.md``; the first corpus writes ``path.md``).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from test_hostile import MEASURED, Run, pbrkit

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AQP = EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml"

#: Bounds every case of this corpus must meet (issue 10): seconds and peak MB.
MAX_SECONDS = 20.0
MAX_MB = 700.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and POSIX signals")


def _load() -> ModuleType:
    path = ROOT / "tests" / "hostile" / "make_reliability.py"
    spec = importlib.util.spec_from_file_location("make_reliability", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_reliability"] = module
    spec.loader.exec_module(module)
    return module


corpus = _load()
MINE: list[str] = []


def run(label: str, *args: object) -> Run:
    """``pbrkit ARGS`` within this corpus's bounds of time and memory."""
    result = pbrkit(label, *args, timeout=60.0, max_seconds=MAX_SECONDS)
    MINE.append(label)
    assert result.peak_mb < MAX_MB, f"{label}: peak memory {result.peak_mb:.0f} MB"
    return result


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry in ``folder`` (recursively) and a hash of each file's bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (
            f"-> {os.readlink(p)}"
            if p.is_symlink()
            else hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file()
            else "dir"
        )
        for p in sorted(folder.rglob("*"))
        if p.is_symlink() or not (p.is_fifo() or p.is_char_device())
    }


def refused(result: Run, *needles: str) -> None:
    """Exit 2 with every needle in the message (the folder is checked by the caller)."""
    assert result.code == 2, result.output
    assert "Error:" in result.stderr, result.output
    assert "unexpected failure" not in result.output, result.output
    for needle in needles:
        assert needle in result.output, f"{needle!r} not in:\n{result.output}"


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    target = os.environ.get("PBRKIT_HOSTILE_REPORT")
    if not target or not MINE:
        return
    lines = ["| case | exit | seconds | peak MB |", "|---|---|---|---|"]
    for label in MINE:
        r = MEASURED[label]
        lines.append(f"| {label} | {r.code} | {r.seconds:.2f} | {r.peak_mb:.0f} |")
    slowest = max(MINE, key=lambda label: MEASURED[label].seconds)
    largest = max(MINE, key=lambda label: MEASURED[label].peak_mb)
    lines.append(
        f"\nslowest: {slowest} {MEASURED[slowest].seconds:.2f} s; "
        f"largest: {largest} {MEASURED[largest].peak_mb:.0f} MB"
    )
    # Beside the first corpus's table when both run in one session (it writes ``target``).
    path = Path(target)
    path.with_name(f"{path.stem}-reliability{path.suffix}").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


# --- 1. every input a run reads is protected from its outputs ----------


def test_scenario_workbook_in_out_is_never_overwritten(tmp_path: Path) -> None:
    """Refused: the scenario's workbook is out/report.xlsx; --out out --force; intact."""
    toml = corpus.build(tmp_path, ["scenario_workbook_is_report"])["scenario_workbook_is_report"]
    out = toml.parent
    before = snapshot(out)
    result = run(
        "scenario workbook is report.xlsx", "tender", "--scenario", toml, "--out", out, "--force"
    )
    refused(result, "report.xlsx", "would overwrite an input file")
    assert snapshot(out) == before


def test_sweep_patient_table_in_out_is_never_overwritten(tmp_path: Path) -> None:
    """Refused: a sweep's scenario names the patient table out/sweep.csv; intact."""
    toml = corpus.build(tmp_path, ["scenario_patients_is_sweep_csv"])[
        "scenario_patients_is_sweep_csv"
    ]
    out = toml.parent
    before = snapshot(out)
    result = run(
        "sweep patient table is sweep.csv",
        "sweep",
        toml,
        "--vary",
        "nhs.fixed_cost_share=0.2,0.4",
        "--workers",
        "1",
        "--out",
        out,
        "--force",
    )
    refused(result, "sweep.csv", "would overwrite an input file")
    assert snapshot(out) == before


def test_output_linked_to_the_scenario_workbook_is_refused(tmp_path: Path) -> None:
    """Refused: out/summary.json is a link to the scenario's workbook; both intact."""
    built = corpus.build(tmp_path, ["scenario_workbook_linked_from_out"])
    toml = built["scenario_workbook_linked_from_out"]
    folder = toml.parents[1]
    before = snapshot(folder)
    result = run(
        "output linked to scenario workbook",
        "tender",
        "--scenario",
        toml,
        "--out",
        folder / "out",
        "--force",
    )
    refused(result, "would overwrite an input file")
    assert snapshot(folder) == before


def test_tariff_file_in_out_is_never_overwritten(tmp_path: Path) -> None:
    """Refused: --tariff out/report.xlsx (a workbook with a tariff) with --force."""
    out = tmp_path / "out"
    out.mkdir()
    tariff = out / "report.xlsx"
    shutil.copyfile(EXAMPLES / "clusters.xlsx", tariff)
    before = snapshot(out)
    result = run(
        "--tariff is out/report.xlsx",
        "cost",
        EXAMPLES / "clusters.xlsx",
        "--tariff",
        tariff,
        "--out",
        out,
        "--force",
    )
    assert result.code == 2, result.output
    assert "unexpected failure" not in result.output
    assert snapshot(out) == before


def test_profiles_file_in_out_is_never_overwritten(tmp_path: Path) -> None:
    """Refused: --profiles out/allocations.csv (a valid grid) with --force; intact."""
    out = tmp_path / "out"
    out.mkdir()
    grid = out / "allocations.csv"
    shutil.copyfile(ROOT / "tariffs" / "illustrative-2014-15" / "profiles.csv", grid)
    before = snapshot(out)
    result = run(
        "--profiles is out/allocations.csv",
        "cluster",
        EXAMPLES / "ratings.xlsx",
        "--profiles",
        grid,
        "--out",
        out,
        "--force",
    )
    refused(result, "allocations.csv", "would overwrite an input file")
    assert snapshot(out) == before


def test_out_as_a_reference_folder_is_refused(tmp_path: Path) -> None:
    """Refused: --out is the --reference folder (reports would join the set)."""
    reference = tmp_path / "my-set"
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", reference)
    before = snapshot(reference)
    result = run(
        "--out is the --reference folder",
        "cost",
        EXAMPLES / "clusters.xlsx",
        "--reference",
        reference,
        "--out",
        reference,
        "--force",
    )
    refused(result, "is the input folder")
    assert snapshot(reference) == before


def test_out_as_the_input_csv_folder_is_refused(tmp_path: Path) -> None:
    """Refused: --out is the folder of CSVs being costed (the next run would read the
    reports as inputs)."""
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,120,9600\n3,200,34000\n", encoding="utf-8"
    )
    before = snapshot(folder)
    result = run("--out is the CSV folder", "cost", folder, "--out", folder, "--force")
    refused(result, "is the input folder")
    assert snapshot(folder) == before


# --- 2. every number from options and scenarios is finite and in range ----------

BAD_OPTIONS = {
    "deflator nan": (["cost", EXAMPLES / "clusters.xlsx", "--deflator", "nan"], "--deflator"),
    "inflation nan": (["cost", EXAMPLES / "clusters.xlsx", "--inflation", "nan"], "--inflation"),
    "inflation inf": (["cost", EXAMPLES / "clusters.xlsx", "--inflation", "inf"], "--inflation"),
    "mff inf": (["cost", EXAMPLES / "clusters.xlsx", "--mff", "inf"], "--mff"),
    "mff 1e308": (["cost", EXAMPLES / "clusters.xlsx", "--mff", "1e308"], "--mff"),
    "mff nan": (["cost", EXAMPLES / "clusters.xlsx", "--mff", "nan"], "--mff"),
    "min-score inf": (["cluster", EXAMPLES / "ratings.xlsx", "--min-score", "inf"], "--min-score"),
    "min-score nan": (["cluster", EXAMPLES / "ratings.xlsx", "--min-score", "nan"], "--min-score"),
    "weights 1e308": (
        ["cluster", EXAMPLES / "ratings.xlsx", "--weights", "must=1e308,expected=1e308"],
        "--weights",
    ),
    "weights -inf": (["cluster", EXAMPLES / "ratings.xlsx", "--weights", "may=-inf"], "--weights"),
    "cv-threshold inf": (
        ["cluster", EXAMPLES / "ratings.xlsx", "--cv-threshold", "inf"],
        "--cv-threshold",
    ),
    "seed -1": (["tender", EXAMPLES / "clusters.xlsx", "--seed", "-1"], "--seed"),
    "seed 2**128": (["tender", EXAMPLES / "clusters.xlsx", "--seed", str(2**128)], "--seed"),
    "seed 1.5": (["tender", EXAMPLES / "clusters.xlsx", "--seed", "1.5"], "--seed"),
    "seed 1e3": (["tender", EXAMPLES / "clusters.xlsx", "--seed", "1e3"], "--seed"),
    "draws 10**9": (["tender", EXAMPLES / "clusters.xlsx", "--draws", "1000000000"], "--draws"),
    "vary inf": (["sweep", AQP, "--vary", "bidders.*.hurdle_margin=0:inf:3"], "--vary"),
    "vary nan list": (["sweep", AQP, "--vary", "nhs.fixed_cost_share=nan,0.5"], "--vary"),
    "vary 1e308": (["sweep", AQP, "--vary", "bidders.*.cost_factor=1e308,1"], "--vary"),
}


@pytest.mark.parametrize("label", list(BAD_OPTIONS))
def test_options_must_be_finite_and_in_range(label: str, tmp_path: Path) -> None:
    """Refused: the option is named; nothing is written."""
    args, option = BAD_OPTIONS[label]
    out = tmp_path / "out"
    result = run(f"option {label}", *args, "--out", out)
    refused(result, option)
    assert not out.exists()


@pytest.mark.parametrize("name", list(corpus.BAD_NUMBERS))
def test_scenario_numbers_must_be_finite_and_in_range(name: str, tmp_path: Path) -> None:
    """Refused: the scenario key is named with its path; nothing is written."""
    key = corpus.BAD_NUMBERS[name][1]
    toml = corpus.build(tmp_path, [f"scenario_{name}"])[f"scenario_{name}"]
    out = tmp_path / "out"
    result = run(f"scenario {name}", "tender", "--scenario", toml, "--out", out)
    refused(result, key)
    assert not out.exists()


# --- 3. resources are bounded before anything is read or allocated ----------

RESOURCE_CASES = {
    # case: (command, how the case is given, the words the refusal must contain)
    "fifo_caseload_csv": ("cost", "argument", "named pipe"),
    "fifo_in_csv_folder": ("cost", "argument", "named pipe"),
    "dev_zero_caseload_csv": ("cost", "argument", "a device"),
    "fifo_scenario_workbook": ("tender", "--scenario", "named pipe"),
    "dev_zero_scenario_workbook": ("tender", "--scenario", "a device"),
    "fifo_scenario": ("tender", "--scenario", "named pipe"),
    "scenario_2mb": ("tender", "--scenario", "larger than 1,024 KB"),
    "scenario_30000_bidders": ("tender", "--scenario", "30,000 entries"),
    "workbook_20000_bidders": ("tender", "argument", "'bidders' and 'lots': 20,000 bidders"),
    "workbook_501_bidders": ("tender", "argument", "501 bidder-lot pairs"),
}


@pytest.mark.parametrize("name", list(RESOURCE_CASES))
def test_resources_are_bounded(name: str, tmp_path: Path) -> None:
    """Refused quickly (never hangs on a FIFO or reads /dev/zero); nothing written."""
    command, given, needle = RESOURCE_CASES[name]
    path = corpus.build(tmp_path, [name])[name]
    out = tmp_path / "out"
    args = [path] if given == "argument" else [given, path]
    result = run(f"resource {name}", command, *args, "--out", out)
    refused(result, needle)
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["fifo_caseload_csv", "dev_zero_caseload_csv", "fifo_in_csv_folder"]
)
def test_validate_refuses_what_is_not_a_regular_file(name: str, tmp_path: Path) -> None:
    """Refused by validate too (it used to hang on a FIFO)."""
    path = corpus.build(tmp_path, [name])[name]
    result = run(f"validate {name}", "validate", path)
    refused(result, "not a regular file")


@pytest.mark.parametrize("name", ["fifo_caseload_csv", "dev_zero_caseload_csv"])
def test_tariff_that_is_not_a_regular_file_is_refused(name: str, tmp_path: Path) -> None:
    """Refused: --tariff naming a FIFO or /dev/zero."""
    path = corpus.build(tmp_path, [name])[name]
    out = tmp_path / "out"
    result = run(
        f"--tariff {name}", "cost", EXAMPLES / "clusters.xlsx", "--tariff", path, "--out", out
    )
    refused(result, "--tariff", "not a regular file")
    assert not out.exists()


def test_reference_folder_with_a_fifo_is_refused(tmp_path: Path) -> None:
    """Refused: --reference names a folder whose tariff.csv is a named pipe."""
    folder = corpus.build(tmp_path, ["fifo_in_reference_folder"])["fifo_in_reference_folder"]
    out = tmp_path / "out"
    result = run("--reference folder with a FIFO", "cost", EXAMPLES / "clusters.xlsx",
                 "--reference", folder, "--out", out)  # fmt: skip
    refused(result, "--reference", "named pipe")
    assert not out.exists()


@pytest.mark.parametrize(
    "vary",
    [
        ["bidders.*.info_quality=0:1:100000000"],  # 10^8 points in one parameter
        ["bidders.*.info_quality=0:1:1000000000000"],  # 10^12
        ["bidders.*.info_quality=0:1:10000", "bidders.*.hurdle_margin=0:0.2:10000"],  # 10^8
        ["bidders.*.info_quality=0:1:1000000", "bidders.*.hurdle_margin=0:0.2:1000000"],
    ],
    ids=["1e8", "1e12", "1e4x1e4", "1e6x1e6"],
)
def test_sweep_grid_is_counted_before_it_is_built(vary: list[str], tmp_path: Path) -> None:
    """Refused before the grid (or the inputs) are built: 10,000 points at most."""
    out = tmp_path / "out"
    args = [a for v in vary for a in ("--vary", v)]
    result = run(f"sweep {' x '.join(vary)}", "sweep", AQP, *args, "--out", out)
    refused(result, "10,000")
    assert not out.exists()


# --- 5. formula injection in CSV headers ----------


def test_allocations_csv_headers_are_neutralised(tmp_path: Path) -> None:
    """Accepted: every header a spreadsheet would run starts with ' in allocations.csv."""
    ratings = corpus.build(tmp_path, ["ratings_hostile_headers"])["ratings_hostile_headers"]
    out = tmp_path / "out"
    result = run("hostile CSV headers", "cluster", ratings, "--out", out)
    assert result.code == 0, result.output
    header = (out / "allocations.csv").read_text(encoding="utf-8").splitlines()[0]
    names = next(csv.reader([header]))
    for hostile in corpus.HOSTILE_HEADERS:
        assert hostile not in names
        assert "'" + hostile in names
    assert all(not n.startswith(("=", "+", "-", "@", "\t", "\r")) for n in names)


# --- 6. bad input is exit 2 with a message that names it ----------


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("scenario_deep_arrays", "nests arrays or tables too deeply"),
        ("scenario_deep_tables", "nests arrays or tables too deeply"),
        ("scenario_not_utf8", "not UTF-8"),
    ],
)
def test_unreadable_scenarios_exit_2(name: str, needle: str, tmp_path: Path) -> None:
    """Refused: the scenario file and its problem are named (not "unexpected failure")."""
    toml = corpus.build(tmp_path, [name])[name]
    out = tmp_path / "out"
    result = run(f"scenario {name}", "tender", "--scenario", toml, "--out", out)
    refused(result, needle, "s.toml")
    assert not out.exists()


def test_out_below_a_file_exits_2(tmp_path: Path) -> None:
    """Refused: --out lies below a file; the file is untouched."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine\n", encoding="utf-8")
    for out in (blocker / "out", blocker / "deeper" / "out"):
        result = run(
            f"--out below a file {out.relative_to(tmp_path)}",
            "cost",
            EXAMPLES / "clusters.xlsx",
            "--out",
            out,
        )
        refused(result, "which is a file")
    assert blocker.read_text(encoding="utf-8") == "mine\n"


def test_read_only_out_exits_2(tmp_path: Path) -> None:
    """Refused: an --out that cannot be created (read-only /sys, or a read-only folder
    for an unprivileged user) names --out and the reason."""
    if os.geteuid() == 0:
        out = Path("/sys/pbrkit-hostile-out")
        if out.parent.exists() and os.access(out.parent, os.W_OK):
            try:
                out.mkdir()
            except OSError:
                pass
            else:  # pragma: no cover - /sys writable: no read-only place to test
                out.rmdir()
                pytest.skip("running as root with a writable /sys")
    else:  # pragma: no cover - the CI container runs as root
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        out = locked / "out"
    result = run("read-only --out", "cost", EXAMPLES / "clusters.xlsx", "--out", out)
    refused(result, "cannot write to --out")


# --- 7. seeds: exact, recorded as text, and the round trip ----------


def _run_sheet_seed(report: Path) -> object:
    import openpyxl

    book = openpyxl.load_workbook(report, read_only=True)
    try:
        for label, value in book["Run"].iter_rows(min_col=1, max_col=2, values_only=True):
            if label == "Seed":
                return value
    finally:
        book.close()
    raise AssertionError("no Seed on the Run sheet")


def test_seed_round_trip_from_the_run_sheet(tmp_path: Path) -> None:
    """Accepted: a seed of 2**70 is stored as exact text; rerun with it, same figures."""
    seed = 2**70 + 12_345
    first, second = tmp_path / "first", tmp_path / "second"
    args = ["tender", EXAMPLES / "clusters.xlsx", "--draws", "3"]
    assert run("seed 2**70", *args, "--seed", seed, "--out", first).code == 0
    recorded = _run_sheet_seed(first / "report.xlsx")
    assert recorded == str(seed)  # text, every digit; not 1.18e21
    assert run("seed from Run sheet", *args, "--seed", recorded, "--out", second).code == 0
    figures = [
        json.loads((f / "summary.json").read_text(encoding="utf-8")) for f in (first, second)
    ]
    for summary in figures:
        summary.pop("generated_at", None)
    assert figures[0] == figures[1]
    assert figures[0]["seed"] == seed


def test_largest_seed_is_accepted(tmp_path: Path) -> None:
    """Accepted: 2**128 - 1, the largest seed, runs and is recorded exactly."""
    out = tmp_path / "out"
    result = run(
        "seed 2**128-1", "tender", EXAMPLES / "clusters.xlsx", "--seed", 2**128 - 1, "--out", out
    )
    assert result.code == 0, result.output
    assert _run_sheet_seed(out / "report.xlsx") == str(2**128 - 1)
