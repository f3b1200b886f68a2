"""The outbox: the one place rows are written, and the dispatcher's side (claim, mark, release).

Every queued message is a row built by `outbox_row`; the planner, the pair's answers, the
dispatcher's failure notes and the admins' announcements all go through it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.deps import Deps
from bot.domain.messages import MessageKind
from storage.records import ScheduledMessageRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.scheduling import SchedulingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


def outbox_row(
    team_id: str,
    kind: MessageKind,
    period: str,
    recipient: str,
    due_at: datetime,
    payload: dict[str, Any],
    now: datetime,
    mentorship_id: int = 0,
) -> dict[str, Any]:
    """Return one pending outbox row; (mentorship, kind, period, recipient) is its idempotency key."""
    return {
        "team_id": team_id,
        "mentorship_id": mentorship_id,
        "kind": kind.value,
        "period_key": period[:64],
        "recipient": recipient,
        "due_at": due_at,
        "payload": payload,
        "state": "pending",
        "attempts": 0,
        "created_at": now,
    }


@dataclass(frozen=True)
class Claimed:
    """A claimed row, as the dispatcher needs it (detached from the session)."""

    id: int
    team_id: str
    mentorship_id: int
    kind: MessageKind
    period_key: str
    recipient: str
    payload: dict[str, Any]
    attempts: int
    last_error: str | None
    slack_channel: str | None
    created_at: datetime

    @property
    def key(self) -> str:
        """The idempotency key, carried in the message metadata for reconciliation."""
        return f"{self.team_id}:{self.mentorship_id}:{self.kind}:{self.period_key}:{self.recipient}"


KNOWN_KINDS = frozenset(k.value for k in MessageKind)
# Messages that only make sense while the pair meets: queued earlier (a 'remind me later'), they are
# cancelled when claimed for a mentorship that has since been paused or has ended.
LIVE_ONLY_KINDS = frozenset(
    {MessageKind.CHECKIN.value, MessageKind.CHECKIN_REMINDER.value, MessageKind.MISSED_NUDGE.value}
)
# A circle's prompt and meeting ask only make sense while the circle meets; an ask is also moot
# once someone logged the cycle.
CIRCLE_LIVE_KINDS = frozenset({MessageKind.CIRCLE_PROMPT.value, MessageKind.CIRCLE_MEET_ASK.value})


def _circle_moot(uow: UnitOfWork, rows: list[ScheduledMessageRecord]) -> dict[int, str]:
    """Row id -> why a circle row claimed now is moot (its circle ended; its cycle was logged)."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.kind in CIRCLE_LIVE_KINDS:
            wanted.setdefault(row.team_id, set()).add(int((row.payload or {}).get("circle_id") or 0))
    moot: dict[int, str] = {}
    for team, ids in wanted.items():
        repo = uow.repo(CircleRepository)
        found = repo.circles_by_id(team, ids)
        logged = repo.logged_cycles(team, ids)
        for row in rows:
            if row.team_id != team or row.kind not in CIRCLE_LIVE_KINDS:
                continue
            payload = row.payload or {}
            circle = found.get(int(payload.get("circle_id") or 0))
            if circle is None or circle.status not in LIVING:
                moot[row.id] = "circle_ended"
            elif (
                row.kind == MessageKind.CIRCLE_MEET_ASK
                and (circle.id, int(payload.get("cycle", -1))) in logged
            ):
                moot[row.id] = "already_logged"
    return moot


def claim(deps: Deps, me: str, now: datetime, batch: int, lease: timedelta) -> list[Claimed]:
    """Claim due rows in one committed transaction; rows to people who left are cancelled."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        rows = repo.rows(repo.claim(me, now, batch, lease))
        out: list[Claimed] = []
        by_team: dict[str, list[str]] = {}
        for row in rows:
            by_team.setdefault(row.team_id, []).append(row.recipient)
        gone: set[tuple[str, str]] = set()
        for team, recipients in by_team.items():
            for slack_id, person in repo.people_by_slack(team, recipients).items():
                if person.status in ("inactive", "opted_out"):
                    gone.add((team, slack_id))
        statuses = repo.mentorship_statuses(
            [r.mentorship_id for r in rows if r.kind in LIVE_ONLY_KINDS and r.mentorship_id is not None]
        )
        decided: dict[str, set[tuple[int, str]]] = {}
        for row in rows:
            if row.kind == MessageKind.TRANSITION and row.team_id not in decided:
                decided[row.team_id] = uow.repo(TransitionChoiceRepository).decided(row.team_id)
        moot = _circle_moot(uow, rows)
        for row in rows:
            if row.id in moot:
                row.state, row.last_error = "cancelled", moot[row.id]
                continue
            if (row.team_id, row.recipient) in gone:
                row.state, row.last_error = "cancelled", "recipient_inactive"
                continue
            if row.kind in LIVE_ONLY_KINDS and statuses.get(row.mentorship_id or 0, "active") != "active":
                row.state, row.last_error = "cancelled", "pair_not_active"
                continue
            if row.kind == MessageKind.TRANSITION and (row.mentorship_id, row.period_key) in decided.get(
                row.team_id, set()
            ):
                # Queued before the partner chose for this window; they were told the choice.
                row.state, row.last_error = "cancelled", "already_decided"
                continue
            if row.kind not in KNOWN_KINDS:
                logger.warning("unknown message kind row=%s", row.id)
                row.state, row.last_error = "failed", "unknown_kind"
                continue
            out.append(
                Claimed(
                    id=row.id,
                    team_id=row.team_id,
                    mentorship_id=row.mentorship_id,
                    kind=MessageKind(row.kind),
                    period_key=row.period_key,
                    recipient=row.recipient,
                    payload=dict(row.payload or {}),
                    attempts=row.attempts,
                    last_error=row.last_error,
                    slack_channel=row.slack_channel,
                    created_at=row.created_at,
                )
            )
        return out


def mark_sent(deps: Deps, row_id: int, me: str, channel: str, ts: str, now: datetime) -> bool:
    """Record a delivered row (only while this worker holds it)."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).finish(
            row_id,
            me,
            state="sent",
            slack_channel=channel,
            slack_ts=ts,
            sent_at=now,
            lease_until=None,
            last_error=None,
        )


def mark(deps: Deps, row_id: int, me: str, state: str, error: str, due_at: datetime | None = None) -> bool:
    """Move a held row to `unknown` (retry at due_at after reconciling), `failed` or `cancelled`."""
    values: dict[str, Any] = {"state": state, "last_error": error[:200], "lease_until": None}
    if due_at is not None:
        values["due_at"] = due_at
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).finish(row_id, me, **values)


def release(deps: Deps, ids: list[int], me: str, due_at: datetime, error: str) -> None:
    """Give held rows back unattempted (a rate limit): pending again at `due_at`."""
    with deps.uow() as uow:
        uow.repo(SchedulingRepository).release(ids, me, due_at, error)


def dm_channel(deps: Deps, team_id: str, user_id: str) -> str | None:
    """Return the cached DM channel with a person."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).dm_channel(team_id, user_id)


def remember_dm_channel(deps: Deps, team_id: str, user_id: str, channel: str) -> None:
    """Cache the DM channel with a person."""
    with deps.uow() as uow:
        uow.repo(SchedulingRepository).remember_dm_channel(team_id, user_id, channel)


def queue_depth(deps: Deps) -> int:
    """How many rows wait to be sent."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).waiting()


def enqueue(deps: Deps, rows: list[dict[str, Any]]) -> int:
    """Insert queue rows (e.g. announcements from the admin feature); duplicates are ignored."""
    now = deps.clock()
    full = [
        outbox_row(
            r["team_id"],
            MessageKind(r["kind"]),
            r["period_key"],
            r["recipient"],
            r["due_at"],
            r.get("payload", {}),
            now,
            r.get("mentorship_id", 0),
        )
        for r in rows
    ]
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).insert_ignore(full)


def workspaces(deps: Deps) -> list[str]:
    """The active workspaces' team ids."""
    with deps.uow() as uow:
        return [w.team_id for w in uow.programs.workspaces()]


def queue_rows(deps: Deps, team_id: str) -> list[ScheduledMessageRecord]:
    """Every queue row of a workspace, oldest first (tests and the demo)."""
    from sqlalchemy import select

    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(ScheduledMessageRecord)
                .where(ScheduledMessageRecord.team_id == team_id)
                .order_by(ScheduledMessageRecord.id)
            )
        )
