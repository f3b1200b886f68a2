"""Dates in words, one way everywhere: plain days, "today" / "N days ago", deadlines in working hours.

Messages to Slack write days and instants as Slack date tokens (handlers.slack.format.day_token and
time_token); their fallback, and every place tokens don't render (modal inline errors, CSV, domain
error messages), uses `plain_day` so a reader sees one format: "Wed 2 Dec 2026".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEADLINE_HOUR = 17  # deadlines shown to people fall at the end of their working day

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plain_day(day: date) -> str:
    """Write a calendar day as plain text: "Wed 2 Dec 2026"."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def days_ago(days: int) -> str:
    """Say how long ago something happened: "today", "yesterday", "3 days ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def working_deadline(at: datetime, tz: str, hour: int = DEADLINE_HOUR) -> datetime:
    """Round a deadline up to the end of a working day in the reader's zone.

    The result is `hour`:00 local time on the local day of `at`, or on the next weekday when `at`
    falls after that hour or on a weekend; never earlier than `at`. A request that would expire at
    00:48 expires at 17:00 the same day instead. Works across DST changes (the wall-clock hour is
    kept). An unknown zone counts as UTC.
    """
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = at.astimezone(zone)
    day = local.date()
    while True:
        end = datetime.combine(day, time(hour), tzinfo=zone)
        if day.weekday() < 5 and end >= at:
            return end
        day += timedelta(days=1)


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def span_words(first: date, last: date) -> str:
    """Write a span of days in words: "1–7 March", "23 February – 1 March",
    "29 December 2025 – 4 January 2026" (the year only when the span crosses one)."""
    if first.year != last.year:
        return (
            f"{first.day} {_MONTH_NAMES[first.month - 1]} {first.year} – "
            f"{last.day} {_MONTH_NAMES[last.month - 1]} {last.year}"
        )
    if first.month != last.month:
        return f"{first.day} {_MONTH_NAMES[first.month - 1]} – {last.day} {_MONTH_NAMES[last.month - 1]}"
    return f"{first.day}–{last.day} {_MONTH_NAMES[last.month - 1]}"
