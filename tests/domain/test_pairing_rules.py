"""Request messages and the agreement: what is accepted and what each problem is called."""

from __future__ import annotations

from datetime import date

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
    }
    values.update(overrides)
    return AgreementInput(**values)  # type: ignore[arg-type]


def test_valid_agreement() -> None:
    result = validate_agreement(_input(), TODAY)
    assert result == Agreement("biweekly", "video", date(2026, 3, 5), date(2026, 8, 17), "No Fridays", "")


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
        ({"end_date": None}, "end", "end_missing"),
        ({"end_date": "2026-03-05"}, "end", "end_before_first"),
        ({"end_date": "2028-03-06"}, "end", "end_far"),
        ({"boundaries": "b" * 1001}, "boundaries", "text_long"),
        ({"notes": "n" * 1001}, "notes", "text_long"),
        ({"confidential": False}, "confidential", "confidential_missing"),
    ],
)
def test_agreement_problems(overrides: dict[str, object], field: str, problem: str) -> None:
    result = validate_agreement(_input(**overrides), TODAY)
    assert isinstance(result, dict) and result[field] == problem


def test_first_meeting_today_is_fine() -> None:
    assert isinstance(validate_agreement(_input(first_meeting="2026-03-02"), TODAY), Agreement)


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
