"""A pair's lifecycle rules: pauses and the next check-in.

- Pausing (``parse_pause``): "/mentor pause" pauses with no end date; "until YYYY-MM-DD" (or
  just the date) pauses until that day, which must be after today and no later than the
  mentorship's end date when it has one. At most 180 days ahead.
- Next check-in (``next_check_in``): the first check-in (period 1 or later, see
  bot.domain.cadence) due strictly after ``now`` whose period starts on or before the end
  date; None when there is none left.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Final

from bot.domain.cadence import (
    CADENCES,
    EARLIEST_SEND_HOUR,
    LATEST_SEND_HOUR,
    Cadence,
    check_in_due,
    period_index,
    period_start,
)
from bot.domain.dates import plain_day

MAX_PAUSE_DAYS: Final = 180

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_pause(words: list[str], today: date, end_date: date | None) -> date | None:
    """Return the day a pause ends (None: until resumed) from the words after "pause".

    Raises:
        ValueError: with a message saying what to type, for anything else.
    """
    rest = [w for w in words if w]
    if rest and rest[0].lower() == "until":
        rest = rest[1:]
        if not rest:
            msg = "Add the date to pause until, like `/mentor pause until 2027-01-15`."
            raise ValueError(msg)
    if not rest:
        return None
    if len(rest) > 1:
        msg = "I couldn't read that. Type `/mentor pause` or `/mentor pause until YYYY-MM-DD`."
        raise ValueError(msg)
    match = _ISO_DAY.match(rest[0])
    if not match:
        msg = f"“{rest[0][:30]}” isn't a date I can read. Use YYYY-MM-DD, like `/mentor pause until 2027-01-15`."
        raise ValueError(msg)
    try:
        until = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        msg = f"{rest[0][:30]} isn't a real date. Use YYYY-MM-DD, like `/mentor pause until 2027-01-15`."
        raise ValueError(msg) from None
    if until <= today:
        msg = f"{plain_day(until)} has already come. Pick a date after today, or type `/mentor pause` alone."
        raise ValueError(msg)
    if until > today + timedelta(days=MAX_PAUSE_DAYS):
        msg = (
            f"That's more than {MAX_PAUSE_DAYS} days away. Pick a nearer date, or consider `/mentor end` "
            "if you need a longer break."
        )
        raise ValueError(msg)
    if end_date is not None and until > end_date:
        msg = (
            f"Your mentorship ends on {plain_day(end_date)}. Pick a date before then, or `/mentor end` "
            "it if you'd rather conclude."
        )
        raise ValueError(msg)
    return until


def as_cadence(value: str) -> Cadence | None:
    """Return the cadence if the text is a known one, else None."""
    for cadence in CADENCES:
        if cadence == value:
            return cadence
    return None


def due_check_in(
    status: str, start: date | None, end: date | None, cadence: str, tz: str, hour: int, now: datetime
) -> datetime | None:
    """The next check-in of a pair (UTC): None while it is paused or before check-ins start. The
    program's hour is kept inside the hours the scheduler sends at."""
    if status != "active" or start is None:
        return None
    sent_at = max(EARLIEST_SEND_HOUR, min(LATEST_SEND_HOUR, hour))
    return next_check_in(start, end, cadence, tz, sent_at, now)


def next_check_in(
    start: date, end: date | None, cadence: str, tz: str, hour: int, now: datetime
) -> datetime | None:
    """Return when the next check-in after ``now`` is due (UTC), or None if none is left."""
    known = as_cadence(cadence)
    if known is None:
        return None
    first = max(1, period_index(start, known, now.date()))
    for index in range(first, first + 1000):
        if end is not None and period_start(start, known, index) > end:
            return None
        due = check_in_due(start, known, index, tz, hour)
        if due > now:
            return due
    return None
