"""Mutation round mut20 on left20's published ranking of loss-making clusters
(``publishing._code_order``, the order of hidden clusters and of ties): numbers by
value, before any code that is text, and text codes in their own order
(benchmarks/mutation-session20.md).
"""

from __future__ import annotations

from pbrkit.reports.publishing import _code_order


def test_numbers_by_value_then_text_codes() -> None:
    # 10 after 3 (by value, not as text: "10" < "3"); the text codes after every
    # number, "A" before "B"; a bool is no code number (True is text "True").
    codes = ["B", 10, "A", 3, 2.5, True]
    assert sorted(codes, key=_code_order) == [2.5, 3, 10, "A", "B", True]


def test_the_keys_themselves() -> None:
    assert _code_order(13) == (0, 13.0, "")
    assert _code_order("12a") == (1, 0.0, "12a")
    assert _code_order(False) == (1, 0.0, "False")
