"""Announcements: queued one row per recipient, sent by the scheduler's paced dispatcher."""

from __future__ import annotations

import logging
import uuid
from typing import Any, Final

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from bot.domain.messages import MessageKind
from bot.services import scheduling
from bot.services.admins import write_audit
from bot.services.once import FormKey, use_once
from storage.records import PersonRecord
from storage.repositories.admin import AdminRepository
from storage.scope import current_program

logger = logging.getLogger(__name__)

AUDIENCES: Final = ("everyone", "mentors", "mentees")
ANNOUNCEMENT_KIND: Final = MessageKind.ANNOUNCEMENT


def _in_audience(person: PersonRecord, audience: str) -> bool:
    if audience == "mentors":
        return person.role in ("mentor", "both")
    if audience == "mentees":
        return person.role in ("mentee", "both")
    return person.role is not None


def audience_counts(deps: Deps, team_id: str) -> dict[str, int]:
    """Return how many active participants each audience reaches (in the request's program)."""
    with deps.uow() as uow:
        people = [p for p in uow.repo(AdminRepository).people(team_id) if p.status == "active"]
    return {a: sum(1 for p in people if _in_audience(p, a)) for a in AUDIENCES}


def queue_announcement(
    deps: Deps,
    team_id: str,
    actor: str,
    audience: str,
    payload: dict[str, Any],
    once: FormKey | None = None,
) -> tuple[str, int]:
    """Queue one announcement message per active participant in the audience; audited.

    In a program (storage.scope) only that program's members get it, and the rows carry its id.

    The scheduler's paced dispatcher sends rows of kind "announcement" by posting the payload.
    Returns (announcement id, number of recipients).

    Raises:
        AlreadyDone: this form was sent already (nothing queued, nothing audited).
    """
    if audience not in AUDIENCES:
        raise InvalidInput(
            "Choose who should get the announcement: everyone, mentors or mentees.", code="unknown_audience"
        )
    now = deps.clock()
    announcement_id = f"announce-{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    with deps.uow() as uow:
        use_once(uow, once, now)
        repo = uow.repo(AdminRepository)
        people = [p for p in repo.people(team_id) if p.status == "active" and _in_audience(p, audience)]
        program = current_program()
        rows = [
            {
                **scheduling.outbox_row(
                    team_id, ANNOUNCEMENT_KIND, announcement_id, p.slack_user_id, now, payload, now
                ),
                "program_id": program,
            }
            for p in people
        ]
        count = repo.add_messages(rows)
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin announce queued",
            now,
            f"{announcement_id} audience={audience} recipients={count}",
        )
    logger.info("announcement queued team=%s id=%s recipients=%d", team_id, announcement_id, count)
    return announcement_id, count
