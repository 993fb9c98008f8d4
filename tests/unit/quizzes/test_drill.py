"""The phone drill: rings counted from the server's clock; within three rings and the right words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizzes.drill import missed, opening_lines, result, rings_at
from quizzes.model import DrillSpec

SETTINGS = DrillSpec(ring_seconds=4, max_rings=3, missed_after_rings=10)
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "rings"), [(0, 1), (3.9, 1), (4, 2), (11.9, 3), (12, 4), (40, 11)])
def test_a_ring_sounds_at_once_and_then_every_ring_seconds(seconds, rings):
    assert rings_at(T0, T0 + timedelta(seconds=seconds), SETTINGS) == rings


def test_picking_up_at_the_third_ring_is_in_time_and_at_the_fourth_is_late():
    assert result(3, True, SETTINGS).passed
    late = result(4, True, SETTINGS)
    assert not late.in_time and not late.passed
    assert not result(1, False, SETTINGS).passed  # in time, but the wrong words


def test_the_caller_hangs_up_after_the_tenth_ring():
    assert not missed(10, SETTINGS) and missed(11, SETTINGS)


def test_the_lines_to_choose_from_name_the_takers_own_centre(rulebook):
    lines = opening_lines(rulebook, "嘉里服务中心")
    assert "您好，嘉里服务中心，有什么可以帮到您的？" in lines
    assert "喂，你找谁？" in lines
    assert not any("阳光花园" in line for line in lines)
    assert list(lines) == sorted(lines)
