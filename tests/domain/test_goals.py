"""Table-driven tests for the goal progress rules in bot.domain.goals."""

from __future__ import annotations

import pytest

from bot.domain.goals import milestone_progress, progress_bar


@pytest.mark.parametrize(
    ("percent", "bar"),
    [
        (0, "▱▱▱▱▱▱▱▱▱▱ 0%"),
        (9, "▱▱▱▱▱▱▱▱▱▱ 9%"),
        (45, "▰▰▰▰▱▱▱▱▱▱ 45%"),
        (100, "▰▰▰▰▰▰▰▰▰▰ 100%"),
        (150, "▰▰▰▰▰▰▰▰▰▰ 100%"),
        (-5, "▱▱▱▱▱▱▱▱▱▱ 0%"),
    ],
)
def test_progress_bar(percent: int, bar: str) -> None:
    assert progress_bar(percent) == bar


@pytest.mark.parametrize(("done", "total", "percent"), [(0, 0, 0), (1, 2, 50), (1, 3, 33), (3, 3, 100)])
def test_milestone_progress(done: int, total: int, percent: int) -> None:
    assert milestone_progress(done, total) == percent
