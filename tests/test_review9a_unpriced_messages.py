"""Activity with no price is reported against the tariff actually used, not a 'tariff'
sheet the input may not have.

Found in review 9a: a workbook with no tariff sheet, run on a reference folder whose
tariff leaves out clusters 5 and 14, stopped with "sheet 'tariff', column 'cluster':
cluster 5 has activity but no price"; ``pbrkit cluster --tariff prices.csv`` with a CSV
that leaves out cluster 3 said "sheet 'tariff', column 'cluster': cluster 3 has audited
patients but no price". Neither input had a sheet of that name; the messages now name
the tariff used (the reference set, the workbook's sheet or the --tariff file) and, for
a caseload, the row whose activity has no price.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

REFERENCE = Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15"


def _reference_without(tmp_path: Path, *codes: str) -> Path:
    folder = tmp_path / "myref"
    shutil.copytree(REFERENCE, folder)
    tariff = folder / "tariff.csv"
    rows = list(csv.reader(tariff.read_text().splitlines()))
    kept = [r for r in rows if r[0] not in codes]
    with tariff.open("w", newline="") as handle:
        csv.writer(handle).writerows(kept)
    return folder


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


def test_cost_names_the_reference_tariff_and_the_caseload_row(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    folder = _reference_without(tmp_path, "5")
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 3, "cluster_days": 200},
                {"cluster": 5, "service_users": 1, "cluster_days": 100},
            ]
        }
    )
    code, output = _run("cost", str(book), "--reference", str(folder), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "sheet 'tariff'" not in output
    assert "sheet 'caseload', row 3, column 'cluster'" in output
    assert "cluster 5 has activity but no price in reference set" in output
    assert not (tmp_path / "o").exists()


def test_cost_with_its_own_tariff_names_both_places_looked(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    folder = _reference_without(tmp_path, "5")
    book = tmp_workbook(
        {
            "caseload": [{"cluster": 5, "service_users": 1, "cluster_days": 100}],
            "tariff": [{"cluster": 1, "price": 300, "unit": "per_episode"}],
        }
    )
    code, output = _run("cost", str(book), "--reference", str(folder), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "no price in sheet 'tariff' of input.xlsx or reference set" in output


def test_cluster_names_the_tariff_file(tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    items = [str(i) for i in range(1, 14)] + list("ABCDE")
    with ratings.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", *items, "cluster"])
        writer.writerow(["P1", *([1] * 18), 3])
    prices = tmp_path / "prices.csv"
    rows = list(csv.reader((REFERENCE / "tariff.csv").read_text().splitlines()))
    with prices.open("w", newline="") as handle:
        csv.writer(handle).writerows(r for r in rows if r[0] != "3")
    # Priced nowhere: a cluster prices.csv leaves out is priced from the reference set
    # (round 12, methodology §5.4), so the set must leave it out too.
    folder = _reference_without(tmp_path, "3")
    code, output = _run(
        "cluster", str(ratings), "--tariff", str(prices), "--reference", str(folder),
        "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert code == 2, output
    assert "sheet 'tariff'" not in output
    # Looked for in both, and said so, as `pbrkit cost` says it (round 12).
    assert (
        "cluster 3 has audited patients but no price or review period in prices.csv "
        "or reference set" in output
    )
