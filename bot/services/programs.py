"""Programs: what each is, its channels, and which program a request is about.

A workspace runs several programs (see storage.records.ProgramRecord). The workspace's first
program (lowest id) uses the operator's MENTORBOT_ADMIN_CHANNEL and MENTORBOT_PROGRAM_CHANNEL when
its own channels are unset, so an install from before programs keeps working; no other program
ever falls back to them, so nothing of one program reaches another program's channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from storage.records import MentorshipRecord, ProgramRecord
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
