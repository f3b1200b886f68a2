"""Pairing use cases: suggestions, mentee requests, admin matching rounds and the agreement.

Records become matching `Participant`s here (bot.domain.matching.solver does the matching): weights are the
program's `matching_weights` over the `MatchWeights` defaults; a person is available only while
their status is "active"; a mentor's free places are their capacity minus their active and paused
mentorships; managers come from `people.manager_slack_id`; `do_not_match` lists Slack user ids.

Each use case is one transaction. Refusals raise `PairingRefused` (a MentorshipError) with a
code the Slack edge turns into words; nothing changes then. Outcomes that must be kept (a request
found expired, a full mentor's request closed) are returned, not raised, so they commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.domain.errors import MentorshipError
from bot.domain.matching.rules import (
    History,
    MatchProposal,
    MatchWeights,
    Participant,
    PastPair,
    constraint_violation,
    explain_unmatched,
    score_pair,
    summarise_candidates,
)
from bot.domain.matching.solver import propose_matches, suggest_mentors
from bot.domain.pairing_rules import (
    MAX_PENDING_REQUESTS,
    Agreement,
    AgreementInput,
    check_decline_note,
    check_request_message,
    default_end_date,
    validate_agreement,
)
from storage.records import (
    MatchRoundRecord,
    MentorRequestRecord,
    MentorshipRecord,
    PersonRecord,
    ProgramSettingsRecord,
)
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

MENTOR_ROLES = ("mentor", "both")
MENTEE_ROLES = ("mentee", "both")


class PairingRefused(MentorshipError):
    """A pairing rule stopped the action; `code` (and `params`) say which, nothing changed."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# -- what the edge gets back ----------------------------------------------------------------------
@dataclass(frozen=True)
class PersonCard:
    """What is shown about a person: their public profile."""

    person_id: int
    slack_user_id: str
    name: str
    role: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]
    reasons: tuple[str, ...]
    department: str | None
    timezone: str
    cadence: str
    formats: tuple[str, ...]
    intro: str
    capacity: int = 1


@dataclass(frozen=True)
class Suggestion:
    """A mentor suggested to a mentee, with the score and reasons."""

    mentor: PersonCard
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Suggestions:
    """`/mentor find`: the best mentors, or why there are none (an engine explanation or a code)."""

    mentee: PersonCard
    items: tuple[Suggestion, ...]
    why_none: str | None = None
    asked_all: bool = False
    pending: int = 0


@dataclass(frozen=True)
class RequestCreated:
    """A request was sent; the mentor gets a prompt."""

    request_id: int
    mentee: PersonCard
    mentor: PersonCard
    message: str
    expires_at: datetime
    pending: int
    reasons: tuple[str, ...] = ()
    mentor_taken: int = 0


@dataclass(frozen=True)
class RequestInfo:
    """A pending request as the mentor sees it."""

    request_id: int
    mentee: PersonCard
    mentor: PersonCard
    message: str
    status: str
    created_at: datetime
    expires_at: datetime
    prompt_channel: str | None
    prompt_ts: str | None


@dataclass(frozen=True)
class Withdrawn:
    """A pending request withdrawn because the mentee got a mentor elsewhere."""

    request_id: int
    mentor: PersonCard
    mentee: PersonCard
    prompt_channel: str | None
    prompt_ts: str | None


@dataclass(frozen=True)
class NewPair:
    """A mentorship just created (by a request or a round): what the intro needs."""

    mentorship_id: int
    mentor: PersonCard
    mentee: PersonCard
    score: int
    reasons: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class AcceptOutcome:
    """What accepting a request did: kind is accepted | full | expired | mentee_unavailable."""

    kind: str
    request: RequestInfo
    pair: NewPair | None = None
    withdrawn: tuple[Withdrawn, ...] = ()
    capacity: int = 0


@dataclass(frozen=True)
class DeclineOutcome:
    """A request was declined, with an optional kind note for the mentee."""

    request: RequestInfo
    note: str


@dataclass(frozen=True)
class RoundPlan:
    """A matching round: the proposal as JSON-ready data, stored unless it was a dry run."""

    round_id: int | None
    proposal: dict[str, Any]
    superseded: tuple[tuple[int, str | None, str | None], ...] = ()


@dataclass(frozen=True)
class RoundDecision:
    """What approving or discarding a round did; `changed` is False when it was already decided."""

    changed: bool
    round_id: int
    status: str
    decided_by: str | None
    proposal: dict[str, Any]
    message_channel: str | None
    message_ts: str | None
    created: tuple[NewPair, ...] = ()
    skipped: tuple[tuple[str, str, str], ...] = ()  # (mentee slack id, mentor slack id, reason code)
    withdrawn: tuple[Withdrawn, ...] = ()


@dataclass(frozen=True)
class MentorshipView:
    """A mentorship from one member's side, with its agreement."""

    mentorship_id: int
    my_role: str  # mentor | mentee
    me: PersonCard
    partner: PersonCard
    status: str
    started_at: datetime
    agreement_status: str
    proposed_by_me: bool
    cadence: str
    meeting_format: str | None
    first_meeting_on: date | None
    end_date: date | None
    boundaries: str
    notes: str
    confidentiality_ack: bool
    group_channel_id: str | None
    default_end: date
    today: date
    # The latest proposal message the bot posted in the group DM (the only one it rewrites).
    agreement_message_ts: str | None = None


@dataclass(frozen=True)
class HomeSummary:
    """Pairing's part of the App Home: mentorships and pending requests both ways."""

    mentorships: tuple[MentorshipView, ...] = ()
    sent: tuple[RequestInfo, ...] = ()
    received: tuple[RequestInfo, ...] = ()


@dataclass
class Pool:
    """Everyone the matcher may consider, as Participants, with the program's rules."""

    people: dict[int, PersonRecord]
    participants: dict[int, Participant]
    mentors: list[Participant]
    history: History
    weights: MatchWeights
    managers: dict[str, str | None]
    settings: ProgramSettingsRecord
    open_counts: dict[int, int] = field(default_factory=dict)


# -- conversion to the matcher's terms ------------------------------------------------------------
_WEIGHT_FIELDS = {f.name for f in fields(MatchWeights)}


def weights_from(settings: Mapping[str, Any] | None) -> MatchWeights:
    """Return the program's weights over the defaults; unusable settings fall back to defaults."""
    values: dict[str, float] = {}
    for name, value in (settings or {}).items():
        if name in _WEIGHT_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = float(value)
    try:
        return MatchWeights(**values)
    except ValueError:
        logger.warning("matching weights unusable, using defaults keys=%s", sorted(values))
        return MatchWeights()


def to_participant(person: PersonRecord, open_mentees: int = 0) -> Participant:
    """Return the matcher's view of a person."""
    is_mentor = person.role in MENTOR_ROLES
    is_mentee = person.role in MENTEE_ROLES
    return Participant(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name or person.slack_user_id,
        offers=tuple(str(t) for t in person.offers or ()) if is_mentor else (),
        wants=tuple(str(t) for t in person.wants or ()) if is_mentee else (),
        department=person.department,
        timezone=person.timezone or "UTC",
        cadence=person.cadence or "biweekly",
        formats=tuple(str(f) for f in person.formats or ()),
        capacity=max(0, person.capacity or 0) if is_mentor else 0,
        active_mentees=open_mentees,
        manager_slack_id=person.manager_slack_id,
        available=person.status == "active",
        blocked=frozenset(str(u) for u in person.do_not_match or ()),
    )


def history_from(mentorships: Iterable[MentorshipRecord], cooldown_days: int | None) -> History:
    """Return every pair that exists or existed; an ended one counts from when it ended."""
    pairs = tuple(
        PastPair(
            mentor_id=m.mentor_id,
            mentee_id=m.mentee_id,
            ended_at=(m.ended_at or m.started_at) if m.status == "ended" else None,
        )
        for m in mentorships
    )
    return History(pairs=pairs, repeat_cooldown_days=cooldown_days)


def card(person: PersonRecord) -> PersonCard:
    """Return what is shown about a person."""
    return PersonCard(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name or person.slack_user_id,
        role=person.role or "",
        offers=tuple(person.offers or ()),
        wants=tuple(person.wants or ()),
        reasons=tuple(person.reasons or ()),
        department=person.department,
        timezone=person.timezone or "UTC",
        cadence=person.cadence or "biweekly",
        formats=tuple(person.formats or ()),
        intro=person.intro or "",
        capacity=person.capacity or 0,
    )


def load_pool(uow: UnitOfWork, team_id: str, now: datetime) -> Pool:
    """Read everyone enrolled and the program's matching rules into matcher terms."""
    repo = uow.repo(PairingRepository)
    settings = uow.programs.settings(team_id, now)
    counts = repo.open_mentee_counts(team_id)
    people = {p.id: p for p in uow.people.enrolled(team_id)}
    participants = {pid: to_participant(p, counts.get(pid, 0)) for pid, p in people.items()}
    mentors = [participants[pid] for pid, p in people.items() if p.role in MENTOR_ROLES]
    return Pool(
        people=people,
        participants=participants,
        mentors=mentors,
        history=history_from(repo.all_mentorships(team_id), settings.repeat_cooldown_days),
        weights=weights_from(settings.matching_weights),
        managers=repo.managers(team_id),
        settings=settings,
        open_counts=counts,
    )


def round_mentees(pool: Pool, repo: PairingRepository, team_id: str) -> list[Participant]:
    """Return the mentees a round should place: active, wanting a mentor, not already paired."""
    paired = repo.mentee_ids_with_mentor(team_id)
    return [
        pool.participants[pid]
        for pid, p in pool.people.items()
        if p.role in MENTEE_ROLES and p.status == "active" and pid not in paired
    ]


# -- helpers ------------------------------------------------------------------------------------
def _mentee_for_request(uow: UnitOfWork, team_id: str, slack_user_id: str) -> PersonRecord:
    person = uow.people.by_slack_id(team_id, slack_user_id)
    if person is None or person.role is None:
        raise PairingRefused("not_enrolled")
    if person.role not in MENTEE_ROLES:
        raise PairingRefused("not_mentee")
    if person.status != "active":
        raise PairingRefused("you_paused")
    if uow.repo(PairingRepository).has_open_mentor(team_id, person.id):
        raise PairingRefused("has_mentor")
    return person


def _request_info(record: MentorRequestRecord) -> RequestInfo:
    return RequestInfo(
        request_id=record.id,
        mentee=card(record.mentee),
        mentor=card(record.mentor),
        message=record.message,
        status=record.status,
        created_at=record.created_at,
        expires_at=record.expires_at,
        prompt_channel=record.prompt_channel,
        prompt_ts=record.prompt_ts,
    )


def _withdraw_others(
    repo: PairingRepository, team_id: str, mentee_id: int, keep: int | None, now: datetime
) -> tuple[Withdrawn, ...]:
    withdrawn: list[Withdrawn] = []
    for other in repo.pending_from(team_id, mentee_id):
        if other.id == keep:
            continue
        other.status = "withdrawn"
        other.responded_at = now
        withdrawn.append(
            Withdrawn(
                request_id=other.id,
                mentor=card(other.mentor),
                mentee=card(other.mentee),
                prompt_channel=other.prompt_channel,
                prompt_ts=other.prompt_ts,
            )
        )
    return tuple(withdrawn)


def _initial_cadence(mentee: PersonRecord, mentor: PersonRecord, default: str) -> str:
    return mentee.cadence if mentee.cadence == mentor.cadence and mentee.cadence else default


def _local_today(person: PersonRecord, now: datetime) -> date:
    try:
        return now.astimezone(ZoneInfo(person.timezone or "UTC")).date()
    except (KeyError, ValueError):
        return now.date()


# -- suggestions ----------------------------------------------------------------------------------
def find_suggestions(deps: Deps, team_id: str, slack_user_id: str, limit: int = 3) -> Suggestions:
    """Return the best available mentors for a mentee (not ones already asked or who declined)."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        person = _mentee_for_request(uow, team_id, slack_user_id)
        pool = load_pool(uow, team_id, now)
        mentee = pool.participants[person.id]
        asked = frozenset(repo.asked_mentor_ids(team_id, person.id, now))
        pending = len(repo.pending_from(team_id, person.id, now))
        found = suggest_mentors(
            mentee,
            pool.mentors,
            pool.history,
            pool.weights,
            now,
            pool.managers,
            limit=limit,
            exclude_ids=asked,
        )
        items = tuple(Suggestion(card(pool.people[s.mentor.person_id]), s.score, s.reasons) for s in found)
        if items:
            return Suggestions(mentee=card(person), items=items, pending=pending)
        everyone = summarise_candidates(mentee, pool.mentors, pool.history, pool.managers, pool.weights, now)
        if asked and everyone.allowed > 0:
            return Suggestions(mentee=card(person), items=(), asked_all=True, pending=pending)
        return Suggestions(
            mentee=card(person), items=(), why_none=explain_unmatched(mentee, everyone), pending=pending
        )


# -- requests -------------------------------------------------------------------------------------
def _check_request(
    uow: UnitOfWork, team_id: str, person: PersonRecord, mentor_id: int, now: datetime
) -> tuple[PersonRecord, Pool, list[MentorRequestRecord]]:
    repo = uow.repo(PairingRepository)
    mentor = uow.people.get(team_id, mentor_id)
    if mentor is None or mentor.role not in MENTOR_ROLES:
        raise PairingRefused("mentor_gone")
    pending = repo.pending_from(team_id, person.id, now)
    if any(r.mentor_id == mentor.id for r in pending):
        raise PairingRefused("duplicate", mentor=mentor.slack_user_id)
    if len(pending) >= MAX_PENDING_REQUESTS:
        raise PairingRefused("limit", limit=MAX_PENDING_REQUESTS)
    pool = load_pool(uow, team_id, now)
    violation = constraint_violation(
        pool.participants[person.id], pool.participants[mentor.id], pool.history, pool.managers, now
    )
    if violation is not None:
        raise PairingRefused("violation_" + str(violation), mentor=mentor.slack_user_id)
    return mentor, pool, pending


def preview_request(deps: Deps, team_id: str, mentee_slack_id: str, mentor_id: int) -> Suggestion:
    """Check a request may be sent and return the mentor with why they fit (no changes made)."""
    now = deps.clock()
    with deps.uow() as uow:
        person = _mentee_for_request(uow, team_id, mentee_slack_id)
        mentor, pool, _ = _check_request(uow, team_id, person, mentor_id, now)
        scored = score_pair(pool.participants[person.id], pool.participants[mentor.id], pool.weights, now)
        return Suggestion(card(mentor), scored.score, scored.reasons)


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
        person = _mentee_for_request(uow, team_id, mentee_slack_id)
        repo.lock_people(team_id, [person.id])
        mentor, pool, pending = _check_request(uow, team_id, person, mentor_id, now)
        record = MentorRequestRecord(
            team_id=team_id,
            mentee_id=person.id,
            mentor_id=mentor.id,
            message=message.strip(),
            status="pending",
            decline_note="",
            created_at=now,
            expires_at=now + timedelta(days=max(1, pool.settings.request_expiry_days)),
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
        info = _request_info(record)
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
            return AcceptOutcome(kind="expired", request=_request_info(record))
        if mentee.status != "active" or repo.has_open_mentor(team_id, mentee.id):
            record.status, record.responded_at = "withdrawn", now
            return AcceptOutcome(kind="mentee_unavailable", request=_request_info(record))
        taken = repo.open_mentee_counts(team_id).get(mentor.id, 0)
        if taken >= max(0, mentor.capacity):
            record.status, record.responded_at = "declined", now
            logger.info("request closed: mentor full team=%s request=%s", team_id, record.id)
            return AcceptOutcome(kind="full", request=_request_info(record), capacity=mentor.capacity)
        settings = uow.programs.settings(team_id, now)
        weights = weights_from(settings.matching_weights)
        scored = score_pair(to_participant(mentee), to_participant(mentor, taken), weights, now)
        mentorship = MentorshipRecord(
            team_id=team_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active",
            source="request",
            match_score=scored.score,
            match_reasons=list(scored.reasons),
            started_at=now,
            cadence=_initial_cadence(mentee, mentor, settings.default_cadence),
            agreement_status="none",
        )
        repo.add(mentorship)
        record.status, record.responded_at, record.mentorship_id = "accepted", now, mentorship.id
        withdrawn = _withdraw_others(repo, team_id, mentee.id, record.id, now)
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
            request=_request_info(record),
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
        return DeclineOutcome(request=_request_info(record), note=record.decline_note)


# -- rounds ---------------------------------------------------------------------------------------
def proposal_data(proposal: MatchProposal, mentees: int, mentors: int) -> dict[str, Any]:
    """Return a proposal as JSON-ready data (Slack user ids, names, scores, reasons)."""
    return {
        "pairs": [
            {
                "mentee": p.mentee.slack_user_id,
                "mentor": p.mentor.slack_user_id,
                "mentee_id": p.mentee.person_id,
                "mentor_id": p.mentor.person_id,
                "mentee_name": p.mentee.name,
                "mentor_name": p.mentor.name,
                "score": p.score,
                "reasons": list(p.reasons),
            }
            for p in proposal.pairs
        ],
        "unmatched": [
            {
                "mentee": u.mentee.slack_user_id,
                "mentee_id": u.mentee.person_id,
                "mentee_name": u.mentee.name,
                "reason": u.reason,
            }
            for u in proposal.unmatched
        ],
        "total_score": proposal.total_score,
        "mentees": mentees,
        "mentors": mentors,
    }


def run_round(deps: Deps, team_id: str, created_by: str | None, *, dry_run: bool = False) -> RoundPlan:
    """Propose a globally optimal round; store it for approval unless this is a dry run.

    A new proposal replaces any earlier one still waiting for a decision.
    """
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        repo = uow.repo(PairingRepository)
        pool = load_pool(uow, team_id, now)
        mentees = round_mentees(pool, repo, team_id)
        proposal = propose_matches(mentees, pool.mentors, pool.history, pool.weights, now, pool.managers)
        data = proposal_data(proposal, len(mentees), len([m for m in pool.mentors if m.available]))
        if dry_run:
            return RoundPlan(round_id=None, proposal=data)
        superseded = []
        for old in repo.proposed_rounds(team_id):
            if repo.decide_round(team_id, old.id, "superseded", created_by, now):
                superseded.append((old.id, old.message_channel, old.message_ts))
        record = MatchRoundRecord(
            team_id=team_id, status="proposed", proposal=data, created_by=created_by, created_at=now
        )
        repo.add(record)
        logger.info(
            "round proposed team=%s round=%s pairs=%d unmatched=%d",
            team_id,
            record.id,
            len(data["pairs"]),
            len(data["unmatched"]),
        )
        return RoundPlan(round_id=record.id, proposal=data, superseded=tuple(superseded))


def set_round_message(deps: Deps, team_id: str, round_id: int, channel: str, ts: str) -> None:
    """Remember where the round's proposal was posted."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).round(team_id, round_id)
        if record is not None:
            record.message_channel, record.message_ts = channel, ts


def _decision(record: MatchRoundRecord, changed: bool, **extra: Any) -> RoundDecision:
    return RoundDecision(
        changed=changed,
        round_id=record.id,
        status=record.status,
        decided_by=record.decided_by,
        proposal=dict(record.proposal or {}),
        message_channel=record.message_channel,
        message_ts=record.message_ts,
        **extra,
    )


def approve_round(deps: Deps, team_id: str, round_id: int, admin_slack_id: str) -> RoundDecision:
    """Approve a proposed round exactly once: create its pairs (re-checked now) and report them."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        if repo.round(team_id, round_id) is None:
            raise PairingRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "approved", admin_slack_id, now)
        record = repo.round(team_id, round_id)
        assert record is not None  # noqa: S101 - rounds are never deleted
        if not changed:
            return _decision(record, False)
        pairs = list((record.proposal or {}).get("pairs", []))
        ids = [int(p["mentor_id"]) for p in pairs] + [int(p["mentee_id"]) for p in pairs]
        locked = repo.lock_people(team_id, ids)
        settings = uow.programs.settings(team_id, now)
        counts = repo.open_mentee_counts(team_id)
        created: list[NewPair] = []
        skipped: list[tuple[str, str, str]] = []
        withdrawn: list[Withdrawn] = []
        for pair in pairs:
            mentor, mentee = locked.get(int(pair["mentor_id"])), locked.get(int(pair["mentee_id"]))
            if mentor is None or mentee is None:
                skipped.append((pair["mentee"], pair["mentor"], "left"))
                continue
            reason = None
            if mentee.status != "active" or mentor.status != "active":
                reason = "unavailable"
            elif repo.has_open_mentor(team_id, mentee.id):
                reason = "has_mentor"
            elif counts.get(mentor.id, 0) >= mentor.capacity:
                reason = "mentor_full"
            if reason:
                skipped.append((mentee.slack_user_id, mentor.slack_user_id, reason))
                continue
            mentorship = MentorshipRecord(
                team_id=team_id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status="active",
                source="round",
                round_id=record.id,
                match_score=int(pair["score"]),
                match_reasons=list(pair["reasons"]),
                started_at=now,
                cadence=_initial_cadence(mentee, mentor, settings.default_cadence),
                agreement_status="none",
            )
            repo.add(mentorship)
            counts[mentor.id] = counts.get(mentor.id, 0) + 1
            withdrawn.extend(_withdraw_others(repo, team_id, mentee.id, None, now))
            created.append(
                NewPair(
                    mentorship.id,
                    card(mentor),
                    card(mentee),
                    int(pair["score"]),
                    tuple(pair["reasons"]),
                    "round",
                )
            )
        logger.info(
            "round approved team=%s round=%s created=%d skipped=%d",
            team_id,
            record.id,
            len(created),
            len(skipped),
        )
        return _decision(
            record, True, created=tuple(created), skipped=tuple(skipped), withdrawn=tuple(withdrawn)
        )


def discard_round(deps: Deps, team_id: str, round_id: int, admin_slack_id: str | None) -> RoundDecision:
    """Discard a proposed round (once); nothing is created."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        if repo.round(team_id, round_id) is None:
            raise PairingRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "discarded", admin_slack_id, now)
        record = repo.round(team_id, round_id)
        assert record is not None  # noqa: S101 - rounds are never deleted
        return _decision(record, changed)


def set_group_channel(deps: Deps, team_id: str, mentorship_id: int, channel: str) -> None:
    """Remember the pair's group DM."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
        if record is not None:
            record.group_channel_id = channel


def set_agreement_message(deps: Deps, team_id: str, mentorship_id: int, ts: str) -> None:
    """Remember the newest proposal message the bot posted in the pair's group DM."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
        if record is not None:
            record.agreement_message_ts = ts


# -- the agreement --------------------------------------------------------------------------------
def _view(record: MentorshipRecord, me: PersonRecord, program_weeks: int, now: datetime) -> MentorshipView:
    mine = "mentor" if record.mentor_id == me.id else "mentee"
    partner = record.mentee if mine == "mentor" else record.mentor
    today = _local_today(me, now)
    first = record.first_meeting_on or today + timedelta(days=7)
    return MentorshipView(
        mentorship_id=record.id,
        my_role=mine,
        me=card(me),
        partner=card(partner),
        status=record.status,
        started_at=record.started_at,
        agreement_status=record.agreement_status,
        proposed_by_me=record.agreement_proposed_by == me.id,
        cadence=record.cadence,
        meeting_format=record.meeting_format,
        first_meeting_on=record.first_meeting_on,
        end_date=record.end_date,
        boundaries=record.boundaries or "",
        notes=record.agreement_note or "",
        confidentiality_ack=record.confidentiality_ack,
        group_channel_id=record.group_channel_id,
        default_end=default_end_date(record.started_at.date(), first, program_weeks),
        today=today,
        agreement_message_ts=record.agreement_message_ts,
    )


def _member_mentorship(
    uow: UnitOfWork, team_id: str, mentorship_id: int, slack_user_id: str
) -> tuple[MentorshipRecord, PersonRecord]:
    record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
    if record is None or slack_user_id not in (record.mentor.slack_user_id, record.mentee.slack_user_id):
        raise PairingRefused("mentorship_gone")
    me = record.mentor if record.mentor.slack_user_id == slack_user_id else record.mentee
    return record, me


def mentorship_view(deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str) -> MentorshipView:
    """Return a mentorship from one member's side (refused for anyone else)."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return _view(record, me, weeks, now)


def check_agreement(
    deps: Deps, team_id: str, slack_user_id: str, data: AgreementInput
) -> Agreement | dict[str, str]:
    """Validate an agreement against the person's local today (no changes made)."""
    now = deps.clock()
    with deps.uow() as uow:
        person = uow.people.by_slack_id(team_id, slack_user_id)
        today = _local_today(person, now) if person is not None else now.date()
    return validate_agreement(data, today)


def propose_agreement(
    deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str, agreement: Agreement
) -> MentorshipView:
    """Propose (or counter-propose) the pair's agreement; the other person confirms it."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        if record.status == "ended":
            raise PairingRefused("mentorship_ended")
        if record.agreement_status == "agreed":
            raise PairingRefused("already_agreed")
        record.cadence = agreement.cadence
        record.meeting_format = agreement.meeting_format
        record.first_meeting_on = agreement.first_meeting
        record.end_date = agreement.end_date
        record.boundaries = agreement.boundaries
        record.agreement_note = agreement.notes
        record.confidentiality_ack = True
        record.agreement_status = "proposed"
        record.agreement_proposed_by = me.id
        record.agreed_at = None
        logger.info("agreement proposed team=%s mentorship=%s", team_id, record.id)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return _view(record, me, weeks, now)


def confirmable(deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str) -> MentorshipView:
    """Return the proposal the person may confirm or change (refused if there is none for them)."""
    view = mentorship_view(deps, team_id, mentorship_id, slack_user_id)
    if view.agreement_status == "agreed":
        raise PairingRefused("already_agreed")
    if view.agreement_status != "proposed":
        raise PairingRefused("nothing_to_confirm")
    if view.proposed_by_me:
        raise PairingRefused("own_proposal", partner=view.partner.slack_user_id)
    return view


def confirm_agreement(deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str) -> MentorshipView:
    """Confirm the partner's proposal: agreed from now, check-ins from the first meeting."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        uow.repo(PairingRepository).lock_people(team_id, [record.mentor_id])
        uow.session.refresh(record)
        if record.agreement_status == "agreed":
            raise PairingRefused("already_agreed")
        if record.agreement_status != "proposed":
            raise PairingRefused("nothing_to_confirm")
        if record.agreement_proposed_by == me.id:
            partner = record.mentee if record.mentor_id == me.id else record.mentor
            raise PairingRefused("own_proposal", partner=partner.slack_user_id)
        record.agreement_status = "agreed"
        record.agreed_at = now
        record.check_ins_from = record.first_meeting_on
        logger.info("agreement confirmed team=%s mentorship=%s", team_id, record.id)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return _view(record, me, weeks, now)


# -- App Home ---------------------------------------------------------------------------------------
def home_summary(deps: Deps, team_id: str, person_id: int) -> HomeSummary:
    """Return the person's open mentorships and pending requests, sent and received."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        me = uow.people.get(team_id, person_id)
        if me is None:
            return HomeSummary()
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        mentorships = tuple(_view(m, me, weeks, now) for m in repo.open_mentorships_of(team_id, me.id))
        sent = tuple(_request_info(r) for r in repo.pending_from(team_id, me.id, now))
        received = tuple(_request_info(r) for r in repo.pending_to(team_id, me.id, now))
        return HomeSummary(mentorships=mentorships, sent=sent, received=received)
