"""What ending a mentorship means, whoever ends it: the pair, an admin, or an erasure."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import object_session

from bot.services.calendar import end_series
from storage.records import GoalRecord, MentorshipRecord, ScheduledMessageRecord
from storage.repositories.scheduling import SchedulingRepository


def conclude(
    record: MentorshipRecord,
    now: datetime,
    reason: str,
    *,
    ended_by: int | None = None,
    stay_in_touch: bool = False,
) -> None:
    """End a mentorship: its open goals close, its unsent scheduled messages are cancelled, and
    a calendar invite the pair received is re-issued to end the series now.

    Runs in the transaction that loaded the record.
    """
    session = object_session(record)
    if session is None:
        raise RuntimeError("conclude() needs a record loaded in an open unit of work")
    record.status = "ended"
    record.ended_at = now
    record.end_reason = reason
    record.ended_by = ended_by
    record.stay_in_touch = stay_in_touch
    record.paused_until = None
    session.execute(
        update(GoalRecord)
        .where(GoalRecord.mentorship_id == record.id, GoalRecord.status == "active")
        .values(status="closed")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(ScheduledMessageRecord)
        .where(
            ScheduledMessageRecord.team_id == record.team_id,
            ScheduledMessageRecord.mentorship_id == record.id,
            ScheduledMessageRecord.state == "pending",
        )
        .values(state="cancelled", payload={})
        .execution_options(synchronize_session=False)
    )
    # A calendar series that reached the pair ends now, not on the planned date.
    end_series(SchedulingRepository(session), record, now)
