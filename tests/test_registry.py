"""The figure registry, documents, formulas and the generic --publish.

The promise of the registry: a new figure is one registry entry plus the line that
gives it a value, and it then appears in summary.json, report.xlsx and report.html,
explained, and hidden under --publish wherever the count it is about is hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pytest

from pbrkit.model import ReferenceInfo
from pbrkit.reports import registry as _registry  # noqa: F401  (loads the entries)
from pbrkit.reports.document import Document, Headline, Section, Table
from pbrkit.reports.figures import Figure, Unit, figure, register
from pbrkit.reports.formulas import Difference, Ratio, SumBy, SumIf, TotalOf
from pbrkit.reports.layouts import cost as cost_layout
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018 as P
from pbrkit.reports.suppression import SUPPRESSED as S
from pbrkit.workflows.provenance import run_metadata
from run_time_figure import added_figure, run_cli

NEW = "income_per_day_test"


@pytest.fixture
def new_figure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Figure]:
    """A figure added at run time: one registry entry and its place in the layout."""
    entry = Figure(
        NEW,
        "Income per cluster day (test)",
        Unit.MONEY_PENCE,
        "income ÷ cluster days: a figure added by a test",
        about=("service_users",),
        formula=Ratio("income", "cluster_days"),
        total="formula",
    )
    with added_figure(monkeypatch, entry, cost_layout, "CLUSTER_COLUMNS"):
        yield entry


def test_a_figure_added_at_run_time_is_in_every_output_and_published_with_its_count(
    new_figure: Figure, tmp_workbook: Any, tmp_path: Path
) -> None:
    """Clusters of 5, 41 and 199 people: income ÷ cluster days per cluster.

    Cluster 1: 5 people (hidden, so the new £ figure is hidden too); cluster 3 and 4
    are shown (40 and 200). The total row's value is the formula over the total row:
    Σ income ÷ Σ cluster days.
    """
    path = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 900},
                {"cluster": 2, "service_users": 12, "cluster_days": 2_000},
                {"cluster": 3, "service_users": 41, "cluster_days": 9_000},
                {"cluster": 4, "service_users": 199, "cluster_days": 50_000},
            ]
        }
    )
    plain = run_cli(["cost", str(path)], tmp_path / "plain")
    rows = {c["cluster"]: c for c in plain["clusters"]}
    for row in rows.values():
        assert row[NEW] == pytest.approx(row["income"] / row["cluster_days"])
    # Excel: a column headed by the label and its unit, a formula with its value saved.
    book = openpyxl.load_workbook(tmp_path / "plain" / "report.xlsx")
    ws = book["Clusters"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Income per cluster day (test) £") + 1
    formula = ws.cell(row=2, column=col).value
    assert isinstance(formula, str) and formula.startswith("=IF(")
    values = openpyxl.load_workbook(tmp_path / "plain" / "report.xlsx", data_only=True)
    assert values["Clusters"].cell(row=2, column=col).value == pytest.approx(rows[1][NEW])
    # HTML: the column, and its meaning and formula in "What the figures mean".
    html = (tmp_path / "plain" / "report.html").read_text(encoding="utf-8")
    assert "Income per cluster day (test)" in html
    assert "income ÷ cluster days: a figure added by a test" in html
    assert "Income ÷ Cluster days" in html
    # --publish: hidden with the count it is about; shown where the count is shown.
    published = run_cli(["cost", str(path), "--publish"], tmp_path / "published")
    by_code = {c["cluster"]: c for c in published["clusters"]}
    assert by_code[1]["service_users"] is None and by_code[1][NEW] is None
    assert "/clusters/0/" + NEW in published["disclosure"]["suppressed"]
    assert by_code[4][NEW] == pytest.approx(rows[4][NEW])  # a £ rate: not a count


# --------------------------------------------------------------------- formulas


class Cells:
    """Cell references for a row written in spreadsheet row 7 (columns B, C, D)."""

    letters: ClassVar[dict[str, str]] = {"income": "B", "cost": "C", "surplus": "D",
                                         "superclass": "A"}  # fmt: skip

    def here(self, key: str) -> str:
        return f"{self.letters[key]}7"

    def column(self, table: str, key: str) -> str:
        return f"'{table}'!$X$2:$X$9"

    def total(self, table: str, key: str) -> str:
        return f"'{table}'!$X$10"

    def named(self, name: str) -> str:
        return "$B$3"


def test_formulas_give_value_excel_and_words() -> None:
    row = {"income": 350.0, "cost": 227.5, "surplus": 122.5}
    # surplus = 350 − 227.5 = 122.5; margin = 122.5 ÷ 350 = 0.35
    assert Difference("income", "cost").value(row) == 122.5
    assert Difference("income", "cost").excel(Cells()) == "=B7-C7"
    assert Ratio("surplus", "income").value(row) == pytest.approx(0.35)
    assert Ratio("surplus", "income").excel(Cells()) == '=IF(B7=0,"",D7/B7)'
    assert Ratio("surplus", "income").words(lambda k: k.upper()) == "SURPLUS ÷ INCOME"
    # ÷ 0 is missing (blank in Excel), never an error or infinity.
    nan = Ratio("surplus", "income").value({"surplus": 1.0, "income": 0.0})
    assert nan != nan
    # A hidden operand hides the result.
    assert Ratio("surplus", "income").value({"surplus": S, "income": 3.0}) is S
    assert Difference("income", "cost").value({"income": 1.0, "cost": S}) is S
    assert TotalOf("clusters", "income").excel(Cells()) == "='clusters'!$X$10"
    assert (
        SumIf("c", "surplus", "<0", negate=True).excel(Cells()) == "=-SUMIF('c'!$X$2:$X$9,\"<0\")"
    )
    assert (
        SumIf("c", "surplus", "<0", count=True).excel(Cells()) == "=COUNTIF('c'!$X$2:$X$9,\"<0\")"
    )
    assert SumBy("c", "superclass", "income").excel(Cells()) == (
        "=SUMIF('c'!$X$2:$X$9,A7,'c'!$X$2:$X$9)"
    )


def test_a_figure_registered_twice_differently_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register(Figure("income", "Revenue", Unit.MONEY, "something else"))
    register(figure("income"))  # the same entry again is harmless


def test_total_row_is_completed_from_the_registry() -> None:
    """Two clusters: income 100 + 300 = 400, cost 50 + 350 = 400. Surplus = income − cost
    (50, −50), margin = surplus ÷ income (50 ÷ 100 = 0.5, −50 ÷ 300 = −1/6); the total
    row's margin is the formula over the total row (0 ÷ 400 = 0), not a sum of margins."""
    rows = (
        {"cluster": 1, "income": 100.0, "cost": 50.0},
        {"cluster": 2, "income": 300.0, "cost": 350.0},
    )
    table = Table("t", None, ("cluster", "income", "cost", "surplus", "margin"), rows, total={})
    assert [r["surplus"] for r in table.rows] == [50.0, -50.0]
    assert [r["margin"] for r in table.rows] == [0.5, pytest.approx(-1 / 6)]
    assert table.total is not None
    assert table.total["income"] == 400.0 and table.total["surplus"] == 0.0
    assert table.total["margin"] == 0.0


# ------------------------------------------------------------------ publishing


def _document(rows: tuple[dict[str, Any], ...], people: float) -> Document:
    meta = run_metadata("pbrkit cost", [], ReferenceInfo(name="r", status="illustrative"))
    table = Table(
        "clusters", None, ("cluster", "service_users", "income", "surplus", "surplus_per_person"),
        rows,
        total={"service_users": people}, entity="cluster", ids=("cluster",),
        formulas={}, json_key="clusters",
    )  # fmt: skip
    headline = Headline({"service_users": people, "income": 1000.0}, ("service_users", "income"))
    return Document("cost", "t", meta, (Section("S", (headline, table)),))


def test_publish_hides_a_second_count_and_everything_about_both() -> None:
    """Counts 5, 12, 40 and 200 (total 257): 5 is hidden (1-7), which leaves one hidden
    count in the line of clusters, so the next smallest, 12, is hidden too; 40 and 200
    are rounded to 5 (40, 200) and the total 257 → 255. Each hidden cluster's income
    is hidden with it; surplus per person is worked out over the published count:
    £4,100 ÷ 40 = £102.50."""
    rows = tuple(
        {"cluster": c, "service_users": n, "income": i, "surplus_per_person": 1.0, "surplus": s}
        for c, n, i, s in ((1, 5, 10.0, 1.0), (2, 12, 20.0, 2.0), (3, 41, 30.0, 4100.0),
                           (4, 199, 40.0, 9.0))
    )  # fmt: skip
    document = publish(_document(rows, 257.0), P)
    table = document.table("clusters")
    assert [r["service_users"] for r in table.rows] == [S, S, 40, 200]
    assert [r["income"] for r in table.rows] == [S, S, 30.0, 40.0]
    assert table.rows[2]["surplus_per_person"] == 102.5
    assert table.total is not None and table.total["service_users"] == 255
    assert document.headline().values["service_users"] == 255
    # The table's total income is hidden (less the two shown rows it would give the two
    # hidden ones back), and a headline figure is the whole of the table's rows: it is
    # hidden with that total, whatever its value here.
    assert table.total["income"] is S
    assert document.headline().values["income"] is S
    assert document.meta.disclosure == P.statement


def test_publish_is_the_same_whatever_the_row_order() -> None:
    rows = tuple(
        {
            "cluster": c,
            "service_users": n,
            "income": float(n),
            "surplus": 1.0,
            "surplus_per_person": 1.0 / n,
        }
        for c, n in ((1, 3), (2, 9), (3, 30), (4, 58))
    )
    first = publish(_document(rows, 100.0), P).table("clusters").rows
    second = publish(_document(tuple(reversed(rows)), 100.0), P).table("clusters").rows
    assert sorted(map(repr, first)) == sorted(map(repr, second))
