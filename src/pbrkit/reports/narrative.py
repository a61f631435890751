"""Plain-English findings: the sentences a campaigner or a board paper can quote."""

from __future__ import annotations

from pbrkit.costing import CostingResult
from pbrkit.reports.format import money_short, noun, percent, plural


def costing_findings(result: CostingResult) -> list[str]:
    """Three to five sentences on a costing run, most important first."""
    t = result.totals
    clusters = result.clusters
    verdict = "a surplus" if t["surplus"] >= 0 else "a deficit"
    findings = [
        f"Across {plural(len(clusters), 'care cluster')}, {plural(t['service_users'], 'person')} "
        f"{noun(t['service_users'], 'brings', 'bring')} in "
        f"{money_short(t['income'])} of tariff income against {money_short(t['cost'])} of "
        f"cost: {verdict} of {money_short(abs(t['surplus']))} "
        f"({percent(t['surplus'] / t['income']) if t['income'] else '–'} of income)."
    ]
    losing = result.loss_making
    if losing.empty:
        findings.append("No cluster loses money on these prices.")
    else:
        worst = ", ".join(
            f"cluster {code} ({row['name']}, {money_short(row['surplus'])})"
            for code, row in losing.head(3).iterrows()
        )
        findings.append(
            f"{plural(len(losing), 'cluster')} {noun(len(losing), 'loses')} money, "
            f"{money_short(t['loss'])} in all; the largest "
            f"{noun(min(len(losing), 3), 'loss is', 'losses are')} in {worst}."
        )
        findings.append(
            f"The profitable clusters make {money_short(t['cross_subsidy'])}, and that surplus "
            "is what pays for the losses. If outside providers took the profitable clusters, "
            "the NHS would keep the losses without the money that now covers them."
        )
    projection = result.projection
    options = result.options
    if len(projection) > 1:
        first, last = projection.iloc[0], projection.iloc[-1]
        findings.append(
            f"With a tariff deflator of {percent(options.deflator)} a year and cost inflation "
            f"of {percent(options.inflation)}"
            + (
                f" less an efficiency of {percent(options.efficiency)}"
                if options.efficiency
                else ""
            )
            + f", the {first['financial_year']} "
            f"{'surplus' if first['surplus'] >= 0 else 'deficit'} of "
            f"{money_short(abs(first['surplus']))} becomes a "
            f"{'surplus' if last['surplus'] >= 0 else 'deficit'} of "
            f"{money_short(abs(last['surplus']))} by {last['financial_year']}."
        )
    if not result.unpriced.empty:
        findings.append(
            f"Activity in {plural(len(result.unpriced), 'cluster')} has no price and is left "
            "out of "
            "these totals (see the unpriced table)."
        )
    return findings
