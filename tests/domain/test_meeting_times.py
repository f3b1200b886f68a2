"""Shared working hours in each person's local time, the early/late slot, the default first meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.meeting_times import default_first_meeting, shared_hours, shared_windows

WINTER = datetime(2026, 12, 2, 10, tzinfo=UTC)  # a Wednesday
MARCH = datetime(2026, 3, 24, 10, tzinfo=UTC)  # the US is on summer time, Europe not yet (29 Mar)


@pytest.mark.parametrize(
    ("tz_a", "tz_b", "now", "hours", "spans"),
    [
        ("Europe/Berlin", "Europe/Berlin", WINTER, 8.0, ("09:00–17:00", "09:00–17:00")),
        ("Europe/Berlin", "America/New_York", WINTER, 2.0, ("15:00–17:00", "09:00–11:00")),
        ("America/New_York", "Europe/Berlin", WINTER, 2.0, ("09:00–11:00", "15:00–17:00")),
        # Half-hour offsets: India is UTC+05:30, Nepal UTC+05:45, Adelaide UTC+10:30 in December.
        ("Asia/Kolkata", "Europe/Berlin", WINTER, 3.5, ("13:30–17:00", "09:00–12:30")),
        ("Asia/Kathmandu", "Asia/Kolkata", WINTER, 7.75, ("09:15–17:00", "09:00–16:45")),
        ("Australia/Adelaide", "Asia/Tokyo", WINTER, 6.5, ("10:30–17:00", "09:00–15:30")),
        # One's evening is the other's next morning.
        ("America/Los_Angeles", "Asia/Tokyo", WINTER, 1.0, ("16:00–17:00", "09:00–10:00")),
        # Three weeks a year New York is on summer time and Berlin is not: three hours, not two.
        ("Europe/Berlin", "America/New_York", MARCH, 3.0, ("14:00–17:00", "09:00–12:00")),
        ("Nowhere/Unknown", "UTC", WINTER, 8.0, ("09:00–17:00", "09:00–17:00")),
    ],
)
def test_shared_hours_in_each_persons_local_time(
    tz_a: str, tz_b: str, now: datetime, hours: float, spans: tuple[str, str]
) -> None:
    found = shared_hours(tz_a, tz_b, now)
    assert found.shared
    assert found.hours == pytest.approx(hours)
    assert found.first_spans is not None
    assert (str(found.first_spans[0]), str(found.first_spans[1])) == spans
    assert found.suggestion is None


def test_a_dst_change_inside_the_week_is_shown_from_its_day() -> None:
    found = shared_hours("Europe/Berlin", "America/New_York", MARCH)
    assert found.changes_on == date(2026, 3, 30)  # the Monday after Europe's clocks change
    assert found.changed_spans is not None
    assert (str(found.changed_spans[0]), str(found.changed_spans[1])) == ("15:00–17:00", "09:00–11:00")
    assert shared_hours("Europe/Berlin", "America/New_York", WINTER).changes_on is None


def test_weekends_are_not_shared_in_either_calendar() -> None:
    # Los Angeles' Friday afternoon is Tokyo's Saturday morning: not a shared working hour.
    windows = shared_windows("America/Los_Angeles", "Asia/Tokyo", WINTER)
    days = {w.start.astimezone(UTC).date() for w in windows}
    assert date(2026, 12, 5) not in days  # Fri 16:00 LA = Sat 00:00 UTC
    assert len(windows) == 4  # Mon-Thu afternoons in LA (this coming week: Thu 3 .. Wed 9)


@pytest.mark.parametrize(
    ("tz_a", "tz_b", "spans"),
    [
        ("Europe/Berlin", "America/Los_Angeles", ("17:00–18:00", "08:00–09:00")),
        ("Europe/London", "Australia/Sydney", ("07:00–08:00", "18:00–19:00")),
        ("Europe/Berlin", "Pacific/Auckland", ("07:00–08:00", "19:00–20:00")),
    ],
)
def test_no_shared_hours_suggests_the_least_awkward_early_or_late_slot(
    tz_a: str, tz_b: str, spans: tuple[str, str]
) -> None:
    found = shared_hours(tz_a, tz_b, WINTER)
    assert not found.shared and found.hours == 0
    assert found.suggestion_spans is not None
    assert (str(found.suggestion_spans[0]), str(found.suggestion_spans[1])) == spans


@pytest.mark.parametrize(
    ("tz_me", "tz_partner", "now", "expected"),
    [
        # Shared hours: the first shared slot on the next working day, never today.
        ("Europe/Berlin", "America/New_York", WINTER, datetime(2026, 12, 3, 14, tzinfo=UTC)),
        # Friday: the next working day is Monday.
        (
            "Europe/Berlin",
            "Europe/Berlin",
            datetime(2026, 12, 4, 8, tzinfo=UTC),
            datetime(2026, 12, 7, 8, tzinfo=UTC),
        ),
        # No shared hours: the suggested early/late slot.
        ("Europe/Berlin", "America/Los_Angeles", WINTER, datetime(2026, 12, 3, 16, tzinfo=UTC)),
        # Across the DST change: 09:00 Berlin on Monday 30 March is 07:00 UTC (summer time).
        (
            "Europe/Berlin",
            "Europe/Berlin",
            datetime(2026, 3, 27, 12, tzinfo=UTC),
            datetime(2026, 3, 30, 7, tzinfo=UTC),
        ),
    ],
)
def test_default_first_meeting(tz_me: str, tz_partner: str, now: datetime, expected: datetime) -> None:
    assert default_first_meeting(tz_me, tz_partner, now) == expected
