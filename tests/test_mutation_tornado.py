"""Hand-worked tests written against the survivors of mutation testing
`pbrkit.uncertainty.tornado` (benchmarks/mutation-uncertainty.md)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from pbrkit.uncertainty.params import ParameterRow, check_parameters
from pbrkit.uncertainty.tornado import run_tornado

SHARE = "nhs.fixed_cost_share"
CAPACITY = "bidders.A.capacity"


def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
    """y = 2f + capacity + 100·seed (the noise seed shows in the figure); z = −f."""
    f, capacity = values[SHARE], values[CAPACITY]
    return {"y": 2 * f + capacity + 100 * seed, "z": -f}


PARAMS = check_parameters(
    [
        # normal on 0.3 to 0.7, truncated alike at 0 and 1: median 0.5
        ParameterRow(SHARE, 0.3, 0.7, row=2),
        # uniform on 10.4 to 20.6: median 15.5; a count, run as 10 and 21 people
        ParameterRow(CAPACITY, 10.4, 20.6, "uniform", row=3),
    ]
)


def test_the_tornado_worked_by_hand() -> None:
    # Base (medians f 0.5, capacity 15.5, seed 0 → noise 0): y = 1 + 15.5 = 16.5,
    # z = −0.5. Bars for y: capacity 10.4 → 20.6 gives 1 + 10.4 = 11.4 → 21.6 (swing
    # 10.2), f 0.3 → 0.7 gives 0.6 + 15.5 = 16.1 → 1.4 + 15.5 = 16.9 (swing 0.8).
    # For z: f −0.3 → −0.7 (swing 0.4), capacity 0 → 0 (swing 0).
    calls: list[int] = []
    tornado = run_tornado(model, PARAMS, figures=("y", "z"), progress=calls.append)
    assert calls  # progress is reported
    assert tornado.summary() == {
        "base": pytest.approx({"y": 16.5, "z": -0.5}),
        "figures": {
            "y": [
                {
                    "parameter": CAPACITY,
                    "low": 10.0,
                    "high": 21.0,
                    "at_low": pytest.approx(11.4),
                    "at_high": pytest.approx(21.6),
                    "swing": pytest.approx(10.2),
                },
                {
                    "parameter": SHARE,
                    "low": 0.3,
                    "high": 0.7,
                    "at_low": pytest.approx(16.1),
                    "at_high": pytest.approx(16.9),
                    "swing": pytest.approx(0.8),
                },
            ],
            "z": [
                {
                    "parameter": SHARE,
                    "low": 0.3,
                    "high": 0.7,
                    "at_low": pytest.approx(-0.3),
                    "at_high": pytest.approx(-0.7),
                    "swing": pytest.approx(0.4),
                },
                {
                    "parameter": CAPACITY,
                    "low": 10.0,
                    "high": 21.0,
                    "at_low": pytest.approx(-0.5),
                    "at_high": pytest.approx(-0.5),
                    "swing": 0.0,
                },
            ],
        },
    }


def test_every_arm_runs_with_the_runs_own_seed() -> None:
    # Draw 0's noise is the run's seed itself (sampling.inner_seeds): seed 2 adds 200
    # to y in the base and in both arms of every bar, so the swings do not move.
    tornado = run_tornado(model, PARAMS, seed=2, figures=("y",))
    assert tornado.base["y"] == pytest.approx(216.5)
    (capacity, share) = tornado.bars["y"]
    assert (capacity.at_low, capacity.at_high) == pytest.approx((211.4, 221.6))
    assert (share.at_low, share.at_high) == pytest.approx((216.1, 216.9))
