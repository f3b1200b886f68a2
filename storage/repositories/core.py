"""Repositories for workspaces, people, program settings and the event inbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.records import InboxRecord, PersonRecord, ProgramSettingsRecord, WorkspaceRecord


def insert_ignore(session: Session, record: type[Any], values: dict[str, Any]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL; return the rows inserted (0 or 1)."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(record).values(**values).on_conflict_do_nothing()
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


class PeopleRepository:
    """People in one workspace, by Slack user id or row id."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, team_id: str, person_id: int) -> PersonRecord | None:
        """Return the person with this row id in this workspace."""
        person = self.session.get(PersonRecord, person_id)
        return person if person is not None and person.team_id == team_id else None

    def by_slack_id(self, team_id: str, slack_user_id: str) -> PersonRecord | None:
        """Return the person with this Slack user id in this workspace."""
        return self.session.scalars(
            select(PersonRecord).where(
                PersonRecord.team_id == team_id, PersonRecord.slack_user_id == slack_user_id
            )
        ).one_or_none()

    def by_slack_ids(self, team_id: str, slack_user_ids: Sequence[str]) -> list[PersonRecord]:
        """Return the people with these Slack user ids in this workspace."""
        if not slack_user_ids:
            return []
        return list(
            self.session.scalars(
                select(PersonRecord).where(
                    PersonRecord.team_id == team_id,
                    PersonRecord.slack_user_id.in_(list(slack_user_ids)),
                )
            )
        )

    def add(self, person: PersonRecord) -> PersonRecord:
        """Add a new person and flush to assign its id."""
        self.session.add(person)
        self.session.flush()
        return person

    def enrolled(self, team_id: str) -> list[PersonRecord]:
        """Return everyone who completed a profile (any status), ordered by id."""
        return list(
            self.session.scalars(
                select(PersonRecord)
                .where(PersonRecord.team_id == team_id, PersonRecord.role.is_not(None))
                .order_by(PersonRecord.id)
            )
        )

    def count_by_role(self, team_id: str) -> dict[str, int]:
        """Return how many enrolled, active people hold each role."""
        rows = self.session.execute(
            select(PersonRecord.role, func.count())
            .where(
                PersonRecord.team_id == team_id,
                PersonRecord.role.is_not(None),
                PersonRecord.status == "active",
            )
            .group_by(PersonRecord.role)
        )
        return {str(role): int(count) for role, count in rows}


class ProgramRepository:
    """Workspaces and their program settings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def workspace(self, team_id: str) -> WorkspaceRecord | None:
        """Return the workspace row, if the bot knows it."""
        return self.session.get(WorkspaceRecord, team_id)

    def ensure_workspace(self, team_id: str, now: datetime) -> WorkspaceRecord:
        """Return the workspace row, creating it (and default settings) on first sight."""
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

    def settings(self, team_id: str, now: datetime) -> ProgramSettingsRecord:
        """Return the program settings, creating defaults on first use."""
        settings = self.session.get(ProgramSettingsRecord, team_id)
        if settings is None:
            self.ensure_workspace(team_id, now)
            insert_ignore(self.session, ProgramSettingsRecord, _default_settings(team_id, now))
            settings = self.session.get(ProgramSettingsRecord, team_id)
            assert settings is not None  # noqa: S101 - just inserted or inserted by a racer
        return settings

    def read_settings(self, team_id: str, now: datetime) -> ProgramSettingsRecord:
        """Return the program settings, or the defaults unsaved (for read-only units of work)."""
        settings = self.session.get(ProgramSettingsRecord, team_id)
        return settings if settings is not None else ProgramSettingsRecord(**_default_settings(team_id, now))


def _default_settings(team_id: str, now: datetime) -> dict[str, Any]:
    """A new workspace's program settings."""
    return {
        "team_id": team_id,
        "program_name": "Mentorship Program",
        "default_cadence": "biweekly",
        "program_length_weeks": 24,
        "check_in_hour": 10,
        "request_expiry_days": 3,
        "matching_weights": {},
        "repeat_cooldown_days": None,
        "allow_shoutouts": True,
        "updated_at": now,
    }


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
