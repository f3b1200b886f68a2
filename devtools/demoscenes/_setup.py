"""Helpers for demo scenes: find the pairs earlier scenes created (or create them directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.domain.profiles import Profile
from bot.services import enrollment
from storage.records import MentorshipRecord, PersonRecord

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person


def ensure_joined(demo: Demo, who: Person, role: str, topics: tuple[str, ...]) -> PersonRecord:
    """Return the person's profile, enrolling them directly if an earlier scene did not."""
    team = demo.ws.team_id
    person = enrollment.get_person(demo.deps, team, who.id)
    if person is not None and person.role is not None:
        return person
    profile = Profile(
        role=role,
        offers=topics if role != "mentee" else (),
        wants=topics if role != "mentor" else (),
        reasons=(),
        department=None,
        capacity=2,
        cadence="biweekly",
        formats=("video",),
        intro="",
    )
    created, _ = enrollment.save_profile(demo.deps, team, who.id, profile, name=who.name)
    return created


def find_pair(demo: Demo, mentor: Person, mentee: Person) -> MentorshipRecord | None:
    """Return the active (or paused) mentorship between two people, if there is one."""
    with demo.deps.uow() as uow:
        m = uow.people.by_slack_id(demo.ws.team_id, mentor.id)
        e = uow.people.by_slack_id(demo.ws.team_id, mentee.id)
        if m is None or e is None:
            return None
        return uow.session.scalars(
            select(MentorshipRecord).where(
                MentorshipRecord.mentor_id == m.id,
                MentorshipRecord.mentee_id == e.id,
                MentorshipRecord.status.in_(("active", "paused")),
            )
        ).first()
