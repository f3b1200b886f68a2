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
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from storage.defaults import default_program_values
from storage.records import AuditRecord, CircleRecord, MentorshipRecord, PersonRecord, ProgramRecord
from storage.repositories.pairing import PairingRepository
from storage.scope import current_program
from storage.uow import UnitOfWork

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
FORMATS = ("mentorship", "circles")
STATUSES = ("open", "running", "archived")
CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
MAX_NAME = 100


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


def format_of(deps: Deps, team_id: str, program_id: int | None = None) -> str:
    """The format of a program (given, else the request's, else the first): mentorship | circles."""
    with deps.uow(read_only=True) as uow:
        return str(uow.programs.read_settings(team_id, deps.clock(), program_id=program_id).format)


def admin_channel(deps: Deps, uow: UnitOfWork, team_id: str, program_id: int) -> str | None:
    """The program's admin channel (the first program falls back to the operator's)."""
    found = view_of(deps, uow, team_id, program_id)
    return found.admin_channel if found is not None else None


def admin_channel_for(deps: Deps, uow: UnitOfWork, team_id: str, program_id: int | None = None) -> str | None:
    """The admin channel of a program: the given one, else the request's, else the first program
    (a workspace with no program yet: the operator's MENTORBOT_ADMIN_CHANNEL, which its first
    program will use)."""
    program = program_id if program_id is not None else current_program()
    if program is None:
        program = uow.programs.first_id(team_id)
    if program is None:
        return deps.settings.mentorbot_admin_channel
    return admin_channel(deps, uow, team_id, program)


def admin_channel_of(deps: Deps, team_id: str, program_id: int) -> str | None:
    """The program's admin channel, in its own read-only unit of work."""
    with deps.uow(read_only=True) as uow:
        return admin_channel(deps, uow, team_id, program_id)


def by_channel(deps: Deps, uow: UnitOfWork, team_id: str, channel_id: str) -> ProgramView | None:
    """The program whose admin or program channel this is, or whose pair's or circle's group DM it is."""
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
    circle_program = uow.session.scalars(
        select(CircleRecord.program_id).where(
            CircleRecord.team_id == team_id, CircleRecord.group_channel_id == channel_id
        )
    ).first()
    if circle_program is not None:
        return view_of(deps, uow, team_id, int(circle_program))
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


@dataclass(frozen=True)
class ProgramSummary:
    """A program with how many people are in it and how many pairs are active (for listings)."""

    program: ProgramView
    members: int
    active_pairs: int


def _check_channel(value: str | None, field: str, label: str) -> str | None:
    """Return a channel id normalised (None when not given), or raise InvalidInput."""
    channel = (value or "").strip().upper() or None
    if channel is not None and not CHANNEL.match(channel):
        raise InvalidInput(
            f"The {label} must be a Slack channel id such as C0123ABCD (not a name like #general).",
            {field: "Use a channel id such as C0123ABCD."},
            code="bad_channel",
        )
    return channel


def _check_new_program(
    deps: Deps,
    uow: UnitOfWork,
    team_id: str,
    name: str,
    key: str,
    format: str,
    admin_channel: str | None,
    program_channel: str | None,
) -> tuple[str, str, str, str | None, str | None]:
    """Validate a new program's fields against the workspace; return them normalised."""
    clean_name = " ".join((name or "").split())
    if not clean_name or len(clean_name) > MAX_NAME:
        raise InvalidInput(
            f"A program needs a name of 1–{MAX_NAME} characters.",
            {"name": f"Use 1–{MAX_NAME} characters."},
            code="bad_program_name",
        )
    clean_key = check_key(key)
    clean_format = (format or "").strip().lower()
    if clean_format not in FORMATS:
        raise InvalidInput(
            f"Unknown format {clean_format!r}; available: {', '.join(FORMATS)}.",
            {"format": "Choose one of: " + ", ".join(FORMATS) + "."},
            code="bad_program_format",
        )
    admin = _check_channel(admin_channel, "admin_channel", "admin channel")
    channel = _check_channel(program_channel, "program_channel", "program channel")
    if admin is not None and admin == channel:
        raise InvalidInput(
            "The admin channel and the program channel must be different channels "
            "(everyone in the admin channel administers the program).",
            {"admin_channel": "Use a channel other than the program channel."},
            code="same_channels",
        )
    existing = views(deps, uow, team_id, include_archived=True)
    if any(p.key == clean_key for p in existing):
        raise InvalidInput(
            f"There is already a program with the key {clean_key}; choose another key.",
            {"key": "This key is taken."},
            code="duplicate_program_key",
        )
    for value, field in ((admin, "admin_channel"), (channel, "program_channel")):
        if value is None:
            continue
        users = [p.key for p in existing if value in (p.admin_channel, p.program_channel)]
        if users:
            raise InvalidInput(
                f"Channel {value} already belongs to program {', '.join(users)}; "
                "each program needs its own channels.",
                {field: "This channel belongs to another program."},
                code="channel_in_use",
            )
    return clean_name, clean_key, clean_format, admin, channel


def create_program(
    deps: Deps,
    team_id: str,
    name: str,
    key: str,
    format: str = "mentorship",
    admin_channel: str | None = None,
    program_channel: str | None = None,
    actor: str = "cli",
) -> ProgramView:
    """Create a program (status open, default settings) and audit it; raise InvalidInput, saving
    nothing, when a field is unusable, the key is taken or a channel belongs to another program."""
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        clean_name, clean_key, clean_format, admin, channel = _check_new_program(
            deps, uow, team_id, name, key, format, admin_channel, program_channel
        )
        record = ProgramRecord(
            **default_program_values(
                team_id,
                now,
                key=clean_key,
                name=clean_name,
                format=clean_format,
                admin_channel=admin,
                program_channel=channel,
                updated_by=actor[:32],
            )
        )
        try:
            with uow.session.begin_nested():
                uow.session.add(record)
                uow.session.flush()
        except IntegrityError:  # a concurrent create took the key first
            raise InvalidInput(
                f"There is already a program with the key {clean_key}; choose another key.",
                {"key": "This key is taken."},
                code="duplicate_program_key",
            ) from None
        uow.session.add(
            AuditRecord(
                team_id=team_id,
                program_id=record.id,
                actor=actor[:32],
                action="program.create",
                target=clean_key,
                outcome="ok",
                created_at=now,
            )
        )
        return _view(record, uow.programs.first_id(team_id), deps)


def program_summaries(deps: Deps, team_id: str) -> list[ProgramSummary]:
    """Every program of the workspace (archived too) with its member and active-pair counts."""
    with deps.uow(read_only=True) as uow:
        found = views(deps, uow, team_id, include_archived=True)
        members: dict[int, int] = {
            int(program): int(count)
            for program, count in uow.session.execute(
                select(PersonRecord.program_id, func.count())
                .where(
                    PersonRecord.team_id == team_id,
                    PersonRecord.role.is_not(None),
                    PersonRecord.status != "opted_out",
                )
                .group_by(PersonRecord.program_id)
            )
        }
        pairs: dict[int, int] = {
            int(program): int(count)
            for program, count in uow.session.execute(
                select(MentorshipRecord.program_id, func.count())
                .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status == "active")
                .group_by(MentorshipRecord.program_id)
            )
        }
    return [ProgramSummary(p, int(members.get(p.id, 0)), int(pairs.get(p.id, 0))) for p in found]


# -- which program a member's command acts in --------------------------------------------------

# What a member command needs of its program: "join" (open for joining, or already theirs),
# "profile" (theirs, else as join), "member" (theirs), "pair" (theirs, those with a live pair
# first), "mentee" (theirs where they are a mentee first), "circle" (their circles programs).
MODES = ("join", "profile", "member", "pair", "mentee", "circle")


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
    """Whether this person may act in this program with a command of this mode (pair commands
    act in mentorship programs only, circle commands in circles programs only)."""
    if view.status == "archived":
        return False
    if mode in ("join", "profile"):
        return view.open_for_joining or view.id in mine
    if mode in ("pair", "mentee") and view.format == "circles":
        return False
    if mode == "circle" and view.format != "circles":
        return False
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
    return uow.repo(PairingRepository).open_mentees_by_identity(team_id)


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
    """Whether this mentor already has as many open mentees, across programs, as the cap allows
    (pairs added earlier in the same transaction count: they are flushed)."""
    cap = workspace_cap(uow, team_id)
    return (
        cap is not None and uow.repo(PairingRepository).open_mentees_of_identity(team_id, identity_id) >= cap
    )
