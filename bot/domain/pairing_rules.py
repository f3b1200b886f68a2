"""Rules for mentee requests and the mentorship agreement.

Requests: the personal message is required, 20 to 1500 characters after trimming; a mentee has at
most three pending requests, and never two pending ones to the same mentor.

The agreement: cadence (weekly, biweekly, monthly) and meeting format (video, in person, chat) from
the fixed lists; a first meeting date and time (HH:MM), read in the proposer's IANA zone, that is
not in the past and at most 90 days ahead of the proposer's local today (a passed time today is
the time's problem, a passed day the date's); an end date after the first meeting's day and at
most two years after it; boundaries and notes of at most
1000 characters each; the confidentiality acknowledgement is required. The default end date is the
start date plus the program length in weeks, never before the first meeting plus four weeks.

Field problems come back as codes per field; the Slack edge turns them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_MESSAGE = 20
MAX_MESSAGE = 1500
MAX_PENDING_REQUESTS = 3
MAX_DECLINE_NOTE = 500
MAX_AGREEMENT_TEXT = 1000
MAX_FIRST_MEETING_AHEAD_DAYS = 90
MAX_LENGTH_DAYS = 730
MIN_LENGTH_DAYS = 28
CADENCES = ("weekly", "biweekly", "monthly")
MEETING_FORMATS = ("video", "in_person", "chat")


def check_request_message(text: str | None) -> str | None:
    """Return a problem code for a request's personal message, or None when it is fine."""
    message = (text or "").strip()
    if not message:
        return "message_missing"
    if len(message) < MIN_MESSAGE:
        return "message_short"
    if len(message) > MAX_MESSAGE:
        return "message_long"
    return None


def check_decline_note(text: str | None) -> str | None:
    """Return a problem code for an optional decline note, or None when it is fine."""
    return "note_long" if len((text or "").strip()) > MAX_DECLINE_NOTE else None


@dataclass(frozen=True)
class AgreementInput:
    """What a person entered in the agreement modal, before validation."""

    cadence: str | None
    meeting_format: str | None
    first_meeting: str | None  # YYYY-MM-DD
    end_date: str | None  # YYYY-MM-DD
    boundaries: str = ""
    notes: str = ""
    confidential: bool = False
    first_time: str | None = None  # HH:MM in the proposer's zone


@dataclass(frozen=True)
class Agreement:
    """A valid agreement proposal."""

    cadence: str
    meeting_format: str
    first_meeting: date
    end_date: date
    boundaries: str
    notes: str
    first_meeting_at: datetime | None = None  # the instant, UTC
    meeting_zone: str = "UTC"  # the zone the time was entered in


def _parse_time(value: object) -> time | None:
    """HH:MM as a timepicker sends it; anything else (another shape, not a string) is no time."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        return None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def default_end_date(started_on: date, first_meeting: date, program_weeks: int) -> date:
    """Return the default end of a mentorship: the program length after its start."""
    end = started_on + timedelta(weeks=max(1, program_weeks))
    return max(end, first_meeting + timedelta(days=MIN_LENGTH_DAYS))


def validate_agreement(data: AgreementInput, now: datetime, zone: str = "UTC") -> Agreement | dict[str, str]:
    """Validate an agreement proposal made at ``now`` by someone in ``zone``; return it, or
    field name -> problem code (fields: cadence, format, first, time, end, boundaries, notes,
    confidential)."""
    errors: dict[str, str] = {}
    tz = _zone(zone)
    today = now.astimezone(tz).date()
    if not isinstance(data.cadence, str) or data.cadence not in CADENCES:
        errors["cadence"] = "cadence_missing"
    if not isinstance(data.meeting_format, str) or data.meeting_format not in MEETING_FORMATS:
        errors["format"] = "format_missing"
    first = _parse_date(data.first_meeting)
    at_time = _parse_time(data.first_time)
    end = _parse_date(data.end_date)
    first_at: datetime | None = None
    if at_time is None:
        errors["time"] = "time_missing"
    if first is None:
        errors["first"] = "first_missing"
    elif first < today:
        errors["first"] = "first_past"
    elif first > today + timedelta(days=MAX_FIRST_MEETING_AHEAD_DAYS):
        errors["first"] = "first_far"
    elif at_time is not None:
        local = datetime.combine(first, at_time, tzinfo=tz)
        first_at = local.astimezone(UTC)
        if first_at.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
            errors["time"] = "time_gap"  # skipped when the clocks go forward (an autumn fold is its first)
        elif first_at <= now:
            errors["time"] = "time_past"
    if end is None:
        errors["end"] = "end_missing"
    elif first is not None and end <= first:
        errors["end"] = "end_before_first"
    elif first is not None and end > first + timedelta(days=MAX_LENGTH_DAYS):
        errors["end"] = "end_far"
    if len(data.boundaries.strip()) > MAX_AGREEMENT_TEXT:
        errors["boundaries"] = "text_long"
    if len(data.notes.strip()) > MAX_AGREEMENT_TEXT:
        errors["notes"] = "text_long"
    if not data.confidential:
        errors["confidential"] = "confidential_missing"
    if errors or first is None or end is None or first_at is None:
        return errors
    if data.cadence is None or data.meeting_format is None:  # pragma: no cover - checked above
        return errors
    return Agreement(
        cadence=data.cadence,
        meeting_format=data.meeting_format,
        first_meeting=first,
        end_date=end,
        boundaries=data.boundaries.strip(),
        notes=data.notes.strip(),
        first_meeting_at=first_at,
        meeting_zone=tz.key,
    )
