"""Factories for test data, written straight through the unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator.server import TEAM_ID
from storage.records import GoalRecord, MentorshipRecord, MilestoneRecord, PersonRecord


def make_person(
    deps: Deps, slack_user_id: str, role: str | None = "mentee", *, team_id: str = TEAM_ID, **fields: Any
) -> PersonRecord:
    """Create an enrolled person (override any profile field)."""
    now = deps.clock()
    values: dict[str, Any] = {
        "team_id": team_id,
        "slack_user_id": slack_user_id,
        "name": fields.pop("name", slack_user_id),
        "role": role,
        "offers": ["python"] if role in ("mentor", "both") else [],
        "wants": ["python"] if role in ("mentee", "both") else [],
        "reasons": [],
        "department": None,
        "timezone": "UTC",
        "capacity": 1,
        "cadence": "biweekly",
        "formats": ["video"],
        "intro": "",
        "status": "active",
        "public_shoutouts": False,
        "do_not_match": [],
        "created_at": now,
        "updated_at": now,
        "joined_at": now,
    }
    values.update(fields)
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        person = PersonRecord(**values)
        uow.session.add(person)
        uow.flush()
        return person


def make_mentorship(
    deps: Deps,
    mentor: PersonRecord,
    mentee: PersonRecord,
    *,
    agreed: bool = True,
    cadence: str = "weekly",
    started_at: datetime | None = None,
    weeks: int = 12,
    **fields: Any,
) -> MentorshipRecord:
    """Create an active mentorship, with an agreed agreement by default."""
    start = started_at or deps.clock()
    values: dict[str, Any] = {
        "team_id": mentor.team_id,
        "mentor_id": mentor.id,
        "mentee_id": mentee.id,
        "status": "active",
        "source": "round",
        "match_reasons": [],
        "started_at": start,
        "cadence": cadence,
        "agreement_status": "agreed" if agreed else "none",
        "meeting_format": "video" if agreed else None,
        "end_date": (start.date() + timedelta(weeks=weeks)) if agreed else None,
        "first_meeting_on": start.date() if agreed else None,
        "confidentiality_ack": agreed,
        "agreed_at": start if agreed else None,
        "check_ins_from": start.date() if agreed else None,
        "group_channel_id": None,
    }
    values.update(fields)
    with deps.uow() as uow:
        record = MentorshipRecord(**values)
        uow.session.add(record)
        uow.flush()
        return record


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def day(year: int, month: int, d: int) -> date:
    """A calendar date."""
    return date(year, month, d)


def rows(deps: Deps, record: Any) -> list[Any]:
    """Every row of a record type, read in a unit of work of its own."""
    with deps.uow() as uow:
        return list(uow.session.scalars(select(record)))


def mentorship(deps: Deps, mentorship_id: int) -> MentorshipRecord:
    """The mentorship as stored now."""
    with deps.uow() as uow:
        found = uow.session.get(MentorshipRecord, mentorship_id)
        assert found is not None
        return found


def make_goal(
    deps: Deps,
    record: MentorshipRecord,
    owner: PersonRecord,
    target: date,
    *,
    title: str = "Give a talk at the analytics guild",
    milestones: tuple[str, ...] = (),
) -> GoalRecord:
    """Create an active goal of a mentorship (with these milestones, in order)."""
    with deps.uow() as uow:
        goal = GoalRecord(
            team_id=record.team_id,
            mentorship_id=record.id,
            owner_id=owner.id,
            title=title,
            target_date=target,
            created_at=deps.clock(),
            milestones=[
                MilestoneRecord(team_id=record.team_id, title=name, position=i)
                for i, name in enumerate(milestones)
            ],
        )
        uow.session.add(goal)
        uow.flush()
        return goal
