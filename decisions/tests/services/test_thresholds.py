"""Threshold edges from domain.md, computed from the data of the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from decisions.voting import (
    AT_LEAST,
    BASE_ALL,
    BASE_PRESENT,
    BASE_PRESENT_LESS_RECUSED,
    GREATER,
    LineCount,
    LineResult,
    Threshold,
    apply_requirements,
    line_result,
    results_payload,
    sign,
    verify,
)


@pytest.mark.parametrize(
    ("share", "comparison", "members", "agree", "passed"),
    [
        ("50", GREATER, 10, 5, False),
        ("50", GREATER, 10, 6, True),
        ("50", AT_LEAST, 10, 5, True),
        ("50", AT_LEAST, 10, 4, False),
        ("70", AT_LEAST, 9, 7, True),  # 77.8 %
        ("70", AT_LEAST, 9, 6, False),  # 66.7 %
        ("70", AT_LEAST, 10, 7, True),  # exactly 70 %
        ("70", GREATER, 10, 7, False),
    ],
)
def test_threshold_edges_on_all_members(share: str, comparison: str, members: int, agree: int, passed: bool) -> None:
    rule = Threshold(Decimal(share), comparison, BASE_ALL)
    count = LineCount(line_id=1, agree=agree, disagree=members - agree, blank=0, recused_present=0)
    result = line_result(count=count, threshold=rule, members=members, present=members)
    assert result.passed is passed
    assert result.base == members


def test_percent_is_shown_with_two_decimals() -> None:
    rule = Threshold(Decimal("70"), AT_LEAST, BASE_ALL)
    result = line_result(
        count=LineCount(line_id=1, agree=7, disagree=2, blank=0, recused_present=0),
        threshold=rule,
        members=9,
        present=9,
    )
    assert result.percent == "77.78"


@pytest.mark.parametrize(
    ("base", "expected_base", "passed"),
    [
        (BASE_ALL, 10, False),  # 5 of 10 members: not more than half
        (BASE_PRESENT, 8, True),  # 5 of 8 present: 62.5 %
        (BASE_PRESENT_LESS_RECUSED, 7, True),  # 5 of 7 voting
    ],
)
def test_a_recusal_under_each_base(base: str, expected_base: int, passed: bool) -> None:
    rule = Threshold(Decimal("50"), GREATER, base)
    count = LineCount(line_id=1, agree=5, disagree=2, blank=0, recused_present=1)
    result = line_result(count=count, threshold=rule, members=10, present=8)
    assert result.base == expected_base
    assert result.passed is passed
    assert result.recused == 1


def test_recusal_matters_at_the_edge_of_present_less_recused() -> None:
    rule = Threshold(Decimal("50"), GREATER, BASE_PRESENT_LESS_RECUSED)
    # 8 present, 2 recused -> 6 voting; 3 agree is not more than half, with one recusal less it would be 3 of 7
    count = LineCount(line_id=1, agree=3, disagree=3, blank=0, recused_present=2)
    assert line_result(count=count, threshold=rule, members=10, present=8).passed is False
    count = LineCount(line_id=1, agree=4, disagree=2, blank=0, recused_present=2)
    assert line_result(count=count, threshold=rule, members=10, present=8).passed is True


def test_no_base_never_passes() -> None:
    rule = Threshold(Decimal("50"), AT_LEAST, BASE_PRESENT)
    count = LineCount(line_id=1, agree=0, disagree=0, blank=0, recused_present=0)
    assert line_result(count=count, threshold=rule, members=10, present=0).passed is False


def _result(line_id: int, passed: bool) -> LineResult:
    return LineResult(line_id, 8, 2, 0, 0, 10, "80.00", passed)


def test_a_cstdcs_line_whose_ldtt_line_fails_fails() -> None:
    results = {1: _result(1, False), 2: _result(2, True), 3: _result(3, True), 4: _result(4, True)}
    settled = apply_requirements(results, {2: 1, 4: 3})  # line 2 (CSTDCS) needs line 1 (LDTT); 4 needs 3
    assert settled[2].passed is False
    assert settled[2].reason == "required_line_failed"
    assert settled[4].passed is True
    assert settled[1] == results[1]


def test_frozen_results_detect_a_change() -> None:
    key = b"k" * 32
    results = {1: _result(1, True)}
    payload = results_payload(session_id=1, members=10, present=10, results=results, ballots="2")
    signature = sign(payload, key)
    assert verify(payload, signature, key)
    tampered = results_payload(session_id=1, members=10, present=10, results=results, ballots="3")
    assert not verify(tampered, signature, key)
    assert not verify(payload, signature, b"another key")
