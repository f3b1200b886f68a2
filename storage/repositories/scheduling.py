"""The scheduler's queue (`scheduled_messages`) and the reads the planner needs.

Due rows are inserted with INSERT ... ON CONFLICT DO NOTHING on the idempotency key, so any number
of planners on any number of replicas record each message once. Claims take a lease:
PostgreSQL uses FOR UPDATE SKIP LOCKED inside a MATERIALIZED CTE; SQLite relies on the engine's
BEGIN IMMEDIATE (one writer at a time) and UPDATE ... WHERE id IN (SELECT ... LIMIT) RETURNING.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, defer, joinedload

from storage.records import (
    ActionItemRecord,
    DmChannelRecord,
    GoalRecord,
    IdentityRecord,
    MentorRequestRecord,
    MentorshipRecord,
    MilestoneRecord,
    PersonRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)

M = ScheduledMessageRecord
INSERT_CHUNK = 500


class SchedulingRepository:
    """Queue rows and the program data the planner reads, for one Session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        """The database dialect name (postgresql or sqlite)."""
        return self.session.get_bind().dialect.name

    # -- the queue -------------------------------------------------------------------------------
    def insert_ignore(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert rows, skipping any whose idempotency key exists; return how many were new."""
        if not rows:
            return 0
        table = ScheduledMessageRecord.__table__
        assert isinstance(table, Table)  # noqa: S101 - a declarative table
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .on_conflict_do_nothing(
                index_elements=["team_id", "mentorship_id", "kind", "period_key", "recipient"]
            )
            .returning(table.c.id)
        )
        connection = self.session.connection()
        inserted = 0
        for start in range(0, len(rows), INSERT_CHUNK):
            inserted += len(connection.execute(stmt, list(rows[start : start + INSERT_CHUNK])).all())
        return inserted

    def claim(self, me: str, now: datetime, batch: int, lease: timedelta) -> list[int]:
        """Claim up to `batch` due rows for this worker; return their ids (commit right after)."""
        due = or_(
            and_(M.state.in_(("pending", "unknown")), M.due_at <= now),
            and_(M.state == "claimed", M.lease_until < now),
        )
        values = {
            "state": "claimed",
            "claimed_by": me,
            "attempts": M.attempts + 1,
            "lease_until": now + lease,
        }
        pick = select(M.id).where(due).order_by(M.due_at, M.id).limit(batch)
        if self.dialect == "postgresql":
            cte = pick.with_for_update(skip_locked=True).cte("c").prefix_with("MATERIALIZED")
            stmt = update(M).where(M.id == cte.c.id).values(**values).returning(M.id)
        else:
            stmt = update(M).where(M.id.in_(pick.scalar_subquery())).values(**values).returning(M.id)
        return sorted(int(row[0]) for row in self.session.execute(stmt).all())

    def rows(self, ids: Iterable[int]) -> list[ScheduledMessageRecord]:
        """Return queue rows by id, in due order."""
        ids = list(ids)
        if not ids:
            return []
        return list(self.session.scalars(select(M).where(M.id.in_(ids)).order_by(M.due_at, M.id)))

    def get(self, row_id: int) -> ScheduledMessageRecord | None:
        """Return one queue row."""
        return self.session.get(M, row_id)

    def sent_row(self, team_id: str, mentorship_id: int, recipient: str, channel: str, ts: str) -> M | None:
        """The row of the message the bot sent (channel, ts) to `recipient` for that mentorship."""
        return self.session.scalars(
            select(M)
            .where(
                M.team_id == team_id,
                M.mentorship_id == mentorship_id,
                M.recipient == recipient,
                M.slack_channel == channel,
                M.slack_ts == ts,
            )
            .limit(1)
        ).first()

    def sent_messages(self, team_id: str, mentorship_id: int, kind: str, period_key: str) -> list[M]:
        """The messages of this kind and period the bot sent for a mentorship (with channel and ts)."""
        return list(
            self.session.scalars(
                select(M)
                .where(
                    M.team_id == team_id,
                    M.mentorship_id == mentorship_id,
                    M.kind == kind,
                    M.period_key == period_key,
                    M.slack_channel.is_not(None),
                    M.slack_ts.is_not(None),
                )
                .order_by(M.id)
            )
        )

    def finish(self, row_id: int, me: str, **values: Any) -> bool:
        """Update a row this worker still holds (fenced by claimed_by); False if it lost the claim."""
        result = self.session.execute(
            update(M).where(M.id == row_id, M.claimed_by == me, M.state == "claimed").values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    def release(self, ids: Sequence[int], me: str, due_at: datetime, error: str) -> None:
        """Give claimed rows back (not attempted): pending again at due_at, attempt not counted."""
        if ids:
            self.session.execute(
                update(M)
                .where(M.id.in_(list(ids)), M.claimed_by == me, M.state == "claimed")
                .values(
                    state="pending",
                    due_at=due_at,
                    attempts=M.attempts - 1,
                    lease_until=None,
                    claimed_by=None,
                    last_error=error,
                )
            )

    def cancel_reminders(self, team_id: str, mentorship_id: int, recipient: str, base_period: str) -> int:
        """Cancel the unsent 'remind me later' follow-ups of one check-in (its period and recipient)."""
        result = self.session.execute(
            update(M)
            .where(
                M.team_id == team_id,
                M.mentorship_id == mentorship_id,
                M.recipient == recipient,
                M.kind == "checkin_reminder",
                M.period_key.startswith(f"{base_period}/r", autoescape=True),
                M.state.in_(("pending", "unknown")),
            )
            .values(state="cancelled", last_error="skipped")
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def mentorship_statuses(self, ids: Sequence[int]) -> dict[int, str]:
        """The status of each of these mentorships (by id)."""
        if not ids:
            return {}
        found = self.session.execute(
            select(MentorshipRecord.id, MentorshipRecord.status).where(MentorshipRecord.id.in_(set(ids)))
        )
        return {int(i): str(s) for i, s in found}

    def cancel_for_recipient(self, team_id: str, recipient: str, reason: str) -> int:
        """Cancel every unsent row for a recipient (a person who is gone)."""
        result = self.session.execute(
            update(M)
            .where(
                M.team_id == team_id,
                M.recipient == recipient,
                M.state.in_(("pending", "unknown")),
            )
            .values(state="cancelled", last_error=reason)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def waiting(self) -> int:
        """How many rows wait to be sent (pending or unknown)."""
        return int(
            self.session.scalar(
                select(func.count()).select_from(M).where(M.state.in_(("pending", "unknown")))
            )
            or 0
        )

    def keys(self, team_id: str, since: datetime) -> set[tuple[int, str, str, str]]:
        """Return the (mentorship, kind, period, recipient) keys of rows due since an instant."""
        rows = self.session.execute(
            select(M.mentorship_id, M.kind, M.period_key, M.recipient).where(
                M.team_id == team_id, M.due_at >= since
            )
        )
        return {(int(a), str(b), str(c), str(d)) for a, b, c, d in rows}

    def sent_between(
        self, team_id: str, kind: str, start: datetime, end: datetime
    ) -> list[ScheduledMessageRecord]:
        """Return rows of one kind sent in [start, end)."""
        return list(
            self.session.scalars(
                select(M).where(
                    M.team_id == team_id,
                    M.kind == kind,
                    M.state == "sent",
                    M.sent_at >= start,
                    M.sent_at < end,
                )
            )
        )

    # -- DM channels ---------------------------------------------------------------------------
    def dm_channel(self, team_id: str, user_id: str) -> str | None:
        """Return the cached DM channel with a user."""
        return self.session.scalar(
            select(DmChannelRecord.channel_id).where(
                DmChannelRecord.team_id == team_id, DmChannelRecord.slack_user_id == user_id
            )
        )

    def remember_dm_channel(self, team_id: str, user_id: str, channel_id: str) -> None:
        """Cache a DM channel id (insert or ignore)."""
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        self.session.execute(
            insert(DmChannelRecord)
            .values(team_id=team_id, slack_user_id=user_id, channel_id=channel_id)
            .on_conflict_do_nothing(index_elements=["team_id", "slack_user_id"])
        )

    # -- what the planner reads ------------------------------------------------------------------
    def mentorships(self, team_id: str, statuses: Sequence[str]) -> list[MentorshipRecord]:
        """Return the workspace's mentorships in these states, with both people loaded."""
        person_columns = (
            PersonRecord.id,
            PersonRecord.slack_user_id,
            PersonRecord.status,
            PersonRecord.team_id,
            PersonRecord.program_id,
            PersonRecord.identity_id,
        )
        identity_columns = (IdentityRecord.name, IdentityRecord.timezone, IdentityRecord.public_shoutouts)
        return list(
            self.session.scalars(
                select(MentorshipRecord)
                .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status.in_(list(statuses)))
                .options(
                    defer(MentorshipRecord.match_reasons),
                    joinedload(MentorshipRecord.mentor)
                    .load_only(*person_columns)
                    .joinedload(PersonRecord.identity)
                    .load_only(*identity_columns),
                    joinedload(MentorshipRecord.mentee)
                    .load_only(*person_columns)
                    .joinedload(PersonRecord.identity)
                    .load_only(*identity_columns),
                )
                .order_by(MentorshipRecord.id)
            ).unique()
        )

    def mentorship(self, team_id: str, mentorship_id: int) -> MentorshipRecord | None:
        """Return one mentorship in this workspace."""
        record = self.session.get(MentorshipRecord, mentorship_id)
        return record if record is not None and record.team_id == team_id else None

    def goals(self, team_id: str) -> list[GoalRecord]:
        """Return every goal in the workspace (milestones load with them)."""
        return list(self.session.scalars(select(GoalRecord).where(GoalRecord.team_id == team_id)))

    def completed_milestones_since(self, team_id: str, since: datetime) -> list[tuple[MilestoneRecord, int]]:
        """Return (milestone, mentorship id) for milestones completed since an instant."""
        rows = self.session.execute(
            select(MilestoneRecord, GoalRecord.mentorship_id)
            .join(GoalRecord, GoalRecord.id == MilestoneRecord.goal_id)
            .where(MilestoneRecord.team_id == team_id, MilestoneRecord.completed_at >= since)
        )
        return [(m, int(mid)) for m, mid in rows]

    def open_action_items(self, team_id: str) -> dict[int, list[str]]:
        """Return open action item texts by mentorship (oldest first)."""
        out: dict[int, list[str]] = {}
        rows = self.session.execute(
            select(ActionItemRecord.mentorship_id, ActionItemRecord.text)
            .where(ActionItemRecord.team_id == team_id, ActionItemRecord.done_at.is_(None))
            .order_by(ActionItemRecord.id)
        )
        for mentorship_id, text in rows:
            out.setdefault(int(mentorship_id), []).append(str(text))
        return out

    def session_times(self, team_id: str) -> dict[int, list[datetime]]:
        """Return the creation times of logged sessions by mentorship, oldest first."""
        out: dict[int, list[datetime]] = {}
        rows = self.session.execute(
            select(SessionLogRecord.mentorship_id, SessionLogRecord.created_at)
            .where(SessionLogRecord.team_id == team_id)
            .order_by(SessionLogRecord.created_at, SessionLogRecord.id)
        )
        for mentorship_id, created in rows:
            out.setdefault(int(mentorship_id), []).append(created)
        return out

    def sessions_logged_between(self, team_id: str, start: datetime, end: datetime) -> int:
        """How many sessions were logged in [start, end)."""
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(SessionLogRecord)
                .where(
                    SessionLogRecord.team_id == team_id,
                    SessionLogRecord.created_at >= start,
                    SessionLogRecord.created_at < end,
                )
            )
            or 0
        )

    def goals_achieved_between(self, team_id: str, start: datetime, end: datetime) -> int:
        """How many goals were achieved in [start, end)."""
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(GoalRecord)
                .where(
                    GoalRecord.team_id == team_id,
                    GoalRecord.achieved_at >= start,
                    GoalRecord.achieved_at < end,
                )
            )
            or 0
        )

    def expired_requests(self, team_id: str, now: datetime) -> list[MentorRequestRecord]:
        """Return pending requests whose answer deadline has passed."""
        return list(
            self.session.scalars(
                select(MentorRequestRecord).where(
                    MentorRequestRecord.team_id == team_id,
                    MentorRequestRecord.status == "pending",
                    MentorRequestRecord.expires_at <= now,
                )
            ).unique()
        )

    def pending_requests(self, team_id: str) -> int:
        """How many requests are waiting for an answer."""
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(MentorRequestRecord)
                .where(MentorRequestRecord.team_id == team_id, MentorRequestRecord.status == "pending")
            )
            or 0
        )

    def person(self, team_id: str, person_id: int) -> PersonRecord | None:
        """Return a person in this workspace by row id."""
        person = self.session.get(PersonRecord, person_id)
        return person if person is not None and person.team_id == team_id else None

    def people_by_slack(self, team_id: str, slack_ids: Sequence[str]) -> dict[str, PersonRecord]:
        """Return people by Slack user id."""
        if not slack_ids:
            return {}
        rows = self.session.scalars(
            select(PersonRecord).where(
                PersonRecord.team_id == team_id, PersonRecord.slack_user_id.in_(list(slack_ids))
            )
        )
        return {p.slack_user_id: p for p in rows}

    def add_reflection(self, record: ReflectionRecord) -> bool:
        """Store a reflection unless this person already gave this kind for this mentorship.

        INSERT … ON CONFLICT DO NOTHING on the once-per-kind key, RETURNING id (psycopg reports -1 as
        the rowcount of such an insert): of two racing submissions one inserts, the other is told.
        """
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        values = {
            "team_id": record.team_id,
            "mentorship_id": record.mentorship_id,
            "person_id": record.person_id,
            "kind": record.kind,
            "progress_score": record.progress_score,
            "relationship_score": record.relationship_score,
            "comment": record.comment or "",
            "created_at": record.created_at,
        }
        stmt = (
            insert(ReflectionRecord)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["mentorship_id", "person_id", "kind"])
            .returning(ReflectionRecord.id)
        )
        return self.session.execute(stmt).first() is not None
