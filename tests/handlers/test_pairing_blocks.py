"""Pairing's builders: reasons and cautions stay apart, calendar words, the agreement's first meeting."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.services.pairing import PersonCard
from handlers.pairing.blocks import build_calendar_comment, build_round, meeting_sections

PROPOSAL = {
    "pairs": [
        {
            "mentee": "U0DEE",
            "mentor": "U0CY",
            "mentee_name": "Dee",
            "mentor_name": "Cy",
            "score": 700,
            "reasons": ["You both care about drawing"],
            "cautions": [
                "No shared working hours: try an early or late slot, or async updates between meetings"
            ],
        },
        # A proposal stored before cautions existed.
        {"mentee": "U0BO", "mentor": "U0ADA", "score": 900, "reasons": ["You both care about python"]},
    ],
    "unmatched": [],
    "mentees": 2,
    "mentors": 2,
}


def test_round_marks_cautions_as_warnings_after_the_reasons() -> None:
    text = json.dumps(build_round(1, PROPOSAL))
    assert "You both care about drawing\\n:warning: No shared working hours: try an early" in text
    assert text.count(":warning:") == 1


def test_calendar_comment_first_issue_and_update() -> None:
    payload = {
        "sequence": 0,
        "cadence": "biweekly",
        "start": "2026-12-03T14:00:00+00:00",
        "until": "2027-05-19",
    }
    text, blocks = build_calendar_comment(payload)
    stamp = int(datetime(2026, 12, 3, 14, tzinfo=UTC).timestamp())
    assert text.startswith(":calendar: Your mentoring meetings as a calendar file: every two weeks from ")
    assert f"<!date^{stamp}^" in text and "Wed 19 May 2027" in text and blocks
    update, _ = build_calendar_comment({**payload, "sequence": 2, "cadence": "weekly"})
    assert update.startswith(":calendar: Updated calendar file: now every week")
    broken, _ = build_calendar_comment({"sequence": 0, "cadence": "weekly", "start": "soon"})
    assert "the first meeting" in broken


def test_calendar_comment_for_a_series_ended_early() -> None:
    text, _ = build_calendar_comment(
        {"sequence": 1, "cadence": "weekly", "ended_at": "2026-12-09T10:00:00+00:00"}
    )
    assert "has ended" in text and "remove the meetings still ahead" in text


def _card(person_id: int, name: str, tz: str, formats: tuple[str, ...] = ("video",)) -> PersonCard:
    return PersonCard(
        person_id=person_id,
        slack_user_id=f"U{person_id}",
        name=name,
        role="mentor",
        offers=(),
        wants=(),
        reasons=(),
        department=None,
        timezone=tz,
        cadence="biweekly",
        formats=formats,
        intro="",
    )


def test_when_you_can_meet_names_the_day_the_clocks_change() -> None:
    ada, bo = _card(1, "Ada Lovelace", "Europe/Berlin"), _card(2, "Bo <b> Chen", "America/New_York")
    text = json.dumps(meeting_sections(ada, bo, datetime(2026, 3, 24, 10, tzinfo=UTC)), ensure_ascii=False)
    assert "You share 3 working hours on weekdays: 14:00–17:00 for Ada, 09:00–12:00 for Bo" in text
    monday = int(datetime(2026, 3, 30, 12, tzinfo=UTC).timestamp())
    assert f"From <!date^{monday}^" in text and "15:00–17:00 for Ada, 09:00–11:00 for Bo" in text
    assert "Worth knowing" not in text


def test_half_hour_zones_and_a_format_caution() -> None:
    maya = _card(1, "Maya Patel", "Asia/Kolkata", ("in_person",))
    kai = _card(2, "Kai Müller", "Europe/Berlin", ("chat",))
    text = json.dumps(meeting_sections(maya, kai, datetime(2026, 12, 2, 10, tzinfo=UTC)), ensure_ascii=False)
    assert "You share 3.5 working hours on weekdays: 13:30–17:00 for Maya, 09:00–12:30 for Kai" in text
    assert (
        "*Worth knowing*\\n:warning: No meeting format in common (in person for Maya; chat for Kai)" in text
    )


def test_a_certified_round_says_so_until_an_admin_edits_it() -> None:
    certified = {**PROPOSAL, "optimal": True}
    assert "Proven the best possible round" in json.dumps(build_round(1, certified))
    assert "Proven the best possible round" not in json.dumps(build_round(1, certified, revision=1))
    assert "Proven the best possible round" not in json.dumps(build_round(1, {**PROPOSAL, "optimal": False}))
