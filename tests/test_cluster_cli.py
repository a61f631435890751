"""``pbrkit cluster`` end to end (README, Commands, §6, §8): files, figures, privacy, safety.

Agreement and kappa are recomputed here from allocations.csv alone, by hand with
numpy, so the test does not trust the code that wrote summary.json.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ratings.xlsx"
ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
SECTION_6 = ["patient_id", "suggested_cluster", "score", "runner_up", "margin", "reason"]
REPORTS = {"allocations.csv", "summary.json", "report.xlsx", "report.html", "summary.pdf"}
REL = 1e-9


def invoke(*args: str | Path) -> Result:
    """Run ``pbrkit ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read_allocations(path: Path) -> pd.DataFrame:
    """allocations.csv with IDs as text and blanks as NaN."""
    return pd.read_csv(path, dtype={"patient_id": str}, keep_default_na=False, na_values=[""])


def example_ratings() -> pd.DataFrame:
    """The example's ratings sheet, every cell as text (read by openpyxl, not pbrkit)."""
    return pd.read_excel(EXAMPLE, sheet_name="ratings", dtype=str, engine="openpyxl")


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pbrkit cluster examples/ratings.xlsx`` once for the module; its --out folder."""
    out = tmp_path_factory.mktemp("cluster") / "out"
    result = invoke("cluster", EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def summary(example_run: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((example_run / "summary.json").read_text("utf-8"))
    return data


def ratings_workbook(
    tmp_workbook: Callable[..., Path], rows: list[dict[str, Any]], **sheets: Any
) -> Path:
    return tmp_workbook({"ratings": rows, **sheets}, name="ratings.xlsx")


def patient(pid: str, cluster: Any = 4, **ratings: Any) -> dict[str, Any]:
    """A patient rated 1 on every item unless told otherwise."""
    row: dict[str, Any] = {"patient_id": pid}
    row.update({item: ratings.get(f"i{item}", 1) for item in ITEMS})
    row["cluster"] = cluster
    return row


# ------------------------------------------------------------------- the example


def test_exit_zero_and_files_written(example_run: Path) -> None:
    assert {p.name for p in example_run.iterdir()} == REPORTS


def test_one_allocation_row_per_patient(example_run: Path) -> None:
    allocations = read_allocations(example_run / "allocations.csv")
    source = example_ratings()
    assert list(allocations.columns[: len(SECTION_6)]) == SECTION_6
    assert "cluster" in allocations.columns
    assert len(allocations) == len(source) == 2000
    # IDs round-trip as text, leading zeros and all, in input order.
    assert allocations["patient_id"].tolist() == source["patient_id"].tolist()
    assert any(pid.startswith("0") for pid in allocations["patient_id"])
    suggested = allocations["suggested_cluster"]
    assert suggested.isin([0, *range(1, 9), *range(10, 22), 99]).all()
    assert allocations["reason"].notna().all()


def test_agreement_and_kappa_recomputed_from_allocations(
    example_run: Path, summary: dict[str, Any]
) -> None:
    allocations = read_allocations(example_run / "allocations.csv")
    clinician = allocations["cluster"].to_numpy(dtype=np.float64)
    suggested = allocations["suggested_cluster"].to_numpy(dtype=np.float64)
    audited = ~np.isnan(clinician) & (clinician != 99) & (suggested != 99)
    c, s = clinician[audited].astype(int), suggested[audited].astype(int)
    labels = np.union1d(c, s)
    matrix = np.zeros((len(labels), len(labels)))
    np.add.at(matrix, (np.searchsorted(labels, c), np.searchsorted(labels, s)), 1)
    n = matrix.sum()
    p_o = np.trace(matrix) / n
    p_e = (matrix.sum(axis=1) / n) @ (matrix.sum(axis=0) / n)
    kappa = (p_o - p_e) / (1 - p_e)

    a = summary["allocation"]
    assert a["audited"] == int(n)
    assert a["agreement"] == pytest.approx(p_o, rel=REL)
    assert a["kappa"] == pytest.approx(kappa, rel=REL)
    assert a["patients"] == len(allocations)
    assert a["assessed"] == int((suggested != 99).sum())
    assert 0 < a["kappa"] < a["agreement"] < 1


def test_summary_has_the_common_header_and_allocation(summary: dict[str, Any]) -> None:
    assert summary["command"] == "pbrkit cluster"
    assert {"pbrkit_version", "inputs", "reference", "seed"} <= set(summary)
    assert summary["inputs"][0]["path"].endswith("ratings.xlsx")
    a = summary["allocation"]
    for key in ("superclass_agreement", "superclass_kappa", "counts", "top_disagreements",
                "money_at_stake", "money_at_stake_by_cluster", "homogeneity"):  # fmt: skip
        assert key in a
    assert sum(row["suggested"] for row in a["counts"]) == a["patients"]
    by_cluster = sum(row["difference"] for row in a["money_at_stake_by_cluster"])
    assert by_cluster == pytest.approx(a["money_at_stake"], rel=REL)
    above, below = a["money_paid_above_suggested"], a["money_paid_below_suggested"]
    assert above + below == pytest.approx(a["money_at_stake"], rel=REL)
    h = a["homogeneity"]
    assert 0 < h["riv"] < 1 and 0 < h["riv_trimmed"] < 1
    assert "99th percentile" in h["trim_rule"]
    assert {"n", "mean", "sd", "cv", "p10", "p50", "p90", "top10_share"} <= set(h["clusters"][0])
    detained = [g for g in h["subgroups"] if g["trait"] == "mha_detained" and g["group"] == "yes"]
    assert detained and detained[0]["profit_per_person"] < 0
    assert summary["options"]["profiles_illustrative"] is True


def _id_tokens() -> set[str]:
    return set(example_ratings()["patient_id"])


def test_no_patient_id_in_html_xlsx_or_json(example_run: Path) -> None:
    ids = _id_tokens()
    token = re.compile(r"[A-Za-z0-9]+")
    html = (example_run / "report.html").read_text("utf-8")
    assert not ids & set(token.findall(html))
    text = (example_run / "summary.json").read_text("utf-8")
    assert not ids & set(token.findall(text))
    book = openpyxl.load_workbook(example_run / "report.xlsx")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    value = str(cell.value)
                    assert value not in ids, (ws.title, cell.coordinate)
                    assert not ids & set(token.findall(value)), (ws.title, cell.coordinate)


def test_xlsx_totals_are_formulas_with_saved_values(
    example_run: Path, summary: dict[str, Any]
) -> None:
    path = example_run / "report.xlsx"
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    assert formulas.sheetnames == [
        "Summary", "Allocation counts", "Confusion", "Superclass confusion", "Disagreements",
        "Money at stake", "Homogeneity", "Subgroups", "Assumptions", "Run",
    ]  # fmt: skip
    a = summary["allocation"]

    money = formulas["Money at stake"]
    header = next(r for r in range(1, 10) if money.cell(r, 1).value == "Cluster")
    columns = {money.cell(header, c).value: c for c in range(1, money.max_column + 1)}
    total = next(r for r in range(header, money.max_row + 1) if money.cell(r, 1).value == "Total")
    expected = {
        "Audited patients": a["audited"],
        "Income, clinicians' clusters £": sum(
            r["income_clinician"] for r in a["money_at_stake_by_cluster"]
        ),
        "Difference £": a["money_at_stake"],
    }
    for name, figure in expected.items():
        formula = money.cell(total, columns[name]).value
        assert isinstance(formula, str) and formula.startswith("=SUM("), name
        saved = values["Money at stake"].cell(total, columns[name]).value
        assert saved == pytest.approx(figure, rel=REL), name
    # Each row's difference is a formula too.
    first = money.cell(header + 1, columns["Difference £"]).value
    assert isinstance(first, str) and first.startswith("=")

    # Summary figures point at the tables they come from, with their values saved.
    sheet = formulas["Summary"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for label, key in (("Agreement (cluster) %", "agreement"),
                       ("Cohen's kappa", "kappa"),
                       ("Cohen's kappa (superclass)", "superclass_kappa"),
                       ("£ at stake (clinicians' − suggested) £", "money_at_stake")):  # fmt: skip
        formula = sheet.cell(rows[label], 2).value
        assert isinstance(formula, str) and "'!$" in formula, label
        saved = values["Summary"].cell(rows[label], 2).value
        assert saved == pytest.approx(a[key], rel=REL), label

    # The confusion sheet works agreement and kappa out from the matrix (Cohen 1960).
    confusion = formulas["Confusion"]
    labels = {confusion.cell(r, 1).value: r for r in range(1, confusion.max_row + 1)}
    for label, key in (("Observed agreement p_o (diagonal ÷ total)", "agreement"),
                       ("Cohen's kappa (p_o − p_e) ÷ (1 − p_e)", "kappa")):  # fmt: skip
        assert str(confusion.cell(labels[label], 2).value).startswith("=IF(")
        saved = values["Confusion"].cell(labels[label], 2).value
        assert saved == pytest.approx(a[key], rel=REL), label

    counts = formulas["Allocation counts"]
    total = next(r for r in range(1, counts.max_row + 1) if counts.cell(r, 1).value == "Total")
    assert str(counts.cell(total, 4).value).startswith("=SUM(")
    assert values["Allocation counts"].cell(total, 4).value == a["patients"]
    # The heat-map is a colour scale on the confusion matrix.
    assert formulas["Confusion"].conditional_formatting


def test_xlsx_states_the_grid_is_not_official(example_run: Path) -> None:
    book = openpyxl.load_workbook(example_run / "report.xlsx")
    text = " ".join(str(c.value) for row in book["Assumptions"].iter_rows() for c in row if c.value)
    assert "NOT the official Clustering Booklet grid" in text
    assert "must 2, expected 2, may 1, unlikely -2" in text


def test_html_findings_first(example_run: Path, summary: dict[str, Any]) -> None:
    html = (example_run / "report.html").read_text("utf-8")
    a = summary["allocation"]
    assert html.index('class="findings"') < html.index("<svg")
    assert f"{a['agreement'] * 100:.1f}%" in html
    assert f"{a['kappa']:.2f}" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<script" not in html
    assert html.count("<svg") >= 2  # heat-map and CV chart


# ------------------------------------------------------------------------ options


def test_format_parquet(tmp_path: Path, example_run: Path) -> None:
    out = tmp_path / "out"
    result = invoke("cluster", EXAMPLE, "--format", "parquet", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "allocations.parquet").is_file()
    assert not (out / "allocations.csv").exists()
    parquet = pd.read_parquet(out / "allocations.parquet")
    csv_file = read_allocations(example_run / "allocations.csv")
    assert list(parquet.columns) == list(csv_file.columns)
    assert parquet["patient_id"].tolist() == csv_file["patient_id"].tolist()
    assert parquet["suggested_cluster"].tolist() == csv_file["suggested_cluster"].tolist()


def test_own_profiles_change_the_result(tmp_path: Path, summary: dict[str, Any]) -> None:
    grid = tmp_path / "grid.csv"
    grid.write_text(
        "cluster,item,rating,band\n"
        "1,1,0,expected\n1,2,0,expected\n"
        "10,6,2,must\n10,6,3,must\n10,6,4,must\n"
        "18,4,2,expected\n18,4,3,expected\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = invoke("cluster", EXAMPLE, "--profiles", grid, "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    mine = json.loads(result.stdout)
    suggested = {row["cluster"] for row in mine["allocation"]["counts"] if row["suggested"]}
    assert suggested <= {0, 1, 10, 18, 99}
    assert mine["allocation"]["agreement"] != summary["allocation"]["agreement"]
    assert mine["options"]["profiles_illustrative"] is False
    assert "grid.csv" in mine["options"]["profiles"]


def test_weights_and_min_score(tmp_path: Path) -> None:
    result = invoke(
        "cluster", EXAMPLE, "--out", tmp_path / "o", "--json", "--min-score", "1000",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    a = json.loads(result.stdout)["allocation"]
    assert a["outcomes"]["variance_below_min_score"] == a["assessed"]
    bad = invoke("cluster", EXAMPLE, "--out", tmp_path / "o2", "--weights", "often=3")
    assert bad.exit_code == 2
    assert "--weights" in bad.stderr
    assert not (tmp_path / "o2").exists()


def test_tariff_priority(tmp_path: Path, tmp_workbook: Callable[..., Path]) -> None:
    """--tariff beats a tariff sheet in the workbook, which beats the reference set."""
    rows = [
        patient("A1", cluster=1, i7=2, i8=2),
        patient("A2", cluster=4, i7=3, i8=3, i2=2),
        patient("A3", cluster=11, i6=1),
    ]
    prices = [{"cluster": c, "price": 10.0, "unit": "per_day"} for c in [0, *range(1, 9),
              *range(10, 22)]]  # fmt: skip
    book = ratings_workbook(tmp_workbook, rows, tariff=prices)
    result = invoke("cluster", book, "--out", tmp_path / "a", "--json")
    assert result.exit_code == 0, result.stderr
    sheet = json.loads(result.stdout)
    assert sheet["options"]["tariff"] == "sheet 'tariff' of ratings.xlsx"
    # The same price everywhere: nothing is at stake.
    assert sheet["allocation"]["money_at_stake"] == 0
    tariff = tmp_path / "prices.csv"
    tariff.write_text(
        "cluster,price,unit\n"
        + "".join(f"{c},{c + 1},per_day\n" for c in [0, *range(1, 9), *range(10, 22)]),
        encoding="utf-8",
    )
    result = invoke("cluster", book, "--tariff", tariff, "--out", tmp_path / "b", "--json")
    assert result.exit_code == 0, result.stderr
    own = json.loads(result.stdout)
    assert own["options"]["tariff"] == "prices.csv"
    assert own["inputs"][1]["path"].endswith("prices.csv")


def test_json_prints_only_json(tmp_path: Path) -> None:
    result = invoke("cluster", EXAMPLE, "--out", tmp_path / "o", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["command"] == "pbrkit cluster"


def test_help_has_an_example() -> None:
    result = invoke("cluster", "--help")
    assert result.exit_code == 0
    assert "pbrkit example ratings.xlsx" in result.stdout
    assert "pbrkit cluster ratings.xlsx" in result.stdout


def test_ratings_alone_without_clinician_cluster_or_cost(tmp_path: Path) -> None:
    source = tmp_path / "ratings.csv"
    example_ratings()[["patient_id", *ITEMS]].head(50).to_csv(source, index=False)
    result = invoke("cluster", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    a = json.loads(result.stdout)["allocation"]
    assert a["patients"] == 50
    assert a["agreement"] is None and a["kappa"] is None and a["money_at_stake"] is None
    assert a["homogeneity"] is None
    assert "nothing to audit" in (tmp_path / "out" / "report.html").read_text("utf-8")


def test_nobody_assessed(tmp_path: Path) -> None:
    source = tmp_path / "ratings.csv"
    frame = example_ratings().head(20)
    frame[ITEMS] = "9"
    frame.to_csv(source, index=False)
    result = invoke("cluster", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    a = json.loads(result.stdout)["allocation"]
    assert a["outcomes"]["not_assessed"] == 20 and a["audited"] == 0
    assert a["agreement"] is None and a["kappa"] is None


# --------------------------------------------------------------------- safety


def test_csv_neutralises_formula_prefixes(
    tmp_path: Path, tmp_workbook: Callable[..., Path]
) -> None:
    ids = ["=1+1", "@SUM(A1)", "-123", "+44", "plain", "007"]
    rows = [patient(pid) for pid in ids]
    for row in rows:
        row["team"] = '=HYPERLINK("http://x","y")'
    out = tmp_path / "out"
    result = invoke("cluster", ratings_workbook(tmp_workbook, rows), "--out", out)
    assert result.exit_code == 0, result.stderr
    with (out / "allocations.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["patient_id"] for r in records] == [
        "'=1+1", "'@SUM(A1)", "'-123", "'+44", "plain", "007",
    ]  # fmt: skip
    assert {r["team"] for r in records} == {'\'=HYPERLINK("http://x","y")'}
    # The reports never carry the IDs at all.
    html = (out / "report.html").read_text("utf-8")
    assert "SUM(A1)" not in html and "=1+1" not in html
    book = openpyxl.load_workbook(out / "report.xlsx")
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert not {"=1+1", "@SUM(A1)", "-123", "+44"} & cells


def test_bad_ratings_exit_2_and_write_nothing(
    tmp_path: Path, tmp_workbook: Callable[..., Path]
) -> None:
    rows = [patient("P1"), patient("P2", i7=7), patient("P3", cluster=22), patient("P4")]
    book = ratings_workbook(tmp_workbook, rows)
    out = tmp_path / "out"
    result = invoke("cluster", book, "--out", out)
    assert result.exit_code == 2
    assert "sheet 'ratings', row 3, column '7'" in result.stderr
    assert "sheet 'ratings', row 4, column 'cluster'" in result.stderr
    assert "'22'" in result.stderr
    assert not out.exists()
    assert result.stdout == ""

    validated = invoke("validate", book)
    assert validated.exit_code == 2
    assert "row 3, column '7'" in validated.stderr and "row 4, column 'cluster'" in validated.stderr


def test_validate_accepts_a_ratings_workbook() -> None:
    result = invoke("validate", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "2,000 patients" in result.stdout


# ------------------------------------------------------------------------- scale


def synthetic_ratings(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` random patients with ratings, clinician's cluster, days, cost and traits."""
    rng = np.random.default_rng(seed)
    ratings = rng.integers(0, 5, size=(n, len(ITEMS)), dtype=np.int8)
    ratings[rng.random(ratings.shape) < 0.02] = 9
    frame = pd.DataFrame(ratings, columns=ITEMS)
    frame.insert(0, "patient_id", pd.array([f"S{i:07d}" for i in range(n)], dtype="string"))
    codes = np.array([0, *range(1, 9), *range(10, 22), 99])
    frame["cluster"] = rng.choice(codes, size=n)
    frame["days"] = rng.integers(1, 366, size=n).astype(np.float64)
    frame["cost"] = rng.lognormal(8.0, 1.0, size=n)
    frame["mha_detained"] = np.where(rng.random(n) < 0.05, "yes", "no")
    return frame


@pytest.mark.slow
def test_a_million_patients_end_to_end(tmp_path: Path) -> None:
    n = 1_000_000
    source = tmp_path / "ratings.parquet"
    synthetic_ratings(n).to_parquet(source, index=False)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = invoke("cluster", source, "--format", "parquet", "--out", out, "--json")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.stderr
    assert elapsed < 60, f"{elapsed:.1f}s"
    assert "allocated, audited and measured" in result.stderr  # progress on stderr
    a = json.loads(result.stdout)["allocation"]
    assert a["patients"] == n
    allocations = pd.read_parquet(out / "allocations.parquet", columns=["suggested_cluster"])
    assert len(allocations) == n
    assert a["assessed"] == int((allocations["suggested_cluster"] != 99).sum())
