"""Defaults filled in at flush: a membership's shared identity and program, a pair's program.

Code that works in one program names it (`program_id=`). Older paths and tests that build a
membership without one get the workspace's first program (created with the defaults if the
workspace has none yet); a new membership of someone already known shares their one identity;
a mentorship or request without a program takes its mentor's; a round without one, the first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from storage.records import (
    IdentityRecord,
    MatchRoundRecord,
    MentorRequestRecord,
    MentorshipRecord,
    PersonRecord,
    ProgramRecord,
)

DEFAULT_PROGRAM_KEY = "mentoring"
DEFAULT_PROGRAM_NAME = "Mentorship Program"


def default_program_values(team_id: str, now: datetime, **overrides: Any) -> dict[str, Any]:
    """A new program's columns: the defaults of today's settings form."""
    values: dict[str, Any] = {
        "team_id": team_id,
        "key": DEFAULT_PROGRAM_KEY,
        "name": DEFAULT_PROGRAM_NAME,
        "format": "mentorship",
        "status": "open",
        "default_cadence": "biweekly",
        "program_length_weeks": 24,
        "check_in_hour": 10,
        "request_expiry_days": 3,
        "matching_weights": {},
        "repeat_cooldown_days": None,
        "allow_shoutouts": True,
        "time_zone": "UTC",
        "report_threshold": 5,
        "circle_audience": "everyone",
        "circle_min_size": 4,
        "circle_max_size": 6,
        "circle_weeks": 12,
        "circle_cadence": "biweekly",
        "circle_cooldown_rounds": None,
        "created_at": now,
        "updated_at": now,
    }
    values.update(overrides)
    return values


def first_program_id(session: Session, team_id: str) -> int | None:
    """The workspace's first program (lowest id), archived or not; None when it has none."""
    found = session.scalars(
        select(ProgramRecord.id).where(ProgramRecord.team_id == team_id).order_by(ProgramRecord.id).limit(1)
    ).first()
    return int(found) if found is not None else None


def ensure_first_program(session: Session, team_id: str, now: datetime) -> int:
    """Return the workspace's first program's id, creating the default program if it has none."""
    found = first_program_id(session, team_id)
    if found is not None:
        return found
    from storage.repositories.core import insert_ignore

    insert_ignore(session, ProgramRecord, default_program_values(team_id, now))
    found = first_program_id(session, team_id)
    assert found is not None  # noqa: S101 - just inserted or inserted by a racer
    return found


def _unset(record: object) -> bool:
    """Whether a new record was built without a program."""
    return record.__dict__.get("program_id") is None


def _fill(session: Session, _context: Any, _instances: Any) -> None:
    new = list(session.new)
    people = [o for o in new if isinstance(o, PersonRecord)]
    if people:
        _fill_people(session, people)
    for obj in new:
        if isinstance(obj, MentorshipRecord | MentorRequestRecord) and _unset(obj):
            mentor = obj.__dict__.get("mentor") or session.get(PersonRecord, obj.mentor_id)
            if mentor is not None:
                obj.program_id = mentor.program_id
        elif isinstance(obj, MatchRoundRecord) and _unset(obj):
            obj.program_id = ensure_first_program(session, obj.team_id, datetime.now(UTC))


def _fill_people(session: Session, people: list[PersonRecord]) -> None:
    shared: dict[tuple[str, str], IdentityRecord] = {}
    for person in people:
        if _unset(person):
            person.program_id = ensure_first_program(session, person.team_id, datetime.now(UTC))
        identity = person.identity
        if identity is None or identity not in session.new:
            continue
        key = (person.team_id, person.slack_user_id)
        known = shared.get(key)
        if known is None:
            with session.no_autoflush:
                known = session.scalars(
                    select(IdentityRecord).where(
                        IdentityRecord.team_id == person.team_id,
                        IdentityRecord.slack_user_id == person.slack_user_id,
                    )
                ).one_or_none()
        if known is None:
            shared[key] = identity
            continue
        given: frozenset[str] = getattr(person, "_identity_given", frozenset())
        for name in given:
            value = getattr(identity, name)
            if value not in (None, "", []):
                setattr(known, name, value)
        person.identity = known
        if identity in session.new:
            session.expunge(identity)
        shared[key] = known


def install(factory: sessionmaker[Session]) -> None:
    """Fill these defaults in every session the factory makes."""
    event.listen(factory, "before_flush", _fill)
