#!/usr/bin/env python3
"""pbrkit at national scale, against the practical limit: ``python benchmarks/run.py``.

Generates synthetic inputs (cached in ``benchmarks/data/``), then times pbrkit and the
fastest plain alternative side by side, in the same run, each run in a fresh process
(so its peak RSS is its own), and writes ``benchmarks/results.md`` and
``benchmarks/chart.svg``:

- reading a 1M-row, 25-column xlsx: pbrkit vs raw fastexcel and python-calamine, and
  pandas.read_excel with openpyxl (100k rows, extrapolated);
- ``pbrkit cluster`` end to end on 1M and 10M ratings from Parquet vs a process doing
  only the Parquet read and the allocation kernel; the kernel alone;
- costing 10M patient rows vs the same costing as one DuckDB query;
- writing a 100k-row patient-level xlsx vs raw XlsxWriter in constant-memory mode;
- ``pbrkit tender`` with 100k patients, 5 bidders and 1,000 draws;
- 3.6 million people (a national year) from Parquet through ``cost`` and ``cluster``.

``--quick`` runs every case once on small inputs (a smoke test for CI: it must finish;
nothing is asserted on time) and writes ``benchmarks/data/results-quick.md`` instead.
DuckDB is a benchmark-only dependency: ``pip install '.[bench]'``.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import cases  # noqa: E402
import datagen  # noqa: E402

BENCH_EXTRA = "pip install '.[bench]'"
PACKAGES = ("pbrkit", "numpy", "pandas", "pyarrow", "fastexcel", "python-calamine",
            "openpyxl", "XlsxWriter", "duckdb", "matplotlib")  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions for one mode."""

    runs: int
    read: tuple[int, ...]
    read_pandas: int
    cluster: tuple[int, ...]
    kernel: tuple[int, ...]
    cost: tuple[int, ...]
    write: tuple[int, ...]
    write_pandas: int
    tender: int
    tender_draws: int
    national: int
    # the sizes the targets are judged at
    read_at: int
    cluster_at: tuple[int, ...]
    cost_at: int
    write_at: int


FULL = Plan(
    runs=3,
    read=(100_000, 1_000_000),
    read_pandas=100_000,
    cluster=(100_000, 1_000_000, 10_000_000),
    kernel=(1_000_000, 10_000_000),
    cost=(100_000, 1_000_000, 10_000_000),
    write=(10_000, 100_000),
    write_pandas=10_000,
    tender=100_000,
    tender_draws=1_000,
    national=3_600_000,
    read_at=1_000_000,
    cluster_at=(1_000_000, 10_000_000),
    cost_at=10_000_000,
    write_at=100_000,
)

QUICK = Plan(
    runs=1,
    read=(20_000,),
    read_pandas=5_000,
    cluster=(20_000,),
    kernel=(20_000,),
    cost=(20_000, 100_000),
    write=(20_000,),
    write_pandas=2_000,
    tender=20_000,
    tender_draws=50,
    national=20_000,
    read_at=20_000,
    cluster_at=(20_000,),
    cost_at=100_000,
    write_at=20_000,
)


@dataclass
class Result:
    """The runs of one case at one size."""

    case: str
    rows: int
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    error: str | None = None
    #: CPU seconds (user + system) of each run's whole process, threads included
    cpu: list[float] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def rss(self) -> float:
        return statistics.median(self.rss_mb) if self.rss_mb else float("nan")

    @property
    def cpu_time(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


# --------------------------------------------------------------------- running


def child_env() -> dict[str, str]:
    """The environment for every run: this tree's ``src`` first; nothing else changed
    (OPENBLAS_* stay as the machine sets them)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(HERE), *filter(None, [env.get("PYTHONPATH")])]
    )
    env.setdefault("MPLBACKEND", "Agg")
    # As `pbrkit` sets it for itself (pbrkit.cli.configure_numpy), so the library
    # cases and the baselines run with the same memory settings as the commands.
    env.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    # Likewise Arrow's arenas (pbrkit.cli.configure_arrow): the bare Parquet read and
    # DuckDB's baselines get the memory setting the commands give themselves.
    env.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
    return env


def run_once(
    case: cases.Case, rows: int, tender_draws: int, timeout: float
) -> tuple[float, float, float]:
    """One fresh process: (seconds, its peak RSS in MB, its CPU seconds)."""
    work = Path(tempfile.mkdtemp(prefix="pbrkit-bench-"))
    try:
        if case.command is not None:
            argv = [sys.executable, str(Path(__file__)), *case.command(rows, work)]
        else:
            argv = [sys.executable, str(Path(__file__)), "--case", case.name, "--rows", str(rows),
                    "--work", str(work), "--tender-draws", str(tender_draws)]  # fmt: skip
        out, err = work / "stdout", work / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(
                argv, env=child_env(), stdout=stdout, stderr=stderr, cwd=work
            )
            timer = threading.Timer(timeout, process.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if wall >= timeout:
            raise RuntimeError(f"stopped after the time limit of {timeout:.0f} s")
        if process.returncode != 0:
            tail = err.read_text(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"exit {process.returncode}: {' | '.join(tail)}")
        # The child's own high-water mark (VmHWM): ru_maxrss would also count the
        # parent's memory, which Linux carries into a child across fork and exec.
        rss = _peak_of(err) or usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        if case.command is not None:
            return wall, rss, cpu
        report = json.loads(out.read_text().strip().splitlines()[-1])
        return float(report["seconds"]), rss, cpu
    finally:
        shutil.rmtree(work, ignore_errors=True)


PEAK = "pbrkit-bench-peak-kib"


def _peak_of(stderr: Path) -> float | None:
    """The peak RSS in MB that a child reported on its last lines, if it did."""
    for line in reversed(stderr.read_text(errors="replace").splitlines()[-20:]):
        if line.startswith(PEAK):
            return int(line.split()[1]) / 1024
    return None


def report_peak() -> None:
    """At exit of a child: print this process's peak RSS (VmHWM) for the parent."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            print(f"{PEAK} {line.split()[1]}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------- the plan


def sections(plan: Plan) -> list[tuple[str, list[tuple[str, int]]]]:
    """(section, jobs): the jobs of a section are run round-robin, ``runs`` times, so
    the cases compared in a ratio see the same machine load."""
    return [
        ("read", [(c, n) for n in plan.read for c in ("read.pbrkit", "read.fastexcel",
                                                      "read.calamine")]
         + [("read.pandas", plan.read_pandas)]),
        ("cluster", [(c, n) for n in plan.cluster for c in ("cluster.pbrkit", "cluster.bare")]
         + [(c, n) for n in plan.kernel for c in ("kernel.allocate", "kernel.numpy")]),
        ("startup", [("startup.help", 1), ("startup.reference", 1), ("startup.python", 1)]),
        ("cost", [(c, n) for n in plan.cost for c in ("cost.pbrkit", "cost.duckdb", "cost.cli")]),
        ("write", [(c, n) for n in plan.write for c in ("write.pbrkit", "write.xlsxwriter")]
         + [("write.pandas", plan.write_pandas)]),
        ("tender", [("tender.pbrkit", plan.tender)]),
        ("national", [("national.cost", plan.national), ("national.cluster", plan.national)]),
    ]  # fmt: skip


def prepare(case: cases.Case, rows: int) -> None:
    """Make (or find cached) the input, so no run pays for it."""
    if case.data is datagen.ratings_table:
        return  # built in memory by the run itself, outside the timed part
    case.data(rows)


def run_plan(
    plan: Plan, wanted: list[str], skip: set[str], timeout: float, log: Any
) -> dict[tuple[str, int], Result]:
    registry = cases.cases(plan.tender_draws)
    results: dict[tuple[str, int], Result] = {}
    for section, jobs in sections(plan):
        jobs = [(c, n) for c, n in jobs if c not in skip and _selected(c, wanted)]
        if not jobs:
            continue
        print(f"== {section}", file=log, flush=True)
        for name, rows in jobs:
            started = time.perf_counter()
            prepare(registry[name], rows)
            took = time.perf_counter() - started
            if took > 1:
                print(f"   data for {name} at {rows:,} rows: {took:.1f} s", file=log, flush=True)
            results[(name, rows)] = Result(name, rows)
        for attempt in range(plan.runs):
            for name, rows in jobs:
                result = results[(name, rows)]
                if result.error:
                    continue
                try:
                    seconds, rss, cpu = run_once(registry[name], rows, plan.tender_draws, timeout)
                except RuntimeError as error:
                    result.error = str(error)
                    print(f"   {name:<18} {rows:>12,}  FAILED: {error}", file=log, flush=True)
                    continue
                result.seconds.append(seconds)
                result.rss_mb.append(rss)
                result.cpu.append(cpu)
                print(f"   {name:<18} {rows:>12,}  run {attempt + 1}: {seconds:8.3f} s "
                      f"{rss:8.0f} MB {cpu:8.2f} s CPU", file=log, flush=True)  # fmt: skip
    return results


def _selected(name: str, wanted: list[str]) -> bool:
    return not wanted or any(w in name for w in wanted)


# --------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    ok: bool | None  # None: not measured


def judge(plan: Plan, results: dict[tuple[str, int], Result]) -> list[Verdict]:
    def case(name: str, rows: int) -> Result:
        # A case not run reads as a Result without runs: NaN time, memory and CPU.
        return results.get((name, rows), Result(name, rows))

    def t(name: str, rows: int) -> float:
        return case(name, rows).time

    def r(name: str, rows: int) -> float:
        return case(name, rows).rss

    def c(name: str, rows: int) -> float:
        return case(name, rows).cpu_time

    verdicts = []
    n = plan.read_at
    ratio = t("read.pbrkit", n) / t("read.fastexcel", n)
    verdicts.append(_verdict(f"reading {n:,} rows ≤ 1.3× raw fastexcel", ratio, ratio <= 1.3,
                             f"{ratio:.2f}× ({t('read.pbrkit', n):.2f} s vs "
                             f"{t('read.fastexcel', n):.2f} s)"))  # fmt: skip
    scale = n / plan.read_pandas
    pandas = t("read.pandas", plan.read_pandas) * scale
    speedup = pandas / t("read.pbrkit", n)
    verdicts.append(
        _verdict(
            f"reading ≥ 15× faster than pandas+openpyxl ({plan.read_pandas:,} rows × {scale:g})",
            speedup,
            speedup >= 15,
            f"{speedup:.1f}× (pandas ≈ {pandas:.0f} s extrapolated vs {t('read.pbrkit', n):.2f} s)",
        )
    )
    for n in plan.cluster_at:
        ratio = t("cluster.pbrkit", n) / t("cluster.bare", n)
        cpu = c("cluster.pbrkit", n) / c("cluster.bare", n)
        verdicts.append(
            _verdict(
                f"`pbrkit cluster` {n:,} rows end to end ≤ 2× (Parquet read + kernel)",
                ratio,
                ratio <= 2,
                f"{ratio:.1f}× ({t('cluster.pbrkit', n):.1f} s vs {t('cluster.bare', n):.2f} s; "
                f"CPU {cpu:.1f}×: {c('cluster.pbrkit', n):.1f} s vs {c('cluster.bare', n):.1f} s)",
            )
        )
    n = max(plan.cluster_at)
    ratio = r("cluster.pbrkit", n) / r("cluster.bare", n)
    verdicts.append(
        _verdict(
            f"`pbrkit cluster` {n:,} rows: peak RSS ≤ 1.5× (Parquet read + kernel)",
            ratio,
            ratio <= 1.5,
            f"{ratio:.1f}× ({r('cluster.pbrkit', n):,.0f} MB vs {r('cluster.bare', n):,.0f} MB)",
        )
    )
    n = max(plan.kernel)
    rate = n / t("kernel.allocate", n)
    verdicts.append(
        _verdict(
            f"kernel ≥ 10M patients/s ({n:,} patients)",
            rate,
            rate >= 1e7,
            f"{rate / 1e6:.1f}M patients/s",
        )
    )
    rate = n / t("kernel.numpy", n)
    verdicts.append(
        _verdict(
            f"(numpy fallback kernel, {n:,} patients: no target)",
            rate,
            True,
            f"{rate / 1e6:.1f}M patients/s",
        )
    )
    for name, what in (
        ("startup.help", "`pbrkit --help`"),
        ("startup.reference", "`pbrkit reference list`"),
    ):
        seconds = t(name, 1)
        verdicts.append(_verdict(f"{what} ≤ 0.3 s (fresh process, median)", seconds,
                                 seconds <= 0.3, f"{seconds:.2f} s"))  # fmt: skip
    n = plan.cost_at
    ratio = t("cost.pbrkit", n) / t("cost.duckdb", n)
    verdicts.append(
        _verdict(
            f"costing {n:,} patient rows ≤ 2× DuckDB",
            ratio,
            ratio <= 2,
            f"{ratio:.2f}× ({t('cost.pbrkit', n):.2f} s vs {t('cost.duckdb', n):.2f} s)",
        )
    )
    n = plan.write_at
    ratio = t("write.pbrkit", n) / t("write.xlsxwriter", n)
    verdicts.append(
        _verdict(
            f"writing {n:,}-row patient xlsx ≤ 1.2× raw XlsxWriter",
            ratio,
            ratio <= 1.2,
            f"{ratio:.2f}× ({t('write.pbrkit', n):.2f} s vs {t('write.xlsxwriter', n):.2f} s)",
        )
    )
    n = plan.tender
    seconds = t("tender.pbrkit", n)
    verdicts.append(
        _verdict(
            f"`pbrkit tender` {n:,} patients × {plan.tender_draws:,} draws × 5 bidders ≤ 30 s",
            seconds,
            seconds <= 30,
            f"{seconds:.1f} s, {r('tender.pbrkit', n):,.0f} MB",
        )
    )
    n = plan.national
    both = t("national.cost", n) + t("national.cluster", n)
    peak = max(r("national.cost", n), r("national.cluster", n))
    verdicts.append(
        _verdict(
            f"{n:,} people: `cost` + `cluster` from Parquet < 15 s",
            both,
            both < 15,
            f"{both:.1f} s ({t('national.cost', n):.1f} + {t('national.cluster', n):.1f})",
        )
    )
    verdicts.append(
        _verdict(f"{n:,} people: peak RSS < 3 GB (3,000 MB)", peak, peak < 3000, f"{peak:,.0f} MB")
    )
    return verdicts  # fmt: skip


def _verdict(target: str, value: float, ok: bool, text: str) -> Verdict:
    if value != value:  # NaN: a case was skipped or failed
        return Verdict(target, "not measured", None)
    return Verdict(target, text, bool(ok))


# --------------------------------------------------------------------- report


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        free = subprocess.run(["free", "-g"], capture_output=True, text=True, check=True)
        memory = next(line for line in free.stdout.splitlines() if line.startswith("Mem:"))
        memory = f"{memory.split()[1]} GB total (`free -g`)"
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    import pbrkit

    versions = [f"pbrkit {pbrkit.__version__} (this tree)"]
    for package in PACKAGES[1:]:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    blas = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    lines = [
        f"- CPU: {model}, {os.cpu_count()} cores (`nproc`: {_nproc()})",
        f"- Memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- Libraries: {', '.join(versions)}",
        f"- OpenBLAS settings: {blas or 'none set'}; {_blas_kernel()}",
        f"- Transparent huge pages: {_huge_pages()}",
    ]
    return lines


def _huge_pages() -> str:
    """The kernel's THP settings and numpy's request, which decide how fast fresh
    memory is first touched (see "Missed on this host" in the analysis)."""
    settings = []
    for name in ("enabled", "defrag"):
        try:
            text = Path(f"/sys/kernel/mm/transparent_hugepage/{name}").read_text().strip()
        except OSError:
            text = "unknown"
        settings.append(f"{name} `{text}`")
    chosen = child_env().get("NUMPY_MADVISE_HUGEPAGE", "numpy's default")
    arenas = child_env().get("MIMALLOC_ARENA_EAGER_COMMIT", "mimalloc's default")
    return ", ".join(settings) + (
        f"; NUMPY_MADVISE_HUGEPAGE={chosen} and MIMALLOC_ARENA_EAGER_COMMIT={arenas} in every run"
    )


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _blas_kernel() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS kernel not checked (threadpoolctl not installed)"
    import numpy  # noqa: F401  (loads the BLAS threadpoolctl reports)

    info = [
        f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
        f"{i.get('num_threads')} threads)"
        for i in threadpool_info()
        if i.get("user_api") == "blas"
    ]
    return "BLAS: " + (", ".join(info) or "none loaded")


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes" if dirty.strip() else "")  # fmt: skip


def write_report(
    path: Path,
    chart: Path | None,
    plan: Plan,
    results: dict[tuple[str, int], Result],
    notes: list[str],
    load: tuple[str, str],
    quick: bool,
    generated: str | None = None,
    commit: str | None = None,
) -> None:
    registry = cases.cases(plan.tender_draws)
    when = datetime.fromisoformat(generated) if generated else datetime.now(UTC)
    verdicts = judge(plan, results)
    mark = {True: "✓", False: "✗", None: "–"}
    lines = [
        "# pbrkit benchmarks: national scale against the practical limit",
        "",
        f"Generated by `python benchmarks/run.py{' --quick' if quick else ''}` on "
        f"{when:%Y-%m-%d %H:%M} UTC, commit {commit or _git()}. Every figure is the "
        f"median of {plan.runs} run{'s' if plan.runs > 1 else ''}, each in a fresh process "
        "(peak RSS is that process's own high-water mark, VmHWM); the cases compared in a ratio "
        "ran round-robin in the same run, so they saw the same machine load.",
        "",
        "In-process cases time only the work (`time.perf_counter`, after imports and "
        "set-up; the two costing cases, `cost.pbrkit` and `cost.duckdb`, a few tenths "
        "of a second each, time five calls after an untimed warm-up and give their "
        "median); *end to end* cases time a whole `python -m pbrkit …` process: "
        "interpreter start, imports, reading, computing and writing every report. "
        "*CPU s* is the whole process's user + system time (every thread), which other "
        "work on the machine inflates far less than wall time.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}. The "
        "machine is shared (2 cores): other work running at the same time shows up as "
        "spread between runs.",
        "",
    ]
    if quick:
        lines += ["**Quick mode**: small inputs, one run each. A smoke test: the targets "
                  "below are judged at quick sizes and mean little.", ""]  # fmt: skip
    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {v.target} | {v.measured} | {mark[v.ok]} |" for v in verdicts]
    lines += ["", "## Every measurement", ""]
    lines += ["| case | what | rows | median s | runs (s) | rows/s | CPU s | peak RSS MB |",
              "|---|---|---:|---:|---|---:|---:|---:|"]  # fmt: skip
    for (name, rows), result in sorted(
        results.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1])
    ):
        label = registry[name].label
        if result.error:
            lines.append(f"| {name} | {label} | {rows:,} | failed | {result.error} | | | |")
            continue
        runs = ", ".join(f"{s:.3f}" for s in result.seconds)
        rate = rows / result.time if result.time > 0 else float("nan")
        cpu = f"{result.cpu_time:.2f}" if result.cpu else ""
        lines.append(f"| {name} | {label} | {rows:,} | {result.time:.3f} | {runs} | "
                     f"{_rate(rate)} | {cpu} | {result.rss:,.0f} |")  # fmt: skip
    if notes:
        lines += ["", "## Notes from this run", "", *[f"- {n}" for n in notes]]
    if chart is not None:
        lines += [
            "",
            "## Scaling",
            "",
            f"![time and peak memory against rows]({chart.name})",
            "",
            "Time and peak RSS against rows, log-log: a slope of 1 is linear "
            "scaling; a flat start is fixed cost (start-up, imports, report writing).",
        ]
    analysis = HERE / "analysis.md"
    if analysis.exists() and not quick:
        lines += ["", analysis.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")


def _order(name: str) -> int:
    names = list(cases.cases(1))
    return names.index(name) if name in names else len(names)


def _rate(rate: float) -> str:
    if rate != rate:
        return ""
    if rate >= 1e6:
        return f"{rate / 1e6:.1f}M"
    if rate >= 1e3:
        return f"{rate / 1e3:.0f}k"
    return f"{rate:.0f}"


def write_chart(path: Path, results: dict[tuple[str, int], Result]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "pbrkit-benchmarks"
    series: dict[str, list[Result]] = {}
    for (name, _rows), result in sorted(results.items(), key=lambda kv: kv[0][1]):
        if result.seconds:
            series.setdefault(name, []).append(result)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.6))
    colours = plt.get_cmap("tab20").colors
    for i, (name, points) in enumerate(sorted(series.items(), key=lambda kv: _order(kv[0]))):
        rows = [p.rows for p in points]
        # pbrkit solid; the practical limits and the naive ways dashed
        dashed = name.split(".")[1] not in ("pbrkit", "cli", "cost", "cluster", "allocate")
        style: dict[str, Any] = {
            "color": colours[i % len(colours)],
            "linestyle": "--" if dashed else "-",
            "marker": "o",
            "markersize": 4,
            "label": name,
        }
        left.plot(rows, [p.time for p in points], **style)
        right.plot(rows, [p.rss for p in points], **style)
    for axis, title, unit in ((left, "Time", "seconds (median)"), (right, "Peak memory", "MB")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("rows")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


# --------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["-m"]:  # a command case: run the module, then report the peak
        atexit.register(report_peak)
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each")
    parser.add_argument("--runs", type=int, help="runs per case (default 3; 1 with --quick)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only cases whose name contains this (repeatable)",
    )
    parser.add_argument("--out", type=Path, help="results file [default: benchmarks/results.md]")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    parser.add_argument(
        "--report-from",
        type=Path,
        metavar="JSON",
        help="rewrite the report and chart from a saved run (benchmarks/data/*.json)",
    )
    # child modes (used by the runs themselves)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tender-draws", type=int, default=1000, help=argparse.SUPPRESS)
    parser.add_argument("--bare-kernel", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)  # fmt: skip

    if args.bare_kernel is not None:
        atexit.register(report_peak)
        cases.bare_kernel(args.bare_kernel)
        return 0
    if args.case is not None:
        atexit.register(report_peak)
        seconds = cases.run_in_process(args.case, args.rows, args.work, args.tender_draws)
        print(json.dumps({"seconds": seconds}))
        return 0

    plan = QUICK if args.quick else FULL
    if args.runs:
        plan = Plan(**{**plan.__dict__, "runs": args.runs})
    out = args.out or (datagen.DATA / "results-quick.md" if args.quick else HERE / "results.md")
    if args.report_from is not None:
        return rewrite(args.report_from, out, plan, args.quick)
    notes: list[str] = []
    skip: set[str] = set()
    try:
        import duckdb  # noqa: F401
    except ImportError:
        message = f"DuckDB is not installed (a benchmark-only dependency): {BENCH_EXTRA}"
        if not args.quick:
            print(f"error: {message}", file=sys.stderr)
            return 2
        print(f"note: {message}; skipping the DuckDB comparison", file=sys.stderr)
        notes.append(f"DuckDB comparison skipped: not installed ({BENCH_EXTRA}).")
        skip.add("cost.duckdb")
    if args.only and args.out is None:  # never overwrite the recorded results with a part
        out = datagen.DATA / "results-partial.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    load_start = _load()
    commit = _git()  # the code measured: before the run writes its own chart
    started = time.perf_counter()
    results = run_plan(plan, args.only, skip, args.timeout, sys.stderr)
    took = time.perf_counter() - started
    notes.append(f"The whole run took {took / 60:.1f} minutes.")
    failed = [f"{r.case} at {r.rows:,} rows: {r.error}" for r in results.values() if r.error]
    notes += [f"FAILED: {f}" for f in failed]
    rewrite(save(out, results, notes, (load_start, _load()), commit), out, plan, args.quick)
    for verdict in judge(plan, results):
        mark = {True: "ok  ", False: "MISS", None: "--  "}[verdict.ok]
        print(f"  {mark} {verdict.target}: {verdict.measured}", file=sys.stderr)
    return 1 if failed else 0


def save(
    out: Path,
    results: dict[tuple[str, int], Result],
    notes: list[str],
    load: tuple[str, str],
    commit: str,
) -> Path:
    """Keep a run's raw figures (``--report-from`` reads them): beside ``--out`` when
    given, else ``benchmarks/data/results-full.json`` or ``results-quick.json``."""
    if out in (HERE / "results.md", datagen.DATA / "results-quick.md"):
        path = datagen.DATA / (
            "results-quick.json" if out.parent == datagen.DATA else "results-full.json"
        )
    else:
        path = out.with_suffix(".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = {
        "generated": datetime.now(UTC).isoformat(timespec="minutes"),
        "load": list(load),
        "commit": commit,
        "notes": notes,
        "results": [r.__dict__ for r in results.values()],
    }
    path.write_text(json.dumps(raw, indent=1))
    return path


def rewrite(saved: Path, out: Path, plan: Plan, quick: bool) -> int:
    """Write the report (and, for a full run, the chart) from a saved run."""
    raw = json.loads(saved.read_text())
    results = {(r["case"], r["rows"]): Result(**r) for r in raw["results"]}
    chart = out.with_name("chart.svg") if not quick else None
    if chart is not None:
        write_chart(chart, results)
    load = (raw["load"][0], raw["load"][1])
    # A saved run without its commit (older files) says so rather than guess.
    commit = raw.get("commit", "not recorded")
    write_report(out, chart, plan, results, raw["notes"], load, quick, raw.get("generated"), commit)
    print(f"wrote {out}" + (f" and {chart}" if chart else ""), file=sys.stderr)
    return 0


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
