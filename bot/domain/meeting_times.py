"""When two people can actually meet: shared working hours in each one's local time, a nearest
early/late slot when there are none, and the default slot for a first meeting.

Rules:
* Working hours are 09:00-17:00 local time, Monday to Friday in each person's own calendar
  (a Friday afternoon in Los Angeles that is a Saturday morning in Tokyo is not shared).
* "The coming week" is the seven local days after the first person's today (tomorrow onwards),
  computed from both IANA zones on each day, so a DST change inside the week is seen: the local
  times shown are those of the first shared working day, and ``changes_on`` says from which day
  (the first person's local date) they differ, with the new times.
* Zones with half-hour (or 45-minute) offsets work the same way: nothing is rounded to hours.
* With no shared working hours, the suggestion is the one-hour slot on the first person's next
  working day (in 30-minute steps) that strays least outside both people's working hours, judged
  by the larger of the two strays, then their sum, then the earlier start; both ends must stay
  between 07:00 and 21:00 local and on a weekday for both. None when no such slot exists.
* The default first meeting is the first shared slot on a working day after the proposer's
  today; without shared hours the suggested slot; failing that 10:00 the proposer's next
  working day. Every returned instant is timezone-aware UTC; ``now`` must be aware.
* An unknown zone name counts as UTC (as the matcher does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WORK_START = time(9)
WORK_END = time(17)
EARLIEST = time(7)
LATEST = time(21)
SLOT = timedelta(hours=1)
STEP = timedelta(minutes=30)
WEEK_DAYS = 7
FALLBACK_START = time(10)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """Return the named IANA zone, or UTC when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Span:
    """A stretch of local wall-clock time, e.g. 14:00-17:00."""

    start: time
    end: time

    def __str__(self) -> str:
        """Return e.g. "14:00–17:00"."""
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class Window:
    """An interval of instants (UTC)."""

    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        """Return the window's length in hours."""
        return (self.end - self.start).total_seconds() / 3600

    def local(self, zone_name: str) -> Span:
        """Return the window as wall-clock times in a zone."""
        tz = zone(zone_name)
        return Span(self.start.astimezone(tz).time(), self.end.astimezone(tz).time())


@dataclass(frozen=True)
class SharedHours:
    """Two people's shared working hours in the coming week, or the slot to try instead."""

    windows: tuple[Window, ...]
    first_spans: tuple[Span, Span] | None = None  # (a's local, b's local) of the first shared day
    changes_on: date | None = None  # a's local date from which the local times differ (DST)
    changed_spans: tuple[Span, Span] | None = None
    suggestion: Window | None = None  # when nothing is shared: the least awkward one-hour slot
    suggestion_spans: tuple[Span, Span] | None = None

    @property
    def shared(self) -> bool:
        """Whether the two share any working time this coming week."""
        return bool(self.windows)

    @property
    def hours(self) -> float:
        """Return the shared hours on the first shared working day (0 when none)."""
        if not self.windows:
            return 0.0
        day = self.windows[0].start.date()
        return sum(w.hours for w in self.windows if w.start.date() == day)


def _local_day(at: datetime, zone_name: str) -> date:
    return at.astimezone(zone(zone_name)).date()


def _at(day: date, clock: time, zone_name: str) -> datetime:
    """Return local ``clock`` on ``day`` as UTC (a gap resolves forward, a fold to the first)."""
    # fold=0 (the default) reads a gap time with the offset before the change, which lands after
    # the gap, and an ambiguous time as its first occurrence.
    return datetime.combine(day, clock, tzinfo=zone(zone_name)).astimezone(UTC)


def _workday(day: date, zone_name: str) -> Window | None:
    if day.weekday() >= 5:
        return None
    return Window(_at(day, WORK_START, zone_name), _at(day, WORK_END, zone_name))


def _is_weekday(at: datetime, zone_name: str) -> bool:
    return _local_day(at, zone_name).weekday() < 5


def coming_days(tz_a: str, now: datetime) -> list[date]:
    """Return a's seven local dates after their today."""
    today = _local_day(now, tz_a)
    return [today + timedelta(days=i) for i in range(1, WEEK_DAYS + 1)]


def shared_windows(tz_a: str, tz_b: str, now: datetime) -> tuple[Window, ...]:
    """Return the instants in the coming week when both are in working hours, oldest first."""
    found: list[Window] = []
    for day in coming_days(tz_a, now):
        mine = _workday(day, tz_a)
        if mine is None:
            continue
        for shift in (-1, 0, 1):
            theirs = _workday(day + timedelta(days=shift), tz_b)
            if theirs is None:
                continue
            start, end = max(mine.start, theirs.start), min(mine.end, theirs.end)
            if end > start:
                found.append(Window(start, end))
    return tuple(sorted(found, key=lambda w: w.start))


def _stray_minutes(at: datetime, zone_name: str) -> float | None:
    """Minutes a one-hour slot from ``at`` lies outside the person's working hours; None if unreasonable."""
    tz = zone(zone_name)
    start, end = at.astimezone(tz), (at + SLOT).astimezone(tz)
    if start.date().weekday() >= 5 or start.date() != (end - timedelta(microseconds=1)).date():
        return None
    if start.time() < EARLIEST or (end.time() > LATEST or end.time() == time(0)):
        return None
    day = start.date()
    work_start = datetime.combine(day, WORK_START, tzinfo=tz)
    work_end = datetime.combine(day, WORK_END, tzinfo=tz)
    early = max(0.0, (work_start - start).total_seconds() / 60)
    late = max(0.0, (end - work_end).total_seconds() / 60)
    return early + late


def suggest_slot(tz_a: str, tz_b: str, now: datetime) -> Window | None:
    """Return the least awkward one-hour slot on a's next working day, or None when none is sane."""
    day = next((d for d in coming_days(tz_a, now) if d.weekday() < 5), None)
    if day is None:  # pragma: no cover - seven days always hold a weekday
        return None
    at = _at(day, EARLIEST, tz_a)
    last = _at(day, LATEST, tz_a) - SLOT
    best: tuple[float, float, datetime] | None = None
    while at <= last:
        mine, theirs = _stray_minutes(at, tz_a), _stray_minutes(at, tz_b)
        if mine is not None and theirs is not None:
            key = (max(mine, theirs), mine + theirs, at)
            if best is None or key < best:
                best = key
        at += STEP
    return None if best is None else Window(best[2], best[2] + SLOT)


def shared_hours(tz_a: str, tz_b: str, now: datetime) -> SharedHours:
    """Return a's and b's shared working hours in the coming week, in each one's local time."""
    windows = shared_windows(tz_a, tz_b, now)
    if not windows:
        slot = suggest_slot(tz_a, tz_b, now)
        spans = None if slot is None else (slot.local(tz_a), slot.local(tz_b))
        return SharedHours(windows=(), suggestion=slot, suggestion_spans=spans)
    first = (windows[0].local(tz_a), windows[0].local(tz_b))
    for window in windows[1:]:
        spans = (window.local(tz_a), window.local(tz_b))
        if spans != first:
            return SharedHours(
                windows=windows,
                first_spans=first,
                changes_on=_local_day(window.start, tz_a),
                changed_spans=spans,
            )
    return SharedHours(windows=windows, first_spans=first)


def default_first_meeting(tz_me: str, tz_partner: str, now: datetime) -> datetime:
    """Return the default first meeting: the next working-day slot inside shared hours (UTC)."""
    windows = shared_windows(tz_me, tz_partner, now)
    if windows:
        long_enough = [w for w in windows if w.end - w.start >= SLOT]
        return (long_enough or list(windows))[0].start
    slot = suggest_slot(tz_me, tz_partner, now)
    if slot is not None:
        return slot.start
    day = next(d for d in coming_days(tz_me, now) if d.weekday() < 5)
    return _at(day, FALLBACK_START, tz_me)
