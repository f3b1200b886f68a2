"""Dates in words: one plain format, "today"/"yesterday", deadlines at the end of a working day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates import days_ago, plain_day, span_words, working_deadline
from bot.domain.lifecycle import parse_pause
from bot.domain.smart import format_day


def test_domain_messages_write_days_the_one_plain_way() -> None:
    # "27 January 2027", "2026-05-25" and "Wed 2 Dec 2026" were three ways; now there is one.
    assert plain_day(date(2027, 1, 27)) == "Wed 27 Jan 2027"
    assert format_day(date(2027, 1, 27)) == plain_day(date(2027, 1, 27))


@pytest.mark.parametrize(
    ("days", "words"), [(-1, "today"), (0, "today"), (1, "yesterday"), (2, "2 days ago"), (30, "30 days ago")]
)
def test_days_ago_says_today_and_yesterday(days: int, words: str) -> None:
    assert days_ago(days) == words


def test_a_request_deadline_at_night_moves_to_the_end_of_that_working_day() -> None:
    # Created at 00:48 UTC: three days on is 00:48 too; the mentor in Berlin gets until 17:00 there.
    due = working_deadline(datetime(2026, 12, 2, 0, 48, tzinfo=UTC), "Europe/Berlin")
    assert due == datetime(2026, 12, 2, 17, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    # After 17:00 it moves to the next weekday; a weekend moves to Monday.
    late = working_deadline(datetime(2026, 12, 2, 18, 30, tzinfo=UTC), "UTC")
    assert late == datetime(2026, 12, 3, 17, 0, tzinfo=ZoneInfo("UTC"))
    saturday = working_deadline(datetime(2026, 12, 5, 9, 0, tzinfo=UTC), "UTC")
    assert saturday == datetime(2026, 12, 7, 17, 0, tzinfo=ZoneInfo("UTC"))
    # Never earlier than the deadline it rounds.
    assert working_deadline(datetime(2026, 12, 2, 17, 0, tzinfo=UTC), "UTC") == datetime(
        2026, 12, 2, 17, tzinfo=UTC
    )


def test_working_deadlines_keep_17_00_local_across_dst_changes() -> None:
    # New York: daylight time starts Sunday 8 March 2026; London: Sunday 29 March 2026.
    before = working_deadline(datetime(2026, 3, 6, 3, 0, tzinfo=UTC), "America/New_York")
    after = working_deadline(datetime(2026, 3, 9, 3, 0, tzinfo=UTC), "America/New_York")
    assert before.astimezone(UTC) == datetime(2026, 3, 6, 22, 0, tzinfo=UTC)  # 17:00 EST
    assert after.astimezone(UTC) == datetime(2026, 3, 9, 21, 0, tzinfo=UTC)  # 17:00 EDT
    london = working_deadline(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), "Europe/London")  # a Saturday
    assert london.astimezone(UTC) == datetime(2026, 3, 30, 16, 0, tzinfo=UTC)  # Monday 17:00 BST
    # An unknown zone counts as UTC.
    assert working_deadline(datetime(2026, 3, 9, 3, tzinfo=UTC), "Mars/Base").hour == 17


def test_pause_refusals_write_the_day_the_plain_way() -> None:
    with pytest.raises(ValueError, match="Sun 1 Mar 2026 has already come"):
        parse_pause(["until", "2026-03-01"], date(2026, 3, 2), None)
    with pytest.raises(ValueError, match="ends on Fri 20 Mar 2026"):
        parse_pause(["until", "2026-03-30"], date(2026, 3, 2), date(2026, 3, 20))


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (date(2026, 3, 1), date(2026, 3, 7), "1–7 March"),
        (date(2026, 2, 23), date(2026, 3, 1), "23 February – 1 March"),
        (date(2025, 12, 29), date(2026, 1, 4), "29 December 2025 – 4 January 2026"),
    ],
)
def test_span_words(first: date, last: date, words: str) -> None:
    assert span_words(first, last) == words
