"""Repositories for workspaces, people, program settings and the event inbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.errors import MentorshipError, NotFound
from storage.defaults import default_program_values, ensure_first_program, first_program_id
from storage.records import IdentityRecord, InboxRecord, PersonRecord, ProgramRecord, WorkspaceRecord
from storage.scope import current_program


def insert_ignore(session: Session, record: type[Any], values: dict[str, Any]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL; return the rows inserted (0 or 1)."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(record).values(**values).on_conflict_do_nothing()
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


class ProgramAmbiguous(MentorshipError):
    """The person belongs to several programs and nothing in the request says which one."""

    code = "which_program"

    def __init__(self, program_ids: Sequence[int]) -> None:
        super().__init__("You're in several programs: say which one this is for.")
        self.program_ids = tuple(program_ids)


class PeopleRepository:
    """People in one workspace: memberships (one per program) by Slack user id or row id.

    A lookup by Slack user id acts in the given program, else in the request's program
    (storage.scope), else in the person's only program; with several and none chosen it raises
    `ProgramAmbiguous`, so the edge can ask which.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, person_id: int) -> PersonRecord | None:
        """Return the membership with this row id in this workspace."""
        person = self.session.get(PersonRecord, person_id)
        return person if person is not None and person.team_id == team_id else None

    def memberships(self, team_id: str, slack_user_id: str) -> list[PersonRecord]:
        """Return every membership of this person, in program order."""
        return list(
            self.session.scalars(
                select(PersonRecord)
                .where(PersonRecord.team_id == team_id, PersonRecord.slack_user_id == slack_user_id)
                .order_by(PersonRecord.program_id)
            )
        )

    def identity(self, team_id: str, slack_user_id: str) -> IdentityRecord | None:
        """Return the person's one identity in this workspace, if known."""
        return self.session.scalars(
            select(IdentityRecord).where(
                IdentityRecord.team_id == team_id, IdentityRecord.slack_user_id == slack_user_id
            )
        ).one_or_none()

    def by_slack_id(
        self, team_id: str, slack_user_id: str, program_id: int | None = None
    ) -> PersonRecord | None:
        """Return the person's membership in the program (given, the request's, or their only one)."""
        program = program_id if program_id is not None else current_program()
        if program is not None:
            return self.session.scalars(
                select(PersonRecord).where(
                    PersonRecord.team_id == team_id,
                    PersonRecord.program_id == program,
                    PersonRecord.slack_user_id == slack_user_id,
                )
            ).one_or_none()
        found = self.memberships(team_id, slack_user_id)
        if len(found) > 1:
            raise ProgramAmbiguous([p.program_id for p in found])
        return found[0] if found else None

    def by_slack_ids(
        self, team_id: str, slack_user_ids: Sequence[str], program_id: int | None = None
    ) -> list[PersonRecord]:
        """Return these people's memberships in the program (given or the request's; else all)."""
        if not slack_user_ids:
            return []
        program = program_id if program_id is not None else current_program()
        query = select(PersonRecord).where(
            PersonRecord.team_id == team_id, PersonRecord.slack_user_id.in_(list(slack_user_ids))
        )
        if program is not None:
            query = query.where(PersonRecord.program_id == program)
        return list(self.session.scalars(query))

    def add(self, person: PersonRecord) -> PersonRecord:
        """Add a new membership and flush to assign its id (a known person keeps their identity)."""
        self.session.add(person)
        self.session.flush()
        return person

    def enrolled(self, team_id: str, program_id: int | None = None) -> list[PersonRecord]:
        """Return everyone who completed a profile (any status) in the program, ordered by id.

        Without a program (given or the request's): every membership in the workspace.
        """
        program = program_id if program_id is not None else current_program()
        query = select(PersonRecord).where(PersonRecord.team_id == team_id, PersonRecord.role.is_not(None))
        if program is not None:
            query = query.where(PersonRecord.program_id == program)
        return list(self.session.scalars(query.order_by(PersonRecord.id)))

    def count_by_role(self, team_id: str, program_id: int | None = None) -> dict[str, int]:
        """Return how many enrolled, active people hold each role (in the program, if one is set)."""
        program = program_id if program_id is not None else current_program()
        query = select(PersonRecord.role, func.count()).where(
            PersonRecord.team_id == team_id,
            PersonRecord.role.is_not(None),
            PersonRecord.status == "active",
        )
        if program is not None:
            query = query.where(PersonRecord.program_id == program)
        rows = self.session.execute(query.group_by(PersonRecord.role))
        return {str(role): int(count) for role, count in rows}


class ProgramRepository:
    """Workspaces and their programs (each with its own settings)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def workspace(self, team_id: str) -> WorkspaceRecord | None:
        """Return the workspace row, if the bot knows it."""
        return self.session.get(WorkspaceRecord, team_id)

    def ensure_workspace(self, team_id: str, now: datetime) -> WorkspaceRecord:
        """Return the workspace row, creating it on first sight."""
        workspace = self.session.get(WorkspaceRecord, team_id)
        if workspace is None:
            # Concurrent first requests may race: insert-if-absent, then read.
            insert_ignore(
                self.session, WorkspaceRecord, {"team_id": team_id, "created_at": now, "active": True}
            )
            workspace = self.session.get(WorkspaceRecord, team_id)
            assert workspace is not None  # noqa: S101 - just inserted or inserted by a racer
        return workspace

    def workspaces(self, *, active_only: bool = True) -> list[WorkspaceRecord]:
        """Return all workspaces (active ones by default), ordered by team id."""
        query = select(WorkspaceRecord).order_by(WorkspaceRecord.team_id)
        if active_only:
            query = query.where(WorkspaceRecord.active.is_(True))
        return list(self.session.scalars(query))

    def programs(self, team_id: str, *, include_archived: bool = False) -> list[ProgramRecord]:
        """Return the workspace's programs, first created first."""
        query = select(ProgramRecord).where(ProgramRecord.team_id == team_id)
        if not include_archived:
            query = query.where(ProgramRecord.status != "archived")
        return list(self.session.scalars(query.order_by(ProgramRecord.id)))

    def program(self, team_id: str, program_id: int) -> ProgramRecord | None:
        """Return a program of this workspace by id."""
        program = self.session.get(ProgramRecord, program_id)
        return program if program is not None and program.team_id == team_id else None

    def by_key(self, team_id: str, key: str) -> ProgramRecord | None:
        """Return the workspace's program with this key (keys are lower case)."""
        return self.session.scalars(
            select(ProgramRecord).where(ProgramRecord.team_id == team_id, ProgramRecord.key == key.lower())
        ).one_or_none()

    def first_id(self, team_id: str) -> int | None:
        """The workspace's first program (the one the operator's channels belong to), if any."""
        return first_program_id(self.session, team_id)

    def settings(self, team_id: str, now: datetime, program_id: int | None = None) -> ProgramRecord:
        """Return a program (given, the request's, else the first), creating the first on first use."""
        program = program_id if program_id is not None else current_program()
        if program is not None:
            found = self.program(team_id, program)
            if found is None:
                raise NotFound("That program no longer exists.", code="no_program")
            return found
        self.ensure_workspace(team_id, now)
        first = ensure_first_program(self.session, team_id, now)
        found = self.session.get(ProgramRecord, first)
        assert found is not None  # noqa: S101 - just ensured
        return found

    def read_settings(self, team_id: str, now: datetime, program_id: int | None = None) -> ProgramRecord:
        """Return a program like `settings`, or the defaults unsaved (for read-only units of work)."""
        program = program_id if program_id is not None else current_program()
        if program is None:
            program = first_program_id(self.session, team_id)
        found = self.program(team_id, program) if program is not None else None
        return found if found is not None else ProgramRecord(**default_program_values(team_id, now))


class InboxRepository:
    """The event inbox that makes retried deliveries run once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record_once(self, team_id: str, key: str, now: datetime) -> bool:
        """Record a delivery key; return False when it was already recorded."""
        try:
            with self.session.begin_nested():
                self.session.add(InboxRecord(team_id=team_id, key=key[:255], received_at=now))
        except IntegrityError:
            return False
        return True

    def purge_before(self, cutoff: datetime) -> int:
        """Delete inbox rows older than the cutoff (retries never come that late)."""
        result = self.session.execute(delete(InboxRecord).where(InboxRecord.received_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
