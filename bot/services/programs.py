"""Programs: what each is, its channels, and which program a request is about.

A workspace runs several programs (see storage.records.ProgramRecord). The workspace's first
program (lowest id) uses the operator's MENTORBOT_ADMIN_CHANNEL and MENTORBOT_PROGRAM_CHANNEL when
its own channels are unset, so an install from before programs keeps working; no other program
ever falls back to them, so nothing of one program reaches another program's channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from storage.records import MentorshipRecord, PersonRecord, ProgramRecord
from storage.uow import UnitOfWork

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
FORMATS = ("mentorship",)  # "circles" comes next
STATUSES = ("open", "running", "archived")


@dataclass(frozen=True)
class ProgramView:
    """A program as the edge shows and routes it (no ORM state)."""

    id: int
    key: str
    name: str
    format: str
    status: str
    admin_channel: str | None
    program_channel: str | None
    first: bool

    @property
    def open_for_joining(self) -> bool:
        """Whether people may join it now."""
        return self.status == "open"


def _view(program: ProgramRecord, first_id: int | None, deps: Deps) -> ProgramView:
    first = program.id == first_id
    admin = program.admin_channel or (deps.settings.mentorbot_admin_channel if first else None)
    channel = program.program_channel or (deps.settings.mentorbot_program_channel if first else None)
    return ProgramView(
        id=program.id,
        key=program.key,
        name=program.name,
        format=program.format,
        status=program.status,
        admin_channel=admin,
        program_channel=channel,
        first=first,
    )


def views(deps: Deps, uow: UnitOfWork, team_id: str, *, include_archived: bool = False) -> list[ProgramView]:
    """The workspace's programs as views, first created first."""
    first = uow.programs.first_id(team_id)
    return [_view(p, first, deps) for p in uow.programs.programs(team_id, include_archived=include_archived)]


def view_of(deps: Deps, uow: UnitOfWork, team_id: str, program_id: int) -> ProgramView | None:
    """One program as a view (archived ones too)."""
    program = uow.programs.program(team_id, program_id)
    return _view(program, uow.programs.first_id(team_id), deps) if program is not None else None


def list_programs(deps: Deps, team_id: str, *, include_archived: bool = False) -> list[ProgramView]:
    """The workspace's programs (read-only unit of work)."""
    with deps.uow(read_only=True) as uow:
        return views(deps, uow, team_id, include_archived=include_archived)


def admin_channel(deps: Deps, uow: UnitOfWork, team_id: str, program_id: int) -> str | None:
    """The program's admin channel (the first program falls back to the operator's)."""
    found = view_of(deps, uow, team_id, program_id)
    return found.admin_channel if found is not None else None


def admin_channel_of(deps: Deps, team_id: str, program_id: int) -> str | None:
    """The program's admin channel, in its own read-only unit of work."""
    with deps.uow(read_only=True) as uow:
        return admin_channel(deps, uow, team_id, program_id)


def by_channel(deps: Deps, uow: UnitOfWork, team_id: str, channel_id: str) -> ProgramView | None:
    """The program whose admin or program channel this is, or whose pair's group DM it is."""
    if not channel_id:
        return None
    for program in views(deps, uow, team_id, include_archived=True):
        if channel_id in (program.admin_channel, program.program_channel):
            return program
    pair_program = uow.session.scalars(
        select(MentorshipRecord.program_id).where(
            MentorshipRecord.team_id == team_id, MentorshipRecord.group_channel_id == channel_id
        )
    ).first()
    if pair_program is not None:
        return view_of(deps, uow, team_id, int(pair_program))
    return None


def by_admin_channel(deps: Deps, uow: UnitOfWork, team_id: str, channel_id: str) -> ProgramView | None:
    """The program whose admin channel this is."""
    for program in views(deps, uow, team_id, include_archived=True):
        if channel_id and channel_id == program.admin_channel:
            return program
    return None


def by_key(deps: Deps, uow: UnitOfWork, team_id: str, key: str) -> ProgramView | None:
    """The program with this key, if any."""
    found = uow.programs.by_key(team_id, key.strip().lower()) if KEY.match(key.strip().lower()) else None
    return _view(found, uow.programs.first_id(team_id), deps) if found is not None else None


def check_key(key: str) -> str:
    """Return the key normalised, or raise InvalidInput saying what a key looks like."""
    value = key.strip().lower()
    if not KEY.match(value):
        raise InvalidInput(
            "A program key is 3–40 lower-case letters, digits and hyphens, like `eng-mentoring`.",
            {"key": "Use 3–40 lower-case letters, digits and hyphens, like eng-mentoring."},
            code="bad_program_key",
        )
    return value


def programs_using_channel(
    uow: UnitOfWork, team_id: str, channel_id: str, *, besides: int | None = None
) -> list[str]:
    """Names of the programs (other than `besides`) that already use this channel as theirs."""
    query = select(ProgramRecord).where(
        ProgramRecord.team_id == team_id,
        or_(ProgramRecord.admin_channel == channel_id, ProgramRecord.program_channel == channel_id),
    )
    return [p.name for p in uow.session.scalars(query) if p.id != besides]


# -- which program a member's command acts in --------------------------------------------------

# What a member command needs of its program: "join" (open for joining, or already theirs),
# "profile" (theirs, else as join), "member" (theirs), "pair" (theirs, those with a live pair
# first), "mentee" (theirs where they are a mentee first).
MODES = ("join", "profile", "member", "pair", "mentee")


@dataclass(frozen=True)
class Resolution:
    """The program a member's command acts in, or the programs to choose from."""

    program: ProgramView | None
    choices: tuple[ProgramView, ...] = ()
    key_used: bool = False  # the first word typed after the command was this program's key
    from_channel: bool = False  # the channel it was typed in belongs to this program


def _mine(uow: UnitOfWork, team_id: str, user_id: str) -> dict[int, PersonRecord]:
    return {p.program_id: p for p in uow.people.memberships(team_id, user_id)}


def _live_pair_programs(uow: UnitOfWork, team_id: str, person_ids: list[int]) -> set[int]:
    if not person_ids:
        return set()
    query = select(MentorshipRecord.program_id).where(
        MentorshipRecord.team_id == team_id,
        MentorshipRecord.status.in_(("active", "paused")),
        or_(MentorshipRecord.mentor_id.in_(person_ids), MentorshipRecord.mentee_id.in_(person_ids)),
    )
    return {int(p) for p in uow.session.scalars(query)}


def allowed(view: ProgramView, mode: str, mine: dict[int, PersonRecord]) -> bool:
    """Whether this person may act in this program with a command of this mode."""
    if view.status == "archived":
        return False
    if mode in ("join", "profile"):
        return view.open_for_joining or view.id in mine
    return view.id in mine


def may_use(deps: Deps, team_id: str, user_id: str, program_id: int, mode: str) -> ProgramView | None:
    """The program, when this person may act in it with a command of this mode (a picked value is
    input: verified here), else None."""
    with deps.uow(read_only=True) as uow:
        found = view_of(deps, uow, team_id, program_id)
        if found is None or not allowed(found, mode, _mine(uow, team_id, user_id)):
            return None
        return found


def resolve(
    deps: Deps, team_id: str, user_id: str, channel_id: str, mode: str, key: str | None = None
) -> Resolution:
    """Work out the program of a member's command: a key typed with it, the channel (a program's
    channel or a pair's group DM), else the person's only fitting program; several → choices.

    No program at all (a workspace from before its first program) resolves to None: the command
    then acts in the workspace's first program as before.
    """
    with deps.uow(read_only=True) as uow:
        programs = views(deps, uow, team_id)
        if not programs:
            return Resolution(None)
        mine = _mine(uow, team_id, user_id)
        if key:
            typed = by_key(deps, uow, team_id, key)
            if typed is not None and allowed(typed, mode, mine):
                return Resolution(typed, key_used=True)
        here = by_channel(deps, uow, team_id, channel_id)
        if here is not None and allowed(here, mode, mine):
            return Resolution(here, from_channel=True)
        fitting = [p for p in programs if allowed(p, mode, mine)]
        if mode in ("pair", "mentee") and len(fitting) > 1:
            if mode == "pair":
                live = _live_pair_programs(uow, team_id, [m.id for m in mine.values()])
                narrowed = [p for p in fitting if p.id in live]
            else:
                narrowed = [p for p in fitting if mine[p.id].role in ("mentee", "both")]
            fitting = narrowed or fitting
        if mode == "profile" and len(fitting) > 1:
            fitting = [p for p in fitting if p.id in mine] or fitting
        if len(fitting) == 1:
            return Resolution(fitting[0])
        if not fitting:
            return Resolution(None)
        return Resolution(None, tuple(fitting))


def programs_of(deps: Deps, team_id: str, user_id: str) -> list[ProgramView]:
    """The programs (not archived) this person has a membership in, first created first."""
    with deps.uow(read_only=True) as uow:
        mine = _mine(uow, team_id, user_id)
        return [p for p in views(deps, uow, team_id) if p.id in mine]


def mentor_load(uow: UnitOfWork, team_id: str) -> dict[int, int]:
    """Open mentees per mentor identity across all programs (active and paused mentorships)."""
    query = (
        select(PersonRecord.identity_id, func.count())
        .join(MentorshipRecord, MentorshipRecord.mentor_id == PersonRecord.id)
        .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status.in_(("active", "paused")))
        .group_by(PersonRecord.identity_id)
    )
    return {int(identity): int(count) for identity, count in uow.session.execute(query)}


def identity_load(uow: UnitOfWork, team_id: str, identity_id: int) -> tuple[int, int]:
    """One mentor's open mentees across all programs, and in how many programs they mentor them."""
    query = (
        select(MentorshipRecord.program_id, func.count())
        .join(PersonRecord, MentorshipRecord.mentor_id == PersonRecord.id)
        .where(
            MentorshipRecord.team_id == team_id,
            MentorshipRecord.status.in_(("active", "paused")),
            PersonRecord.identity_id == identity_id,
        )
        .group_by(MentorshipRecord.program_id)
    )
    counts = [int(count) for _, count in uow.session.execute(query)]
    return sum(counts), len(counts)


def workspace_cap(uow: UnitOfWork, team_id: str) -> int | None:
    """The workspace-wide cap on one mentor's open mentees across programs (None: no cap)."""
    workspace = uow.programs.workspace(team_id)
    return workspace.mentor_cap if workspace is not None and workspace.mentor_cap else None


def at_cap(uow: UnitOfWork, team_id: str, identity_id: int) -> bool:
    """Whether this mentor already has as many open mentees, across programs, as the cap allows."""
    cap = workspace_cap(uow, team_id)
    return cap is not None and identity_load(uow, team_id, identity_id)[0] >= cap
