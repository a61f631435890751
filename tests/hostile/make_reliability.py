"""Build the second hostile corpus: inputs named by scenarios, numbers, resources.

Each builder writes one case into a folder and returns what pbrkit should be given
(a scenario file, a workbook, a CSV, a FIFO or a link). ``tests/test_hostile_reliability.py``
runs them; its tests state the outcome pbrkit promises for each. Nothing binary is
checked in.

Usage::

    python tests/hostile/make_reliability.py DIR            # build every case into DIR
    python tests/hostile/make_reliability.py DIR NAME ...   # build the named cases
    python tests/hostile/make_reliability.py --list         # list the cases
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
Builder = Callable[[Path], Path]
CASES: dict[str, Builder] = {}
ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]


def case(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``."""

    def register(builder: Builder) -> Builder:
        CASES[name] = builder
        return builder

    return register


def build(folder: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Build the named cases (all by default) into ``folder``; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: CASES[name](folder / name) for name in (names or CASES)}


def scenario(path: Path, body: str, *, workbook: str = "clusters.xlsx") -> Path:
    """A scenario file ``path`` beside a copy of the example workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if workbook == "clusters.xlsx":
        shutil.copyfile(EXAMPLES / "clusters.xlsx", path.parent / "clusters.xlsx")
    path.write_text(f'schema_version = 1\nworkbook = "{workbook}"\n{body}', encoding="utf-8")
    return path


def patient_table(path: Path, patients: int = 200) -> Path:
    """A CSV patient table the tender reads (patient_id, cluster, days, cost)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["patient_id,cluster,days,cost"]
    clusters = (1, 3, 4, 11, 12)
    for i in range(patients):
        lines.append(f"P{i:05d},{clusters[i % 5]},{300 + i % 65},{1500 + 37 * (i % 50)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def workbook_with_bidders(path: Path, bidders: int) -> Path:
    """The example caseload with ``bidders`` bidders all bidding for one lot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    caseload = book.add_worksheet("caseload")
    rows: list[list[Any]] = [["cluster", "service_users", "cluster_days"]]
    rows += [[1, 120, 9600], [3, 200, 34000], [11, 90, 30600]]
    for r, row in enumerate(rows):
        caseload.write_row(r, 0, row)
    sheet = book.add_worksheet("bidders")
    sheet.write_row(0, 0, ["name", "cost_factor", "clusters"])
    for i in range(bidders):
        sheet.write_row(i + 1, 0, [f"Bidder {i}", 0.9, "1-21"])
    lots = book.add_worksheet("lots")
    lots.write_row(0, 0, ["name", "clusters"])
    lots.write_row(1, 0, ["Everything", "1-21"])
    book.close()
    return path


# --- 1. inputs named inside a scenario ----------


@case("scenario_workbook_is_report")
def scenario_workbook_is_report(folder: Path) -> Path:
    """The scenario's workbook is ``report.xlsx`` in the folder the run writes to."""
    folder.mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "clusters.xlsx", folder / "report.xlsx")
    return scenario(folder / "tender.toml", "draws = 2\n", workbook="report.xlsx")


@case("scenario_patients_is_sweep_csv")
def scenario_patients_is_sweep_csv(folder: Path) -> Path:
    """A sweep's scenario names the patient table ``sweep.csv`` in its --out folder."""
    patient_table(folder / "sweep.csv")
    return scenario(folder / "sweep.toml", "draws = 1\n", workbook="sweep.csv")


@case("scenario_workbook_linked_from_out")
def scenario_workbook_linked_from_out(folder: Path) -> Path:
    """``out/summary.json`` is a symbolic link to the scenario's workbook elsewhere."""
    path = scenario(folder / "inputs" / "tender.toml", "")
    (folder / "out").mkdir()
    (folder / "out" / "summary.json").symlink_to((folder / "inputs" / "clusters.xlsx").resolve())
    return path


# --- 2. numbers in scenarios ----------

#: Scenario bodies whose numbers are not finite, beyond range or of the wrong kind,
#: with the key path the refusal must name.
BAD_NUMBERS: dict[str, tuple[str, str]] = {
    "inf_cost_factor": ('[[bidders]]\nname = "X"\ncost_factor = inf\n', "bidders[0].cost_factor"),
    "nan_info_quality": (
        '[[bidders]]\nname = "X"\ncost_factor = 1\ninfo_quality = nan\n',
        "bidders[0].info_quality",
    ),
    "minus_inf_margin": (
        '[[bidders]]\nname = "X"\ncost_factor = 1\nhurdle_margin = -inf\n',
        "bidders[0].hurdle_margin",
    ),
    "nan_deflator": ("deflator = nan\n", "deflator"),
    "huge_pool": (
        '[[nhs.pools]]\npool = "A"\namount = 1e308\nkind = "fixed"\n'
        '[[nhs.pools]]\npool = "B"\namount = 1e308\nkind = "variable"\n',
        "nhs.pools[0].amount",
    ),
    "huge_risk_aversion": (
        '[[bidders]]\nname = "X"\ncost_factor = 1\nrisk_aversion = 1e300\n',
        "bidders[0].risk_aversion",
    ),
    "draws_over_cap": ("draws = 1_000_000_000\n", "draws"),
    "draws_float": ("draws = 2.5\n", "draws"),
    "seed_2_128": ("seed = 340282366920938463463374607431768211456\n", "seed"),
    "seed_negative": ("seed = -1\n", "seed"),
    "seed_bool": ("seed = true\n", "seed"),
}

for _name, (_body, _key) in BAD_NUMBERS.items():
    CASES[f"scenario_{_name}"] = lambda folder, body=_body: scenario(folder / "s.toml", body)


# --- 3. resources ----------


@case("fifo_caseload_csv")
def fifo_caseload_csv(folder: Path) -> Path:
    """A named pipe called caseload.csv: reading it would wait for a writer for ever."""
    folder.mkdir(parents=True)
    os.mkfifo(folder / "caseload.csv")
    return folder / "caseload.csv"


@case("fifo_in_csv_folder")
def fifo_in_csv_folder(folder: Path) -> Path:
    """A folder of CSVs whose tariff.csv is a named pipe."""
    folder.mkdir(parents=True)
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,120,9600\n3,200,34000\n", encoding="utf-8"
    )
    os.mkfifo(folder / "tariff.csv")
    return folder


@case("dev_zero_caseload_csv")
def dev_zero_caseload_csv(folder: Path) -> Path:
    """caseload.csv is a symbolic link to /dev/zero: endless bytes."""
    folder.mkdir(parents=True)
    (folder / "caseload.csv").symlink_to("/dev/zero")
    return folder / "caseload.csv"


@case("fifo_in_reference_folder")
def fifo_in_reference_folder(folder: Path) -> Path:
    """A copy of the shipped reference set whose tariff.csv is a named pipe."""
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", folder)
    (folder / "tariff.csv").unlink()
    os.mkfifo(folder / "tariff.csv")
    return folder


@case("fifo_scenario_workbook")
def fifo_scenario_workbook(folder: Path) -> Path:
    """A scenario whose workbook is a named pipe."""
    folder.mkdir(parents=True)
    os.mkfifo(folder / "patients.csv")
    return scenario(folder / "s.toml", "", workbook="patients.csv")


@case("dev_zero_scenario_workbook")
def dev_zero_scenario_workbook(folder: Path) -> Path:
    """A scenario whose workbook is a link to /dev/zero."""
    folder.mkdir(parents=True)
    (folder / "book.xlsx").symlink_to("/dev/zero")
    return scenario(folder / "s.toml", "", workbook="book.xlsx")


@case("fifo_scenario")
def fifo_scenario(folder: Path) -> Path:
    """The scenario file itself is a named pipe."""
    folder.mkdir(parents=True)
    os.mkfifo(folder / "s.toml")
    return folder / "s.toml"


@case("scenario_2mb")
def scenario_2mb(folder: Path) -> Path:
    """A 2 MB scenario (comments): beyond the 1 MB a scenario may be."""
    return scenario(folder / "s.toml", "# padding\n" * 200_000)


@case("scenario_30000_bidders")
def scenario_30000_bidders(folder: Path) -> Path:
    """30,000 new bidders on the workbook's lots."""
    entries = ",".join(f'{{name="{i}",cost_factor=1}}' for i in range(30_000))
    body = f"replace_bidders = true\nbidders = [{entries}]\n"  # 750 KB: under the 1 MB cap
    return scenario(folder / "s.toml", body)


@case("workbook_20000_bidders")
def workbook_20000_bidders(folder: Path) -> Path:
    """A workbook whose bidders sheet has 20,000 rows, all on one lot."""
    return workbook_with_bidders(folder / "bidders.xlsx", 20_000)


@case("workbook_501_bidders")
def workbook_501_bidders(folder: Path) -> Path:
    """One bidder-lot pair over the limit of 500."""
    return workbook_with_bidders(folder / "bidders.xlsx", 501)


# --- 5. formula injection in CSV headers ----------

#: Trait column headers a spreadsheet would run as formulas.
HOSTILE_HEADERS = ['=HYPERLINK("http://evil.invalid","x")', "+cmd", "@SUM(A1)", "-2+3"]


@case("ratings_hostile_headers")
def ratings_hostile_headers(folder: Path) -> Path:
    """Ratings with trait columns headed by formulas."""
    folder.mkdir(parents=True)
    path = folder / "ratings.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", *ITEMS, "cluster", *HOSTILE_HEADERS])
        for i in range(40):
            ratings = [(i + k) % 4 for k in range(len(ITEMS))]
            writer.writerow([f"P{i:03d}", *ratings, (1, 3, 4, 11)[i % 4], "a", "b", "c", "d"])
    return path


# --- 6. exit codes ----------


@case("scenario_deep_arrays")
def scenario_deep_arrays(folder: Path) -> Path:
    """A scenario nesting arrays 100,000 deep."""
    return scenario(folder / "s.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")


@case("scenario_deep_tables")
def scenario_deep_tables(folder: Path) -> Path:
    """A scenario nesting inline tables 100,000 deep."""
    return scenario(folder / "s.toml", "x = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n")


@case("scenario_not_utf8")
def scenario_not_utf8(folder: Path) -> Path:
    """A scenario in Windows-1252 (a £ sign as byte 0xA3)."""
    path = scenario(folder / "s.toml", "")
    path.write_bytes(path.read_bytes() + "# £1m\n".encode("cp1252"))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    if args.list or args.folder is None:
        print("\n".join(CASES))
        return 0
    for name, path in build(args.folder, args.names or None).items():
        print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
