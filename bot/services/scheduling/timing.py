"""Time helpers for scheduled messages: local days, send hours, never in someone's night."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain import cadence as cad
from bot.domain.zones import valid_timezone
from storage.records import PersonRecord


@lru_cache(maxsize=1024)
def zone_or_utc(name: str | None) -> str:
    """The time zone if it is a valid one, else UTC (remembered: a plan asks for every person)."""
    return name if name and valid_timezone(name) else "UTC"


def tz_of(person: PersonRecord) -> str:
    """A person's time zone (UTC when unknown or invalid)."""
    return zone_or_utc(person.timezone)


def send_hour(hour: int) -> int:
    """The program's check-in hour, kept within the hours messages may be sent."""
    return min(max(hour, cad.EARLIEST_SEND_HOUR), cad.LATEST_SEND_HOUR)


def local_day(now: datetime, tz: str) -> date:
    """The calendar day it is for someone in `tz`."""
    return now.astimezone(ZoneInfo(tz)).date()


def at_local(day: date, tz: str, hour: int) -> datetime:
    """When a message about `day` reaches someone: their check-in hour, first weekday on or after."""
    return cad.send_at_on_or_after(day, tz, send_hour(hour))


@lru_cache(maxsize=1 << 14)
def day_begins(day: date, tz: str) -> datetime:
    """The first instant of `day` for someone in `tz` (its first occurrence, or the end of a gap)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def soon(now: datetime, tz: str, hour: int) -> datetime:
    """Now, unless it is the middle of the night for them: then their next check-in hour."""
    if not cad.is_quiet_hours(now, tz):
        return now
    today = local_day(now, tz)
    morning = cad.local_send_at(today, tz, send_hour(hour))
    return morning if morning > now else cad.local_send_at(today + timedelta(days=1), tz, send_hour(hour))


def not_at_night(due: datetime, now: datetime, tz: str, hour: int) -> datetime:
    """A row already late (due in the past) is sent now, but not in someone's night."""
    return due if due > now else soon(now, tz, hour)


def cadence_of(value: str | None) -> cad.Cadence:
    """A stored cadence as a known one (biweekly when unknown)."""
    for known in cad.CADENCES:
        if value == known:
            return known
    return "biweekly"


def today_utc(now: datetime) -> date:
    """The UTC calendar day of an instant."""
    return now.astimezone(UTC).date()
