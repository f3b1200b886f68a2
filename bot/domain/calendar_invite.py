"""The pair's calendar file: one recurring meeting (RFC 5545 VEVENT) from the first meeting to the end.

Rules:
* One VCALENDAR (METHOD:PUBLISH, no attendees: the file is for each person's own calendar) with
  one VEVENT whose UID is stable per mentorship, so a re-issued file updates the same event.
* SEQUENCE starts at 0 and is raised by one each time the file is re-issued (cadence or end date
  changed); calendars keep the version with the highest SEQUENCE.
* DTSTART is the agreed first meeting in the proposer's IANA zone (TZID, with its VTIMEZONE), so
  the meeting keeps its local wall time across DST changes; an unknown zone is written in UTC.
* The recurrence follows the product's cadence (``bot.domain.cadence``): weekly is FREQ=WEEKLY,
  every two weeks INTERVAL=2, monthly INTERVAL=4 (a month is four weeks here, as the check-ins).
* RRULE UNTIL is the last moment of the end date in that zone, written in UTC as RFC 5545
  requires when DTSTART carries a TZID; a first meeting after the end date gives a single event.
* SUMMARY "Mentoring: A & B"; meetings last an hour unless told otherwise.
* A series that ended early is re-issued with UNTIL at the moment it ended (``until_at``), so the
  meetings still ahead leave the calendar; when none had happened yet, the event is CANCELLED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vRecur

from bot.domain.cadence import CADENCE_DAYS

PRODID: Final = "-//Mentorbot//Mentorship calendar//EN"
DEFAULT_DURATION: Final = timedelta(hours=1)
INVITE_FILENAME: Final = "mentoring.ics"


@dataclass(frozen=True)
class Invite:
    """What goes in the calendar file; ``start`` and ``stamp`` are timezone-aware."""

    uid: str
    sequence: int
    summary: str
    start: datetime
    cadence: str
    until: date
    timezone: str
    stamp: datetime
    description: str = ""
    duration: timedelta = DEFAULT_DURATION
    until_at: datetime | None = None  # the series ended early, at this instant


def invite_uid(team_id: str, mentorship_id: int, host: str = "mentorbot") -> str:
    """Return the stable UID of a mentorship's meeting series."""
    return f"mentorship-{team_id.lower()}-{mentorship_id}@{host}"


def invite_summary(name_a: str, name_b: str) -> str:
    """Return the event title, e.g. "Mentoring: Ada & Bo"."""
    return f"Mentoring: {name_a} & {name_b}"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def interval_weeks(cadence: str) -> int:
    """Return the number of weeks between meetings for a cadence name (unknown: every two weeks)."""
    days = CADENCE_DAYS.get(cadence, CADENCE_DAYS["biweekly"])  # type: ignore[call-overload]
    return max(1, int(days) // 7)


def build_ics(invite: Invite) -> bytes:
    """Return the calendar file (RFC 5545) for the pair's recurring meeting."""
    tz = _zone(invite.timezone) or ZoneInfo("UTC")
    start = invite.start.astimezone(tz)
    last = datetime.combine(invite.until, time(23, 59, 59), tzinfo=tz).astimezone(UTC)
    if invite.until_at is not None:
        last = min(last, invite.until_at.astimezone(UTC))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp.astimezone(UTC))
    event.add("summary", invite.summary)
    event.add("dtstart", start)
    event.add("dtend", start + invite.duration)
    if invite.description:
        event.add("description", invite.description)
    if last >= invite.start:
        event.add(
            "rrule", vRecur({"FREQ": "WEEKLY", "INTERVAL": interval_weeks(invite.cadence), "UNTIL": last})
        )
        event.add("status", "CONFIRMED")
    elif invite.until_at is not None:
        event.add("status", "CANCELLED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    if tz.key != "UTC":
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
