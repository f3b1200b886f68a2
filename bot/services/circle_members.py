"""Joining a circles program: the short form's context, its checks and the membership it saves.

A circles program asks only what people want to talk about (topics) and their department (shared
with every program, to mix departments). Time zones come from Slack.

Audience rule (the same as a round's, bot.services.circles.pool): a program for mentors takes
people who are a mentor (or both) in a mentorship program of the workspace they have not left;
one for mentees, mentees likewise. Anyone else is refused with the reason before any form opens.
A circles membership's role is "member" (not counted as a mentor or mentee anywhere).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.profiles import MAX_DEPARTMENT, MAX_TOPICS_TEXT
from bot.domain.topics import MAX_TOPIC_LENGTH, MAX_TOPICS, normalise_topics, split_topics
from bot.domain.zones import valid_timezone
from bot.services.circle_settings import CircleSettings, settings_of
from bot.services.circles import may_join
from bot.services.enrollment import new_membership
from storage.records import ProgramRecord
from storage.scope import current_program
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

ROLES = ("mentor", "mentee")


@dataclass(frozen=True)
class CircleProgram:
    """A circles program as its members see it."""

    id: int
    key: str
    name: str
    status: str
    settings: CircleSettings


@dataclass(frozen=True)
class JoinContext:
    """What the join form shows, and whether the person may join at all."""

    program: CircleProgram
    joined: bool  # already a member (the form edits their topics)
    topics: tuple[str, ...]
    department: str | None
    refusal: str | None  # why they can't join (the audience rule, or the program is closed)


@dataclass(frozen=True)
class CircleJoinInput:
    """The join form as submitted (unchecked)."""

    topics: str
    department: str = ""


@dataclass(frozen=True)
class Joined:
    """A saved circles membership."""

    program: CircleProgram
    person_id: int
    topics: tuple[str, ...]
    first: bool


def _program(record: ProgramRecord) -> CircleProgram:
    return CircleProgram(record.id, record.key, record.name, record.status, settings_of(record))


def circle_program(deps: Deps, team_id: str, program_id: int | None = None) -> CircleProgram | None:
    """The program (given, else the request's) when it is a circles program of this workspace."""
    wanted = program_id if program_id is not None else current_program()
    if wanted is None:
        return None
    with deps.uow(read_only=True) as uow:
        record = uow.programs.program(team_id, wanted)
        return _program(record) if record is not None and record.format == "circles" else None


def _roles_elsewhere(uow: UnitOfWork, team_id: str, slack_user_id: str, program_id: int) -> set[str]:
    """The roles the person holds in the workspace's mentorship programs (where they still take part)."""
    circles = {p.id for p in uow.programs.programs(team_id, include_archived=True) if p.format == "circles"}
    roles: set[str] = set()
    for member in uow.people.memberships(team_id, slack_user_id):
        if member.program_id == program_id or member.program_id in circles or member.status == "opted_out":
            continue
        if member.role == "both":
            roles |= {"mentor", "mentee"}
        elif member.role in ROLES:
            roles.add(str(member.role))
    return roles


def _audience_refusal(program: CircleProgram, roles: set[str]) -> str | None:
    audience = program.settings.audience
    if audience == "mentors" and "mentor" not in roles:
        held = " (you take part as a mentee)" if roles else ""
        return (
            f"*{program.name}* is a circle for mentors, and you aren't a mentor in any mentorship "
            f"program{held}, so you can't join it. Type `/mentor join` to see the programs open to you."
        )
    if audience == "mentees" and "mentee" not in roles:
        held = " (you take part as a mentor)" if roles else ""
        return (
            f"*{program.name}* is a circle for mentees, and you aren't a mentee in any mentorship "
            f"program{held}, so you can't join it. Type `/mentor join` to see the programs open to you."
        )
    return None


def join_context(deps: Deps, team_id: str, slack_user_id: str, program_id: int) -> JoinContext:
    """What the join form for this circles program shows this person (NotFound: not circles)."""
    with deps.uow(read_only=True) as uow:
        record = uow.programs.program(team_id, program_id)
        if record is None or record.format != "circles":
            raise NotFound("That program isn't a circles program.", code="not_circles")
        program = _program(record)
        person = uow.people.by_slack_id(team_id, slack_user_id, program_id=program.id)
        joined = person is not None and person.role is not None and person.status != "opted_out"
        identity = uow.people.identity(team_id, slack_user_id)
        roles = _roles_elsewhere(uow, team_id, slack_user_id, program.id)
        outside = (
            may_join(uow, team_id, record, identity.id)
            if identity is not None
            else (None if program.settings.audience == "everyone" else "outside")
        )
    refusal = None if joined or outside is None else _audience_refusal(program, roles) or outside
    if refusal is None and not joined and program.status != "open":
        refusal = f"*{program.name}* isn't open for joining right now. Type `/mentor join` to see the programs you can join."
    return JoinContext(
        program=program,
        joined=joined,
        topics=tuple(person.wants or ()) if person is not None and joined else (),
        department=identity.department if identity is not None else None,
        refusal=refusal,
    )


def _check(form: CircleJoinInput) -> tuple[list[str], str]:
    """The topics and department of a join form, or InvalidInput with field errors (topics, department)."""
    errors: dict[str, str] = {}
    text = form.topics or ""
    topics: list[str] = []
    if len(text) > MAX_TOPICS_TEXT:
        errors["topics"] = f"Please keep this under {MAX_TOPICS_TEXT} characters."
    elif any(len(t.strip()) > MAX_TOPIC_LENGTH for t in split_topics(text)):
        errors["topics"] = (
            f"Keep each topic under {MAX_TOPIC_LENGTH} characters and separate topics with commas."
        )
    else:
        topics = normalise_topics(text)
        if not topics:
            errors["topics"] = "Name at least one topic you'd like to talk about, like public speaking."
        elif len(topics) > MAX_TOPICS:
            errors["topics"] = f"Pick your top {MAX_TOPICS} topics at most; fewer helps forming circles."
    department = " ".join((form.department or "").split())
    if len(department) > MAX_DEPARTMENT:
        errors["department"] = f"Keep the department under {MAX_DEPARTMENT} characters."
    if errors:
        raise InvalidInput("Some answers need a change.", errors, code="bad_circle_join")
    return topics, department


def join_circles(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    program_id: int,
    form: CircleJoinInput,
    *,
    name: str | None = None,
    timezone: str | None = None,
) -> Joined:
    """Join a circles program (or update one's topics): checked, saved in one transaction.

    Raises:
        InvalidInput: field errors (topics, department).
        NotAllowed: the audience rule, or the program is not open for joining.
    """
    context = join_context(deps, team_id, slack_user_id, program_id)
    if context.refusal is not None:
        raise NotAllowed(context.refusal, code="circle_audience")
    topics, department = _check(form)
    role = "member"
    now = deps.clock()
    with deps.uow() as uow:
        program = uow.programs.settings(team_id, now, program_id=program_id)
        person = uow.people.by_slack_id(team_id, slack_user_id, program_id=program.id)
        first = person is None or person.role is None or person.status == "opted_out"
        if person is None:
            person = new_membership(
                uow, team_id, slack_user_id, program.id, now, name=name, timezone=timezone
            )
        person.role = role
        person.wants = list(topics)
        person.offers = []
        person.department = department or None
        if name:
            person.name = name[:200]
        if timezone and valid_timezone(timezone):
            person.timezone = timezone
        if person.status in ("inactive", "opted_out"):
            person.status = "active"
        if first:
            person.joined_at = now
        person.updated_at = now
        uow.flush()
        person_id = int(person.id)
    logger.info("circles joined team=%s program=%s person=%s first=%s", team_id, program_id, person_id, first)
    return Joined(context.program, person_id, tuple(topics), first)
