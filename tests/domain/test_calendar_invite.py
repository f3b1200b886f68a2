"""The pair's calendar file, parsed back with icalendar: recurrence, UID, SEQUENCE, DTSTART across DST."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar, Event

from bot.domain.calendar_invite import Invite, build_ics, invite_summary, invite_uid

BERLIN = ZoneInfo("Europe/Berlin")
INVITE = Invite(
    uid=invite_uid("T0EMULATOR", 7),
    sequence=0,
    summary=invite_summary("Ada Lovelace", "Bo Chen"),
    start=datetime(2026, 3, 17, 15, tzinfo=BERLIN),  # 14:00 UTC, before Europe's clocks change
    cadence="weekly",
    until=date(2026, 6, 30),
    timezone="Europe/Berlin",
    stamp=datetime(2026, 3, 10, 9, tzinfo=UTC),
)


def event_of(ics: bytes) -> Event:
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, Event)
    return event


def rrule(event: Event) -> dict[str, Any]:
    rule: Any = event["RRULE"]
    return {str(k): v[0] for k, v in rule.items()}


@pytest.mark.parametrize(("cadence", "interval"), [("weekly", 1), ("biweekly", 2), ("monthly", 4)])
def test_recurrence_follows_the_cadence_until_the_end_date(cadence: str, interval: int) -> None:
    event = event_of(build_ics(replace(INVITE, cadence=cadence)))
    rule = rrule(event)
    assert rule["FREQ"] == "WEEKLY" and int(rule.get("INTERVAL", 1)) == interval
    # The last moment of 30 June in Berlin (summer time, UTC+2), written in UTC.
    assert rule["UNTIL"] == datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC)


def test_summary_uid_and_sequence() -> None:
    calendar = Calendar.from_ical(build_ics(INVITE))
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    event = event_of(build_ics(INVITE))
    assert str(event["SUMMARY"]) == "Mentoring: Ada Lovelace & Bo Chen"
    assert str(event["UID"]) == "mentorship-t0emulator-7@mentorbot"
    assert int(event.decoded("SEQUENCE")) == 0
    reissued = event_of(build_ics(replace(INVITE, sequence=1, cadence="biweekly")))
    assert str(reissued["UID"]) == str(event["UID"])
    assert int(reissued.decoded("SEQUENCE")) == 1


def test_dtstart_keeps_the_local_time_across_dst() -> None:
    ics = build_ics(INVITE)
    event = event_of(ics)
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
    assert start.astimezone(UTC) == datetime(2026, 3, 17, 14, tzinfo=UTC)
    assert event.decoded("DTEND") - start == timedelta(hours=1)
    assert b"BEGIN:VTIMEZONE" in ics and b"TZID:Europe/Berlin" in ics
    # The series expands at 15:00 Berlin time: 14:00 UTC in March, 13:00 UTC after 29 March.
    recurrence: Any = event["RRULE"]
    rule = bytes(recurrence.to_ical()).decode()
    dates = list(rrulestr(rule, dtstart=start))
    assert dates[0].astimezone(UTC) == datetime(2026, 3, 17, 14, tzinfo=UTC)
    assert dates[2].astimezone(UTC) == datetime(2026, 3, 31, 13, tzinfo=UTC)
    assert all(d.astimezone(BERLIN).hour == 15 for d in dates)
    assert dates[-1].date() <= date(2026, 6, 30)


def test_an_unknown_zone_is_written_in_utc() -> None:
    ics = build_ics(replace(INVITE, timezone="Nowhere/Unknown", start=datetime(2026, 3, 17, 14, tzinfo=UTC)))
    start = event_of(ics).decoded("DTSTART")
    assert start == datetime(2026, 3, 17, 14, tzinfo=UTC)
    assert b"VTIMEZONE" not in ics


def test_a_first_meeting_after_the_end_is_a_single_event() -> None:
    event = event_of(build_ics(replace(INVITE, until=date(2026, 3, 1))))
    assert "RRULE" not in event


def test_a_series_ended_early_stops_at_that_moment() -> None:
    ended = datetime(2026, 4, 20, 12, tzinfo=UTC)
    event = event_of(build_ics(replace(INVITE, sequence=3, until_at=ended)))
    assert rrule(event)["UNTIL"] == ended and str(event["STATUS"]) == "CONFIRMED"
    assert int(event.decoded("SEQUENCE")) == 3


def test_a_series_ended_before_its_first_meeting_is_cancelled() -> None:
    event = event_of(build_ics(replace(INVITE, until_at=datetime(2026, 3, 16, tzinfo=UTC))))
    assert "RRULE" not in event and str(event["STATUS"]) == "CANCELLED"
