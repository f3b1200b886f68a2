"""Mentee requests: preview, send, accept (never beyond capacity, never twice), decline."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.domain.dates import working_deadline
from bot.domain.matching.rules import constraint_violation, score_pair
from bot.domain.pairing_rules import MAX_PENDING_REQUESTS, check_decline_note, check_request_message
from bot.services import programs
from bot.services.avoid import private_block
from bot.services.criteria import matching_inputs
from bot.services.pairing.common import (
    MENTOR_ROLES,
    PairingRefused,
    card,
    initial_cadence,
    mentee_for_request,
    request_info,
    withdraw_others,
)
from bot.services.pairing.outcomes import (
    AcceptOutcome,
    DeclineOutcome,
    NewPair,
    RequestCreated,
    RequestInfo,
    Suggestion,
)
from bot.services.pairing.pool import Pool, load_pool, to_participant, weights_from
from storage.records import MentorRequestRecord, MentorshipRecord, PersonRecord
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


def _program_of_mentor(uow: UnitOfWork, team_id: str, mentor_id: int) -> int | None:
    """The program of the mentor asked (a request is always within one program)."""
    mentor = uow.people.get(team_id, mentor_id)
    return mentor.program_id if mentor is not None else None


def _check_request(
    uow: UnitOfWork, team_id: str, person: PersonRecord, mentor_id: int, now: datetime
) -> tuple[PersonRecord, Pool, list[MentorRequestRecord]]:
    repo = uow.repo(PairingRepository)
    mentor = uow.people.get(team_id, mentor_id)
    # Requests happen within the mentee's program: a mentor of another program is not offered.
    if mentor is None or mentor.role not in MENTOR_ROLES or mentor.program_id != person.program_id:
        raise PairingRefused("mentor_gone")
    if programs.at_cap(uow, team_id, mentor.identity_id):
        raise PairingRefused("mentor_at_cap", mentor=mentor.slack_user_id)
    pending = repo.pending_from(team_id, person.id, now)
    if any(r.mentor_id == mentor.id for r in pending):
        raise PairingRefused("duplicate", mentor=mentor.slack_user_id)
    if len(pending) >= MAX_PENDING_REQUESTS:
        raise PairingRefused("limit", limit=MAX_PENDING_REQUESTS)
    pool = load_pool(uow, team_id, now, person.program_id)
    violation = constraint_violation(
        pool.participants[person.id],
        pool.participants[mentor.id],
        pool.history,
        pool.managers,
        now,
        pool.weights.criteria,
    )
    if violation is not None:
        raise PairingRefused("violation_" + str(violation), mentor=mentor.slack_user_id)
    return mentor, pool, pending


def preview_request(deps: Deps, team_id: str, mentee_slack_id: str, mentor_id: int) -> Suggestion:
    """Check a request may be sent and return the mentor with why they fit (no changes made)."""
    now = deps.clock()
    with deps.uow() as uow:
        person = mentee_for_request(
            uow, team_id, mentee_slack_id, _program_of_mentor(uow, team_id, mentor_id)
        )
        mentor, pool, _ = _check_request(uow, team_id, person, mentor_id, now)
        scored = score_pair(pool.participants[person.id], pool.participants[mentor.id], pool.weights, now)
        return Suggestion(card(mentor), scored.score, scored.reasons, scored.cautions)


def create_request(
    deps: Deps, team_id: str, mentee_slack_id: str, mentor_id: int, message: str
) -> RequestCreated:
    """Send a mentee's request with a personal message to a mentor (at most three pending)."""
    problem = check_request_message(message)
    if problem:
        raise PairingRefused(problem)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        person = mentee_for_request(
            uow, team_id, mentee_slack_id, _program_of_mentor(uow, team_id, mentor_id)
        )
        repo.lock_people(team_id, [person.id])
        mentor, pool, pending = _check_request(uow, team_id, person, mentor_id, now)
        record = MentorRequestRecord(
            team_id=team_id,
            program_id=person.program_id,
            mentee_id=person.id,
            mentor_id=mentor.id,
            message=message.strip(),
            status="pending",
            decline_note="",
            created_at=now,
            expires_at=working_deadline(
                now + timedelta(days=max(1, pool.settings.request_expiry_days)), mentor.timezone or "UTC"
            ),
        )
        repo.add(record)
        scored = score_pair(pool.participants[person.id], pool.participants[mentor.id], pool.weights, now)
        logger.info("request created team=%s request=%s", team_id, record.id)
        return RequestCreated(
            request_id=record.id,
            mentee=card(person),
            mentor=card(mentor),
            message=record.message,
            expires_at=record.expires_at,
            pending=len(pending) + 1,
            reasons=scored.reasons,
            cautions=scored.cautions,
            mentor_taken=pool.open_counts.get(mentor.id, 0),
        )


def set_request_prompt(deps: Deps, team_id: str, request_id: int, channel: str, ts: str) -> None:
    """Remember where the mentor's prompt is, so it can be updated after a decision."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).request(team_id, request_id)
        if record is not None:
            record.prompt_channel, record.prompt_ts = channel, ts


def _mentor_request(
    uow: UnitOfWork, team_id: str, mentor_slack_id: str, request_id: int
) -> MentorRequestRecord:
    record = uow.repo(PairingRepository).request(team_id, request_id)
    if record is None or record.mentor.slack_user_id != mentor_slack_id:
        raise PairingRefused("request_gone")
    return record


def pending_request(deps: Deps, team_id: str, mentor_slack_id: str, request_id: int) -> RequestInfo:
    """Return a request the mentor may still answer (for the decline modal)."""
    now = deps.clock()
    with deps.uow() as uow:
        record = _mentor_request(uow, team_id, mentor_slack_id, request_id)
        info = request_info(record)
    # An overdue request is expired by the scheduler, which also tells the mentee.
    status = "expired" if info.status == "pending" and info.expires_at <= now else info.status
    if status != "pending":
        raise PairingRefused("answered_" + status, mentee=info.mentee.slack_user_id)
    return info


def accept_request(deps: Deps, team_id: str, mentor_slack_id: str, request_id: int) -> AcceptOutcome:
    """Accept a request atomically: never beyond the mentor's capacity, never twice."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        first = _mentor_request(uow, team_id, mentor_slack_id, request_id)
        locked = repo.lock_people(team_id, [first.mentor_id, first.mentee_id])
        record = repo.request(team_id, request_id)  # re-read under the lock
        assert record is not None  # noqa: S101 - it was there a moment ago and requests are never deleted
        if record.status != "pending":
            raise PairingRefused("answered_" + record.status, mentee=record.mentee.slack_user_id)
        mentor, mentee = locked[record.mentor_id], locked[record.mentee_id]
        if record.expires_at <= now:
            # Left pending: the scheduler expires it and tells the mentee (and updates this prompt).
            return AcceptOutcome(kind="expired", request=request_info(record))
        blocked = private_block(uow, team_id, mentor.slack_user_id, mentee.slack_user_id)
        if mentee.status != "active" or repo.has_open_mentor(team_id, mentee.id) or blocked:
            # A private "don't pair me with" added since reads as the mentee being unavailable.
            record.status, record.responded_at = "withdrawn", now
            return AcceptOutcome(kind="mentee_unavailable", request=request_info(record))
        taken = repo.open_mentee_counts(team_id, record.program_id).get(mentor.id, 0)
        if taken >= max(0, mentor.capacity):
            record.status, record.responded_at = "declined", now
            logger.info("request closed: mentor full team=%s request=%s", team_id, record.id)
            return AcceptOutcome(kind="full", request=request_info(record), capacity=mentor.capacity)
        if programs.at_cap(uow, team_id, mentor.identity_id):
            # Across all programs the mentor is at the workspace's cap: nothing changes.
            raise PairingRefused("you_at_cap", cap=programs.workspace_cap(uow, team_id))
        settings = uow.programs.settings(team_id, now, record.program_id)
        criteria, answers = matching_inputs(uow, team_id, record.program_id, [mentee.id, mentor.id])
        weights = weights_from(settings.matching_weights, criteria)
        scored = score_pair(
            to_participant(mentee, answers=answers.get(mentee.id, ())),
            to_participant(mentor, taken, answers=answers.get(mentor.id, ())),
            weights,
            now,
        )
        mentorship = MentorshipRecord(
            team_id=team_id,
            program_id=record.program_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active",
            source="request",
            match_score=scored.score,
            match_reasons=list(scored.reasons),
            started_at=now,
            cadence=initial_cadence(mentee, mentor, settings.default_cadence),
            agreement_status="none",
        )
        repo.add(mentorship)
        record.status, record.responded_at, record.mentorship_id = "accepted", now, mentorship.id
        withdrawn = withdraw_others(repo, team_id, mentee.id, record.id, now)
        logger.info(
            "request accepted team=%s request=%s mentorship=%s withdrawn=%d",
            team_id,
            record.id,
            mentorship.id,
            len(withdrawn),
        )
        pair = NewPair(mentorship.id, card(mentor), card(mentee), scored.score, scored.reasons, "request")
        return AcceptOutcome(
            kind="accepted",
            request=request_info(record),
            pair=pair,
            withdrawn=withdrawn,
            capacity=mentor.capacity,
        )


def decline_request(
    deps: Deps, team_id: str, mentor_slack_id: str, request_id: int, note: str = ""
) -> DeclineOutcome:
    """Decline a pending request, with an optional kind note for the mentee."""
    problem = check_decline_note(note)
    if problem:
        raise PairingRefused(problem)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        first = _mentor_request(uow, team_id, mentor_slack_id, request_id)
        repo.lock_people(team_id, [first.mentor_id])
        record = repo.request(team_id, request_id)
        assert record is not None  # noqa: S101 - requests are never deleted
        if record.status != "pending":
            raise PairingRefused("answered_" + record.status, mentee=record.mentee.slack_user_id)
        record.status, record.responded_at = "declined", now
        record.decline_note = (note or "").strip()
        logger.info("request declined team=%s request=%s", team_id, record.id)
        return DeclineOutcome(request=request_info(record), note=record.decline_note)
