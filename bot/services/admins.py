"""Who is a program admin, and the append-only audit log of admin actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.deps import Deps
from storage.records import AdminRecord, AuditRecord
from storage.scope import current_program

EVERY_PROGRAM = 0  # `listed_programs` returns this for someone listed as an admin of every program


def listed_programs(deps: Deps, team_id: str, slack_user_id: str) -> set[int]:
    """The programs the database admin list makes the person an admin of ({EVERY_PROGRAM}: all)."""
    with deps.uow(read_only=True) as uow:
        rows = uow.session.scalars(
            select(AdminRecord.program_id).where(
                AdminRecord.team_id == team_id, AdminRecord.slack_user_id == slack_user_id
            )
        )
        return {EVERY_PROGRAM if p is None else int(p) for p in rows}


def is_listed_admin(deps: Deps, team_id: str, slack_user_id: str, program_id: int | None = None) -> bool:
    """Whether the person is on the database admin list (of this program, or of any when None)."""
    listed = listed_programs(deps, team_id, slack_user_id)
    if program_id is None:
        return bool(listed)
    return EVERY_PROGRAM in listed or program_id in listed


def audit(
    deps: Deps,
    team_id: str,
    actor: str,
    action: str,
    target: str | None = None,
    outcome: str = "ok",
    program_id: int | None = None,
) -> None:
    """Append an audit entry (who, what, when, outcome, which program); never private text."""
    with deps.uow() as uow:
        write_audit(uow.session, team_id, actor, action, deps.clock(), target, outcome, program_id=program_id)


def write_audit(
    session: Session,
    team_id: str,
    actor: str,
    action: str,
    now: datetime,
    target: str | None = None,
    outcome: str = "ok",
    *,
    program_id: int | None = None,
) -> None:
    """Append an audit entry inside an open transaction (so it commits with the change).

    The program is the one given, else the request's (storage.scope), else none (workspace-wide).
    """
    session.add(
        AuditRecord(
            team_id=team_id,
            program_id=program_id if program_id is not None else current_program(),
            actor=actor[:32],
            action=action[:64],
            target=(target or None) and target[:200],
            outcome=outcome[:32],
            created_at=now,
        )
    )


def audit_entries(deps: Deps, team_id: str, limit: int = 100) -> list[AuditRecord]:
    """Return the newest audit entries for a workspace."""
    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(AuditRecord)
                .where(AuditRecord.team_id == team_id)
                .order_by(AuditRecord.id.desc())
                .limit(limit)
            )
        )
