"""The one place dates, counts and user text are written for Slack."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.slack.format import day_token, esc, plain_day, plural, time_token


@pytest.mark.parametrize(
    ("count", "singular", "plural_form", "expected"),
    [
        (0, "pair", None, "0 pairs"),
        (1, "pair", None, "1 pair"),
        (2, "pair", None, "2 pairs"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (1, "session logged", "sessions logged", "1 session logged"),
    ],
)
def test_plural_agrees_with_the_count(
    count: int, singular: str, plural_form: str | None, expected: str
) -> None:
    assert plural(count, singular, plural_form) == expected


def test_plain_day_is_one_format() -> None:
    assert plain_day(date(2026, 12, 2)) == "Wed 2 Dec 2026"
    assert plain_day(date(2027, 1, 27)) == "Wed 27 Jan 2027"


def test_day_token_points_at_noon_utc_with_a_readable_fallback() -> None:
    token = day_token(date(2026, 12, 2))
    match = re.fullmatch(r"<!date\^(\d+)\^\{date_short\}\|(.+)>", token)
    assert match
    assert datetime.fromtimestamp(int(match.group(1)), UTC) == datetime(2026, 12, 2, 12, tzinfo=UTC)
    assert match.group(2) == "Wed 2 Dec 2026"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_day_token_shows_the_same_day_in_every_common_zone(day: date) -> None:
    seconds = int(re.search(r"\^(\d+)\^", day_token(day)).group(1))  # type: ignore[union-attr]
    instant = datetime.fromtimestamp(seconds, UTC)
    for zone in (
        "Pacific/Honolulu",
        "America/Los_Angeles",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Australia/Sydney",
    ):
        assert instant.astimezone(ZoneInfo(zone)).date() == day


def test_time_token_carries_the_instant_and_a_utc_fallback() -> None:
    at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night Europe/Berlin moves to summer time
    token = time_token(at)
    assert f"<!date^{int(at.timestamp())}^" in token
    assert token.endswith("|Sun 29 Mar 2026, 01:30 UTC>")
    naive = time_token(datetime(2026, 3, 29, 1, 30))  # noqa: DTZ001 - stored instants are naive UTC
    assert naive == token
    assert time_token(at + timedelta(hours=1)) != token


def test_escape_neutralises_mentions_and_links() -> None:
    assert esc("<!channel> & <http://x|y>") == "&lt;!channel&gt; &amp; &lt;http://x|y&gt;"
