"""Repository for a program's custom profile questions and its members' answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.records import AnswerRecord, QuestionRecord


class CriteriaRepository:
    """Custom questions (per program) and answers (per membership) of one workspace."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def questions(
        self, team_id: str, program_id: int, *, include_archived: bool = False
    ) -> list[QuestionRecord]:
        """The program's questions in the admin's order (open ones first)."""
        query = select(QuestionRecord).where(
            QuestionRecord.team_id == team_id, QuestionRecord.program_id == program_id
        )
        if not include_archived:
            query = query.where(QuestionRecord.archived.is_(False))
        rows = list(self.session.scalars(query.order_by(QuestionRecord.position, QuestionRecord.id)))
        return sorted(rows, key=lambda q: (q.archived, q.position, q.id))

    def question(self, team_id: str, question_id: int) -> QuestionRecord | None:
        """One question of this workspace, if it exists."""
        found = self.session.get(QuestionRecord, question_id)
        return found if found is not None and found.team_id == team_id else None

    def add_question(self, record: QuestionRecord) -> QuestionRecord:
        """Store a new question (its id is set)."""
        self.session.add(record)
        self.session.flush()
        return record

    def answers(self, team_id: str, person_ids: Sequence[int]) -> dict[int, dict[str, list[Any]]]:
        """person id -> question key -> option ids, for these memberships."""
        found: dict[int, dict[str, list[Any]]] = {}
        ids = sorted(set(person_ids))
        for start in range(0, len(ids), 1000):
            rows = self.session.scalars(
                select(AnswerRecord).where(
                    AnswerRecord.team_id == team_id, AnswerRecord.person_id.in_(ids[start : start + 1000])
                )
            )
            for row in rows:
                found.setdefault(row.person_id, {})[row.question_key] = list(row.values or [])
        return found

    def set_answer(
        self, team_id: str, person_id: int, key: str, values: Sequence[str], now: datetime
    ) -> None:
        """Replace one membership's answer to one question (an empty answer is kept as empty)."""
        row = self.session.scalars(
            select(AnswerRecord).where(
                AnswerRecord.team_id == team_id,
                AnswerRecord.person_id == person_id,
                AnswerRecord.question_key == key,
            )
        ).first()
        if row is None:
            self.session.add(
                AnswerRecord(
                    team_id=team_id,
                    person_id=person_id,
                    question_key=key,
                    values=list(values),
                    updated_at=now,
                )
            )
        elif list(row.values or []) != list(values):
            row.values = list(values)
            row.updated_at = now

    def erase_answers(self, team_id: str, person_id: int) -> None:
        """Forget every answer of one membership."""
        for row in self.session.scalars(
            select(AnswerRecord).where(AnswerRecord.team_id == team_id, AnswerRecord.person_id == person_id)
        ):
            self.session.delete(row)
