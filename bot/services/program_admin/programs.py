"""Programs as admins manage them (create, edit, archive; audited) and the workspace overview.

Creating and archiving a program is for workspace owners and admins (the edge checks who); a
program's own admins may edit it. Archiving keeps every row: the program stops taking members
and its pairs get no more scheduled messages. The last program that is not archived stays.

The overview is for workspace owners and admins: counts per program, how many people are in
several programs and the mentors carrying the most mentees across programs against the
workspace-wide cap. Counts and names only; never anything people wrote.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import select

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotFound
from bot.services.admins import write_audit
from bot.services.circle_settings import CircleSettings, CircleSettingsInput, check_circle_settings
from bot.services.once import FormKey, use_once
from bot.services.programs import FORMATS, KEY, STATUSES, ProgramView, view_of, views
from storage.defaults import default_program_values
from storage.records import CircleRecord, IdentityRecord, MentorshipRecord, PersonRecord, ProgramRecord
from storage.repositories.admin import AdminRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

CAP_MAX: Final = 50
TOP_LOADS: Final = 10


@dataclass(frozen=True)
class ProgramForm:
    """What the program form asks: every value as the person gave it (checked by `save_program`)."""

    name: str
    key: str
    format: str = "mentorship"
    admin_channel: str | None = None
    program_channel: str | None = None
    status: str = "open"
    # A circles program's settings (bot.services.circle_settings); None keeps them as they are.
    circles: CircleSettingsInput | None = None


def _format_change(uow: UnitOfWork, record: ProgramRecord, new_format: str) -> str | None:
    """Why the program can't change to this format now (None: it can): a program with live
    circles stays circles, one with members or mentorships stays mentorship."""
    if new_format == record.format:
        return None
    if record.format == "circles":
        live = uow.session.scalars(
            select(CircleRecord.id).where(
                CircleRecord.program_id == record.id, CircleRecord.status == "active"
            )
        ).first()
        if live is not None:
            return (
                "This program has circles running; it stays a circles program. Create a new program instead."
            )
        return None
    pairs = uow.session.scalars(
        select(MentorshipRecord.id).where(MentorshipRecord.program_id == record.id).limit(1)
    ).first()
    members = uow.session.scalars(
        select(PersonRecord.id)
        .where(PersonRecord.program_id == record.id, PersonRecord.role.is_not(None))
        .limit(1)
    ).first()
    if pairs is not None or members is not None:
        return (
            "People already joined this program as mentors and mentees; it stays a mentorship "
            "program. Create a new program for circles."
        )
    return None


def _circle_settings(form: ProgramForm, errors: dict[str, str]) -> CircleSettings | None:
    """The circle settings of a circles program's form (their errors added to `errors`)."""
    if form.format != "circles" or form.circles is None:
        return None
    settings, problems = check_circle_settings(form.circles)
    errors.update(problems)
    return settings


def _errors(
    deps: Deps, uow: UnitOfWork, team_id: str, form: ProgramForm, program_id: int | None
) -> dict[str, str]:
    """Field errors of the form (empty when it can be saved)."""
    errors: dict[str, str] = {}
    name = form.name.strip()
    if not name:
        errors["name"] = "Give the program a name."
    elif len(name) > 100:
        errors["name"] = "Keep the name to 100 characters."
    key = form.key.strip().lower()
    if not KEY.match(key):
        errors["key"] = "Use 3–40 lower-case letters, digits and hyphens, like eng-mentoring."
    else:
        same = uow.programs.by_key(team_id, key)
        if same is not None and same.id != program_id:
            errors["key"] = f"Another program already uses the key {key}. Choose another."
    if form.format not in FORMATS:
        errors["format"] = "Choose Mentorship or Peer circles."
    if form.status not in STATUSES:
        errors["status"] = "Choose open, running or archived."
    others = [p for p in views(deps, uow, team_id, include_archived=True) if p.id != program_id]
    for name_, channel in (("admin_channel", form.admin_channel), ("program_channel", form.program_channel)):
        if not channel:
            continue
        taken = [p for p in others if channel in (p.admin_channel, p.program_channel)]
        if taken:
            errors[name_] = "That channel already belongs to another program. Choose another one."
    if form.admin_channel and form.admin_channel == form.program_channel:
        errors["program_channel"] = (
            "The program channel must differ from the admin channel: everyone in the admin channel "
            "is an admin."
        )
    return errors


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise InvalidInput("Some answers need a change.", errors, code="bad_program_form")


def _others_live(uow: UnitOfWork, team_id: str, program_id: int) -> int:
    return sum(1 for p in uow.programs.programs(team_id) if p.id != program_id)


def create_program(
    deps: Deps, team_id: str, actor: str, form: ProgramForm, once: FormKey | None = None
) -> ProgramView:
    """Create a program with today's default settings; audited.

    Raises:
        InvalidInput: with field errors (bad or duplicate key, a channel another program uses, …).
        AlreadyDone: this form was sent already.
    """
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        uow.programs.settings(team_id, now)  # the first program exists before any other
        errors = _errors(deps, uow, team_id, form, None)
        circles = _circle_settings(form, errors)
        _refuse(errors)
        if form.status == "archived":
            _refuse({"status": "A new program can't start archived."})
        use_once(uow, once, now)
        extra = circles.columns() if circles is not None else {}
        record = ProgramRecord(
            **default_program_values(
                team_id,
                now,
                key=form.key.strip().lower(),
                name=form.name.strip(),
                format=form.format,
                status=form.status,
                admin_channel=form.admin_channel or None,
                program_channel=form.program_channel or None,
                updated_by=actor,
                **extra,
            )
        )
        uow.session.add(record)
        uow.session.flush()
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin program created",
            now,
            f"program:{record.id}",
            program_id=record.id,
        )
        found = view_of(deps, uow, team_id, record.id)
    assert found is not None  # noqa: S101 - just created
    logger.info("program created team=%s program=%s actor=%s", team_id, found.id, actor)
    return found


def edit_program(
    deps: Deps, team_id: str, actor: str, program_id: int, form: ProgramForm, once: FormKey | None = None
) -> tuple[ProgramView, list[str]]:
    """Save a program's name, key, format, channels and status; audited. Returns what changed.

    Raises:
        NotFound: the program is not this workspace's.
        InvalidInput: field errors; archiving the last program that is not archived.
        AlreadyDone: this form was sent already.
    """
    now = deps.clock()
    with deps.uow() as uow:
        record = uow.programs.program(team_id, program_id)
        if record is None:
            raise NotFound("That program no longer exists.", code="no_program")
        errors = _errors(deps, uow, team_id, form, program_id)
        circles = _circle_settings(form, errors)
        switch = _format_change(uow, record, form.format) if form.format in FORMATS else None
        if switch:
            errors["format"] = switch
        _refuse(errors)
        if (
            form.status == "archived"
            and record.status != "archived"
            and not _others_live(uow, team_id, program_id)
        ):
            _refuse({"status": LAST_PROGRAM})
        use_once(uow, once, now)
        new = {
            "name": form.name.strip(),
            "key": form.key.strip().lower(),
            "format": form.format,
            "status": form.status,
            "admin_channel": form.admin_channel or None,
            "program_channel": form.program_channel or None,
            **(circles.columns() if circles is not None else {}),
        }
        changed = [k for k, v in new.items() if getattr(record, k) != v]
        for k, v in new.items():
            setattr(record, k, v)
        record.updated_by = actor
        record.updated_at = now
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin program edited",
            now,
            f"program:{program_id} fields=" + (",".join(changed) or "none"),
            program_id=program_id,
        )
        found = view_of(deps, uow, team_id, program_id)
    assert found is not None  # noqa: S101 - just saved
    return found, changed


LAST_PROGRAM: Final = (
    "This is the only program that isn't archived. Create another program before archiving this one."
)


def archive_program(deps: Deps, team_id: str, actor: str, program_id: int) -> ProgramView:
    """Archive a program (every row kept; no joining, no scheduled messages); audited.

    Raises:
        NotFound: the program is not this workspace's.
        InvalidInput: it is the last program that is not archived, or archived already.
    """
    now = deps.clock()
    with deps.uow() as uow:
        record = uow.programs.program(team_id, program_id)
        if record is None:
            raise NotFound("That program no longer exists.", code="no_program")
        if record.status == "archived":
            raise InvalidInput(f"{record.name} is archived already.", code="already_archived")
        if not _others_live(uow, team_id, program_id):
            raise InvalidInput(LAST_PROGRAM, code="last_program")
        record.status = "archived"
        record.updated_by = actor
        record.updated_at = now
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin program archived",
            now,
            f"program:{program_id}",
            program_id=program_id,
        )
        found = view_of(deps, uow, team_id, program_id)
    assert found is not None  # noqa: S101 - just saved
    logger.info("program archived team=%s program=%s actor=%s", team_id, program_id, actor)
    return found


# -- the workspace overview -----------------------------------------------------------------------
@dataclass(frozen=True)
class ProgramCounts:
    """One program's participation: active members, mentors, mentees and active (or paused) pairs."""

    program: ProgramView
    members: int
    mentors: int
    mentees: int
    pairs: int


@dataclass(frozen=True)
class MentorLoad:
    """A mentor's mentees across programs (active or paused pairs)."""

    slack_user_id: str
    name: str
    total: int
    by_program: list[tuple[str, int]] = field(default_factory=list)  # (program name, mentees)


@dataclass(frozen=True)
class Overview:
    """The workspace overview (counts only)."""

    programs: list[ProgramCounts]
    people_in_several: int
    loads: list[MentorLoad]
    cap: int | None
    over_cap: int


def workspace_overview(deps: Deps, team_id: str) -> Overview:
    """Participation by program, people in several programs and mentors' load across programs."""
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.settings(team_id, now)
        repo = uow.repo(AdminRepository)
        programs = views(deps, uow, team_id, include_archived=True)
        counts = repo.participation(team_id)
        several = repo.people_in_several_programs(team_id)
        loads = repo.mentor_loads(team_id)
        workspace = uow.programs.workspace(team_id)
        cap = workspace.mentor_cap if workspace is not None else None
        top = sorted(loads.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:TOP_LOADS]
        names = dict(
            uow.session.execute(
                select(IdentityRecord.slack_user_id, IdentityRecord.name).where(
                    IdentityRecord.team_id == team_id,
                    IdentityRecord.slack_user_id.in_([slack_id for slack_id, _ in top]),
                )
            ).all()
        )
    by_id = {p.id: p for p in programs}
    rows = [
        ProgramCounts(
            p,
            counts.get(p.id, {}).get("members", 0),
            counts.get(p.id, {}).get("mentors", 0),
            counts.get(p.id, {}).get("mentees", 0),
            counts.get(p.id, {}).get("pairs", 0),
        )
        for p in programs
    ]
    shown = [
        MentorLoad(
            slack_id,
            str(names.get(slack_id) or slack_id),
            sum(per.values()),
            [(by_id[pid].name if pid in by_id else str(pid), n) for pid, n in sorted(per.items())],
        )
        for slack_id, per in top
    ]
    over = sum(1 for per in loads.values() if cap is not None and sum(per.values()) > cap)
    return Overview(rows, several, shown, cap, over)


def parse_cap(text: str) -> int | None:
    """The cap an admin typed: a whole number 1–50, or "off"/"none" for no cap (InvalidInput otherwise)."""
    value = text.strip().lower()
    if value in ("off", "none", "no"):
        return None
    if value.isdigit() and 1 <= int(value) <= CAP_MAX:
        return int(value)
    raise InvalidInput(
        f"Give the cap as a whole number from 1 to {CAP_MAX}, or `off`: `/mentor admin cap 3`.",
        code="bad_cap",
    )


def set_mentor_cap(deps: Deps, team_id: str, actor: str, cap: int | None) -> int | None:
    """Set the workspace-wide cap on one mentor's mentees across programs (None: no cap); audited."""
    now = deps.clock()
    with deps.uow() as uow:
        workspace = uow.programs.ensure_workspace(team_id, now)
        before = workspace.mentor_cap
        workspace.mentor_cap = cap
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin mentor cap",
            now,
            f"cap={before if before is not None else 'off'}->{cap if cap is not None else 'off'}",
        )
    return cap
