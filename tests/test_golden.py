"""Golden file: `pbrkit cost examples/clusters.xlsx` (default options) → summary.json.

Any change in a figure shows up here. If the change is intended, regenerate with

    PBRKIT_REGEN_GOLDEN=1 pytest tests/test_golden.py

and review the diff of tests/golden/clusters_summary.json before committing.
``pbrkit_version`` and each input's ``path`` and ``sha256`` are ignored: they change
with the version, checkout location and re-saves of the workbook.

The golden numbers were sanity-checked by hand before the file was first written
(test_golden_figures_checked_by_hand keeps those checks). From the example caseload
and the reference tariff (tariffs/illustrative-2014-15):

- cluster 1: one row with D = 70,371, A = 0, E = 982 given. £357 per_episode →
  income = 357 × 982 = 350,574. k1 = (6 IAPT × £40 + 1 CC hour × £32) / 84 = 272/84,
  so cost = 272 × 70,371 / 84 = 227,868.
- cluster 7: two rows, D = 81,797 + 129,693 = 211,490, A = 313 + 503 = 816; £3,905.50
  per_year + £360 per admitted day → 3,905.5 × 211,490 / 365 + 360 × 816
  = 10.7 × 211,490 + 293,760 = 2,262,943 + 293,760 = 2,556,703.
- cluster 14: D = 10,237, A = 3,555, E = 401 given; £700 per_episode + £345 admitted
  → 700 × 401 + 345 × 3,555 = 280,700 + 1,226,475 = 1,507,175.
  k14 = 14 × 97.5/28 + 2 × 106/28 + 1 × 32/7 = (1,365 + 212 + 128)/28 = 1,705/28;
  cost = 1,705/28 × (10,237 − 3,555) + 361.9 × 3,555 = 406,886.07… + 1,286,554.5
  = 1,693,440.57…
- cluster 20: D = 90,832, A = 2,944; £19.50 per_day + £340 admitted
  → 19.5 × 90,832 + 340 × 2,944 = 1,771,224 + 1,000,960 = 2,772,184.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
GOLDEN = ROOT / "tests" / "golden" / "clusters_summary.json"
REL = 1e-9  # summation order may differ across pandas/numpy builds; nothing else may


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("golden") / "out"
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    # Store the input path relative to the repository, not this machine's checkout.
    for item in data["inputs"]:
        item["path"] = Path(item["path"]).resolve().relative_to(ROOT).as_posix()
    return data


def _comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary without the fields the golden comparison ignores."""
    data = {k: v for k, v in summary.items() if k != "pbrkit_version"}
    data["inputs"] = [
        {k: v for k, v in item.items() if k not in ("path", "sha256")} for item in data["inputs"]
    ]
    return data


def assert_matches(actual: Any, expected: Any, where: str = "summary") -> None:
    """Equal, with floats compared to a relative 1e-9; ``where`` names the failing key."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert sorted(actual) == sorted(expected), f"{where}: keys differ"
        for key in expected:
            assert_matches(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert len(actual) == len(expected), f"{where}: length differs"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_matches(a, e, f"{where}[{i}]")
    elif isinstance(expected, float) and not isinstance(actual, bool):
        assert isinstance(actual, int | float), where
        assert math.isclose(actual, expected, rel_tol=REL, abs_tol=1e-9), (
            f"{where}: {actual!r} != {expected!r}"
        )
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def test_cost_summary_matches_golden(summary: dict[str, Any]) -> None:
    if os.environ.get("PBRKIT_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8")
        pytest.skip(f"regenerated {GOLDEN.relative_to(ROOT)}: review its diff")
    assert GOLDEN.is_file(), "no golden file: run with PBRKIT_REGEN_GOLDEN=1 to write it"
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert_matches(_comparable(summary), _comparable(expected))


def test_golden_figures_checked_by_hand() -> None:
    # The hand checks of the module docstring, against the stored file itself.
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    clusters = {c["cluster"]: c for c in golden["clusters"]}
    assert clusters[1]["income"] == pytest.approx(357 * 982, rel=REL)
    assert clusters[1]["cost"] == pytest.approx(272 * 70_371 / 84, rel=REL)
    assert clusters[7]["income"] == pytest.approx(2_262_943 + 293_760, rel=REL)
    assert clusters[14]["income"] == pytest.approx(280_700 + 1_226_475, rel=REL)
    assert clusters[14]["cost"] == pytest.approx(
        1_705 / 28 * (10_237 - 3_555) + 361.9 * 3_555, rel=REL
    )
    assert clusters[20]["income"] == pytest.approx(1_771_224 + 1_000_960, rel=REL)
    # Every payable cluster (0-8, 10-21, 99) is in the example; 9 never is.
    assert sorted(clusters) == [*range(9), *range(10, 22), 99]
    assert golden["reference"]["status"] == "illustrative"
    assert golden["unpriced"] == []
    # Totals are the sums of the clusters, and cross-subsidy the positive surpluses.
    totals = golden["totals"]
    for key in ("income", "cost", "surplus", "service_users", "cluster_days"):
        assert totals[key] == pytest.approx(sum(c[key] for c in golden["clusters"]), rel=REL)
    positive = sum(c["surplus"] for c in golden["clusters"] if c["surplus"] > 0)
    assert totals["cross_subsidy"] == pytest.approx(positive, rel=REL)


def test_comparison_ignores_only_version_and_input_identity(summary: dict[str, Any]) -> None:
    # A changed sha256, path or version passes; a changed figure does not.
    moved = json.loads(json.dumps(summary))
    moved["pbrkit_version"] = "9.9.9"
    moved["inputs"][0].update(path="/elsewhere/clusters.xlsx", sha256="0" * 64)
    assert_matches(_comparable(moved), _comparable(summary))
    moved["clusters"][3]["income"] *= 1 + 1e-6
    with pytest.raises(AssertionError, match=r"clusters\[3\]\.income"):
        assert_matches(_comparable(moved), _comparable(summary))
