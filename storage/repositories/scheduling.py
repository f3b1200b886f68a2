"""The scheduler's queue (`scheduled_messages`) and the reads the planner needs.

Due rows are inserted with INSERT ... ON CONFLICT DO NOTHING on the idempotency key, so any number
of planners on any number of replicas record each message once. Claims take a lease:
PostgreSQL uses FOR UPDATE SKIP LOCKED inside a MATERIALIZED CTE; SQLite relies on the engine's
BEGIN IMMEDIATE (one writer at a time) and UPDATE ... WHERE id IN (SELECT ... LIMIT) RETURNING.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import SelectBase, Table, and_, bindparam, func, or_, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

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
from storage.scope import scoped, scoped_pair

M = ScheduledMessageRecord
# What the scheduler reads of a person.
PERSON_COLUMNS = (
    PersonRecord.id,
    PersonRecord.slack_user_id,
    PersonRecord.status,
    PersonRecord.team_id,
    PersonRecord.program_id,
    PersonRecord.identity_id,
)
IDENTITY_COLUMNS = (IdentityRecord.name, IdentityRecord.timezone, IdentityRecord.public_shoutouts)


def _both_people() -> tuple[Any, Any]:
    """Load options for a mentorship's two people: what the planner reads, identity included."""
    return tuple(  # type: ignore[return-value]
        joinedload(side)
        .load_only(*PERSON_COLUMNS)
        .joinedload(PersonRecord.identity)
        .load_only(*IDENTITY_COLUMNS)
        for side in (MentorshipRecord.mentor, MentorshipRecord.mentee)
    )


INSERT_CHUNK = 500
IN_CHUNK = 500  # ids per IN (...) list


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

    def keys(
        self, team_id: str, since: datetime, mentorship_ids: Iterable[int] | None = None
    ) -> set[tuple[int, str, str, str]]:
        """Return the (mentorship, kind, period, recipient) keys of rows due since an instant
        (only those of these mentorships, 0 being the program's own, when given)."""
        query = select(M.mentorship_id, M.kind, M.period_key, M.recipient).where(
            M.team_id == team_id, M.due_at >= since
        )
        if mentorship_ids is None:
            batches = [query]
        else:
            ids = sorted(set(mentorship_ids))
            batches = [
                query.where(M.mentorship_id.in_(ids[i : i + IN_CHUNK])) for i in range(0, len(ids), IN_CHUNK)
            ]
        return {
            (int(a), str(b), str(c), str(d))
            for batch in batches
            for a, b, c, d in self.session.execute(batch)
        }

    def recorded(self, team_id: str, mentorship_id: int, kind: str, period_key: str, recipient: str) -> bool:
        """Whether the row with this idempotency key exists (in any state)."""
        found = self.session.scalar(
            select(M.id).where(
                M.team_id == team_id,
                M.mentorship_id == mentorship_id,
                M.kind == kind,
                M.period_key == period_key,
                M.recipient == recipient,
            )
        )
        return found is not None

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

    def sent_with_last_session(
        self, team_id: str, kind: str, start: datetime, end: datetime, statuses: Sequence[str]
    ) -> list[tuple[dict[str, Any], datetime | None, date | None]]:
        """(payload, sent_at, the pair's last session day) of rows of one kind sent in [start, end);
        the last session only for a mentorship in one of these states (else None)."""
        pair = and_(MentorshipRecord.id == M.mentorship_id, MentorshipRecord.status.in_(list(statuses)))
        rows = self.session.execute(
            select(M.payload, M.sent_at, MentorshipRecord.last_session_on)
            .outerjoin(MentorshipRecord, pair)
            .where(
                M.team_id == team_id,
                M.kind == kind,
                M.state == "sent",
                M.sent_at >= start,
                M.sent_at < end,
                scoped_pair(M.mentorship_id),
            )
        )
        return [(payload or {}, sent_at, last) for payload, sent_at, last in rows]

    def pair_counts(self, team_id: str) -> dict[str, int]:
        """How many mentorships are active, paused, and active and at risk."""
        rows = self.session.execute(
            select(MentorshipRecord.status, MentorshipRecord.at_risk, func.count())
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(("active", "paused")),
                scoped(MentorshipRecord.program_id),
            )
            .group_by(MentorshipRecord.status, MentorshipRecord.at_risk)
        )
        counts = {"active": 0, "paused": 0, "at_risk": 0}
        for status, at_risk, count in rows:
            counts[str(status)] += int(count)
            if status == "active" and at_risk:
                counts["at_risk"] += int(count)
        return counts

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
        return list(
            self.session.scalars(
                select(MentorshipRecord)
                .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status.in_(list(statuses)))
                .options(
                    defer(MentorshipRecord.match_reasons),
                    *_both_people(),
                )
                .order_by(MentorshipRecord.id)
            ).unique()
        )

    def due_mentorships(
        self, team_id: str, statuses: Sequence[str], due_by: datetime | None
    ) -> list[MentorshipRecord]:
        """The mentorships to plan: in these states and due by `due_by` (next_due_at NULL or not
        later), or all of them when `due_by` is None; both people loaded.

        On PostgreSQL the rows are locked (FOR UPDATE SKIP LOCKED): a write that would clear a
        row's next due instant waits for this plan to commit, and a row a writer holds is left
        for the next tick, so a plan never stores an instant computed from data a writer changed.
        """
        query = (
            select(MentorshipRecord)
            .where(MentorshipRecord.id.in_(self.due_ids(team_id, statuses, due_by)))
            .options(
                defer(MentorshipRecord.match_reasons),
                *_both_people(),
            )
            .order_by(MentorshipRecord.id)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=MentorshipRecord)
        return list(self.session.scalars(query).unique())

    def store_next_due(self, planned: Iterable[tuple[MentorshipRecord, datetime]]) -> int:
        """Store each planned, unchanged mentorship's next due instant (one batched UPDATE)."""
        table = MentorshipRecord.__table__
        assert isinstance(table, Table)  # noqa: S101 - a declarative table
        rows = []
        for record, due in planned:
            if record.next_due_at != due:
                rows.append({"b_id": record.id, "b_due": due})
                set_committed_value(record, "next_due_at", due)
        if rows:
            stmt = update(table).where(table.c.id == bindparam("b_id")).values(next_due_at=bindparam("b_due"))
            self.session.connection().execute(stmt, rows)
        return len(rows)

    def due_ids(self, team_id: str, statuses: Sequence[str], due_by: datetime | None) -> SelectBase:
        """The ids `due_mentorships` reads, as a subquery (for reading their goals, sessions, ...).

        Two index seeks (instant unknown, instant passed) joined with UNION ALL, not one OR: with the
        OR, SQLite walks every index entry of the workspace, so an idle tick would cost a pass over
        the whole pool.
        """
        m = MentorshipRecord
        pool = select(m.id).where(m.team_id == team_id, m.status.in_(list(statuses)), scoped(m.program_id))
        if due_by is None:
            return pool
        return union_all(pool.where(m.next_due_at.is_(None)), pool.where(m.next_due_at <= due_by))

    def mentorship(self, team_id: str, mentorship_id: int) -> MentorshipRecord | None:
        """Return one mentorship in this workspace."""
        record = self.session.get(MentorshipRecord, mentorship_id)
        return record if record is not None and record.team_id == team_id else None

    def goals(self, team_id: str, among: SelectBase | None = None) -> list[GoalRecord]:
        """Return every goal in the workspace (of the mentorships `among` selects, when given;
        milestones load with them)."""
        query = select(GoalRecord).where(GoalRecord.team_id == team_id)
        if among is not None:
            query = query.where(GoalRecord.mentorship_id.in_(among))
        return list(self.session.scalars(query))

    def completed_milestones_since(
        self, team_id: str, since: datetime, among: SelectBase | None = None
    ) -> list[tuple[MilestoneRecord, int]]:
        """Return (milestone, mentorship id) for milestones completed since an instant."""
        query = (
            select(MilestoneRecord, GoalRecord.mentorship_id)
            .join(GoalRecord, GoalRecord.id == MilestoneRecord.goal_id)
            .where(MilestoneRecord.team_id == team_id, MilestoneRecord.completed_at >= since)
        )
        if among is not None:
            query = query.where(GoalRecord.mentorship_id.in_(among))
        return [(m, int(mid)) for m, mid in self.session.execute(query)]

    def open_action_items(self, team_id: str, among: SelectBase | None = None) -> dict[int, list[str]]:
        """Return open action item texts by mentorship (oldest first)."""
        out: dict[int, list[str]] = {}
        query = select(ActionItemRecord.mentorship_id, ActionItemRecord.text).where(
            ActionItemRecord.team_id == team_id, ActionItemRecord.done_at.is_(None)
        )
        if among is not None:
            query = query.where(ActionItemRecord.mentorship_id.in_(among))
        for mentorship_id, text in self.session.execute(query.order_by(ActionItemRecord.id)):
            out.setdefault(int(mentorship_id), []).append(str(text))
        return out

    def session_times(self, team_id: str, among: SelectBase | None = None) -> dict[int, list[datetime]]:
        """Return the creation times of logged sessions by mentorship, oldest first."""
        out: dict[int, list[datetime]] = {}
        query = select(SessionLogRecord.mentorship_id, SessionLogRecord.created_at).where(
            SessionLogRecord.team_id == team_id
        )
        if among is not None:
            query = query.where(SessionLogRecord.mentorship_id.in_(among))
        rows = self.session.execute(query.order_by(SessionLogRecord.created_at, SessionLogRecord.id))
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
                    scoped_pair(SessionLogRecord.mentorship_id),
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
                    scoped_pair(GoalRecord.mentorship_id),
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
                    scoped(MentorRequestRecord.program_id),
                )
            ).unique()
        )

    def pending_requests(self, team_id: str) -> int:
        """How many requests are waiting for an answer."""
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(MentorRequestRecord)
                .where(
                    MentorRequestRecord.team_id == team_id,
                    MentorRequestRecord.status == "pending",
                    scoped(MentorRequestRecord.program_id),
                )
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

    def waiting_mentees(self, team_id: str, program_id: int) -> list[str]:
        """Slack ids of the program's active mentees with no open mentorship (a round would place them)."""
        paired = select(MentorshipRecord.mentee_id).where(
            MentorshipRecord.team_id == team_id,
            MentorshipRecord.program_id == program_id,
            MentorshipRecord.status.in_(("active", "paused")),
        )
        return [
            str(uid)
            for uid in self.session.scalars(
                select(PersonRecord.slack_user_id)
                .where(
                    PersonRecord.team_id == team_id,
                    PersonRecord.program_id == program_id,
                    PersonRecord.role.in_(("mentee", "both")),
                    PersonRecord.status == "active",
                    PersonRecord.id.not_in(paired),
                )
                .order_by(PersonRecord.id)
            )
        ]
