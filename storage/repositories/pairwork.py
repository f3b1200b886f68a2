"""Queries for a pair's work week to week: mentorships and their goals, milestones, sessions, action
items and feedback, and what a person's erasure reaches (reflections, requests, concerns, shout-outs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.records import (
    ActionItemRecord,
    ConcernRecord,
    FeedbackRecord,
    GoalRecord,
    MentorRequestRecord,
    MentorshipRecord,
    MilestoneRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)

LIVE = ("active", "paused")


class PairWorkRepository:
    """Mentorships and their goals, sessions, action items and feedback, within one workspace."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- mentorships --------------------------------------------------------------------------
    def mentorship(self, team_id: str, mentorship_id: int) -> MentorshipRecord | None:
        """Return a mentorship in this workspace."""
        found = self.session.get(MentorshipRecord, mentorship_id)
        return found if found is not None and found.team_id == team_id else None

    def set_status_if(
        self, team_id: str, mentorship_id: int, expected: str | Sequence[str], status: str, **values: object
    ) -> bool:
        """Move a mentorship from `expected` (a status or several) to `status` (with these column
        values); False when it was not in `expected` any more (someone else changed it first).

        `UPDATE … WHERE status IN expected RETURNING id`: of two racing transactions the second waits
        for the first's row lock, then matches nothing (PostgreSQL); SQLite runs them one at a time.
        """
        allowed = [expected] if isinstance(expected, str) else list(expected)
        changed = self.session.execute(
            update(MentorshipRecord)
            .where(
                MentorshipRecord.id == mentorship_id,
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(allowed),
            )
            .values(status=status, **values)
            .returning(MentorshipRecord.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            return False
        self.session.get(MentorshipRecord, mentorship_id, populate_existing=True)
        return True

    def mentorships_of(
        self, team_id: str, person_id: int, statuses: Sequence[str] = LIVE
    ) -> list[MentorshipRecord]:
        """Return a person's mentorships (as mentor or mentee) with these statuses, oldest first."""
        query = select(MentorshipRecord).where(
            MentorshipRecord.team_id == team_id,
            or_(MentorshipRecord.mentor_id == person_id, MentorshipRecord.mentee_id == person_id),
        )
        if statuses:
            query = query.where(MentorshipRecord.status.in_(list(statuses)))
        return list(self.session.scalars(query.order_by(MentorshipRecord.id)).unique())

    # -- goals ----------------------------------------------------------------------------------
    def add(self, record: object) -> None:
        """Add a new record and flush to assign its id."""
        self.session.add(record)
        self.session.flush()

    def goal(self, team_id: str, goal_id: int) -> GoalRecord | None:
        """Return a goal in this workspace."""
        found = self.session.get(GoalRecord, goal_id)
        return found if found is not None and found.team_id == team_id else None

    def goals_in(self, team_id: str, mentorship_ids: Sequence[int]) -> list[GoalRecord]:
        """Return the goals of these mentorships, oldest first."""
        if not mentorship_ids:
            return []
        return list(
            self.session.scalars(
                select(GoalRecord)
                .where(GoalRecord.team_id == team_id, GoalRecord.mentorship_id.in_(list(mentorship_ids)))
                .order_by(GoalRecord.id)
            )
        )

    def thanked_after_end_in(self, team_id: str, author_id: int, mentorship_ids: Sequence[int]) -> set[int]:
        """Return which of these ended mentorships the person has sent their former partner feedback
        (thanks) in since it ended; feedback from while it ran doesn't count."""
        if not mentorship_ids:
            return set()
        return set(
            self.session.scalars(
                select(FeedbackRecord.mentorship_id)
                .join(MentorshipRecord, MentorshipRecord.id == FeedbackRecord.mentorship_id)
                .where(
                    FeedbackRecord.team_id == team_id,
                    FeedbackRecord.author_id == author_id,
                    FeedbackRecord.mentorship_id.in_(list(mentorship_ids)),
                    MentorshipRecord.ended_at.is_not(None),
                    FeedbackRecord.created_at >= MentorshipRecord.ended_at,
                )
            )
        )

    def milestone(self, team_id: str, milestone_id: int) -> MilestoneRecord | None:
        """Return a milestone in this workspace."""
        found = self.session.get(MilestoneRecord, milestone_id)
        return found if found is not None and found.team_id == team_id else None

    def tick_off_if_open(self, team_id: str, item_id: int, when: datetime) -> bool:
        """Mark an action item done unless it is done already; True when this call did (conditional update)."""
        changed = self.session.execute(
            update(ActionItemRecord)
            .where(
                ActionItemRecord.id == item_id,
                ActionItemRecord.team_id == team_id,
                ActionItemRecord.done_at.is_(None),
            )
            .values(done_at=when)
            .returning(ActionItemRecord.id)
            .execution_options(synchronize_session=False)
        ).first()
        return changed is not None

    def achieve_if_active(self, team_id: str, goal_id: int, when: datetime) -> bool:
        """Mark an active goal achieved (progress 100); True when this call did (conditional update)."""
        changed = self.session.execute(
            update(GoalRecord)
            .where(GoalRecord.id == goal_id, GoalRecord.team_id == team_id, GoalRecord.status == "active")
            .values(status="achieved", progress=100, achieved_at=when)
            .returning(GoalRecord.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            return False
        self.session.get(GoalRecord, goal_id, populate_existing=True)
        return True

    def complete_milestone_if_open(self, team_id: str, milestone_id: int, when: datetime) -> bool:
        """Tick a milestone off unless it is done already; True when this call did (conditional update)."""
        changed = self.session.execute(
            update(MilestoneRecord)
            .where(
                MilestoneRecord.id == milestone_id,
                MilestoneRecord.team_id == team_id,
                MilestoneRecord.completed_at.is_(None),
            )
            .values(completed_at=when)
            .returning(MilestoneRecord.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            return False
        self.session.get(MilestoneRecord, milestone_id, populate_existing=True)
        return True

    # -- sessions and action items --------------------------------------------------------------
    def sessions_in(self, team_id: str, mentorship_ids: Sequence[int]) -> list[SessionLogRecord]:
        """Return the session logs of these mentorships, oldest first."""
        if not mentorship_ids:
            return []
        return list(
            self.session.scalars(
                select(SessionLogRecord)
                .where(
                    SessionLogRecord.team_id == team_id,
                    SessionLogRecord.mentorship_id.in_(list(mentorship_ids)),
                )
                .order_by(SessionLogRecord.held_on, SessionLogRecord.id)
            )
        )

    def action_items_in(
        self, team_id: str, mentorship_ids: Sequence[int], *, open_only: bool = False
    ) -> list[ActionItemRecord]:
        """Return the action items of these mentorships (only open ones if asked), oldest first."""
        if not mentorship_ids:
            return []
        query = select(ActionItemRecord).where(
            ActionItemRecord.team_id == team_id, ActionItemRecord.mentorship_id.in_(list(mentorship_ids))
        )
        if open_only:
            query = query.where(ActionItemRecord.done_at.is_(None))
        return list(self.session.scalars(query.order_by(ActionItemRecord.id)))

    def action_item(self, team_id: str, item_id: int) -> ActionItemRecord | None:
        """Return an action item in this workspace."""
        found = self.session.get(ActionItemRecord, item_id)
        return found if found is not None and found.team_id == team_id else None

    # -- feedback, reflections, requests, concerns ----------------------------------------------
    def feedback_of(self, team_id: str, person_id: int) -> list[FeedbackRecord]:
        """Return feedback a person wrote or received, oldest first."""
        return list(
            self.session.scalars(
                select(FeedbackRecord)
                .where(
                    FeedbackRecord.team_id == team_id,
                    or_(FeedbackRecord.author_id == person_id, FeedbackRecord.recipient_id == person_id),
                )
                .order_by(FeedbackRecord.id)
            )
        )

    def reflections_of(self, team_id: str, person_id: int) -> list[ReflectionRecord]:
        """Return a person's reflections, oldest first."""
        return list(
            self.session.scalars(
                select(ReflectionRecord)
                .where(ReflectionRecord.team_id == team_id, ReflectionRecord.person_id == person_id)
                .order_by(ReflectionRecord.id)
            )
        )

    def requests_of(self, team_id: str, person_id: int) -> list[MentorRequestRecord]:
        """Return mentor requests a person sent or received, oldest first."""
        return list(
            self.session.scalars(
                select(MentorRequestRecord)
                .where(
                    MentorRequestRecord.team_id == team_id,
                    or_(
                        MentorRequestRecord.mentee_id == person_id,
                        MentorRequestRecord.mentor_id == person_id,
                    ),
                )
                .order_by(MentorRequestRecord.id)
            ).unique()
        )

    def concerns_of(self, team_id: str, person_id: int) -> list[ConcernRecord]:
        """Return the concern rows a person raised (they hold no text)."""
        return list(
            self.session.scalars(
                select(ConcernRecord)
                .where(ConcernRecord.team_id == team_id, ConcernRecord.author_id == person_id)
                .order_by(ConcernRecord.id)
            )
        )

    def ratings(self, team_id: str) -> list[int]:
        """Return every program-level rating given with feedback (for aggregates only)."""
        return [
            int(r)
            for r in self.session.scalars(
                select(FeedbackRecord.program_rating).where(
                    FeedbackRecord.team_id == team_id, FeedbackRecord.program_rating.is_not(None)
                )
            )
            if r is not None
        ]

    def take_back_shoutouts(self, team_id: str, mentorship_ids: Sequence[int]) -> list[tuple[str, str]]:
        """Cancel unsent public shout-outs about these mentorships and return (channel, ts) of the
        posted ones, whose stored payloads (the names) are dropped; the caller deletes the posts."""
        if not mentorship_ids:
            return []
        about = (
            ScheduledMessageRecord.team_id == team_id,
            ScheduledMessageRecord.kind == "shoutout",
            ScheduledMessageRecord.mentorship_id.in_(mentorship_ids),
        )
        self.session.execute(
            update(ScheduledMessageRecord)
            .where(*about, ScheduledMessageRecord.state.in_(("pending", "failed", "unknown")))
            .values(state="cancelled", payload={})
        )
        posted = list(
            self.session.scalars(
                select(ScheduledMessageRecord).where(*about, ScheduledMessageRecord.state == "sent")
            )
        )
        for row in posted:
            row.payload = {}
        return [(row.slack_channel, row.slack_ts) for row in posted if row.slack_channel and row.slack_ts]

    def cancel_messages_to(self, team_id: str, recipient: str) -> None:
        """Cancel scheduled messages not yet sent to a person, dropping their payloads."""
        self.session.execute(
            update(ScheduledMessageRecord)
            .where(
                ScheduledMessageRecord.team_id == team_id,
                ScheduledMessageRecord.recipient == recipient,
                ScheduledMessageRecord.state.in_(("pending", "failed", "unknown")),
            )
            .values(state="cancelled", payload={})
        )
