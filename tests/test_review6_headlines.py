"""The terminal headline of a PSA or a break-even says its result (review 6).

Found by running ``pbrkit psa examples/clusters.xlsx --uncertainty
examples/uncertainty.csv``: the terminal showed "pbrkit psa:" with nothing under it,
then the files written (and under ``--json`` stderr held the bare "pbrkit psa:"), while
every other command prints three to five lines of its result. ``pbrkit threshold``
printed its sentence outside the headline, so under ``--json`` its headline was as bare.
``pbrkit tender --psa`` and ``pbrkit cost --psa`` printed the one run's change with no
word of the interval the run had just worked out. The headline now gives the PSA's
interval (the reports' own sentences) and the break-even.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.cli.headline import headline

GOLDEN = Path(__file__).parent / "golden"


def _summary(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((GOLDEN / name / "summary.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_a_psa_headline_gives_the_intervals_and_the_probabilities() -> None:
    lines = headline(_summary("psa"))
    assert lines[0] == "pbrkit psa:"
    assert 3 <= len(lines) - 1 <= 5
    text = "\n".join(lines)
    assert "the change in the NHS provider's surplus is between" in text
    assert "the change in public spending (commissioner and NHS together) is between" in text
    # The last line is the probabilities: every run falls on the example (review 8).
    assert lines[-1].strip() == (
        "The NHS surplus falls in every run; public spending rises in every run."
    )


def test_a_published_psa_headline_says_what_is_not_published() -> None:
    lines = headline(_summary("psa-publish"))
    assert len(lines) > 1


def test_a_threshold_headline_gives_the_break_even() -> None:
    summary = _summary("threshold")
    lines = headline(summary)
    assert lines[0] == "pbrkit threshold:"
    value = summary["thresholds"][0]["value"]
    assert f"at nhs.fixed_cost_share = {value:.4g}" in lines[1]


def _tiny(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
        "p4,11,365,9000\np5,4,300,400\n",
        encoding="utf-8",
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    return folder, ranges


def test_tender_psa_prints_the_interval_before_the_one_run(tmp_path: Path) -> None:
    folder, ranges = _tiny(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["tender", str(folder), "--psa", "20", "--uncertainty", str(ranges), "--workers", "1",
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    interval = result.output.index("Over 20 runs, the change in the NHS provider's surplus")
    assert interval < result.output.index("The NHS goes from")


def test_threshold_json_keeps_the_sentence_in_the_headline(tmp_path: Path) -> None:
    folder, _ = _tiny(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["threshold", str(folder), "--param", "nhs.fixed_cost_share", "--figure",
         "nhs_surplus_change", "--target", "-100", "--workers", "1", "--json",
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "pbrkit threshold:\n  " in result.stderr
    assert "nhs.fixed_cost_share = 0 and 1" in result.stderr  # it does not cross -£100
    json.loads(result.stdout)  # stdout holds the JSON alone


def test_a_psa_whose_lead_figures_are_hidden_says_so_and_does_not_fail() -> None:
    # Found by tests/test_disclosure.py (pbrkit psa --publish on the example with 8
    # samples): the headline's sentences met summary.json's null for a hidden figure and
    # the run ended 'unexpected failure: TypeError: bad operand type for abs()'.
    summary = _summary("psa-publish")
    psa = summary["psa"]
    for name in ("nhs_surplus_change", "public_spending_change"):
        psa["figures"][name] = dict.fromkeys(psa["figures"][name])
    psa["prob_nhs_surplus_falls"] = psa["prob_public_spending_rises"] = None
    lines = headline(summary)
    assert lines[1].endswith("is not published: in some runs a count of the people it "
                             "concerns is hidden (1 to 7 people, or a count that would give "
                             "such a one away), and a figure over every run is published "
                             "only when every run is (small-number suppression).")  # fmt: skip
    assert lines[2].endswith("is not published: in some runs a count of the people it "
                             "concerns is hidden (1 to 7 people, or a count that would give "
                             "such a one away), and a figure over every run is published "
                             "only when every run is (small-number suppression).")  # fmt: skip
    assert not any("runs out of 10" in line or "% of runs" in line for line in lines)
