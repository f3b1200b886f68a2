"""Scheduled matching rounds: "run a matching round every N weeks on <weekday>".

Rules:
- N is 1..12 weeks; "off" (or empty) means no scheduled rounds. The weekday is 0 (Monday)..6.
- The first round falls on the first such weekday after the day the schedule is saved (never
  the same day, so mentees always get their heads-up the day before); later rounds fall every
  N weeks after it.
- A round runs at the program's check-in hour in its time zone; waiting mentees get a heads-up
  the day before at the same hour.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

MIN_EVERY, MAX_EVERY = 1, 12
WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OFF_WORDS: Final = ("", "off", "never", "no", "none", "-", "0")


def parse_every(text: str | None) -> int | str | None:
    """Return the number of weeks, None for off, or what to fix."""
    raw = (text or "").strip().lower().removesuffix("weeks").removesuffix("week").strip()
    if raw in OFF_WORDS:
        return None
    try:
        weeks = int(raw)
    except ValueError:
        return f'Enter a number of weeks from {MIN_EVERY} to {MAX_EVERY}, or "off".'
    if not MIN_EVERY <= weeks <= MAX_EVERY:
        return f'Enter a number of weeks from {MIN_EVERY} to {MAX_EVERY}, or "off".'
    return weeks


def first_round(today: date, weekday: int) -> date:
    """The first round's date: the next `weekday` after today (a week on when today is that day)."""
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def next_round(anchor: date, every_weeks: int, today: date) -> date:
    """The first round date on or after `today` (the anchor, then every N weeks after it)."""
    if today <= anchor:
        return anchor
    step = 7 * every_weeks
    periods = -(-(today - anchor).days // step)
    return anchor + timedelta(days=periods * step)
