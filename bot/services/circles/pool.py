"""A circles round's input: who is waiting, who may join, what ran before, in the engine's terms.

* Waiting: the program's members (profile completed, status active) who hold no seat in a living
  circle, and the members of the program's short circles (below their minimum size), who are
  regrouped: merged into other circles or topped up with people waiting. They come first in the
  pool's order; the short circle ends when the round is approved.
* Audience (the program's `circle_audience`): "everyone"; "mentors" (people who are a mentor, or
  both, in a mentorship program of the workspace, not having left it); "mentees" likewise. Those
  outside it are not grouped and are told why.
* History: every circle the program ever formed, with the index of the round that formed it
  (approved rounds in order, from 0), except the short circles being regrouped (their members
  may stay together: that is a top-up). Seats that were left count: those people shared it.
* Hard constraints are global (reporting lines and never-pair lists live on the shared identity);
  repeats and cooldowns are per program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from bot.domain.circles.model import CircleSettings, Member, PastCircle
from bot.domain.meeting_times import zone
from bot.services.circles.outcomes import CircleRefused, MemberCard
from storage.records import PersonRecord, ProgramRecord
from storage.repositories.circles import CircleRepository
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

AUDIENCE_ROLES = {"mentors": ("mentor", "both"), "mentees": ("mentee", "both")}
AUDIENCE_REASONS = {
    "mentors": "This circles program is for mentors, and you aren't a mentor in any mentorship program",
    "mentees": "This circles program is for mentees, and you aren't a mentee in any mentorship program",
}


@dataclass
class RoundInput:
    """Everything one round of one program needs."""

    program: ProgramRecord
    people: dict[int, PersonRecord]  # everyone considered, by membership id
    members: list[Member]  # the waiting, in the engine's terms (regrouped ones first)
    outside: list[tuple[PersonRecord, str]]  # waiting but outside the audience, with the reason
    history: list[PastCircle]
    managers: dict[str, str | None]
    round_index: int
    regroup: dict[int, list[int]] = field(default_factory=dict)  # short circle -> its members

    @property
    def settings(self) -> CircleSettings:
        """The program's sizes and cooldown, as the engine takes them."""
        return settings_of(self.program)


def settings_of(program: ProgramRecord) -> CircleSettings:
    """The program's circle settings as the engine takes them."""
    return CircleSettings(
        min_size=program.circle_min_size,
        max_size=program.circle_max_size,
        cooldown_rounds=program.circle_cooldown_rounds,
    )


def card(person: PersonRecord) -> MemberCard:
    """What is shown about a member."""
    return MemberCard(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name or person.slack_user_id,
        timezone=person.timezone or "UTC",
    )


def to_member(person: PersonRecord) -> Member:
    """The engine's view of a member: the topics they want to talk about, zone, department, lines."""
    return Member(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name or person.slack_user_id,
        topics=tuple(str(t) for t in person.wants or ()),
        timezone=person.timezone or "UTC",
        department=person.department,
        manager_slack_id=person.manager_slack_id,
        blocked=frozenset(str(u) for u in person.do_not_match or ()),
    )


def circles_program(uow: UnitOfWork, team_id: str, program_id: int) -> ProgramRecord:
    """The program, when it is a circles program that is not archived; else CircleRefused."""
    program = uow.programs.program(team_id, program_id)
    if program is None:
        raise CircleRefused("no_program")
    if program.format != "circles":
        raise CircleRefused("not_circles")
    if program.status == "archived":
        raise CircleRefused("archived")
    return program


def audience_identities(uow: UnitOfWork, team_id: str, audience: str) -> set[int] | None:
    """Identity ids inside the audience (None: everyone is)."""
    roles = AUDIENCE_ROLES.get(audience)
    if roles is None:
        return None
    rows = uow.session.scalars(
        select(PersonRecord.identity_id)
        .join(ProgramRecord, ProgramRecord.id == PersonRecord.program_id)
        .where(
            PersonRecord.team_id == team_id,
            ProgramRecord.format != "circles",
            PersonRecord.role.in_(roles),
            PersonRecord.status != "opted_out",
        )
    )
    return {int(i) for i in rows}


def may_join(uow: UnitOfWork, team_id: str, program: ProgramRecord, identity_id: int) -> str | None:
    """Why this person may not join the circles program (None: they may)."""
    inside = audience_identities(uow, team_id, program.circle_audience)
    if inside is None or identity_id in inside:
        return None
    return AUDIENCE_REASONS[program.circle_audience]


def history_of(
    uow: UnitOfWork, team_id: str, program_id: int, skip: set[int] | None = None
) -> tuple[list[PastCircle], int]:
    """The program's past circles (all but `skip`) with their round index, and the next index."""
    repo = uow.repo(CircleRepository)
    indexes = repo.round_indexes(team_id, program_id)
    circles = [c for c in repo.circles(team_id, program_id) if c.id not in (skip or set())]
    seats = repo.seats(team_id, [c.id for c in circles])
    history = [
        PastCircle(
            member_ids=frozenset(s.person_id for s in seats[c.id]),
            round_index=indexes.get(c.round_id or -1, 0),
        )
        for c in circles
        if seats[c.id]
    ]
    return history, len(indexes)


def load_round(uow: UnitOfWork, team_id: str, program_id: int) -> RoundInput:
    """Read one circles program's waiting pool, audience, history and reporting lines."""
    repo = uow.repo(CircleRepository)
    program = circles_program(uow, team_id, program_id)
    enrolled = [p for p in uow.people.enrolled(team_id, program.id) if p.status == "active"]
    seated = repo.seated_person_ids(team_id, program.id)
    short = repo.circles(team_id, program.id, ("short",))
    short_seats = repo.seats(team_id, [c.id for c in short])
    regroup = {
        c.id: [s.person_id for s in short_seats[c.id] if s.status in ("active", "paused")] for c in short
    }
    regrouped = {pid for ids in regroup.values() for pid in ids}
    people = {p.id: p for p in enrolled if p.id not in seated or p.id in regrouped}
    inside = audience_identities(uow, team_id, program.circle_audience)
    outside = [
        (p, AUDIENCE_REASONS[program.circle_audience])
        for p in people.values()
        if inside is not None and p.identity_id not in inside and p.id not in regrouped
    ]
    out_ids = {p.id for p, _ in outside}
    order = sorted(people, key=lambda pid: (pid not in regrouped, pid))
    history, index = history_of(uow, team_id, program.id, skip=set(regroup))
    return RoundInput(
        program=program,
        people=people,
        members=[to_member(people[pid]) for pid in order if pid not in out_ids],
        outside=outside,
        history=history,
        managers=uow.repo(PairingRepository).managers(team_id),
        round_index=index,
        regroup={cid: ids for cid, ids in regroup.items() if ids},
    )


def program_today(program: ProgramRecord, now: datetime) -> date:
    """The program's calendar day at `now` (it decides a circle's start day and cycles)."""
    return now.astimezone(zone(program.time_zone or "UTC")).date()
