"""``pbrkit compare`` as a library call: read (or run) each run, check they can be
compared, and say what differs between them.

A run is a pbrkit output folder (its summary.json), a summary.json file, or a tender
scenario (TOML), which is run in memory with the scenario's own settings (nothing is
written beside it). Runs of different commands cannot be compared; runs on different
reference sets or different data are compared with a warning; a published run is
compared only with other published runs (docs/methodology.md §11).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pbrkit.errors import InputError, Problem
from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Comparison, Document
from pbrkit.reports.layouts.compare import (
    MARKDOWN_ROUNDING_NOTE,
    PUBLISHED_NOTE,
    compare_document,
    headline_comparison,
    markdown,
)
from pbrkit.reports.layouts.compare import Run as Compared
from pbrkit.workflows.provenance import run_metadata
from pbrkit.workflows.run import Run

#: The commands whose runs can be compared (their headline figures are registered).
COMPARABLE: Final = ("pbrkit cost", "pbrkit tender")
#: A summary.json larger than this is not one pbrkit wrote for a caseload it can read.
MAX_SUMMARY_BYTES: Final = 200 * 1024 * 1024
#: The keys every pbrkit summary.json starts with (the summary.json contract).
HEADER_KEYS: Final = ("pbrkit_version", "command", "inputs", "reference")


@dataclass(frozen=True)
class Loaded:
    """One run as read: its name, the file it was read from, and its summary.json."""

    name: str
    source: Path  # the summary.json read, or the scenario run
    summary: dict[str, Any]


@dataclass(frozen=True)
class CompareRun(Run):
    """Runs ready to compare: what every output of ``pbrkit compare`` renders."""

    runs: tuple[Loaded, ...]
    changed: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    meta: RunMetadata

    def build_document(self) -> Document:
        runs = [Compared(r.name, r.summary, str(r.source)) for r in self.runs]
        return compare_document(runs, self.changed, self.warnings, self.meta)

    def headline(self) -> Comparison:
        return headline_comparison([Compared(r.name, r.summary) for r in self.runs])

    def markdown(self) -> str:
        """The headline comparison as a Markdown table; published runs' with what every
        published report says below it (a table pasted alone loses the banners)."""
        table = f"{markdown(self.headline())}\n{MARKDOWN_ROUNDING_NOTE}\n"
        if not self.meta.disclosure:
            return table
        return f"{table}\n{self.meta.disclosure}. {PUBLISHED_NOTE}\n"


def compare_runs(paths: Sequence[Path], names: Sequence[str] | None = None) -> CompareRun:
    """Read or run each of ``paths`` and compare them with the first (nothing written).

    Raises:
        InputError: fewer than two runs, a path that is not a pbrkit run or scenario,
            runs of different commands, or published and unpublished runs mixed.
    """
    names = _names(paths, names)
    problems: list[Problem] = []
    loaded: list[Loaded] = []
    for path, name in zip(paths, names, strict=True):
        try:
            loaded.append(load_run(path, name))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems, hint="give pbrkit output folders or scenario files (.toml)")
    check_comparable(loaded)
    first = loaded[0].summary
    meta = run_metadata(
        "pbrkit compare",
        [r.source for r in loaded],
        shown_reference(loaded),
        options={"runs": ", ".join(names)},
    )
    # Each run named by its own name and file in every output, so one file compared
    # with itself does not read "summary.json, summary.json".
    meta = meta.model_copy(update={"input_labels": list(names)})
    if "disclosure" in first:
        meta = meta.model_copy(update={"disclosure": published_statement(loaded)})
    changed = what_changed(loaded)
    return CompareRun(tuple(loaded), changed, warnings_of(loaded, changed), meta)


def shown_reference(runs: Sequence[Loaded]) -> ReferenceInfo:
    """The reference set the comparison's banners name: the first run's, unless it took
    nothing illustrative and a later run did; then that run's, named with the run, so
    the ILLUSTRATIVE banner is never lost (the runs' sets differ: the warning names each)."""
    references = [ReferenceInfo(**r.summary["reference"]) for r in runs]
    if references[0].illustrative_tables() is not None:
        return references[0]
    for run, reference in zip(runs, references, strict=True):
        if reference.illustrative_tables() is not None:
            return reference.model_copy(update={"name": f"{reference.name} ({run.name})"})
    return references[0]


def published_statement(runs: Sequence[Loaded]) -> str:
    """The sentence a published comparison carries: the runs' own when they share it;
    else the rule with each run's money base, since each run's £ totals are rounded to
    its own (docs/methodology.md §7): runs at MFF 1 and 3 of a £3,650 price round to
    £20,000 and £100,000, and the first run's sentence alone would say £20,000 of both."""
    statements = [str(r.summary["disclosure"].get("statement") or "") for r in runs]
    if len(set(statements)) == 1:
        return statements[0]
    bases = [_money_base(r.summary["disclosure"]) for r in runs]
    each = [f"{base} ({r.name})" for base, r in zip(bases, runs, strict=True)]
    said = ", ".join(each[:-1]) + f" and {each[-1]}"
    return f"{statements[0].split(';')[0]}; £ totals rounded to the nearest {said}"


def _money_base(disclosure: Mapping[str, Any]) -> str:
    base = disclosure.get("money_rounding_base")
    return f"£{base:,.0f}" if isinstance(base, int | float) and base > 0 else "£1"


def _names(paths: Sequence[Path], names: Sequence[str] | None) -> list[str]:
    if len(paths) < 2:
        raise InputError("compare needs at least two runs", hint="pbrkit compare A B [C …]")
    if names is None:
        names = [_default_name(p) for p in paths]
        if p := _duplicate(names):
            raise InputError(f"two runs are both called {p!r}", hint="name them with --names")
        return list(names)
    names = [n.strip() for n in names]
    if not all(names):
        raise InputError("--names: a run's name is empty", hint="e.g. --names base,mff")
    if len(names) != len(paths):
        raise InputError(
            f"--names gives {len(names)} names for {len(paths)} runs",
            hint="one name per run, separated by commas: --names a,b,c",
        )
    if p := _duplicate(names):
        raise InputError(f"--names: {p!r} is given twice", hint="give each run its own name")
    return list(names)


def _default_name(path: Path) -> str:
    """A run's name without ``--names``: its folder's, or the scenario file's stem."""
    if path.name == "summary.json":
        return path.resolve().parent.name
    return path.stem if path.suffix.lower() in (".toml", ".json") else path.name


def _duplicate(names: Sequence[str]) -> str | None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def load_run(path: Path, name: str) -> Loaded:
    """A run's summary.json: read from an output folder or file, or a scenario run."""
    if path.suffix.lower() == ".toml" and path.is_file():
        from pbrkit.workflows.tender import run_tender

        return Loaded(name, path, run_tender(None, scenario=path).summary())
    file = path / "summary.json" if path.is_dir() else path
    if not file.is_file():
        raise InputError(
            Problem(
                f"{path}: not a pbrkit output folder (no summary.json), a summary.json "
                "or a scenario (.toml)",
                fix="give the folder a pbrkit command wrote (its --out)",
            )
        )
    return Loaded(name, file, read_summary(file))


def read_summary(file: Path) -> dict[str, Any]:
    """``file`` as a pbrkit summary.json, checked: a JSON object with the header keys,
    from a command that can be compared."""
    if file.stat().st_size > MAX_SUMMARY_BYTES:
        raise InputError(Problem(f"{file}: larger than any pbrkit summary.json (200 MB)"))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InputError(
            Problem(f"{file}: not a pbrkit summary: not JSON ({error})",
                    fix="give the summary.json a pbrkit command wrote")
        ) from None  # fmt: skip
    missing = [k for k in HEADER_KEYS if not isinstance(data, dict) or k not in data]
    if missing:
        raise InputError(
            Problem(f"{file}: not a pbrkit summary: it has no {', '.join(map(repr, missing))}",
                    expected="the summary.json a pbrkit command wrote",
                    fix="give the folder pbrkit cost or pbrkit tender wrote")
        )  # fmt: skip
    command = data["command"]
    if command not in COMPARABLE:
        raise InputError(
            Problem(f"{file}: a {command!r} run; pbrkit compare compares cost and tender runs",
                    value=command, expected=" or ".join(map(repr, COMPARABLE)))
        )  # fmt: skip
    _check_header(file, data)
    return dict(data)


def _check_header(file: Path, data: Mapping[str, Any]) -> None:
    reference, inputs = data["reference"], data["inputs"]
    good_reference = isinstance(reference, dict) and {"name", "status", "title"} <= set(reference)
    good_inputs = isinstance(inputs, list) and all(
        isinstance(i, dict) and isinstance(i.get("sha256"), str) and "path" in i for i in inputs
    )
    if not (good_reference and good_inputs):
        raise InputError(
            Problem(f"{file}: not a pbrkit summary: its reference set or inputs are not as "
                    "pbrkit writes them", fix="run the command again to write it afresh")
        )  # fmt: skip
    bad = [k for k in FIGURE_OBJECTS if k in data and not isinstance(data[k], dict)]
    bad += [k for k in FIGURE_TABLES if k in data and not _records(data[k])]
    if bad:
        raise InputError(
            Problem(f"{file}: not a pbrkit summary: {', '.join(map(repr, bad))} are not as "
                    "pbrkit writes them", fix="run the command again to write it afresh")
        )  # fmt: skip


#: summary.json objects (figures, the disclosure statement) and tables of records that
#: compare reads.
FIGURE_OBJECTS: Final = ("totals", "residue", "public_sector", "psa", "years", "disclosure")
FIGURE_TABLES: Final = ("clusters", "residue_by_cluster", "projection")


def _records(value: Any) -> bool:
    """A list of objects that each name their row (cluster, year)."""
    return isinstance(value, list) and all(
        isinstance(row, dict) and ("cluster" in row or "financial_year" in row or "year" in row)
        for row in value
    )


def check_comparable(runs: Sequence[Loaded]) -> None:
    """Runs of one command, all published or none (a published figure is rounded)."""
    commands = {r.summary["command"] for r in runs}
    if len(commands) > 1:
        said = ", ".join(f"{r.name} is {r.summary['command']!r}" for r in runs)
        raise InputError(
            f"runs of different commands cannot be compared: {said}",
            hint="compare cost runs with cost runs, tender runs with tender runs",
        )
    published = [r.name for r in runs if "disclosure" in r.summary]
    if published and len(published) < len(runs):
        others = [r.name for r in runs if r.name not in published]
        raise InputError(
            f"{', '.join(published)} published (--publish) and {', '.join(others)} not: "
            "a published count is rounded or hidden, an unpublished one exact, so their "
            "difference would be neither",
            hint="run every one with --publish, or none",
        )


def what_changed(runs: Sequence[Loaded]) -> tuple[tuple[str, str], ...]:
    """Each setting that differs between the runs, with each run's value in words.

    A bidder, lot or cost pool that only some runs have is one line (all its settings,
    or "none"), not a line per setting."""
    settings = [_grouped(settings_of(r.summary)) for r in runs]
    keys: dict[str, None] = {}
    for s in settings:
        keys.update(dict.fromkeys(s))
    changed = []
    for key in keys:
        whole = _item_of(key)
        in_all = whole is not None and all(whole in s for s in settings)
        if whole is not None and (in_all if key == whole else not in_all):
            continue  # an item every run has, field by field; else as a whole
        values = [s.get(key, "none" if key == whole else "not set") for s in settings]
        if len(set(values)) > 1:
            words = "; ".join(f"{r.name}: {v}" for r, v in zip(runs, values, strict=True))
            changed.append((setting_words(key), words))
    return tuple(changed)


def _item_of(key: str) -> str | None:
    """The named item (``tender.bidders[X]``) a setting belongs to, or is; else None."""
    if key.split("[", 1)[0] not in _ITEMS:
        return None
    return key if key.endswith("]") else key.partition("].")[0] + "]"


def _grouped(settings: dict[str, str]) -> dict[str, str]:
    """Settings with each named item also as one whole (``tender.bidders[X]``), so an
    item absent from a run is compared as a whole; its single fields are kept only
    while every run has it (see :func:`what_changed`)."""
    out: dict[str, str] = {}
    for key, value in settings.items():
        item, _, field = key.partition("].")
        if field and item.split("[", 1)[0] in _ITEMS:
            if field == "name":
                continue
            whole = item + "]"
            words = f"{field.replace('_', ' ')} {value}"
            out[whole] = (out[whole] + " · " if whole in out else "") + words
            out[f"{whole}.{field}"] = value
        else:
            out[key] = value
    return out


#: The settings a reader knows by name: the option or scenario key in words.
SETTING_WORDS: Final = {
    "options.mff": "Market-forces factor (--mff)",
    "options.years": "Projection years (--years)",
    "options.deflator": "Tariff deflator (--deflator)",
    "options.inflation": "Cost inflation (--inflation, or a scenario's inflation)",
    "options.efficiency": "Yearly cost improvement (--efficiency)",
    "options.tariff_rebase": "Prices from year to year (scenario tariff_rebase)",
    "options.retender_every": "Contracts re-let every (scenario retender_every)",
    "options.nhs_response": "NHS response to a deficit (scenario nhs_response)",
    "options.on_missing": "Unpriced activity (--on-missing)",
    "scenario": "Scenario file",
    "draws": "Draws",
    "seed": "Seed",
    "population.source": "Population",
    "population.deflator": "Tariff deflator (scenario)",
    "first_year": "Financial year (--first-year)",
    "psa.samples": "PSA samples (--psa, --samples)",
    "psa.inner": "PSA draws per sample (--inner)",
}
_ITEMS: Final = ("tender.bidders", "tender.lots", "nhs.pools")
_PARTS: Final = (
    ("tender.bidders[", "Bidder "),
    ("tender.lots[", "Lot "),
    ("nhs.pools[", "NHS cost pool "),
)


def setting_words(key: str) -> str:
    """A flattened setting's name in words: ``tender.lots[X].accept_all`` is
    "Lot X: accept all", ``nhs.fixed_cost_share`` "NHS: fixed cost share"."""
    if key in SETTING_WORDS:
        return SETTING_WORDS[key]
    for prefix, words in _PARTS:
        if key.startswith(prefix) and "]." in key:
            name, field = key[len(prefix) :].split("].", 1)
            return f"{words}{name}: {field.replace('_', ' ')}"
        if key.startswith(prefix) and key.endswith("]"):
            return words + key[len(prefix) : -1]
    if " " in key:  # already in words (the reference set, an input file)
        return key
    if key.startswith("nhs."):
        return "NHS: " + key[4:].replace("_", " ")
    if key.startswith("tender."):
        return "Tender: " + key[7:].replace("_", " ")
    return key.replace("_", " ").replace(".", ": ")


def settings_of(summary: Mapping[str, Any]) -> dict[str, str]:
    """A run's assumptions and options, flattened to "setting → value in words"."""
    ref = summary["reference"]
    out = {"Reference set": f"{ref['name']} ({ref['status']})",
           "pbrkit version": str(summary["pbrkit_version"]),
           "Published": str(summary.get("disclosure", {}).get("statement", "no"))}  # fmt: skip
    for item in summary["inputs"]:
        name = Path(item["path"]).name
        # Scenarios differ by name too: one line for "the scenario file's contents".
        key = "Scenario file (SHA-256)" if name.lower().endswith(".toml") else f"Input {name}"
        out[key if key.startswith("Scenario") else f"{key} (SHA-256)"] = item["sha256"]
    for key in ("scenario", "draws", "seed"):
        if summary.get(key) is not None:
            out[key] = _words(summary[key])
    for key in ("options", "nhs", "tender"):
        out.update(_flatten(key, summary.get(key)))
    # The set's word for its codes: the lever's record says it (since fix6), else the
    # run's reference set, else "cluster" (the care-cluster sets before text codes).
    unit = str(ref.get("codes") or "cluster")
    for lever in summary.get("what_if") or ():  # --tariff-change, --cost-change
        where = _lever_scope(lever.get("cluster"), str(lever.get("codes") or unit))
        what = str(lever["lever"]).replace("_", " ")
        out[f"What-if: {what} ({where})"] = f"{float(lever['change']) * 100:+.4g}%"
    population = summary.get("population")
    population = population if isinstance(population, Mapping) else {}
    for key in ("source", "deflator"):
        if key in population:
            out[f"population.{key}"] = _words(population[key])
    # A costing's year is its projection's first (--first-year): the same caseload as
    # 2024/25 and as 2025/26 is two years, not "no setting" apart (rev8).
    # A PSA's size: its percentiles move with it (rev8: 1 sample against 1,000, 5th
    # percentiles £480 apart, was "no setting").
    psa = summary.get("psa")
    for key in ("samples", "inner"):
        if isinstance(psa, Mapping) and psa.get(key) is not None:
            out[f"psa.{key}"] = _words(psa[key])
    projection = summary.get("projection") or ()
    if projection and isinstance(projection[0], Mapping) and "financial_year" in projection[0]:
        out["first_year"] = _words(projection[0]["financial_year"])
    return out


def _lever_scope(code: object, unit: str) -> str:
    """What a what-if lever changed, as its summary.json record says: every code in the
    set's word (``unit``: "every resource group"), a care cluster's number ("cluster
    13"), or a text code as the reference set writes it ("PSY_CRI")."""
    if code is None:
        return f"every {unit}"
    return str(code) if isinstance(code, str) else f"{unit} {code}"


def _flatten(prefix: str, value: Any) -> dict[str, str]:
    """Nested settings as dotted names; a list of named items by name (bidders, lots)."""
    if isinstance(value, Mapping):
        out: dict[str, str] = {}
        for key, item in value.items():
            if key != "defaults":  # which keys took defaults: the values say it already
                out.update(_flatten(f"{prefix}.{key}", item))
        return out
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        out = {}
        for i, item in enumerate(value):
            label = item.get("name", item.get("pool", i))
            out.update(_flatten(f"{prefix}[{label}]", item))
        return out
    return {} if value is None and not prefix else {prefix: _words(value)}


def _words(value: Any) -> str:
    """A setting's value as the reports write it (floats to 10 significant figures)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) or "none"
    return "not set" if value is None else str(value)


def warnings_of(
    runs: Sequence[Loaded], changed: Sequence[tuple[str, str]] | None = None
) -> tuple[str, ...]:
    """Why the comparison may not be like with like: other reference sets, other data,
    other pbrkit versions, other seeds. ``changed`` is :func:`what_changed` of ``runs``
    when the caller has it already."""
    warnings = []
    references = {r.summary["reference"]["name"] for r in runs}
    if len(references) > 1:
        warnings.append(
            "These runs used different reference sets (" + _each(runs, _reference) + "): their "
            "differences come partly from the prices and packages, not only the settings."
        )
    if len({_data_inputs(r.summary) for r in runs}) > 1:
        warnings.append(
            "These runs read different input data (see What changed): their differences "
            "come partly from the data, not only the settings."
        )
    if len({r.summary["pbrkit_version"] for r in runs}) > 1:
        warnings.append("These runs were made by different pbrkit versions ("
                        + _each(runs, lambda s: str(s["pbrkit_version"])) + ").")  # fmt: skip
    noise = _noise_warning(runs, what_changed(runs) if changed is None else changed)
    return tuple(warnings) + ((noise,) if noise else ())


def _noise_warning(runs: Sequence[Loaded], changed: Sequence[tuple[str, str]]) -> str | None:
    """Tender runs with other seeds or other numbers of draws: the bidders' noisy
    estimates pick other patients (a figure is the median over a run's draws), so part
    of every difference, or all of it, is selection noise and not the effect of a
    setting (docs/methodology.md §6.6, §6.9). Found in review 6 (two runs differing only
    in seed compared as if the £2,797 between them meant something) and review5 (the
    same for --draws 1 against --draws 40: "£6,925 higher")."""
    if runs[0].summary["command"] != "pbrkit tender":
        return None
    noisy = [key for key in ("seed", "draws") if len({str(r.summary.get(key)) for r in runs}) > 1]
    if not noisy:
        return None
    what = " and ".join("number of draws" if key == "draws" else key for key in noisy)
    if {setting for setting, _ in changed} <= {SETTING_WORDS[key] for key in noisy}:
        return (
            f"These runs differ only in their {what}: the bidders' noisy estimates picked "
            "other patients, so every difference between them is selection noise, not "
            "the effect of any setting. pbrkit tender --draws shows that noise's spread; "
            "pbrkit psa the uncertainty of the conclusion."
        )
    options = " and ".join(f"--{key}" for key in noisy)
    return (
        f"These runs also differ in their {what}, so part of each difference is selection "
        f"noise (the bidders' noisy estimates picking other patients): run them with the "
        f"same {options} to see the effect of the other settings alone."
    )


def _reference(summary: Mapping[str, Any]) -> str:
    return str(summary["reference"]["name"])


def _each(runs: Sequence[Loaded], say: Any) -> str:
    return "; ".join(f"{r.name}: {say(r.summary)}" for r in runs)


def _data_inputs(summary: Mapping[str, Any]) -> frozenset[str]:
    """The hashes of a run's data files (a scenario file is a setting, not data)."""
    return frozenset(
        i["sha256"] for i in summary["inputs"] if not str(i["path"]).lower().endswith(".toml")
    )
