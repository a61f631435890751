"""Options shared by several commands, so each means the same thing everywhere."""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import click

from pbrkit.defaults import DEFAULT_REFERENCE
from pbrkit.errors import NOTHING_WRITTEN, InputError, Problem
from pbrkit.io.columns import load_column_map, reading_inputs, using_column_map
from pbrkit.io.limits import (
    MAX_DRAWS,
    MIB,
    SEED_LIMIT,
    ReadLimits,
    check_input_path,
    check_regular_file,
)
from pbrkit.io.output import Writer, check_output_folder, write_outputs

# pandas, numpy and matplotlib are imported by the commands that need them, not
# here: `pbrkit --help` starts in a fraction of a second.
if TYPE_CHECKING:
    from pbrkit.allocation import BandWeights
    from pbrkit.reports.suppression import DisclosurePolicy
    from pbrkit.workflows.run import Run

F = TypeVar("F", bound=Callable[..., Any])


class InputPathType(click.Path):
    """An existing input: a regular file, or (``dir_okay``) a folder of them, or (not
    ``file_okay``) only a folder.

    Checked before anything opens it: a FIFO would block for ever and a link to
    ``/dev/zero`` would never end (see SECURITY.md). Every refusal ends with a Hint
    line, as every other refusal does (left21: click's "File 'x' is a directory." and
    the FIFO refusal had none).
    """

    def __init__(self, *, folders: bool, files: bool = True) -> None:
        # click checks only that the path exists: what kind it is, is said here.
        super().__init__(exists=True, readable=False, path_type=Path)
        self.folders, self.files = folders, files

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        role = param.opts[0] if isinstance(param, click.Option) else self._noun()
        try:
            path = Path(os.fsdecode(super().convert(value, param, ctx)))
        except click.BadParameter as error:  # it does not exist
            self.fail(f"{error.message}\nHint: check the path; {NOTHING_WRITTEN}", param, ctx)
        try:
            self._check(path, role)
        except InputError as error:
            self.fail(f"{error}\nHint: {error.hint or NOTHING_WRITTEN}", param, ctx)
        # `.` and `..` have no name of their own: every message and report names the
        # folder they stand for (else "sheet 'caseload' of ", "correct ; ...").
        return Path(os.path.abspath(path)) if path.name in ("", "..") else path

    def _noun(self) -> str:
        return "file" if self.files else "folder"

    def _check(self, path: Path, role: str) -> None:
        if not self.files:
            if not path.is_dir():
                raise InputError(
                    Problem(
                        f"{role} '{path}' is not a folder",
                        fix="give the folder that holds the files, not one of them",
                    )
                )
            check_input_path(path, role)
        elif self.folders:
            check_input_path(path, role)
        elif path.is_dir():
            raise InputError(
                Problem(
                    f"{role} '{path}' is a folder, not a file",
                    fix="give the file itself (the folder's files are not read)",
                )
            )
        else:
            check_regular_file(path, role)


class FiniteFloat(click.FloatRange):
    """A float in a range, never ``nan`` or ``inf``: ``nan`` passes every range test
    (each comparison is false), and no figure can be computed from ``inf``."""

    name = "finite number"

    def _describe_range(self) -> str:
        # click writes "x<=None" for a range with neither bound (review5)
        if self.min is None and self.max is None:
            return "any finite number"
        return super()._describe_range()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class FiniteRate(FiniteFloat):
    """A yearly rate: a fraction (``0.018``) or a percentage (``1.8%``), as
    ``--efficiency`` takes it; a percentage is read as a decimal, so 1.8% is 0.018."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = value.strip() if isinstance(value, str) else None
        if text is not None and text.endswith("%"):
            try:
                value = float(Decimal(text[:-1].strip()) / 100)
            except InvalidOperation:
                self.fail(f"{text!r} is not a percentage such as 1.8%", param, ctx)
        try:
            number = super().convert(value, param, ctx)
        except click.BadParameter as error:
            if text is None or text.endswith("%") or not _above_one(text):
                raise
            # "1.8" for 1.8% is the likely slip: a bare number is a fraction
            self.fail(
                f"{error.message} Write {text}% or {float(Decimal(text) / 100):g}.", param, ctx
            )
        if text is not None and not text.endswith("%") and abs(number) >= 1:
            # A bare 1 is 100% a year (every price gone after a year), far more likely
            # 1%: as with --tariff-change, 100% or more is written as a percentage.
            self.fail(
                f"{text} reads as a fraction, {number:.0%} a year. Write "
                f"{text}% or {float(Decimal(text) / 100):g} for {text}%, or {number:.0%} "
                "if that is meant.",
                param,
                ctx,
            )
        return number


def _above_one(text: str) -> bool:
    try:
        return math.isfinite(float(text)) and abs(float(text)) > 1
    except ValueError:
        return False


#: A file or a folder of CSVs given as the input of a command.
INPUT_PATH = InputPathType(folders=True)
#: A single input file (``--tariff``, ``--profiles``, a scenario).
INPUT_FILE = InputPathType(folders=False)
#: A folder of input files (``pbrkit import mhsds FOLDER``).
INPUT_FOLDER = InputPathType(folders=True, files=False)
#: ``--seed``: whole numbers the generator takes exactly (numpy's PCG64: 128 bits).
SEED = click.IntRange(min=0, max=SEED_LIMIT - 1)
#: ``--draws``: 1 to 1,000,000 (a scenario's ``draws`` has the same cap).
DRAWS = click.IntRange(min=1, max=MAX_DRAWS)
#: --tariff on every command that prices (README, "Input sheets"; docs/methodology.md §2).
TARIFF_HELP: Final = (
    "A workbook or CSV with a tariff sheet; the input's own tariff sheet is not read, and "
    "a cluster it leaves out takes the reference set's price [default: the input's own "
    "tariff sheet, else the reference set's]."
)
#: Largest absolute score per band in ``--weights``.
MAX_WEIGHT: Final = 1000.0


#: The POSIX portable file name characters (IEEE Std 1003.1, 3.282): safe on every
#: file system and in an email attachment's name.
_PORTABLE: Final = re.compile(r"[A-Za-z0-9._-]+")
MAX_NAME_PREFIX: Final = 64

#: ``--name-prefix`` of the running command, read by :func:`emit`.
_NAME_PREFIX: ContextVar[str] = ContextVar("name_prefix", default="")


def check_name_prefix(text: str) -> str:
    """A ``--name-prefix`` that makes file names, not paths (one problem per rule broken).

    Raises:
        InputError: a path separator, a leading dot (a hidden file, or ``..``), more
            than :data:`MAX_NAME_PREFIX` characters, or a character outside the
            portable set A-Z a-z 0-9 . _ -.
    """
    fix = "e.g. --name-prefix trust-2024-25- (letters, digits, '.', '_', '-')"
    if "/" in text or "\\" in text:
        problem = "has a path separator: it names files, and --out names their folder"
    elif text.startswith("."):
        problem = "starts with '.': the files would be hidden"
    elif len(text) > MAX_NAME_PREFIX:
        problem = f"is {len(text)} characters long; at most {MAX_NAME_PREFIX}"
    elif text and not _PORTABLE.fullmatch(text):
        bad = next(c for c in text if not _PORTABLE.fullmatch(c))
        problem = f"has {bad!r}, which is not a portable file name character"
    else:
        return text
    raise InputError(Problem(f"--name-prefix {text!r} {problem}", fix=fix))


def name_prefix_callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_name_prefix(value)
    except InputError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def name_prefix_option(function: F) -> F:
    """``--name-prefix``: every file the command writes is named PREFIX + its name."""

    @functools.wraps(function)
    def run(*args: Any, name_prefix: str = "", **kwargs: Any) -> Any:
        token = _NAME_PREFIX.set(name_prefix)
        try:
            return function(*args, **kwargs)
        finally:
            _NAME_PREFIX.reset(token)

    return click.option(
        "--name-prefix",
        default="",
        metavar="PREFIX",
        callback=name_prefix_callback,
        help="Start every file name with PREFIX (e.g. trust-2024-25- gives "
        "trust-2024-25-report.xlsx), so several runs can share one folder.",
    )(run)  # type: ignore[return-value]


def output_options_in(folder: str) -> Callable[[F], F]:
    """``--out``, ``--force``, ``--json`` and ``--name-prefix``, the help naming the
    command's default folder (``<input name>-tender``; see :func:`default_out`)."""

    def decorate(function: F) -> F:
        return _output_options(function, folder)

    return decorate


def _output_options(function: F, folder: str) -> F:
    function = name_prefix_option(function)
    function = click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print summary.json to stdout (nothing else there); the reports are still "
        "written to --out, and the folder and files written are named on stderr.",
    )(function)
    function = click.option(
        "--force",
        is_flag=True,
        help="Replace reports in a non-empty --out folder (an earlier run's report files "
        "that this run does not write are removed; other files are left).",
    )(function)
    function = click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_out_is_a_folder,
        help=f"Folder for the reports [default: ./pbrkit-out/{folder}/].",
    )(function)
    return function


#: Endings of the files pbrkit writes or reads: an --out ending so is a file name.
FILE_SUFFIXES: Final = frozenset(
    {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".parquet", ".html", ".htm", ".json", ".pdf"}
)


def _out_is_a_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--out report.xlsx`` would make a folder called report.xlsx: refused, unless
    such a folder already exists (then it was made on purpose)."""
    if value is not None and value.suffix.lower() in FILE_SUFFIXES and not value.is_dir():
        raise click.BadParameter(
            f"'{value}' is a file name, but --out names the folder the reports are written "
            f"into (report.xlsx, report.html, … inside it). Fix: use a folder name such as "
            f"--out {value.with_suffix('')}",
            ctx,
            param,
        )
    return value


#: ``--out`` and its companions for a command writing to ``./pbrkit-out/<input name>/``.
output_options = output_options_in("<input name>")


def reference_option(function: F) -> F:
    """``--reference``: a shipped set's name or a folder of the same shape."""
    return click.option(
        "--reference",
        default=DEFAULT_REFERENCE,
        show_default=True,
        callback=_regular_reference_files,
        help="Reference set (see `pbrkit reference list`) or a folder of the same shape.",
    )(function)


def _regular_reference_files(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A reference folder's files must be regular files, like any other input's."""
    if Path(value).is_dir():
        try:
            check_input_path(Path(value), "--reference")
        except InputError as error:
            message = f"{error}\nHint: {error.hint or NOTHING_WRITTEN}"
            raise click.BadParameter(message, ctx, param) from None
    return value


def publish_option(function: F) -> F:
    """``--publish``: small-number suppression on every output (NHS Digital 2018 rule)."""
    return click.option(
        "--publish",
        is_flag=True,
        help="Apply NHS disclosure control for publication: counts of people 1-7 shown as *, "
        "others rounded to 5, secondary suppression; no patient IDs written.",
    )(function)


def policy_from(publish: bool) -> DisclosurePolicy | None:
    """The disclosure policy for ``--publish`` (None when it is off)."""
    from pbrkit.reports.suppression import NHSD_HES_2018

    return NHSD_HES_2018 if publish else None


def limit_options(function: F) -> F:
    """Bounds on input size (hostile files); raise them for genuine large inputs.

    Every command that reads inputs has these, so ``--columns`` (a user's own headers
    mapped to pbrkit's columns) is added here too: the command runs with the map in
    force for every sheet it reads.
    """
    defaults = ReadLimits()
    function = columns_option(function)
    function = click.option(
        "--max-unzipped-mb",
        type=click.IntRange(min=1),
        default=defaults.max_uncompressed_bytes // MIB,
        show_default=True,
        help="Refuse spreadsheets that expand, or CSV/Parquet data, beyond this many MB.",
    )(function)
    function = click.option(
        "--max-rows",
        type=click.IntRange(min=1),
        default=defaults.max_rows,
        show_default=True,
        help="Refuse sheets with more rows than this.",
    )(function)
    return function


def columns_option(function: F) -> F:
    """``--columns FILE``: read the command's inputs with the file's header mapping."""

    @functools.wraps(function)
    def run(*args: Any, columns: Path | None = None, **kwargs: Any) -> Any:
        mapping = load_column_map(columns) if columns is not None else None
        with using_column_map(mapping):
            return function(*args, **kwargs)

    return click.option(
        "--columns",
        type=INPUT_FILE,
        default=None,
        help="TOML file mapping your headers to pbrkit's columns, one table per sheet, "
        'e.g. [caseload] "Cluster Code" = "cluster" (see docs/methodology.md).',
    )(run)  # type: ignore[return-value]


def limits_from(max_rows: int, max_unzipped_mb: int) -> ReadLimits:
    """The :class:`ReadLimits` for the limit options' values."""
    return ReadLimits(max_rows=max_rows, max_uncompressed_bytes=max_unzipped_mb * MIB)


def limits_of(given: Mapping[str, Any]) -> ReadLimits:
    """The read limits from a command's :func:`limit_options` values."""
    return limits_from(given["max_rows"], given["max_unzipped_mb"])


def write_reports(
    run: Run,
    given: Mapping[str, Any],
    *,
    default: Path,
    inputs: list[Path],
    more: Mapping[str, Writer] | None = None,
    stale: Sequence[str] = (),
) -> None:
    """:func:`emit` a run's reports (and ``more`` files) with a command's
    :func:`output_options` values (``--out``, ``--force``, ``--json``): every command
    writes its reports so."""
    emit(
        run.summary(),
        {**run.writers(), **(more or {})},
        out=given["out"],
        default=default,
        force=given["force"],
        as_json=given["as_json"],
        inputs=inputs,
        stale=stale,
    )


def bounded_weights(text: str) -> BandWeights:
    """``--weights`` read by :func:`parse_weights`, each weight within ±:data:`MAX_WEIGHT`.

    A score adds up to 18 weights; beyond this bound it no longer means anything
    (``must=1e308`` would overflow to infinity).
    """
    from pbrkit.allocation import BANDS
    from pbrkit.workflows.cluster import parse_weights

    weights = parse_weights(text)
    for band in BANDS:
        value = getattr(weights, band)
        if abs(value) > MAX_WEIGHT:
            raise InputError(
                Problem(
                    f"--weights: {band}={value:g} is beyond ±{MAX_WEIGHT:g}",
                    fix="e.g. --weights must=2,expected=2,may=1,unlikely=-2",
                )
            )
    return weights


def run_inputs(
    *paths: Path | None, scenario: Path | None = None, reference: str = DEFAULT_REFERENCE
) -> list[Path]:
    """Every file and folder a run reads, to be protected from its outputs.

    The paths given, the scenario and the workbook it names, and the reference set
    when it is a folder rather than a shipped set's name.
    """
    inputs = [p for p in paths if p is not None]
    if scenario is not None:
        inputs.append(scenario)
        from pbrkit.tender.scenario import load_scenario

        workbook = load_scenario(scenario).workbook
        if workbook is not None:
            inputs.append(workbook)
    if Path(reference).is_dir():
        inputs.append(Path(reference))
    return inputs


def default_out(input_path: Path, command: str = "") -> Path:
    """``./pbrkit-out/<input stem>/``, the folder a command writes to without ``--out``;
    ``<input stem>-<command>/`` for every command but cost, so that, say, ``pbrkit
    cluster trust.xlsx`` does not replace what ``pbrkit cost trust.xlsx`` wrote."""
    # `.` and `..` have no stem of their own: name the folder they stand for
    stem = Path(os.path.abspath(input_path)).stem or "input"
    name = f"{stem}-{command}" if command else stem
    return Path.cwd() / "pbrkit-out" / name


#: The per-patient allocations file of ``pbrkit cluster``, one name a ``--format``.
ALLOCATION_FILES: Final = ("allocations.csv", "allocations.parquet", "allocations.xlsx")

#: Every file a pbrkit command writes into its output folder.
RUN_FILES: Final = frozenset(
    {
        "summary.json",
        "report.xlsx",
        "report.html",
        "summary.pdf",
        *ALLOCATION_FILES,
        "sweep.csv",
        "explore.html",
        "psa.parquet",  # pbrkit psa, and tender/cost --psa: every sample's figures
    }
)


def previous_run(out: Path, prefix: str = "", command: str | None = None) -> bool:
    """True when ``out`` holds an earlier pbrkit run (of ``command``, when given) and
    nothing else.

    Recognised by its ``summary.json`` (a JSON object naming the pbrkit version and
    command) and by holding no file pbrkit does not write; anything else in the folder
    (a user's notes, an input, a file of the same name from elsewhere) makes it False.
    With a ``--name-prefix``, only the files starting with it are looked at: other
    runs' files may share the folder.
    """
    summary = out / f"{prefix}summary.json"
    if not out.is_dir() or not summary.is_file():
        return False
    names = {p.name for p in out.iterdir()}
    if prefix:
        names = {n for n in names if n.startswith(prefix)}
    if not names <= {prefix + name for name in RUN_FILES}:
        return False
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not (isinstance(data, dict) and {"pbrkit_version", "command"} <= data.keys()):
        return False
    # another command's reports are not this run's to replace
    return command is None or data["command"] == command


def emit(
    summary: dict[str, Any],
    writers: dict[str, Writer],
    *,
    out: Path | None,
    default: Path,
    force: bool,
    as_json: bool,
    inputs: list[Path],
    stale: Sequence[str] = (),
) -> None:
    """Write the reports atomically, then print the headline and where they went.

    Without ``--out`` the reports go to ``default``; a previous pbrkit run there is
    replaced (so the same command runs twice in a row), its files that this run does
    not write removed. Anything else in that folder still needs ``--force``, which
    likewise removes the pbrkit report files (:data:`RUN_FILES`) this run does not
    write; other files are left alone.
    ``stale`` names files to remove from the folder once the reports are in place (a
    published run removes an earlier run's patient-level file). With ``--name-prefix``
    every file written or removed is named with it. With ``--json`` the summary goes to
    stdout and the headline and the files written to stderr.
    """
    from pbrkit.cli.headline import headline
    from pbrkit.reports.summary import to_json

    inputs = [*inputs, *reading_inputs()]  # --columns is an input too: never overwritten
    target = out if out is not None else default
    prefix = _NAME_PREFIX.get()
    if (out is None and previous_run(target, prefix, summary.get("command"))) or force:
        # Replacing a run's reports replaces all of them: an earlier run's psa.parquet
        # or allocations left beside this run's summary would read as this run's.
        force = True
        stale = sorted(set(stale) | (RUN_FILES - set(writers)))
    elif prefix and not any((target / f"{prefix}{name}").exists() for name in writers):
        # A prefixed run beside other runs' files replaces nothing: no --force needed.
        force = True
    writers = {f"{prefix}{name}": write for name, write in writers.items()}
    stale = [f"{prefix}{name}" for name in stale]
    check_output_folder(target, force=force, inputs=inputs)
    written = write_outputs(target, writers, inputs=inputs, stale=stale)
    for line in headline(summary):
        click.echo(line, err=as_json)
    if as_json:
        sys.stdout.write(to_json(summary))
    # Where the reports went is told under --json too, on stderr: stdout is the JSON
    # alone (README, Commands), and a scripted run still needs to find the reports.
    # In full, as the default folder is, whatever --out was typed (walk 9: "to runs").
    click.echo(f"Wrote {len(written)} reports to {target.absolute()}:", err=as_json)
    for path in written:
        click.echo(f"  {path.name}", err=as_json)


def refuse_unless_xlsx(out: Path) -> None:
    """Refuse a workbook OUT not named .xlsx (the only format written), saying which
    name to give (rev13: "'t.ods' must end in .xlsx" had no fix)."""
    if out.suffix.lower() != ".xlsx":
        raise InputError(
            Problem(f"'{out.name}' must end in .xlsx", fix=f"name it {out.stem}.xlsx"),
            hint="nothing was written",
        )


class FinancialYear(click.ParamType[str]):
    """An NHS financial year, ``2024/25`` (also ``2024-25`` or ``2024/2025``)."""

    name = "YYYY/YY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from pbrkit.io.financial_year import financial_year_label

        label = financial_year_label(str(value))
        if label is None:
            self.fail(
                f"{value!r} is not a financial year; expected the year April to March, "
                "e.g. 2024/25",
                param,
                ctx,
            )
        return label


def first_year_option(first: str) -> Callable[[F], F]:
    """``--first-year``, one option for cost and tender: the label of the ``first``
    year (year 0 of a costing, year 1 of a tender)."""
    from pbrkit.defaults import DEFAULT_FIRST_YEAR

    return click.option(
        "--first-year",
        type=FinancialYear(),
        default=None,
        help=f"Financial year of the input, for labelling {first} and those after "
        "[default: the year the workbook's year sheet gives (pbrkit import mhsds writes "
        f"it), else {DEFAULT_FIRST_YEAR}].",
    )


#: The last year a projection may label: a YYYY/YY label has four digits before "/"
#: (a year starting in 10000 would be "10000/01").
LAST_YEAR_START: Final = 9999


def check_last_year(first_year: str, years: int) -> None:
    """Refuse a projection whose last year would start after 9999: its label would not
    be a financial year as --first-year reads one."""
    start = int(first_year.split("/")[0])
    if start + years - 1 <= LAST_YEAR_START:
        return
    latest = _year_moved(first_year, LAST_YEAR_START - start - years + 1)
    last = _year_moved(first_year, LAST_YEAR_START - start)
    raise click.BadParameter(
        f"a projection of {years} years from {first_year} would run past {last}, the last "
        f"financial year a YYYY/YY label names; give --first-year {latest} or earlier, or "
        "fewer --years",
        param_hint="'--first-year'",
    )


def _year_moved(first: str, offset: int) -> str:
    from pbrkit.io.financial_year import year_label

    return year_label(int(first.split("/")[0]) + offset)


def say_first_year(given: str | None, workbook_year: str | None, first: str) -> None:
    """A one-line notice (stderr) when ``--first-year`` differs from the year the
    workbook says it covers: the option wins, and the user is told so."""
    if given is None or workbook_year is None or given == workbook_year:
        return
    click.echo(
        f"Notice: --first-year {given} differs from the year the workbook covers "
        f"({workbook_year}, its year sheet); {first} is labelled {given}, as given.",
        err=True,
    )
