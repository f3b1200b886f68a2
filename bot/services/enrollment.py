"""Joining the program: profiles, invitations, deactivation and bulk import."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import update

from bot.deps import Deps
from bot.domain.custom_questions import parse_answer
from bot.domain.errors import NotAllowed
from bot.domain.profiles import Profile, ProfileErrors, ProfileInput, validate_profile
from bot.domain.zones import valid_timezone
from bot.services import criteria
from bot.services.avoid import MAX_AVOIDED
from bot.services.criteria import QuestionView
from storage.records import MentorshipRecord, PersonRecord, QuestionRecord
from storage.scope import current_program
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CSV_COLUMNS = (
    "slack_user_id",
    "name",
    "email",
    "role",
    "offers",
    "wants",
    "department",
    "manager_slack_id",
    "timezone",
    "capacity",
    "cadence",
)
REQUIRED_COLUMNS = ("slack_user_id", "role")
MAX_IMPORT_ROWS = 50_000


def get_person(deps: Deps, team_id: str, slack_user_id: str) -> PersonRecord | None:
    """Return a person's record (enrolled or merely invited), if any."""
    with deps.uow(read_only=True) as uow:
        return uow.people.by_slack_id(team_id, slack_user_id)


@dataclass(frozen=True)
class ProfileContext:
    """What the profile modal shows around the form: the program and the shared part."""

    program_name: str
    several: bool  # the person is (or is joining as) a member of more than one program
    department: str | None
    public_shoutouts: bool
    timezone: str | None
    # The program's open custom questions and the person's answers (key -> option ids), and the
    # people they privately asked never to be paired with (theirs alone to see).
    questions: tuple[QuestionView, ...] = ()
    answers: dict[str, list[str]] = field(default_factory=dict)
    avoided: tuple[str, ...] = ()


def profile_context(deps: Deps, team_id: str, slack_user_id: str) -> ProfileContext:
    """The program the profile acts in (the request's, else the first) and the person's shared part."""
    with deps.uow(read_only=True) as uow:
        program = uow.programs.read_settings(team_id, deps.clock())
        identity = uow.people.identity(team_id, slack_user_id)
        memberships = uow.people.memberships(team_id, slack_user_id)
        others = [m for m in memberships if m.program_id != program.id]
        mine = next((m for m in memberships if m.program_id == program.id), None)
        questions = tuple(criteria.to_view(q) for q in criteria.open_questions(uow, team_id, program.id))
        return ProfileContext(
            program_name=program.name,
            several=bool(others) or len(uow.programs.programs(team_id)) > 1,
            department=identity.department if identity is not None else None,
            public_shoutouts=bool(identity.public_shoutouts) if identity is not None else False,
            timezone=identity.timezone if identity is not None and others else None,
            questions=questions,
            answers=criteria.answers_of(uow, team_id, mine.id) if mine is not None else {},
            avoided=tuple(str(u) for u in identity.do_not_match or ()) if identity is not None else (),
        )


def default_cadence(deps: Deps, team_id: str) -> str:
    """Return the program's default cadence."""
    with deps.uow(read_only=True) as uow:
        return uow.programs.read_settings(team_id, deps.clock()).default_cadence


def check_profile(deps: Deps, team_id: str, data: ProfileInput) -> Profile | ProfileErrors:
    """Validate profile input against the program's defaults (no changes made)."""
    return validate_profile(data, default_cadence(deps, team_id))


def save_profile(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    profile: Profile,
    *,
    name: str | None = None,
    timezone: str | None = None,
    answers: Mapping[str, Sequence[str]] | None = None,
    avoid: Sequence[str] | None = None,
) -> tuple[PersonRecord, bool]:
    """Create or update a profile; return the record and whether this was the first join.

    `answers`: the program's custom questions (key -> option ids; unknown keys and options are
    ignored); `avoid`: the whole private "don't pair me with" list (Slack user ids), when given.
    """
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        program = uow.programs.settings(team_id, now)  # the request's (NotFound when gone), else the first
        person = uow.people.by_slack_id(team_id, slack_user_id, program_id=program.id)
        first = person is None or person.role is None
        if first and program.status != "open":
            raise NotAllowed(
                f"{program.name} isn't open for joining right now. Type `/mentor join` to see the "
                "programs you can join.",
                code="program_not_open",
            )
        if person is None:
            person = new_membership(
                uow, team_id, slack_user_id, program.id, now, name=name, timezone=timezone
            )
        _apply_profile(person, profile)
        if name:
            person.name = name
        if timezone and valid_timezone(timezone):
            person.timezone = timezone
        if person.status in ("inactive", "opted_out"):
            person.status = "active"
        if first:
            person.joined_at = now
        person.updated_at = now
        if avoid is not None:
            person.do_not_match = [
                u for u in dict.fromkeys(avoid) if SLACK_ID.match(u) and u != slack_user_id
            ][:MAX_AVOIDED]
        uow.flush()
        if answers is not None:
            questions = criteria.open_questions(uow, team_id, program.id)
            criteria.save_answers(uow, team_id, person.id, questions, answers, now)
        return person, first


def new_membership(
    uow: UnitOfWork,
    team_id: str,
    slack_user_id: str,
    program_id: int,
    now: datetime,
    *,
    name: str | None = None,
    timezone: str | None = None,
) -> PersonRecord:
    """Add the person's membership of a program: a known person keeps their one identity, someone
    new gets one (with their Slack name and zone)."""
    identity = uow.people.identity(team_id, slack_user_id)
    shared: dict[str, object] = (
        {"identity": identity}
        if identity is not None
        else {"name": name or "", "timezone": timezone or "UTC"}
    )
    return uow.people.add(
        PersonRecord(
            team_id=team_id,
            program_id=program_id,
            slack_user_id=slack_user_id,
            created_at=now,
            updated_at=now,
            status="active",
            **shared,
        )
    )


def _apply_profile(person: PersonRecord, profile: Profile) -> None:
    person.role = profile.role
    person.offers = list(profile.offers)
    person.wants = list(profile.wants)
    person.reasons = list(profile.reasons)
    person.department = profile.department
    person.capacity = profile.capacity
    person.cadence = profile.cadence
    person.formats = list(profile.formats)
    person.intro = profile.intro
    person.public_shoutouts = profile.public_shoutouts


def refresh_identity(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    *,
    name: str | None,
    timezone: str | None,
    email: str | None = None,
) -> None:
    """Update name, time zone and email from the person's Slack profile."""
    with deps.uow() as uow:
        person = uow.people.identity(team_id, slack_user_id)  # shared by all their programs
        if person is None:
            return
        if name:
            person.name = name[:200]
        if timezone and valid_timezone(timezone):
            person.timezone = timezone
        if email and EMAIL.match(email) and not person.email:
            person.email = email[:320]


def should_invite(deps: Deps, team_id: str, slack_user_id: str, program_id: int | None = None) -> bool:
    """Record an invitation for someone who joined a program's channel; False if not needed.

    Exactly one invitation per person and program: whoever already joined or was invited is not
    asked again. Someone known from another program keeps their one identity.
    """
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        program = uow.programs.settings(team_id, now, program_id)
        if program.status != "open":
            return False
        person = uow.people.by_slack_id(team_id, slack_user_id, program_id=program.id)
        if person is None:
            identity = uow.people.identity(team_id, slack_user_id)
            uow.people.add(
                PersonRecord(
                    team_id=team_id,
                    program_id=program.id,
                    slack_user_id=slack_user_id,
                    role=None,
                    status="active",
                    invited_at=now,
                    created_at=now,
                    updated_at=now,
                    **({"identity": identity} if identity is not None else {}),
                )
            )
            return True
        if person.role is not None or person.invited_at is not None:
            return False
        person.invited_at = now
        return True


def mark_inactive(deps: Deps, team_id: str, slack_user_id: str) -> bool:
    """Mark a deactivated Slack user inactive and pause their mentorships; True if changed."""
    now = deps.clock()
    with deps.uow() as uow:
        # Gone from Slack is gone from every program they belong to.
        people = [p for p in uow.people.memberships(team_id, slack_user_id) if p.status != "inactive"]
        if not people:
            return False
        ids = [p.id for p in people]
        for person in people:
            person.status = "inactive"
            person.updated_at = now
        uow.session.execute(
            update(MentorshipRecord)
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status == "active",
                MentorshipRecord.mentor_id.in_(ids) | MentorshipRecord.mentee_id.in_(ids),
            )
            .values(status="paused")
        )
        logger.info("person marked inactive team=%s memberships=%s", team_id, ids)
        return True


def reactivate(deps: Deps, team_id: str, slack_user_id: str) -> bool:
    """Mark a reactivated Slack user active again (mentorships stay paused until resumed)."""
    with deps.uow() as uow:
        people = [p for p in uow.people.memberships(team_id, slack_user_id) if p.status == "inactive"]
        for person in people:
            person.status = "active"
            person.updated_at = deps.clock()
        return bool(people)


@dataclass
class ImportReport:
    """What a bulk import did: added, updated, and rejected rows with reasons."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, user, reason)
    fatal: str | None = None

    def summary(self) -> str:
        """Return a readable summary for the command line."""
        if self.fatal:
            return f"Import failed: {self.fatal}"
        lines = [f"Added {len(self.added)}, updated {len(self.updated)}, rejected {len(self.rejected)}."]
        lines += [f"  line {line} ({user or '?'}): {reason}" for line, user, reason in self.rejected]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Row:
    line: int
    slack_user_id: str
    name: str
    email: str | None
    manager: str | None
    timezone: str
    profile: Profile
    answers: dict[str, list[str]] = field(default_factory=dict)


def _parse_answers(
    raw: Mapping[str, str | None], questions: Mapping[str, QuestionRecord]
) -> tuple[dict[str, list[str]], str | None]:
    """The row's `q:<key>` cells as option ids (an empty cell leaves that answer as it is)."""
    answers: dict[str, list[str]] = {}
    for column, question in questions.items():
        cell = (raw.get(column) or "").strip()
        if not cell:
            continue
        values, problem = parse_answer(cell, list(question.options or []), question.kind)
        if problem is not None:
            return {}, f"{column}: {problem}"
        answers[question.key] = values
    return answers, None


def _parse_row(line: int, raw: dict[str, str], default_cadence: str) -> _Row | tuple[int, str, str]:
    get = {k: (v or "").strip() for k, v in raw.items()}
    user = get.get("slack_user_id", "")
    if not SLACK_ID.match(user):
        return line, user, "slack_user_id must be a Slack user id like U0123ABCD"
    email = get.get("email") or None
    if email and not EMAIL.match(email):
        return line, user, f"email {email!r} is not an email address"
    manager = get.get("manager_slack_id") or None
    if manager and not SLACK_ID.match(manager):
        return line, user, "manager_slack_id must be a Slack user id"
    if manager == user:
        return line, user, "a person cannot be their own manager"
    tz = get.get("timezone") or "UTC"
    if not valid_timezone(tz):
        return line, user, f"timezone {tz!r} is not an IANA time zone like Europe/Berlin"
    cadence = get.get("cadence") or default_cadence
    cadence = {"every two weeks": "biweekly", "fortnightly": "biweekly", "bi-weekly": "biweekly"}.get(
        cadence.lower(), cadence.lower()
    )
    data = ProfileInput(
        role=get.get("role", "").lower(),
        offers_text=get.get("offers", "").replace(";", ","),
        wants_text=get.get("wants", "").replace(";", ","),
        department=get.get("department", ""),
        capacity=get.get("capacity") or None,
        cadence=cadence,
        formats=("video",),
    )
    result = validate_profile(data, default_cadence)
    if isinstance(result, ProfileErrors):
        return line, user, "; ".join(f"{name}: {msg}" for name, msg in result.fields.items())
    name = get.get("name", "")[:200]
    return _Row(line, user, name, email, manager, tz, result)


def import_people(deps: Deps, team_id: str, text: str, program_id: int | None = None) -> ImportReport:
    """Enroll or update people from CSV text in one program (given, the request's, else the first);
    rejected rows change nothing."""
    program = program_id if program_id is not None else current_program()
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        report.fatal = "the file is empty; a header row is required: " + ", ".join(CSV_COLUMNS)
        return report
    headers = [h.strip() for h in reader.fieldnames]
    with deps.uow(read_only=True) as uow:
        settings = uow.programs.read_settings(team_id, deps.clock(), program)
        cadence = settings.default_cadence
        questions = {f"q:{q.key}": q for q in criteria.open_questions(uow, team_id, settings.id)}
    unknown = [h for h in headers if h not in CSV_COLUMNS and h not in questions]
    if unknown:
        allowed = [*CSV_COLUMNS, *questions]
        report.fatal = f"unknown column(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}"
        return report
    missing = [h for h in REQUIRED_COLUMNS if h not in headers]
    if missing:
        report.fatal = f"missing required column(s): {', '.join(missing)}"
        return report
    reader.fieldnames = headers
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader, start=2):
        if index - 1 > MAX_IMPORT_ROWS:
            report.fatal = f"more than {MAX_IMPORT_ROWS} rows; split the file"
            return report
        if None in raw:
            report.rejected.append((index, raw.get("slack_user_id") or "", "more values than columns"))
            continue
        parsed = _parse_row(index, raw, cadence)
        if isinstance(parsed, tuple):
            report.rejected.append(parsed)
            continue
        answers, problem = _parse_answers(raw, questions)
        if problem is not None:
            report.rejected.append((index, parsed.slack_user_id, problem))
            continue
        parsed = replace(parsed, answers=answers)
        if parsed.slack_user_id in seen:
            report.rejected.append(
                (index, parsed.slack_user_id, f"duplicate of line {seen[parsed.slack_user_id]}")
            )
            continue
        seen[parsed.slack_user_id] = index
        rows.append(parsed)
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        existing = {
            p.slack_user_id: p
            for p in uow.people.by_slack_ids(team_id, [r.slack_user_id for r in rows], program)
        }
        for row in rows:
            person = existing.get(row.slack_user_id)
            if person is None:
                person = uow.people.add(
                    PersonRecord(
                        team_id=team_id,
                        slack_user_id=row.slack_user_id,
                        **({"program_id": program} if program is not None else {}),
                        created_at=now,
                        updated_at=now,
                        status="active",
                        joined_at=now,
                    )
                )
                report.added.append(row.slack_user_id)
            else:
                report.updated.append(row.slack_user_id)
                if person.joined_at is None:
                    person.joined_at = now
            formats = list(person.formats or [])
            intro, shoutouts, reasons = (
                person.intro or "",
                person.public_shoutouts,
                list(person.reasons or []),
            )
            _apply_profile(person, row.profile)
            person.formats = formats or ["video"]
            person.intro, person.public_shoutouts, person.reasons = intro, shoutouts, reasons
            person.name = row.name or person.name
            person.email = row.email or person.email
            person.manager_slack_id = row.manager
            person.timezone = row.timezone
            person.updated_at = now
            if row.answers:
                uow.flush()
                criteria.save_answers(uow, team_id, person.id, list(questions.values()), row.answers, now)
    logger.info(
        "import team=%s added=%d updated=%d rejected=%d",
        team_id,
        len(report.added),
        len(report.updated),
        len(report.rejected),
    )
    return report
