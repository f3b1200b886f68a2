"""Reads for the App Home: check-ins still waiting for an answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.records import ScheduledMessageRecord

M = ScheduledMessageRecord


class HomeRepository:
    """What the Home tab reads beyond the pair's own work, for one Session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open_check_ins(
        self,
        team_id: str,
        recipient: str,
        mentorship_ids: Sequence[int],
        kinds: Sequence[str],
        since: datetime,
    ) -> dict[int, datetime]:
        """Per mentorship, when the latest check-in sent to this person since `since` was sent, if
        that check-in has no answer recorded (remind later, skip)."""
        if not mentorship_ids:
            return {}
        rows = self.session.scalars(
            select(M)
            .where(
                M.team_id == team_id,
                M.recipient == recipient,
                M.mentorship_id.in_(list(mentorship_ids)),
                M.kind.in_(list(kinds)),
                M.state == "sent",
                M.sent_at >= since,
            )
            .order_by(M.sent_at, M.id)
        )
        latest: dict[int, M] = {}
        for row in rows:
            latest[row.mentorship_id] = row
        return {
            mid: row.sent_at
            for mid, row in latest.items()
            if row.sent_at is not None and not (row.payload or {}).get("answer")
        }
