"""Table-driven tests for the pause and next check-in rules in bot.domain.lifecycle."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.lifecycle import due_check_in, next_check_in, parse_pause

TODAY = date(2027, 1, 11)


@pytest.mark.parametrize(
    ("words", "end", "expected"),
    [
        ([], None, None),
        (["until", "2027-02-01"], None, date(2027, 2, 1)),
        (["2027-02-01"], date(2027, 3, 1), date(2027, 2, 1)),
        (["until", "2027-03-01"], date(2027, 3, 1), date(2027, 3, 1)),
    ],
)
def test_parse_pause(words: list[str], end: date | None, expected: date | None) -> None:
    assert parse_pause(words, TODAY, end) == expected


@pytest.mark.parametrize(
    ("words", "end", "phrase"),
    [
        (["until"], None, "Add the date"),
        (["until", "2027-01-11"], None, "already come"),
        (["until", "2027-01-02"], None, "already come"),
        (["until", "next", "week"], None, "couldn't read"),
        (["friday"], None, "isn't a date"),
        (["2027-02-30"], None, "real date"),
        (["2027-09-01"], None, "180 days"),
        (["2027-03-02"], date(2027, 3, 1), "ends on"),
    ],
)
def test_parse_pause_rejects(words: list[str], end: date | None, phrase: str) -> None:
    with pytest.raises(ValueError, match=phrase):
        parse_pause(words, TODAY, end)


@pytest.mark.parametrize(
    ("start", "end", "cadence", "tz", "now", "expected"),
    [
        # Weekly from a Monday: the first check-in is a week later at 10:00 local.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # Berlin is UTC+1 in January.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "Europe/Berlin",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 9, tzinfo=UTC),
        ),
        # Exactly at a due time, the next one comes.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 18, 10, tzinfo=UTC),
            datetime(2027, 1, 25, 10, tzinfo=UTC),
        ),
        # Long after the start, biweekly: period 26 began on 4 January, period 27 begins on the 18th.
        (
            date(2026, 1, 5),
            None,
            "biweekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # Due later the same day.
        (
            date(2026, 1, 12),
            None,
            "biweekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 11, 10, tzinfo=UTC),
        ),
        # A period starting on Saturday rolls to Monday.
        (
            date(2027, 1, 9),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 10, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # After the end date, nothing is left.
        (date(2027, 1, 11), date(2027, 1, 20), "weekly", "UTC", datetime(2027, 1, 19, 9, tzinfo=UTC), None),
        # An unknown cadence has no check-ins.
        (date(2027, 1, 11), None, "hourly", "UTC", datetime(2027, 1, 11, 9, tzinfo=UTC), None),
    ],
)
def test_next_check_in(
    start: date, end: date | None, cadence: str, tz: str, now: datetime, expected: datetime | None
) -> None:
    assert next_check_in(start, end, cadence, tz, 10, now) == expected


@pytest.mark.parametrize(
    ("status", "start", "hour", "expected"),
    [
        ("paused", date(2027, 1, 11), 10, None),  # no check-in while paused
        ("active", None, 10, None),  # check-ins haven't started (no agreement yet)
        ("active", date(2027, 1, 11), 10, datetime(2027, 1, 18, 9, tzinfo=UTC)),  # 10:00 Berlin
        ("active", date(2027, 1, 11), 23, datetime(2027, 1, 18, 19, tzinfo=UTC)),  # kept at 20:00 local
        ("active", date(2027, 1, 11), 3, datetime(2027, 1, 18, 6, tzinfo=UTC)),  # kept at 07:00 local
    ],
)
def test_due_check_in_of_a_pair(
    status: str, start: date | None, hour: int, expected: datetime | None
) -> None:
    now = datetime(2027, 1, 12, 9, tzinfo=UTC)
    assert due_check_in(status, start, None, "weekly", "Europe/Berlin", hour, now) == expected
