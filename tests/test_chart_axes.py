"""Chart axes say what the figure is in: £ for money, plain numbers for people."""

from __future__ import annotations

from pbrkit.reports import charts


def test_a_count_chart_has_no_pound_signs_on_its_axis() -> None:
    # Patients by cluster: 1,500 and 2,000 people; the ticks run 0 … 2,000 in steps.
    svg = charts.signed_bars(["1", "2"], [1500.0, 2000.0], title="Patients", xlabel="Cluster",
                             money=False)  # fmt: skip
    assert "£" not in svg
    assert "2,000" in svg


def test_a_money_chart_keeps_its_pounds() -> None:
    svg = charts.signed_bars(["1", "2"], [1500.0, -2000.0], title="Surplus", xlabel="Cluster")
    assert "£" in svg
    horizontal = charts.signed_hbars(["A", "B"], [3.0, 4.0], title="People", money=False)
    assert "£" not in horizontal
