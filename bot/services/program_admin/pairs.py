"""Pair health for admins (flags, never content) and the actions on a pair."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.program_health import SEVERITY, Health
from bot.services.admins import write_audit
from bot.services.figures import CURRENT, program_figures
from bot.services.mentorships import conclude
from storage.records import MentorshipRecord
from storage.repositories.admin import AdminRepository
from storage.repositories.pairwork import PairWorkRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

PAIR_ACTIONS: Final = ("nudge", "pause", "resume", "end", "rematch")


@dataclass(frozen=True)
class PairRow:
    """One pair as admins see it: who, status and health (no private text)."""

    mentorship_id: int
    mentor_slack_id: str
    mentor_name: str
    mentee_slack_id: str
    mentee_name: str
    status: str
    health: Health
    session_count: int


def pairs_overview(deps: Deps, team_id: str) -> list[PairRow]:
    """Return every active or paused pair with its health, the most worrying first."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        figures = program_figures(uow.session, team_id, now)  # the health the digest counts
        rows = []
        for m in repo.mentorships(team_id, CURRENT):
            rows.append(
                PairRow(
                    mentorship_id=m.id,
                    mentor_slack_id=m.mentor.slack_user_id,
                    mentor_name=m.mentor.name or m.mentor.slack_user_id,
                    mentee_slack_id=m.mentee.slack_user_id,
                    mentee_name=m.mentee.name or m.mentee.slack_user_id,
                    status=m.status,
                    health=figures.health[m.id],
                    session_count=m.session_count,
                )
            )
    rows.sort(key=lambda r: (SEVERITY[r.health.state], r.mentorship_id))
    return rows


@dataclass(frozen=True)
class PairActionResult:
    """What an admin's pair action did, so the edge can tell the people involved."""

    action: str
    mentorship_id: int
    mentor_slack_id: str
    mentor_name: str
    mentee_slack_id: str
    mentee_name: str
    program_name: str


def apply_pair_action(
    deps: Deps, team_id: str, actor: str, action: str, mentorship_id: int
) -> PairActionResult:
    """Nudge, pause, resume, end or rematch a pair, audited; raise when it cannot be done.

    Pause, resume, end and rematch are conditional updates: of two clicks racing (two admins, two
    devices) exactly one changes the pair, and the other is told its state as it is now.
    """
    if action not in PAIR_ACTIONS:
        raise InvalidInput(
            "That action isn't available. Type `/mentor admin pairs` to see the pairs again.",
            code="unknown_action",
        )
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        found = repo.mentorship(team_id, mentorship_id)
        for _attempt in range(3):
            m = _allowed(action, found)
            if _change(uow, action, m, now):
                break
            # Another click changed the pair first: read it again and say what it is now.
            found = uow.session.get(MentorshipRecord, m.id, populate_existing=True)
        else:
            raise NotFound(PAIR_GONE, code="pair_gone")
        write_audit(uow.session, team_id, actor, f"admin pair {action}", now, f"mentorship:{m.id}")
        program = uow.programs.settings(team_id, now).program_name
        result = PairActionResult(
            action=action,
            mentorship_id=m.id,
            mentor_slack_id=m.mentor.slack_user_id,
            mentor_name=m.mentor.name or m.mentor.slack_user_id,
            mentee_slack_id=m.mentee.slack_user_id,
            mentee_name=m.mentee.name or m.mentee.slack_user_id,
            program_name=program,
        )
    logger.info("pair action team=%s actor=%s action=%s mentorship=%s", team_id, actor, action, mentorship_id)
    return result


PAIR_GONE: Final = (
    "That pair has already concluded or no longer exists, so nothing was changed. "
    "Type `/mentor admin pairs` for the current list."
)


def _allowed(action: str, m: MentorshipRecord | None) -> MentorshipRecord:
    """Return the pair if `action` applies to it as it is; raise the refusal that says its state."""
    if m is None or m.status == "ended":
        raise NotFound(PAIR_GONE, code="pair_gone")
    if action == "pause" and m.status == "paused":
        raise InvalidInput(
            "That pair is already paused. Use Resume to restart their check-ins.", code="already_paused"
        )
    if action == "resume" and m.status != "paused":
        raise InvalidInput("That pair isn't paused, so there is nothing to resume.", code="not_paused")
    return m


def _change(uow: UnitOfWork, action: str, m: MentorshipRecord, now: datetime) -> bool:
    """Apply the action as one conditional update; False when the pair's status changed first."""
    team_id = m.team_id
    pairs = uow.repo(PairWorkRepository)
    if action == "pause":
        if not pairs.set_status_if(team_id, m.id, "active", "paused", paused_until=None):
            return False
        uow.repo(AdminRepository).cancel_pending(team_id, m.id)
    elif action == "resume":
        return pairs.set_status_if(team_id, m.id, "paused", "active", paused_until=None, paused_by=None)
    elif action in ("end", "rematch"):
        if not pairs.set_status_if(team_id, m.id, ("active", "paused"), "ended", ended_at=now):
            return False
        conclude(m, now, "admin_rematch" if action == "rematch" else "admin_ended")
    return True  # a nudge changes nothing
