"""Cadence: when scheduled messages are due, in each person's local time.

Rules:
- A cadence is "weekly" (7 days), "biweekly" (14 days) or "monthly". Monthly means four
  weeks (28 days), not a calendar month, so every period has the same length and period
  boundaries never depend on month lengths.
- Periods are counted from the mentorship's start date: period ``i`` starts on
  ``start + i * cadence_days``. Period 0 is the first one; dates before the start fall in
  negative periods (floor division), so ``period_start(period_index(d)) <= d`` always.
- The check-in for period ``i`` (``i >= 1``; the first one comes one cadence after the start)
  is sent at the person's local ``hour`` on the first weekday (Mon-Fri) on or after the
  period's start day. Because periods are at least 7 days long and rolling over a weekend
  moves a day by at most 2, due times strictly increase with the index and never collide.
- Times are computed from the local calendar, not by adding 24-hour steps to an instant, so a
  DST change neither skips nor doubles a period: a 09:00 check-in stays at 09:00 local.
- A local wall time that does not exist (spring-forward gap) resolves to the first valid
  instant after the gap; an ambiguous one (fall-back fold) resolves to its first occurrence.
- Messages are never sent in the middle of the night: send hours must be within 7..20 local,
  and quiet hours are before 07:00 and from 21:00 local time.
- Every returned datetime is timezone-aware UTC; every ``now`` must be timezone-aware.
- ``due_check_ins`` is a pure function of its inputs, so a planner may call it on every tick
  and de-duplicate by ``period_key``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Cadence = Literal["weekly", "biweekly", "monthly"]

CADENCES: Final[tuple[Cadence, ...]] = get_args(Cadence)

# Monthly is four weeks so that every period has the same length.
CADENCE_DAYS: Final[Mapping[Cadence, int]] = {"weekly": 7, "biweekly": 14, "monthly": 28}

CADENCE_LABELS: Final[Mapping[Cadence, str]] = {
    "weekly": "every week",
    "biweekly": "every two weeks",
    "monthly": "every month",
}

EARLIEST_SEND_HOUR: Final = 7
LATEST_SEND_HOUR: Final = 20
QUIET_HOURS_START: Final = time(21, 0)
QUIET_HOURS_END: Final = time(7, 0)

_SYNONYMS: Final[Mapping[str, Cadence]] = {
    "weekly": "weekly",
    "week": "weekly",
    "every week": "weekly",
    "each week": "weekly",
    "once a week": "weekly",
    "every 1 week": "weekly",
    "biweekly": "biweekly",
    "bi weekly": "biweekly",
    "fortnightly": "biweekly",
    "every fortnight": "biweekly",
    "once a fortnight": "biweekly",
    "every two weeks": "biweekly",
    "every 2 weeks": "biweekly",
    "every other week": "biweekly",
    "monthly": "monthly",
    "month": "monthly",
    "every month": "monthly",
    "each month": "monthly",
    "once a month": "monthly",
    "every four weeks": "monthly",
    "every 4 weeks": "monthly",
}

_SPACING = re.compile(r"[\s_\-]+")


def parse_cadence(text: str) -> Cadence:
    """Turn a cadence as a person writes it into a Cadence, or raise ValueError."""
    key = _SPACING.sub(" ", text.strip().strip(".!").casefold()).strip()
    try:
        return _SYNONYMS[key]
    except KeyError:
        msg = f"Unknown cadence {text!r}: use weekly, every two weeks or monthly"
        raise ValueError(msg) from None


def cadence_days(cadence: Cadence) -> int:
    """Return the length of one period of ``cadence`` in days."""
    try:
        return CADENCE_DAYS[cadence]
    except KeyError:
        msg = f"Unknown cadence {cadence!r}"
        raise ValueError(msg) from None


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"Unknown time zone {tz!r}"
        raise ValueError(msg) from None


def _require_aware(at: datetime, name: str) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        msg = f"{name} must be timezone-aware"
        raise ValueError(msg)


def _offset(instant: datetime, zone: ZoneInfo) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    if offset is None:  # pragma: no cover - ZoneInfo always yields an offset
        msg = f"No UTC offset for {zone.key}"
        raise ValueError(msg)
    return offset


@lru_cache(maxsize=1 << 16)
def _resolve_local(day: date, tz: str, at: time) -> datetime:
    """Return the UTC instant of local wall time ``at`` on ``day`` in ``tz``, at any hour.

    Remembered: a plan asks the same (day, zone, hour) for every pair that shares them.

    A time in a spring-forward gap resolves to the first valid instant after the gap; an
    ambiguous time in a fall-back fold resolves to its first occurrence.
    """
    zone = _zone(tz)
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = wall.replace(tzinfo=zone)  # fold=0: the earlier offset, i.e. the first occurrence
    candidate = first.astimezone(UTC)
    if candidate.astimezone(zone).replace(tzinfo=None) == wall:
        return candidate
    # In a gap, fold=0 reads the wall time with the offset from before the transition (a
    # moment after it) and fold=1 with the offset from after it (a moment before it), so the
    # transition instant, where the gap ends, lies between the two: bisect for it.
    other = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    earlier, later = min(candidate, other), max(candidate, other)
    after_offset = _offset(later, zone)
    low, high = 0, int((later - earlier).total_seconds())
    while low < high:
        middle = (low + high) // 2
        if _offset(earlier + timedelta(seconds=middle), zone) == after_offset:
            high = middle
        else:
            low = middle + 1
    return earlier + timedelta(seconds=high)


def local_send_at(day: date, tz: str, hour: int, minute: int = 0) -> datetime:
    """Return the UTC instant of ``hour:minute`` local time on ``day`` in ``tz``.

    Raises:
        ValueError: if ``hour`` is outside 7..20, ``minute`` outside 0..59, or ``tz`` unknown.
    """
    if not EARLIEST_SEND_HOUR <= hour <= LATEST_SEND_HOUR:
        msg = f"Send hour must be between {EARLIEST_SEND_HOUR} and {LATEST_SEND_HOUR}, not {hour}"
        raise ValueError(msg)
    if not 0 <= minute <= 59:
        msg = f"Minute must be between 0 and 59, not {minute}"
        raise ValueError(msg)
    return _resolve_local(day, tz, time(hour, minute))


def next_working_day(day: date) -> date:
    """Return ``day`` if it is Monday to Friday, else the following Monday."""
    weekday = day.weekday()
    return day if weekday < 5 else day + timedelta(days=7 - weekday)


def send_at_on_or_after(day: date, tz: str, hour: int, minute: int = 0) -> datetime:
    """Return the UTC send instant at local ``hour`` on the first weekday on or after ``day``."""
    return local_send_at(next_working_day(day), tz, hour, minute)


def period_index(start: date, cadence: Cadence, on: date) -> int:
    """Return the index of the period containing ``on`` (negative before ``start``)."""
    return (on - start).days // cadence_days(cadence)


def period_start(start: date, cadence: Cadence, index: int) -> date:
    """Return the first day of period ``index``."""
    return start + timedelta(days=index * cadence_days(cadence))


def period_key(cadence: Cadence, index: int) -> str:
    """Return a stable key for one period, like "weekly-3", for de-duplicating sends."""
    cadence_days(cadence)
    if index < 0:
        msg = f"Period index must not be negative, not {index}"
        raise ValueError(msg)
    return f"{cadence}-{index}"


def check_in_due(start: date, cadence: Cadence, index: int, tz: str, hour: int) -> datetime:
    """Return when the check-in for period ``index`` (1 or more) is due, in UTC."""
    if index < 1:
        msg = f"Check-ins start at period 1, not {index}"
        raise ValueError(msg)
    return send_at_on_or_after(period_start(start, cadence, index), tz, hour)


def due_check_ins(
    start: date, end: date, cadence: Cadence, tz: str, hour: int, now: datetime
) -> list[tuple[int, datetime]]:
    """Return every (index, due_at) whose due_at <= now and whose period starts by ``end``."""
    _require_aware(now, "now")
    due: list[tuple[int, datetime]] = []
    index = 1
    while period_start(start, cadence, index) <= end:
        due_at = check_in_due(start, cadence, index, tz, hour)
        if due_at > now:
            break  # due times strictly increase with the index
        due.append((index, due_at))
        index += 1
    return due


def latest_due_check_in(
    start: date, end: date, cadence: Cadence, tz: str, hour: int, now: datetime
) -> tuple[int, datetime] | None:
    """Return the last of ``due_check_ins`` (or None) without walking every earlier period.

    A check-in is due on or after its period's first local day, and no local day starts more than
    14 hours before the UTC day, so no period starting after tomorrow (UTC) can be due yet: start
    there (or at the last period by ``end``) and step back at most a couple of periods.
    """
    _require_aware(now, "now")
    last_by_end = period_index(start, cadence, end)
    index = min(period_index(start, cadence, now.astimezone(UTC).date() + timedelta(days=1)), last_by_end)
    while index >= 1:
        due_at = check_in_due(start, cadence, index, tz, hour)
        if due_at <= now:
            return index, due_at
        index -= 1
    return None


def midpoint(start: date, end: date) -> date:
    """Return the day halfway between ``start`` and ``end``, rounding towards ``start``."""
    if end < start:
        msg = f"End {end.isoformat()} is before start {start.isoformat()}"
        raise ValueError(msg)
    return start + timedelta(days=(end - start).days // 2)


def days_until(day: date, today: date) -> int:
    """Return the number of days from ``today`` to ``day`` (negative if it has passed)."""
    return (day - today).days


def is_quiet_hours(at: datetime, tz: str) -> bool:
    """Return whether ``at`` is before 07:00 or from 21:00 in local time in ``tz``."""
    _require_aware(at, "at")
    local = at.astimezone(_zone(tz)).time()
    return local < QUIET_HOURS_END or local >= QUIET_HOURS_START
