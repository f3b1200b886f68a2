"""Queries behind admin reports, pair health, announcements and exports.

Every query keeps one workspace and, when the request acts in a program (storage.scope), that
program only: people and pairs by their program, sessions, goals, milestones, reflections,
ratings and sent messages through their mentorship (or their own program id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, true, update
from sqlalchemy.orm import Session

from storage.records import (
    AdminRecord,
    FeedbackRecord,
    GoalRecord,
    MentorshipRecord,
    MilestoneRecord,
    PersonRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)
from storage.scope import current_program, scoped


def _of_program(column: Any) -> Any:
    """A WHERE clause keeping rows whose mentorship is in the request's program (true without one)."""
    program = current_program()
    if program is None:
        return true()
    return column.in_(select(MentorshipRecord.id).where(MentorshipRecord.program_id == program))


def _message_of_program() -> Any:
    """Messages of the request's program: its own program-level ones and its pairs' (true without one)."""
    program = current_program()
    if program is None:
        return true()
    return or_(
        ScheduledMessageRecord.program_id == program,
        _of_program(ScheduledMessageRecord.mentorship_id),
    )


class AdminRepository:
    """Read models for program admins; aggregates are computed by the service."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- admin list ----------------------------------------------------------------------------
    def admins(self, team_id: str) -> list[AdminRecord]:
        """Return the database admin list (of the request's program and of every program), oldest first."""
        program = current_program()
        query = select(AdminRecord).where(AdminRecord.team_id == team_id)
        if program is not None:
            query = query.where(or_(AdminRecord.program_id.is_(None), AdminRecord.program_id == program))
        return list(self.session.scalars(query.order_by(AdminRecord.id)))

    def remove_admin(self, team_id: str, slack_user_id: str) -> bool:
        """Take someone off the database admin list; False if they were not on it."""
        program = current_program()
        query = delete(AdminRecord).where(
            AdminRecord.team_id == team_id, AdminRecord.slack_user_id == slack_user_id
        )
        if program is not None:
            query = query.where(or_(AdminRecord.program_id.is_(None), AdminRecord.program_id == program))
        result = self.session.execute(query)
        return bool(getattr(result, "rowcount", 0))

    # -- people and pairs ---------------------------------------------------------------------
    def people(self, team_id: str) -> list[PersonRecord]:
        """Return everyone who completed a profile, ordered by id."""
        return list(
            self.session.scalars(
                select(PersonRecord)
                .where(
                    PersonRecord.team_id == team_id,
                    PersonRecord.role.is_not(None),
                    scoped(PersonRecord.program_id),
                )
                .order_by(PersonRecord.id)
            )
        )

    def mentorships(self, team_id: str, statuses: Sequence[str] | None = None) -> list[MentorshipRecord]:
        """Return mentorships (optionally of some statuses), ordered by id."""
        query = select(MentorshipRecord).where(
            MentorshipRecord.team_id == team_id, scoped(MentorshipRecord.program_id)
        )
        if statuses is not None:
            query = query.where(MentorshipRecord.status.in_(list(statuses)))
        return list(self.session.scalars(query.order_by(MentorshipRecord.id)).unique())

    def mentorship(self, team_id: str, mentorship_id: int) -> MentorshipRecord | None:
        """Return one mentorship in this workspace (and in the request's program, if one is set)."""
        record = self.session.get(MentorshipRecord, mentorship_id)
        if record is None or record.team_id != team_id:
            return None
        program = current_program()
        return record if program is None or record.program_id == program else None

    def lowest_reflection_scores(self, team_id: str) -> dict[int, int]:
        """Return, per mentorship, the lowest progress or relationship score given."""
        rows = self.session.execute(
            select(
                ReflectionRecord.mentorship_id,
                func.min(ReflectionRecord.progress_score),
                func.min(ReflectionRecord.relationship_score),
            )
            .where(ReflectionRecord.team_id == team_id, _of_program(ReflectionRecord.mentorship_id))
            .group_by(ReflectionRecord.mentorship_id)
        )
        out: dict[int, int] = {}
        for mentorship_id, progress, relationship in rows:
            scores = [s for s in (progress, relationship) if s is not None]
            if scores:
                out[int(mentorship_id)] = int(min(scores))
        return out

    def cancel_pending(self, team_id: str, mentorship_id: int) -> int:
        """Cancel a mentorship's messages that were not sent yet."""
        result = self.session.execute(
            update(ScheduledMessageRecord)
            .where(
                ScheduledMessageRecord.team_id == team_id,
                ScheduledMessageRecord.mentorship_id == mentorship_id,
                ScheduledMessageRecord.state == "pending",
            )
            .values(state="cancelled")
        )
        return int(getattr(result, "rowcount", 0) or 0)

    # -- engagement and outcomes --------------------------------------------------------------
    def sessions(self, team_id: str, since: date) -> list[tuple[int, date, datetime]]:
        """Return (mentorship id, held on, logged at) of sessions held on or after a day."""
        rows = self.session.execute(
            select(SessionLogRecord.mentorship_id, SessionLogRecord.held_on, SessionLogRecord.created_at)
            .where(
                SessionLogRecord.team_id == team_id,
                SessionLogRecord.held_on >= since,
                _of_program(SessionLogRecord.mentorship_id),
            )
            .order_by(SessionLogRecord.id)
        )
        return [(int(m), h, c) for m, h, c in rows]

    def session_counts(self, team_id: str) -> dict[int, int]:
        """Return the number of logged sessions per mentorship."""
        rows = self.session.execute(
            select(SessionLogRecord.mentorship_id, func.count())
            .where(SessionLogRecord.team_id == team_id, _of_program(SessionLogRecord.mentorship_id))
            .group_by(SessionLogRecord.mentorship_id)
        )
        return {int(m): int(n) for m, n in rows}

    def sent_messages(self, team_id: str, kind: str, since: datetime) -> list[ScheduledMessageRecord]:
        """Return messages of a kind that were sent since an instant."""
        return list(
            self.session.scalars(
                select(ScheduledMessageRecord).where(
                    ScheduledMessageRecord.team_id == team_id,
                    ScheduledMessageRecord.kind == kind,
                    ScheduledMessageRecord.state == "sent",
                    ScheduledMessageRecord.sent_at >= since,
                    _message_of_program(),
                )
            )
        )

    def goals(self, team_id: str) -> list[tuple[int, int, str, datetime, datetime | None]]:
        """Return (goal id, owner id, status, created at, achieved at) for every goal."""
        rows = self.session.execute(
            select(
                GoalRecord.id,
                GoalRecord.owner_id,
                GoalRecord.status,
                GoalRecord.created_at,
                GoalRecord.achieved_at,
            ).where(GoalRecord.team_id == team_id, _of_program(GoalRecord.mentorship_id))
        )
        return [(int(i), int(o), str(s), c, a) for i, o, s, c, a in rows]

    def goals_by_mentorship(self, team_id: str) -> dict[int, tuple[int, int]]:
        """Return (goals set, goals achieved) per mentorship."""
        rows = self.session.execute(
            select(GoalRecord.mentorship_id, GoalRecord.status).where(
                GoalRecord.team_id == team_id, _of_program(GoalRecord.mentorship_id)
            )
        )
        out: dict[int, tuple[int, int]] = {}
        for mentorship_id, status in rows:
            total, done = out.get(int(mentorship_id), (0, 0))
            out[int(mentorship_id)] = (total + 1, done + (1 if status == "achieved" else 0))
        return out

    def milestones(self, team_id: str) -> list[tuple[int, bool]]:
        """Return (goal owner id, completed?) for every milestone."""
        rows = self.session.execute(
            select(GoalRecord.owner_id, MilestoneRecord.completed_at)
            .join(GoalRecord, GoalRecord.id == MilestoneRecord.goal_id)
            .where(MilestoneRecord.team_id == team_id, _of_program(GoalRecord.mentorship_id))
        )
        return [(int(owner), done is not None) for owner, done in rows]

    def reflection_scores(self, team_id: str, kind: str) -> list[tuple[int, int | None, int | None]]:
        """Return (person id, progress score, relationship score) of one kind of reflection."""
        rows = self.session.execute(
            select(
                ReflectionRecord.person_id,
                ReflectionRecord.progress_score,
                ReflectionRecord.relationship_score,
            ).where(
                ReflectionRecord.team_id == team_id,
                ReflectionRecord.kind == kind,
                _of_program(ReflectionRecord.mentorship_id),
            )
        )
        return [(int(p), a, b) for p, a, b in rows]

    def program_ratings(self, team_id: str) -> list[tuple[int, int]]:
        """Return (author id, rating) of every feedback that rated the program."""
        rows = self.session.execute(
            select(FeedbackRecord.author_id, FeedbackRecord.program_rating).where(
                FeedbackRecord.team_id == team_id,
                FeedbackRecord.program_rating.is_not(None),
                _of_program(FeedbackRecord.mentorship_id),
            )
        )
        return [(int(a), int(r)) for a, r in rows if r is not None]

    # -- announcements ------------------------------------------------------------------------
    def add_messages(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert scheduled messages in bulk; return how many."""
        self.session.add_all([ScheduledMessageRecord(**row) for row in rows])
        self.session.flush()
        return len(rows)

    # -- the workspace overview (every program; counts only) -----------------------------------
    def participation(self, team_id: str) -> dict[int, dict[str, int]]:
        """Return, per program id, active members, mentors, mentees and active pairs."""
        out: dict[int, dict[str, int]] = {}

        def cell(program_id: int) -> dict[str, int]:
            return out.setdefault(int(program_id), {"members": 0, "mentors": 0, "mentees": 0, "pairs": 0})

        people = self.session.execute(
            select(PersonRecord.program_id, PersonRecord.role, func.count())
            .where(
                PersonRecord.team_id == team_id,
                PersonRecord.role.is_not(None),
                PersonRecord.status == "active",
            )
            .group_by(PersonRecord.program_id, PersonRecord.role)
        )
        for program_id, role, count in people:
            row = cell(program_id)
            row["members"] += int(count)
            if role in ("mentor", "both"):
                row["mentors"] += int(count)
            if role in ("mentee", "both"):
                row["mentees"] += int(count)
        pairs = self.session.execute(
            select(MentorshipRecord.program_id, func.count())
            .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status.in_(("active", "paused")))
            .group_by(MentorshipRecord.program_id)
        )
        for program_id, count in pairs:
            cell(program_id)["pairs"] = int(count)
        return out

    def people_in_several_programs(self, team_id: str) -> int:
        """Return how many people hold an active membership in more than one program."""
        several = (
            select(PersonRecord.slack_user_id)
            .where(
                PersonRecord.team_id == team_id,
                PersonRecord.role.is_not(None),
                PersonRecord.status == "active",
            )
            .group_by(PersonRecord.slack_user_id)
            .having(func.count(func.distinct(PersonRecord.program_id)) > 1)
            .subquery()
        )
        return int(self.session.scalar(select(func.count()).select_from(several)) or 0)

    def mentor_loads(self, team_id: str) -> dict[str, dict[int, int]]:
        """Return, per mentor's Slack id, their active or paused mentees in each program."""
        rows = self.session.execute(
            select(PersonRecord.slack_user_id, MentorshipRecord.program_id, func.count())
            .join(PersonRecord, PersonRecord.id == MentorshipRecord.mentor_id)
            .where(MentorshipRecord.team_id == team_id, MentorshipRecord.status.in_(("active", "paused")))
            .group_by(PersonRecord.slack_user_id, MentorshipRecord.program_id)
        )
        out: dict[str, dict[int, int]] = {}
        for slack_id, program_id, count in rows:
            out.setdefault(str(slack_id), {})[int(program_id)] = int(count)
        return out
