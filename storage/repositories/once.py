"""One-time form tokens and transition choices: the records that make an action happen once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import SelectBase, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.records import FormTokenRecord, TransitionChoiceRecord


def _insert_if_absent(session: Session, record: type[Any], values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id; True when this call inserted the row.

    RETURNING, not rowcount: psycopg reports -1 as the rowcount of such an insert.
    """
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(record).values(**values).on_conflict_do_nothing().returning(record.id)
    return session.execute(statement).first() is not None


class FormTokenRepository:
    """Tokens given to opened forms; consuming one is a conditional update, so only one save wins."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def issue(self, team_id: str, user_id: str, callback_id: str, token: str, now: datetime) -> None:
        """Store a fresh, unused token for a form just opened."""
        self.session.add(
            FormTokenRecord(
                token=token, team_id=team_id, user_id=user_id, callback_id=callback_id[:64], created_at=now
            )
        )

    def consume(self, team_id: str, user_id: str, callback_id: str, token: str, now: datetime) -> bool | None:
        """Mark the token used: True if this call did, False if it was used already, None if unknown.

        `UPDATE … WHERE used_at IS NULL` takes the row lock: of two transactions racing, the second
        waits for the first and then updates nothing (PostgreSQL); SQLite runs them one at a time.
        """
        result = self.session.execute(
            update(FormTokenRecord)
            .where(
                FormTokenRecord.token == token,
                FormTokenRecord.team_id == team_id,
                FormTokenRecord.user_id == user_id,
                FormTokenRecord.callback_id == callback_id[:64],
                FormTokenRecord.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if int(getattr(result, "rowcount", 0) or 0) == 1:
            return True
        known = self.session.scalar(
            select(FormTokenRecord.id).where(
                FormTokenRecord.token == token,
                FormTokenRecord.team_id == team_id,
                FormTokenRecord.user_id == user_id,
            )
        )
        return False if known is not None else None

    def use_key(self, team_id: str, user_id: str, callback_id: str, key: str, now: datetime) -> bool:
        """Record a used key (a submission without a known token); False when it was used already."""
        values = {
            "token": key[:160],
            "team_id": team_id,
            "user_id": user_id,
            "callback_id": callback_id[:64],
            "created_at": now,
            "used_at": now,
        }
        return _insert_if_absent(self.session, FormTokenRecord, values)

    def purge_before(self, cutoff: datetime) -> int:
        """Delete tokens created before the cutoff (used or not: the form is long gone)."""
        result = self.session.execute(delete(FormTokenRecord).where(FormTokenRecord.created_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)


class TransitionChoiceRepository:
    """The choice made for a mentorship's end-of-term window: the first one recorded wins."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, team_id: str, mentorship_id: int, window: str, choice: str, chosen_by: str, now: datetime
    ) -> bool:
        """Record the choice if none is recorded for this window; return whether this call did."""
        values = {
            "team_id": team_id,
            "mentorship_id": mentorship_id,
            "window": window[:32],
            "choice": choice,
            "chosen_by": chosen_by,
            "chosen_at": now,
        }
        return _insert_if_absent(self.session, TransitionChoiceRecord, values)

    def decided(self, team_id: str, among: SelectBase | None = None) -> set[tuple[int, str]]:
        """(mentorship id, window) of every window a choice was recorded for in a workspace (for the
        mentorships `among` selects, when given)."""
        query = select(TransitionChoiceRecord.mentorship_id, TransitionChoiceRecord.window).where(
            TransitionChoiceRecord.team_id == team_id
        )
        if among is not None:
            query = query.where(TransitionChoiceRecord.mentorship_id.in_(among))
        return {(int(m), str(w)) for m, w in self.session.execute(query)}

    def get(self, team_id: str, mentorship_id: int, window: str) -> TransitionChoiceRecord | None:
        """The choice recorded for this window, if any."""
        return self.session.scalars(
            select(TransitionChoiceRecord).where(
                TransitionChoiceRecord.team_id == team_id,
                TransitionChoiceRecord.mentorship_id == mentorship_id,
                TransitionChoiceRecord.window == window[:32],
            )
        ).one_or_none()

    def latest(self, team_id: str, mentorship_id: int) -> TransitionChoiceRecord | None:
        """The most recent choice recorded for the mentorship, in any window."""
        return self.session.scalars(
            select(TransitionChoiceRecord)
            .where(
                TransitionChoiceRecord.team_id == team_id,
                TransitionChoiceRecord.mentorship_id == mentorship_id,
            )
            .order_by(TransitionChoiceRecord.id.desc())
            .limit(1)
        ).one_or_none()
