"""OAuth installations (secrets stay encrypted here: this layer never sees a plain token) and states."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.records import InstallationRecord, OAuthStateRecord, ScheduledMessageRecord, WorkspaceRecord


class InstallationRepository:
    """Installations by workspace (or by enterprise for org-wide installs)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        enterprise_install: bool = False,
        active_only: bool = True,
        lock: bool = False,
    ) -> InstallationRecord | None:
        """Return the newest installation for a workspace, or the org-wide one for an enterprise."""
        query = select(InstallationRecord)
        if enterprise_install or not team_id:
            query = query.where(
                InstallationRecord.enterprise_id == enterprise_id,
                InstallationRecord.is_enterprise_install.is_(True),
            )
        else:
            query = query.where(InstallationRecord.team_id == team_id)
            if enterprise_id:
                query = query.where(InstallationRecord.enterprise_id == enterprise_id)
        if active_only:
            query = query.where(InstallationRecord.active.is_(True))
        query = query.order_by(InstallationRecord.installed_at.desc(), InstallationRecord.id.desc()).limit(1)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def add(self, record: InstallationRecord) -> InstallationRecord:
        """Store a new installation row."""
        self.session.add(record)
        self.session.flush()
        return record

    def all(self, *, lock: bool = False) -> list[InstallationRecord]:
        """Return every installation row (for key rotation), ordered by id."""
        query = select(InstallationRecord).order_by(InstallationRecord.id)
        if lock:
            query = query.with_for_update()
        return list(self.session.scalars(query))

    def deactivate(self, team_id: str, now: datetime) -> int:
        """Stop a workspace: installations inactive with secrets wiped, workspace inactive.

        Returns how many pending scheduled messages were cancelled. Everything else is kept
        until someone asks for erasure.
        """
        self.session.execute(
            update(InstallationRecord)
            .where(InstallationRecord.team_id == team_id)
            .values(active=False, bot_token_enc=None, bot_refresh_token_enc=None, bot_token_expires_at=None)
        )
        workspace = self.session.get(WorkspaceRecord, team_id)
        if workspace is None:
            workspace = WorkspaceRecord(team_id=team_id, created_at=now)
            self.session.add(workspace)
        workspace.active = False
        workspace.uninstalled_at = now
        result = self.session.execute(
            update(ScheduledMessageRecord)
            .where(ScheduledMessageRecord.team_id == team_id, ScheduledMessageRecord.state == "pending")
            .values(state="cancelled", last_error="workspace_uninstalled")
        )
        return int(getattr(result, "rowcount", 0) or 0)


class OAuthStateRepository:
    """Single-use OAuth state values (shared by every replica through the database)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, state: str, expires_at: datetime) -> None:
        """Store a freshly issued state."""
        self.session.add(OAuthStateRecord(state=state, expires_at=expires_at))

    def consume(self, state: str, now: datetime) -> bool:
        """Delete the state; True only if it existed and had not expired (so it works once)."""
        result = self.session.execute(
            delete(OAuthStateRecord).where(OAuthStateRecord.state == state, OAuthStateRecord.expires_at > now)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def purge(self, now: datetime) -> int:
        """Delete expired states."""
        result = self.session.execute(delete(OAuthStateRecord).where(OAuthStateRecord.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)
