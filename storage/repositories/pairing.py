"""Repositories for pairing: mentorships, mentee requests and matching rounds.

Row locks: `lock_people` takes `SELECT ... FOR UPDATE` on PostgreSQL (in id order, so two
transactions never wait on each other in a cycle). SQLite has no row locks; there every
transaction already starts with BEGIN IMMEDIATE (storage.db), so writers run one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from storage.records import (
    IdentityRecord,
    MatchRoundRecord,
    MentorRequestRecord,
    MentorshipRecord,
    PersonRecord,
)
from storage.scope import scoped

OPEN_STATUSES = ("active", "paused")


def _in_program(column: Any, program_id: int | None) -> Any:
    """Rows of this program, else of the request's program (storage.scope), else all."""
    return column == program_id if program_id is not None else scoped(column)


def _paired_since_request(team_id: str, mentee: Any) -> Any:
    """EXISTS a mentorship of the request's mentor and `mentee` started at or after the request
    (an answer from before two people were paired no longer counts)."""
    return (
        select(MentorshipRecord.id)
        .where(
            MentorshipRecord.team_id == team_id,
            MentorshipRecord.mentor_id == MentorRequestRecord.mentor_id,
            MentorshipRecord.mentee_id == mentee,
            MentorshipRecord.started_at >= MentorRequestRecord.created_at,
        )
        .exists()
    )


class PairingRepository:
    """Mentorships, requests and rounds of one workspace."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- people ---------------------------------------------------------------------------------
    def lock_people(self, team_id: str, person_ids: Sequence[int]) -> dict[int, PersonRecord]:
        """Lock these people's rows for the rest of the transaction; return them by id."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(PersonRecord)
            .where(PersonRecord.team_id == team_id, PersonRecord.id.in_(ids))
            .order_by(PersonRecord.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {p.id: p for p in rows}

    def managers(self, team_id: str) -> dict[str, str | None]:
        """Return Slack user id -> manager's Slack user id for everyone whose manager is known.

        A reporting line is a reporting line in every program: this reads the shared identities.
        """
        rows = self.session.execute(
            select(IdentityRecord.slack_user_id, IdentityRecord.manager_slack_id).where(
                IdentityRecord.team_id == team_id, IdentityRecord.manager_slack_id.is_not(None)
            )
        )
        return {str(user): (str(manager) if manager else None) for user, manager in rows}

    # -- mentorships ------------------------------------------------------------------------------
    def mentorship(self, team_id: str, mentorship_id: int) -> MentorshipRecord | None:
        """Return a mentorship of this workspace by id."""
        record = self.session.get(MentorshipRecord, mentorship_id)
        return record if record is not None and record.team_id == team_id else None

    def all_mentorships(self, team_id: str, program_id: int | None = None) -> list[MentorshipRecord]:
        """Return every mentorship ever made in the program (for its matching history: repeats and
        cooldowns are per program, so a pair in another program never counts here)."""
        return list(
            self.session.scalars(
                select(MentorshipRecord)
                .where(
                    MentorshipRecord.team_id == team_id,
                    _in_program(MentorshipRecord.program_id, program_id),
                )
                .order_by(MentorshipRecord.id)
            )
        )

    def open_mentorships_of(self, team_id: str, person_id: int) -> list[MentorshipRecord]:
        """Return the person's active or paused mentorships, on either side, oldest first."""
        return list(
            self.session.scalars(
                select(MentorshipRecord)
                .where(
                    MentorshipRecord.team_id == team_id,
                    MentorshipRecord.status.in_(OPEN_STATUSES),
                    or_(MentorshipRecord.mentor_id == person_id, MentorshipRecord.mentee_id == person_id),
                )
                .order_by(MentorshipRecord.id)
            )
        )

    def open_mentee_counts(self, team_id: str, program_id: int | None = None) -> dict[int, int]:
        """Return mentor membership id -> number of active or paused mentorships they mentor."""
        rows = self.session.execute(
            select(MentorshipRecord.mentor_id, func.count())
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(OPEN_STATUSES),
                _in_program(MentorshipRecord.program_id, program_id),
            )
            .group_by(MentorshipRecord.mentor_id)
        )
        return {int(mentor): int(count) for mentor, count in rows}

    def open_mentees_by_identity(self, team_id: str, program_id: int | None = None) -> dict[int, int]:
        """Return identity id -> active or paused mentorships they mentor in every program (the
        workspace cap's load); with a program, only for people who have a membership in it."""
        query = (
            select(PersonRecord.identity_id, func.count())
            .select_from(MentorshipRecord)
            .join(PersonRecord, PersonRecord.id == MentorshipRecord.mentor_id)
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(OPEN_STATUSES),
            )
        )
        if program_id is not None:
            members = select(PersonRecord.identity_id).where(
                PersonRecord.team_id == team_id, PersonRecord.program_id == program_id
            )
            query = query.where(PersonRecord.identity_id.in_(members.scalar_subquery()))
        rows = self.session.execute(query.group_by(PersonRecord.identity_id))
        return {int(identity): int(count) for identity, count in rows}

    def open_mentees_of_identity(self, team_id: str, identity_id: int) -> int:
        """How many active or paused mentorships this person mentors across all programs."""
        found = self.session.scalar(
            select(func.count())
            .select_from(MentorshipRecord)
            .join(PersonRecord, PersonRecord.id == MentorshipRecord.mentor_id)
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(OPEN_STATUSES),
                PersonRecord.identity_id == identity_id,
            )
        )
        return int(found or 0)

    def has_open_mentor(self, team_id: str, mentee_id: int) -> bool:
        """Whether the person already has an active or paused mentor."""
        found = self.session.scalars(
            select(MentorshipRecord.id).where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.mentee_id == mentee_id,
                MentorshipRecord.status.in_(OPEN_STATUSES),
            )
        ).first()
        return found is not None

    def mentee_ids_with_mentor(self, team_id: str, program_id: int | None = None) -> set[int]:
        """Return the membership ids of everyone who has an active or paused mentor (in the program)."""
        rows = self.session.scalars(
            select(MentorshipRecord.mentee_id).where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.status.in_(OPEN_STATUSES),
                _in_program(MentorshipRecord.program_id, program_id),
            )
        )
        return {int(r) for r in rows}

    def add(self, record: object) -> None:
        """Add a new row and flush to assign its id."""
        self.session.add(record)
        self.session.flush()

    # -- requests ---------------------------------------------------------------------------------
    def request(self, team_id: str, request_id: int) -> MentorRequestRecord | None:
        """Return a request of this workspace by id."""
        record = self.session.get(MentorRequestRecord, request_id, populate_existing=True)
        return record if record is not None and record.team_id == team_id else None

    def _pending(self, team_id: str, now: datetime | None, *where: Any) -> list[MentorRequestRecord]:
        query = select(MentorRequestRecord).where(
            MentorRequestRecord.team_id == team_id, MentorRequestRecord.status == "pending", *where
        )
        if now is not None:  # overdue requests still pending await the scheduler, which expires them
            query = query.where(MentorRequestRecord.expires_at > now)
        return list(self.session.scalars(query.order_by(MentorRequestRecord.id)))

    def pending_from(
        self, team_id: str, mentee_id: int, now: datetime | None = None
    ) -> list[MentorRequestRecord]:
        """Return the mentee's pending requests (not yet overdue at `now`), oldest first."""
        return self._pending(team_id, now, MentorRequestRecord.mentee_id == mentee_id)

    def pending_to(
        self, team_id: str, mentor_id: int, now: datetime | None = None
    ) -> list[MentorRequestRecord]:
        """Return the pending requests a mentor received (not yet overdue at `now`), oldest first."""
        return self._pending(team_id, now, MentorRequestRecord.mentor_id == mentor_id)

    def asked_mentor_ids(self, team_id: str, mentee_id: int, now: datetime) -> set[int]:
        """Return the mentors this mentee has a live request with, was declined by, or got no answer from.

        An answer from before the two were paired no longer counts: they are former partners now
        (the repeat cooldown decides when they may be suggested again).
        """
        paired_later = _paired_since_request(team_id, mentee_id)
        rows = self.session.scalars(
            select(MentorRequestRecord.mentor_id).where(
                MentorRequestRecord.team_id == team_id,
                MentorRequestRecord.mentee_id == mentee_id,
                (MentorRequestRecord.status.in_(("declined", "expired")) & ~paired_later)
                | ((MentorRequestRecord.status == "pending") & (MentorRequestRecord.expires_at > now)),
            )
        )
        return {int(r) for r in rows}

    def turned_down(
        self, team_id: str, program_id: int | None, now: datetime, since: datetime | None
    ) -> set[tuple[int, int]]:
        """(mentee id, mentor id) of requests the mentor declined or let lapse (marked expired or
        still pending past `expires_at`), answered or lapsed at or after `since` (None: ever), and
        not followed by a mentorship of the two."""
        paired_later = _paired_since_request(team_id, MentorRequestRecord.mentee_id)
        answered = func.coalesce(MentorRequestRecord.responded_at, MentorRequestRecord.expires_at)
        query = select(MentorRequestRecord.mentee_id, MentorRequestRecord.mentor_id).where(
            MentorRequestRecord.team_id == team_id,
            _in_program(MentorRequestRecord.program_id, program_id),
            MentorRequestRecord.status.in_(("declined", "expired"))
            | ((MentorRequestRecord.status == "pending") & (MentorRequestRecord.expires_at <= now)),
            ~paired_later,
        )
        if since is not None:
            query = query.where(answered >= since)
        return {(int(a), int(b)) for a, b in self.session.execute(query)}

    # -- rounds -----------------------------------------------------------------------------------
    def round(self, team_id: str, round_id: int) -> MatchRoundRecord | None:
        """Return a matching round of this workspace by id."""
        record = self.session.get(MatchRoundRecord, round_id, populate_existing=True)
        return record if record is not None and record.team_id == team_id else None

    def proposed_rounds(self, team_id: str, program_id: int | None = None) -> list[MatchRoundRecord]:
        """Return the program's rounds still waiting for a decision."""
        return list(
            self.session.scalars(
                select(MatchRoundRecord).where(
                    MatchRoundRecord.team_id == team_id,
                    MatchRoundRecord.status == "proposed",
                    _in_program(MatchRoundRecord.program_id, program_id),
                )
            )
        )

    def rounds_of(self, team_id: str, program_id: int, limit: int = 20) -> list[MatchRoundRecord]:
        """The program's latest rounds, newest first."""
        return list(
            self.session.scalars(
                select(MatchRoundRecord)
                .where(MatchRoundRecord.team_id == team_id, MatchRoundRecord.program_id == program_id)
                .order_by(MatchRoundRecord.id.desc())
                .limit(limit)
            )
        )

    def decide_round(
        self,
        team_id: str,
        round_id: int,
        status: str,
        decided_by: str | None,
        now: datetime,
        revision: int | None = None,
    ) -> bool:
        """Move a proposed round to `status` (only at `revision`, when given); False when it was
        already decided (by anyone) or edited since."""
        result = self.session.execute(
            update(MatchRoundRecord)
            .where(
                MatchRoundRecord.id == round_id,
                MatchRoundRecord.team_id == team_id,
                MatchRoundRecord.status == "proposed",
                *([MatchRoundRecord.revision == revision] if revision is not None else []),
            )
            .values(status=status, decided_by=decided_by, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def edit_round(self, team_id: str, round_id: int, revision: int, proposal: dict[str, Any]) -> bool:
        """Store an edited proposal if the round is still proposed and still at `revision` (the
        revision moves on); False when another edit or a decision came first."""
        result = self.session.execute(
            update(MatchRoundRecord)
            .where(
                MatchRoundRecord.id == round_id,
                MatchRoundRecord.team_id == team_id,
                MatchRoundRecord.status == "proposed",
                MatchRoundRecord.revision == revision,
            )
            .values(proposal=proposal, revision=revision + 1)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1
