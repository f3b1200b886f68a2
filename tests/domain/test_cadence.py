"""Tests for bot.domain.cadence: local send times, periods, DST and quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.cadence import (
    CADENCE_DAYS,
    CADENCE_LABELS,
    CADENCES,
    Cadence,
    _resolve_local,
    check_in_due,
    days_until,
    due_check_ins,
    is_quiet_hours,
    latest_due_check_in,
    local_send_at,
    midpoint,
    next_working_day,
    parse_cadence,
    period_index,
    period_key,
    period_start,
    send_at_on_or_after,
)

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Build an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- cadence names -------------------------------------------------------------------------


def test_cadence_tables_cover_every_cadence() -> None:
    assert set(CADENCE_DAYS) == set(CADENCES) == set(CADENCE_LABELS)
    assert CADENCE_DAYS == {"weekly": 7, "biweekly": 14, "monthly": 28}
    assert CADENCE_LABELS["biweekly"] == "every two weeks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("weekly", "weekly"),
        ("Weekly", "weekly"),
        ("  every week ", "weekly"),
        ("once a week", "weekly"),
        ("biweekly", "biweekly"),
        ("bi-weekly", "biweekly"),
        ("Bi weekly", "biweekly"),
        ("every two weeks", "biweekly"),
        ("every 2 weeks", "biweekly"),
        ("fortnightly", "biweekly"),
        ("every other week", "biweekly"),
        ("monthly", "monthly"),
        ("every month", "monthly"),
        ("once a month.", "monthly"),
        ("every 4 weeks", "monthly"),
    ],
)
def test_parse_cadence_accepts_synonyms(text: str, expected: Cadence) -> None:
    assert parse_cadence(text) == expected


@pytest.mark.parametrize("text", ["", "daily", "every three weeks", "yearly", "twice a week"])
def test_parse_cadence_rejects_unknown(text: str) -> None:
    with pytest.raises(ValueError, match="Unknown cadence"):
        parse_cadence(text)


# --- local send times ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "tz", "hour", "minute", "expected"),
    [
        (date(2026, 1, 14), "Europe/Berlin", 9, 0, utc(2026, 1, 14, 8)),
        (date(2026, 7, 14), "Europe/Berlin", 9, 0, utc(2026, 7, 14, 7)),
        (date(2026, 1, 14), "America/New_York", 9, 30, utc(2026, 1, 14, 14, 30)),
        (date(2026, 7, 14), "America/New_York", 9, 30, utc(2026, 7, 14, 13, 30)),
        (date(2026, 7, 14), "Asia/Kolkata", 10, 0, utc(2026, 7, 14, 4, 30)),
        (date(2026, 1, 14), "Australia/Sydney", 9, 0, utc(2026, 1, 13, 22)),
        (date(2026, 7, 14), "Australia/Sydney", 9, 0, utc(2026, 7, 13, 23)),
        (date(2026, 1, 14), "Pacific/Auckland", 7, 0, utc(2026, 1, 13, 18)),
        (date(2026, 7, 14), "Pacific/Auckland", 20, 0, utc(2026, 7, 14, 8)),
        # DST days themselves: the send hour is never inside the gap or the fold.
        (date(2026, 3, 29), "Europe/Berlin", 9, 0, utc(2026, 3, 29, 7)),
        (date(2026, 10, 25), "Europe/Berlin", 9, 0, utc(2026, 10, 25, 8)),
        (date(2026, 3, 8), "America/New_York", 9, 0, utc(2026, 3, 8, 13)),
        (date(2026, 11, 1), "America/New_York", 9, 0, utc(2026, 11, 1, 14)),
    ],
)
def test_local_send_at(day: date, tz: str, hour: int, minute: int, expected: datetime) -> None:
    result = local_send_at(day, tz, hour, minute)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("day", "tz", "wall", "expected", "local_hour"),
    [
        # Spring forward: the wall time does not exist, use the end of the gap.
        (date(2026, 3, 29), "Europe/Berlin", time(2, 30), utc(2026, 3, 29, 1), 3),
        (date(2026, 3, 29), "Europe/Berlin", time(2, 0), utc(2026, 3, 29, 1), 3),
        (date(2026, 3, 8), "America/New_York", time(2, 30), utc(2026, 3, 8, 7), 3),
        (date(2026, 10, 4), "Australia/Sydney", time(2, 30), utc(2026, 10, 3, 16), 3),
        (date(2026, 9, 27), "Pacific/Auckland", time(2, 15), utc(2026, 9, 26, 14), 3),
        # Fall back: the wall time happens twice, use the first occurrence (summer time).
        (date(2026, 10, 25), "Europe/Berlin", time(2, 30), utc(2026, 10, 25, 0, 30), 2),
        (date(2026, 11, 1), "America/New_York", time(1, 30), utc(2026, 11, 1, 5, 30), 1),
        (date(2026, 4, 5), "Australia/Sydney", time(2, 30), utc(2026, 4, 4, 15, 30), 2),
        (date(2026, 4, 5), "Pacific/Auckland", time(2, 15), utc(2026, 4, 4, 13, 15), 2),
        # Just outside the gap and the fold: ordinary times.
        (date(2026, 3, 29), "Europe/Berlin", time(1, 59), utc(2026, 3, 29, 0, 59), 1),
        (date(2026, 3, 29), "Europe/Berlin", time(3, 0), utc(2026, 3, 29, 1), 3),
        (date(2026, 10, 25), "Europe/Berlin", time(3, 0), utc(2026, 10, 25, 2), 3),
        (date(2026, 3, 8), "Asia/Kolkata", time(2, 30), utc(2026, 3, 7, 21), 2),
    ],
)
def test_resolve_local_handles_gaps_and_folds(
    day: date, tz: str, wall: time, expected: datetime, local_hour: int
) -> None:
    result = _resolve_local(day, tz, wall)
    assert result == expected
    local = result.astimezone(ZoneInfo(tz))
    assert local.date() == day
    assert local.hour == local_hour
    assert local.fold == 0


@pytest.mark.parametrize(("hour", "minute"), [(6, 59), (21, 0), (0, 0), (2, 30), (20, 60), (9, -1)])
def test_local_send_at_rejects_night_and_bad_minutes(hour: int, minute: int) -> None:
    with pytest.raises(ValueError, match="between"):
        local_send_at(date(2026, 3, 29), "Europe/Berlin", hour, minute)


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_unknown_time_zone_is_a_value_error(tz: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_send_at(date(2026, 3, 29), tz, 9)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 23), date(2026, 3, 23)),  # Monday
        (date(2026, 3, 27), date(2026, 3, 27)),  # Friday
        (date(2026, 3, 28), date(2026, 3, 30)),  # Saturday
        (date(2026, 3, 29), date(2026, 3, 30)),  # Sunday
        (date(2026, 12, 31), date(2026, 12, 31)),  # Thursday
        (date(2028, 12, 31), date(2029, 1, 1)),  # Sunday, year end
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "tz", "hour", "expected"),
    [
        # Sunday of the Berlin switch: sent Monday at 09:00 CEST.
        (date(2026, 3, 29), "Europe/Berlin", 9, utc(2026, 3, 30, 7)),
        (date(2026, 10, 25), "Europe/Berlin", 9, utc(2026, 10, 26, 8)),
        (date(2026, 3, 7), "America/New_York", 8, utc(2026, 3, 9, 12)),
        (date(2026, 3, 6), "America/New_York", 8, utc(2026, 3, 6, 13)),
        (date(2026, 7, 4), "Asia/Kolkata", 9, utc(2026, 7, 6, 3, 30)),
    ],
)
def test_send_at_on_or_after(day: date, tz: str, hour: int, expected: datetime) -> None:
    assert send_at_on_or_after(day, tz, hour) == expected


# --- periods -------------------------------------------------------------------------------

START = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("cadence", "on", "index"),
    [
        ("weekly", date(2026, 3, 2), 0),
        ("weekly", date(2026, 3, 8), 0),
        ("weekly", date(2026, 3, 9), 1),
        ("weekly", date(2026, 3, 30), 4),
        ("weekly", date(2026, 3, 1), -1),
        ("biweekly", date(2026, 3, 15), 0),
        ("biweekly", date(2026, 3, 16), 1),
        ("monthly", date(2026, 3, 29), 0),
        ("monthly", date(2026, 3, 30), 1),
        ("monthly", date(2026, 4, 2), 1),
    ],
)
def test_period_index_and_start(cadence: Cadence, on: date, index: int) -> None:
    assert period_index(START, cadence, on) == index
    assert period_start(START, cadence, index) <= on
    assert on < period_start(START, cadence, index + 1)


def test_period_key() -> None:
    assert period_key("weekly", 3) == "weekly-3"
    assert period_key("monthly", 0) == "monthly-0"
    with pytest.raises(ValueError, match="negative"):
        period_key("weekly", -1)


@pytest.mark.parametrize(
    ("start", "cadence", "index", "tz", "hour", "expected"),
    [
        # Berlin, weekly, across spring forward on Sunday 2026-03-29.
        (date(2026, 3, 16), "weekly", 1, "Europe/Berlin", 9, utc(2026, 3, 23, 8)),
        (date(2026, 3, 16), "weekly", 2, "Europe/Berlin", 9, utc(2026, 3, 30, 7)),
        # Berlin, weekly, across fall back on Sunday 2026-10-25.
        (date(2026, 10, 12), "weekly", 1, "Europe/Berlin", 9, utc(2026, 10, 19, 7)),
        (date(2026, 10, 12), "weekly", 2, "Europe/Berlin", 9, utc(2026, 10, 26, 8)),
        # New York, across 2026-03-08 and 2026-11-01.
        (date(2026, 2, 23), "weekly", 1, "America/New_York", 9, utc(2026, 3, 2, 14)),
        (date(2026, 2, 23), "weekly", 2, "America/New_York", 9, utc(2026, 3, 9, 13)),
        (date(2026, 10, 19), "biweekly", 1, "America/New_York", 9, utc(2026, 11, 2, 14)),
        # A Saturday start rolls every check-in to Monday.
        (date(2026, 3, 7), "weekly", 1, "Asia/Kolkata", 10, utc(2026, 3, 16, 4, 30)),
        # Southern hemisphere: Sydney leaves DST on 2026-04-05, Auckland too.
        (date(2026, 3, 30), "weekly", 1, "Australia/Sydney", 9, utc(2026, 4, 5, 23)),
        (date(2026, 3, 23), "weekly", 1, "Australia/Sydney", 9, utc(2026, 3, 29, 22)),
        (date(2026, 3, 9), "monthly", 1, "Pacific/Auckland", 8, utc(2026, 4, 5, 20)),
    ],
)
def test_check_in_due(
    start: date, cadence: Cadence, index: int, tz: str, hour: int, expected: datetime
) -> None:
    assert check_in_due(start, cadence, index, tz, hour) == expected


def test_check_in_due_starts_at_period_one() -> None:
    with pytest.raises(ValueError, match="period 1"):
        check_in_due(START, "weekly", 0, "UTC", 9)


@pytest.mark.parametrize(
    ("start", "end", "cadence", "tz", "now", "expected_indices"),
    [
        # Nothing is due before the first check-in.
        (date(2026, 3, 16), date(2026, 6, 1), "weekly", "Europe/Berlin", utc(2026, 3, 23, 7), []),
        # Exactly at the due instant counts as due.
        (date(2026, 3, 16), date(2026, 6, 1), "weekly", "Europe/Berlin", utc(2026, 3, 23, 8), [1]),
        # Across spring forward: one per week, none skipped.
        (
            date(2026, 3, 16),
            date(2026, 6, 1),
            "weekly",
            "Europe/Berlin",
            utc(2026, 4, 6, 7),
            [1, 2, 3],
        ),
        # Across fall back: one per week, none doubled.
        (
            date(2026, 10, 12),
            date(2026, 12, 1),
            "weekly",
            "Europe/Berlin",
            utc(2026, 11, 2, 8),
            [1, 2, 3],
        ),
        (
            date(2026, 10, 19),
            date(2026, 12, 31),
            "weekly",
            "America/New_York",
            utc(2026, 11, 9, 14),
            [1, 2, 3],
        ),
        # Periods starting after the end are never due.
        (date(2026, 3, 2), date(2026, 3, 20), "weekly", "UTC", utc(2026, 6, 1), [1, 2]),
        (date(2026, 3, 2), date(2026, 3, 16), "biweekly", "UTC", utc(2026, 6, 1), [1]),
        (date(2026, 3, 2), date(2026, 3, 29), "monthly", "UTC", utc(2026, 6, 1), []),
        (date(2026, 3, 2), date(2026, 3, 30), "monthly", "UTC", utc(2026, 6, 1), [1]),
        (date(2026, 3, 2), date(2026, 2, 1), "weekly", "UTC", utc(2026, 6, 1), []),
    ],
)
def test_due_check_ins(
    start: date,
    end: date,
    cadence: Cadence,
    tz: str,
    now: datetime,
    expected_indices: list[int],
) -> None:
    due = due_check_ins(start, end, cadence, tz, 9, now)
    assert [index for index, _ in due] == expected_indices
    assert due == [(i, check_in_due(start, cadence, i, tz, 9)) for i in expected_indices]
    assert due_check_ins(start, end, cadence, tz, 9, now) == due


def test_due_check_ins_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_check_ins(START, date(2026, 6, 1), "weekly", "UTC", 9, datetime(2026, 4, 1))  # noqa: DTZ001


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 3), date(2026, 1, 2)),
        (date(2026, 1, 1), date(2026, 1, 4), date(2026, 1, 2)),
        (date(2026, 1, 1), date(2026, 7, 1), date(2026, 4, 1)),
        (date(2027, 12, 20), date(2028, 1, 11), date(2027, 12, 31)),
    ],
)
def test_midpoint(start: date, end: date, expected: date) -> None:
    assert midpoint(start, end) == expected


def test_midpoint_rejects_reversed_range() -> None:
    with pytest.raises(ValueError, match="before start"):
        midpoint(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 3, 10), date(2026, 3, 10), 0),
        (date(2026, 3, 11), date(2026, 3, 10), 1),
        (date(2026, 3, 9), date(2026, 3, 10), -1),
        (date(2027, 3, 10), date(2026, 3, 10), 365),
    ],
)
def test_days_until(day: date, today: date, expected: int) -> None:
    assert days_until(day, today) == expected


@pytest.mark.parametrize(
    ("at", "tz", "quiet"),
    [
        (utc(2026, 7, 14, 4, 59), "Europe/Berlin", True),  # 06:59 local
        (utc(2026, 7, 14, 5), "Europe/Berlin", False),  # 07:00 local
        (utc(2026, 7, 14, 18, 59), "Europe/Berlin", False),  # 20:59 local
        (utc(2026, 7, 14, 19), "Europe/Berlin", True),  # 21:00 local
        (utc(2026, 1, 14, 19), "Europe/Berlin", False),  # 20:00 local in winter
        (utc(2026, 7, 14, 14), "America/New_York", False),  # 10:00 local
        (utc(2026, 7, 14, 3), "America/New_York", True),  # 23:00 local
        (utc(2026, 7, 14, 1, 30), "Asia/Kolkata", False),  # 07:00 local
        (utc(2026, 7, 14, 1, 29), "Asia/Kolkata", True),  # 06:59 local
        (utc(2026, 7, 14, 12), "Australia/Sydney", True),  # 22:00 local
        (utc(2026, 7, 14, 12), "Pacific/Auckland", True),  # 00:00 local, next day
        (utc(2026, 7, 14, 12), "UTC", False),
    ],
)
def test_is_quiet_hours(at: datetime, tz: str, quiet: bool) -> None:
    assert is_quiet_hours(at, tz) is quiet


def test_is_quiet_hours_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_quiet_hours(datetime(2026, 7, 14, 12), "UTC")  # noqa: DTZ001


# --- properties ----------------------------------------------------------------------------

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2034, 12, 31))
cadences = st.sampled_from(CADENCES)
zones = st.sampled_from(ZONES)
hours = st.integers(min_value=7, max_value=20)


@settings(max_examples=150, deadline=None, database=None)
@given(start=starts, cadence=cadences, tz=zones, hour=hours, count=st.integers(2, 30))
def test_due_times_increase_on_weekdays_at_the_local_hour(
    start: date, cadence: Cadence, tz: str, hour: int, count: int
) -> None:
    zone = ZoneInfo(tz)
    due = [check_in_due(start, cadence, index, tz, hour) for index in range(1, count + 1)]
    assert all(earlier < later for earlier, later in pairwise(due))
    for index, due_at in enumerate(due, start=1):
        local = due_at.astimezone(zone)
        assert due_at.tzinfo is UTC
        assert local.weekday() < 5
        assert (local.hour, local.minute) == (hour, 0)
        assert not is_quiet_hours(due_at, tz)
        assert period_index(start, cadence, local.date()) == index


@settings(max_examples=150, deadline=None, database=None)
@given(
    start=starts,
    length=st.integers(0, 400),
    cadence=cadences,
    tz=zones,
    hour=hours,
    now_offset=st.integers(-10, 500),
)
def test_due_check_ins_is_idempotent_and_a_prefix(
    start: date, length: int, cadence: Cadence, tz: str, hour: int, now_offset: int
) -> None:
    end = start + timedelta(days=length)
    now = datetime.combine(start, time(12), tzinfo=UTC) + timedelta(days=now_offset)
    first = due_check_ins(start, end, cadence, tz, hour, now)
    assert due_check_ins(start, end, cadence, tz, hour, now) == first
    assert [index for index, _ in first] == list(range(1, len(first) + 1))
    assert all(due_at <= now for _, due_at in first)
    assert all(period_start(start, cadence, index) <= end for index, _ in first)
    following = len(first) + 1
    if period_start(start, cadence, following) <= end:
        assert check_in_due(start, cadence, following, tz, hour) > now
    later = due_check_ins(start, end, cadence, tz, hour, now + timedelta(days=30))
    assert later[: len(first)] == first


DST_DAYS = (
    ("Europe/Berlin", date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 25)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Australia/Sydney", date(2026, 4, 5)),
    ("Australia/Sydney", date(2026, 10, 4)),
    ("Pacific/Auckland", date(2026, 4, 5)),
    ("Pacific/Auckland", date(2026, 9, 27)),
)


@settings(max_examples=150, deadline=None, database=None)
@given(
    switch=st.sampled_from(DST_DAYS),
    before=st.integers(7, 35),
    weeks=st.integers(2, 8),
    hour=hours,
)
def test_weekly_check_ins_across_dst_are_one_per_week(
    switch: tuple[str, date], before: int, weeks: int, hour: int
) -> None:
    tz, switch_day = switch
    start = switch_day - timedelta(days=before)
    end = start + timedelta(weeks=weeks)
    far_future = datetime.combine(end, time(0), tzinfo=UTC) + timedelta(days=30)
    due = due_check_ins(start, end, "weekly", tz, hour, far_future)
    assert [index for index, _ in due] == list(range(1, weeks + 1))
    local_days = [due_at.astimezone(ZoneInfo(tz)).date() for _, due_at in due]
    assert len(set(local_days)) == weeks
    for (index, _), local_day in zip(due, local_days, strict=True):
        week_start = start + timedelta(weeks=index)
        assert week_start <= local_day < week_start + timedelta(days=7)
    if start.weekday() < 5:
        gaps = {(b - a) for (_, a), (_, b) in pairwise(due)}
        assert gaps <= {timedelta(days=7), timedelta(days=7, hours=1), timedelta(days=7, hours=-1)}


@settings(database=None)
@given(start=starts, cadence=cadences, on=starts)
def test_period_index_and_start_agree(start: date, cadence: Cadence, on: date) -> None:
    index = period_index(start, cadence, on)
    assert period_start(start, cadence, index) <= on < period_start(start, cadence, index + 1)


@given(
    start=starts,
    weeks=st.integers(0, 60),
    cadence=cadences,
    tz=zones,
    hour=hours,
    offset=st.integers(-3 * 24 * 60, 400 * 24 * 60),
)
@settings(max_examples=300, deadline=None, database=None)
def test_latest_due_check_in_is_the_last_of_all_due(
    start: date, weeks: int, cadence: Cadence, tz: str, hour: int, offset: int
) -> None:
    end = start + timedelta(weeks=weeks)
    now = datetime.combine(start, time(), tzinfo=UTC) + timedelta(minutes=offset)
    due = due_check_ins(start, end, cadence, tz, hour, now)
    assert latest_due_check_in(start, end, cadence, tz, hour, now) == (due[-1] if due else None)
