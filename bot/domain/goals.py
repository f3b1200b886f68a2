"""Goal progress rules (the SMART checks themselves are in bot.domain.smart).

Progress (``progress_bar``): ten cells, each worth 10%, rounded down, clamped to 0..100;
``milestone_progress``: the share of milestones done, as a whole percentage.
"""

from __future__ import annotations


def progress_bar(percent: int) -> str:
    """Return a ten-cell text progress bar with the percentage, like "▰▰▰▱▱▱▱▱▱▱ 30%"."""
    value = max(0, min(100, int(percent)))
    filled = value // 10
    return "▰" * filled + "▱" * (10 - filled) + f" {value}%"


def milestone_progress(done: int, total: int) -> int:
    """Return the share of milestones done, as a whole percentage (0 when there are none)."""
    if total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))
