"""Request messages and the agreement: what is accepted and what each problem is called."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.pairing_rules import (
    Agreement,
    AgreementInput,
    check_decline_note,
    check_request_message,
    default_end_date,
    validate_agreement,
)

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday, 13:00 in Berlin


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, "message_missing"),
        ("   \n ", "message_missing"),
        ("x" * 19, "message_short"),
        ("  " + "x" * 19 + "  ", "message_short"),
        ("x" * 20, None),
        ("x" * 1500, None),
        ("x" * 1501, "message_long"),
    ],
)
def test_request_message(text: str | None, problem: str | None) -> None:
    assert check_request_message(text) == problem


def test_decline_note_is_optional_but_bounded() -> None:
    assert check_decline_note("") is None and check_decline_note("x" * 500) is None
    assert check_decline_note("x" * 501) == "note_long"


def _input(**overrides: object) -> AgreementInput:
    values: dict[str, object] = {
        "cadence": "biweekly",
        "meeting_format": "video",
        "first_meeting": "2026-03-05",
        "end_date": "2026-08-17",
        "boundaries": " No Fridays ",
        "notes": "",
        "confidential": True,
        "first_time": "15:00",
    }
    values.update(overrides)
    return AgreementInput(**values)  # type: ignore[arg-type]


def test_valid_agreement() -> None:
    result = validate_agreement(_input(), NOW, "Europe/Berlin")
    assert result == Agreement(
        "biweekly",
        "video",
        date(2026, 3, 5),
        date(2026, 8, 17),
        "No Fridays",
        "",
        first_meeting_at=datetime(2026, 3, 5, 14, tzinfo=UTC),
        meeting_zone="Europe/Berlin",
    )


@pytest.mark.parametrize(
    ("overrides", "field", "problem"),
    [
        ({"cadence": None}, "cadence", "cadence_missing"),
        ({"cadence": "daily"}, "cadence", "cadence_missing"),
        ({"meeting_format": "carrier pigeon"}, "format", "format_missing"),
        ({"first_meeting": None}, "first", "first_missing"),
        ({"first_meeting": "not a date"}, "first", "first_missing"),
        ({"first_meeting": "2026-03-01"}, "first", "first_past"),
        ({"first_meeting": "2026-06-01"}, "first", "first_far"),
        ({"first_time": None}, "time", "time_missing"),
        ({"first_time": "25:61"}, "time", "time_missing"),
        ({"first_meeting": "2026-03-02", "first_time": "12:59"}, "time", "time_past"),
        ({"first_meeting": "2026-03-02", "first_time": "13:00"}, "time", "time_past"),
        ({"end_date": None}, "end", "end_missing"),
        ({"end_date": "2026-03-05"}, "end", "end_before_first"),
        ({"end_date": "2028-03-06"}, "end", "end_far"),
        ({"boundaries": "b" * 1001}, "boundaries", "text_long"),
        ({"notes": "n" * 1001}, "notes", "text_long"),
        ({"confidential": False}, "confidential", "confidential_missing"),
    ],
)
def test_agreement_problems(overrides: dict[str, object], field: str, problem: str) -> None:
    result = validate_agreement(_input(**overrides), NOW, "Europe/Berlin")
    assert isinstance(result, dict) and result[field] == problem


def test_first_meeting_later_today_is_fine() -> None:
    later = validate_agreement(_input(first_meeting="2026-03-02", first_time="13:30"), NOW, "Europe/Berlin")
    assert isinstance(later, Agreement)
    assert later.first_meeting_at == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "clock", "instant"),
    [
        # The same wall time is a different instant either side of a DST change.
        ("Europe/Berlin", "2026-03-27", "15:00", datetime(2026, 3, 27, 14, tzinfo=UTC)),
        ("Europe/Berlin", "2026-03-30", "15:00", datetime(2026, 3, 30, 13, tzinfo=UTC)),
        ("America/New_York", "2026-03-09", "09:00", datetime(2026, 3, 9, 13, tzinfo=UTC)),
        # Half-hour zones.
        ("Asia/Kolkata", "2026-03-05", "10:30", datetime(2026, 3, 5, 5, tzinfo=UTC)),
        ("Australia/Adelaide", "2026-03-05", "09:00", datetime(2026, 3, 4, 22, 30, tzinfo=UTC)),
        # An unknown zone reads the time as UTC.
        ("Nowhere/Unknown", "2026-03-05", "09:00", datetime(2026, 3, 5, 9, tzinfo=UTC)),
    ],
)
def test_the_time_is_read_in_the_proposers_zone(zone: str, day: str, clock: str, instant: datetime) -> None:
    result = validate_agreement(_input(first_meeting=day, first_time=clock), NOW, zone)
    assert isinstance(result, Agreement)
    assert result.first_meeting_at == instant
    assert result.first_meeting == date.fromisoformat(day)


def test_the_past_is_judged_by_the_proposers_local_day() -> None:
    # 23:30 UTC on 2 March is already 3 March in Tokyo: 2 March is in the past there.
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    result = validate_agreement(_input(first_meeting="2026-03-02"), late, "Asia/Tokyo")
    assert isinstance(result, dict) and result["first"] == "first_past"


@pytest.mark.parametrize(
    ("start", "first", "weeks", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 9), 24, date(2026, 8, 17)),
        (date(2026, 3, 2), date(2026, 3, 9), 1, date(2026, 4, 6)),
        (date(2026, 3, 2), date(2026, 3, 9), 0, date(2026, 4, 6)),
    ],
)
def test_default_end_date(start: date, first: date, weeks: int, expected: date) -> None:
    assert default_end_date(start, first, weeks) == expected
