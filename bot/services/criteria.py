"""Custom profile questions: the admin's list (add, edit, archive, restore), members' answers, and
the questions and answers in the matcher's terms.

Questions belong to one program (the request's, storage.scope); answers to one membership. Nothing
here deletes an answer: editing options keeps ids (bot.domain.custom_questions.merge_options),
archiving a question hides it from profiles, imports and matching until it is restored, and a
profile saved again keeps answers that name archived options.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.domain.custom_questions import (
    MAX_QUESTIONS,
    QuestionDraft,
    QuestionErrors,
    QuestionInput,
    validate_question,
)
from bot.domain.custom_questions import merge_options as _merge
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.matching.rules import Criterion, CriterionRule
from bot.services.admins import write_audit
from storage.records import QuestionRecord
from storage.repositories.criteria import CriteriaRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuestionView:
    """A question as the admin list and the forms show it (raw text; escaped at the edge)."""

    id: int
    key: str
    label: str
    kind: str
    options: tuple[tuple[str, str], ...]  # open options: (id, label)
    archived_options: tuple[tuple[str, str], ...]
    rule: str
    weight: float
    reason: str
    archived: bool
    answered: int = 0


def to_view(record: QuestionRecord, answered: int = 0) -> QuestionView:
    """A stored question as the list, the forms and the profile modal show it."""
    return _view(record, answered)


def _view(record: QuestionRecord, answered: int = 0) -> QuestionView:
    options = list(record.options or [])
    return QuestionView(
        id=record.id,
        key=record.key,
        label=record.label,
        kind=record.kind,
        options=tuple((str(o["id"]), str(o["label"])) for o in options if not o.get("archived")),
        archived_options=tuple((str(o["id"]), str(o["label"])) for o in options if o.get("archived")),
        rule=record.rule,
        weight=float(record.weight),
        reason=record.reason or "",
        archived=bool(record.archived),
        answered=answered,
    )


def _program(uow: UnitOfWork, team_id: str, now: datetime) -> int:
    return uow.programs.read_settings(team_id, now).id


def list_questions(deps: Deps, team_id: str, *, include_archived: bool = True) -> list[QuestionView]:
    """The request's program's questions (open first), with how many members answered each."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        program = _program(uow, team_id, now)
        repo = uow.repo(CriteriaRepository)
        questions = repo.questions(team_id, program, include_archived=include_archived)
        members = [p.id for p in uow.people.enrolled(team_id, program)]
        answers = repo.answers(team_id, members)
        return [_view(q, sum(1 for a in answers.values() if a.get(q.key))) for q in questions]


def question(deps: Deps, team_id: str, question_id: int) -> QuestionView:
    """One question of the request's program (NotFound otherwise)."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        found = uow.repo(CriteriaRepository).question(team_id, question_id)
        if found is None or found.program_id != _program(uow, team_id, now):
            raise NotFound("That question no longer exists.")
        return _view(found)


def check_question(
    deps: Deps, team_id: str, data: QuestionInput, question_id: int | None
) -> QuestionDraft | QuestionErrors:
    """Validate a question against the program's other keys and the limit (no changes made)."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        program = _program(uow, team_id, now)
        existing = uow.repo(CriteriaRepository).questions(team_id, program, include_archived=True)
    taken = [q.key for q in existing if q.id != question_id]
    result = validate_question(data, taken, editing=question_id is not None)
    open_count = sum(1 for q in existing if not q.archived and q.id != question_id)
    if question_id is None and open_count >= MAX_QUESTIONS:
        errors = result.fields if isinstance(result, QuestionErrors) else {}
        errors["label"] = f"A program has at most {MAX_QUESTIONS} questions; archive one first."
        return QuestionErrors(errors)
    return result


def save_question(
    deps: Deps, team_id: str, actor: str, draft: QuestionDraft, question_id: int | None = None
) -> QuestionView:
    """Add a question, or edit one (its key stays; options keep their ids); audited."""
    now = deps.clock()
    with deps.uow() as uow:
        program = _program(uow, team_id, now)
        repo = uow.repo(CriteriaRepository)
        existing = repo.questions(team_id, program, include_archived=True)
        if question_id is None:
            if sum(1 for q in existing if not q.archived) >= MAX_QUESTIONS:
                raise NotAllowed(f"A program has at most {MAX_QUESTIONS} questions; archive one first.")
            if any(q.key == draft.key for q in existing):
                raise NotAllowed(f"Another question already uses the key {draft.key}.")
            record = repo.add_question(
                QuestionRecord(
                    team_id=team_id,
                    program_id=program,
                    key=draft.key,
                    label=draft.label,
                    kind=draft.kind,
                    options=_merge([], draft.options),
                    rule=draft.rule,
                    weight=draft.weight,
                    reason=draft.reason,
                    position=max((q.position for q in existing), default=0) + 1,
                    archived=False,
                    created_at=now,
                    updated_by=actor,
                    updated_at=now,
                )
            )
            action = "admin question add"
        else:
            found = repo.question(team_id, question_id)
            if found is None or found.program_id != program:
                raise NotFound("That question no longer exists.")
            record = found
            record.label, record.kind, record.rule = draft.label, draft.kind, draft.rule
            record.weight, record.reason = draft.weight, draft.reason
            record.options = _merge(list(record.options or []), draft.options)
            record.updated_by, record.updated_at = actor, now
            action = "admin question edit"
        write_audit(uow.session, team_id, actor, action, now, f"question:{record.id}")
        logger.info("question saved team=%s question=%s", team_id, record.id)
        return _view(record)


def set_archived(deps: Deps, team_id: str, actor: str, question_id: int, archived: bool) -> QuestionView:
    """Archive a question (answers kept) or restore it (within the limit); audited."""
    now = deps.clock()
    with deps.uow() as uow:
        program = _program(uow, team_id, now)
        repo = uow.repo(CriteriaRepository)
        found = repo.question(team_id, question_id)
        if found is None or found.program_id != program:
            raise NotFound("That question no longer exists.")
        if not archived and found.archived and len(repo.questions(team_id, program)) >= MAX_QUESTIONS:
            raise NotAllowed(f"A program has at most {MAX_QUESTIONS} questions; archive one first.")
        found.archived = archived
        found.updated_by, found.updated_at = actor, now
        verb = "archive" if archived else "restore"
        write_audit(uow.session, team_id, actor, f"admin question {verb}", now, f"question:{found.id}")
        return _view(found)


# -- answers ----------------------------------------------------------------------------------------
def open_questions(uow: UnitOfWork, team_id: str, program_id: int) -> list[QuestionRecord]:
    """The program's open questions, in order."""
    return uow.repo(CriteriaRepository).questions(team_id, program_id)


def answers_of(uow: UnitOfWork, team_id: str, person_id: int) -> dict[str, list[str]]:
    """One membership's answers: question key -> option ids."""
    found = uow.repo(CriteriaRepository).answers(team_id, [person_id]).get(person_id, {})
    return {k: [str(v) for v in values] for k, values in found.items()}


def save_answers(
    uow: UnitOfWork,
    team_id: str,
    person_id: int,
    questions: Sequence[QuestionRecord],
    chosen: Mapping[str, Sequence[str]],
    now: datetime,
) -> None:
    """Store a membership's answers to these questions (only open options are taken; answers that
    name archived options are kept)."""
    repo = uow.repo(CriteriaRepository)
    before = answers_of(uow, team_id, person_id)
    for q in questions:
        if q.key not in chosen:
            continue
        options = list(q.options or [])
        open_ids = [str(o["id"]) for o in options if not o.get("archived")]
        closed_ids = {str(o["id"]) for o in options if o.get("archived")}
        picked = [v for v in open_ids if v in set(chosen[q.key])]
        if q.kind == "single":
            picked = picked[:1]
        kept = [v for v in before.get(q.key, []) if v in closed_ids]
        if q.kind == "single" and picked:
            kept = []
        repo.set_answer(team_id, person_id, q.key, [*picked, *kept], now)


def to_criterion(record: QuestionRecord) -> Criterion:
    """A question in the matcher's terms (open options in order, then archived ones)."""
    options = list(record.options or [])
    ordered = [o for o in options if not o.get("archived")] + [o for o in options if o.get("archived")]
    return Criterion(
        key=record.key,
        label=record.label,
        rule=CriterionRule(record.rule),
        weight=float(record.weight),
        options=tuple((str(o["id"]), str(o["label"])) for o in ordered),
        reason=record.reason or "",
    )


def matching_inputs(
    uow: UnitOfWork, team_id: str, program_id: int, person_ids: Sequence[int]
) -> tuple[tuple[Criterion, ...], dict[int, tuple[tuple[str, tuple[str, ...]], ...]]]:
    """The program's open questions as criteria, and each member's answers to them (sorted by key)."""
    questions = open_questions(uow, team_id, program_id)
    if not questions:
        return (), {}
    keys = {q.key for q in questions}
    found = uow.repo(CriteriaRepository).answers(team_id, person_ids)
    answers: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for person_id, by_key in found.items():
        answers[person_id] = tuple(
            sorted((k, tuple(str(v) for v in values)) for k, values in by_key.items() if k in keys and values)
        )
    return tuple(to_criterion(q) for q in questions), answers


def option_labels(record: QuestionRecord, values: Sequence[Any]) -> list[str]:
    """The labels of these option ids (archived ones too), in the question's order."""
    labels = {str(o["id"]): str(o["label"]) for o in record.options or []}
    return [labels[str(v)] for v in values if str(v) in labels]
