"""The pool: records in the matcher's terms (participants, weights, history) and suggestions.

Records become matching `Participant`s here (bot.domain.matching.solver does the matching): weights are the
program's `matching_weights` over the `MatchWeights` defaults; a person is available only while
their status is "active"; a mentor's free places are their capacity minus their active and paused
mentorships; managers come from `people.manager_slack_id`; `do_not_match` lists Slack user ids.

A pool is one program's: its memberships, and history from its mentorships only (repeats and
cooldowns are per program, so a pair in one program never blocks a pair in another). Hard
constraints are global: reporting lines and never-pair lists live on the shared identity. Capacity
is per membership, and the workspace cap (`workspaces.mentor_cap`) counts a mentor's open
mentorships across every program: a mentor at the cap has no free place anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from bot.deps import Deps
from bot.domain.matching.rules import (
    CandidateSummary,
    Criterion,
    History,
    MatchWeights,
    Participant,
    PastPair,
    Violation,
    constraint_violation,
    explain_unmatched,
    is_topic_candidate,
    summarise_candidates,
    topic_fit,
)
from bot.domain.matching.solver import suggest_mentors
from bot.services import criteria as criteria_service
from bot.services import programs
from bot.services.pairing.common import MENTEE_ROLES, MENTOR_ROLES, card, mentee_for_request
from bot.services.pairing.outcomes import PersonCard, Suggestion, Suggestions
from storage.records import MentorRequestRecord, MentorshipRecord, PersonRecord, ProgramRecord
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass
class Pool:
    """Everyone the matcher may consider, as Participants, with the program's rules."""

    people: dict[int, PersonRecord]
    participants: dict[int, Participant]
    mentors: list[Participant]
    history: History
    weights: MatchWeights
    managers: dict[str, str | None]
    settings: ProgramRecord
    open_counts: dict[int, int] = field(default_factory=dict)

    @property
    def program_id(self) -> int:
        """The program this pool belongs to."""
        return self.settings.id


# -- conversion to the matcher's terms ------------------------------------------------------------
_WEIGHT_FIELDS = {f.name for f in fields(MatchWeights)} - {"criteria"}


def weights_from(settings: Mapping[str, Any] | None, criteria: tuple[Criterion, ...] = ()) -> MatchWeights:
    """Return the program's weights over the defaults, with its custom questions; unusable settings
    fall back to defaults (and questions without weight when even those are unusable)."""
    values: dict[str, float] = {}
    for name, value in (settings or {}).items():
        if name in _WEIGHT_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = float(value)
    try:
        return MatchWeights(**values, criteria=criteria)
    except ValueError:
        logger.warning("matching weights unusable, using defaults keys=%s", sorted(values))
        return MatchWeights(criteria=criteria)


def to_participant(
    person: PersonRecord,
    open_mentees: int = 0,
    cap_left: int | None = None,
    answers: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Participant:
    """Return the matcher's view of a person.

    `cap_left`: places the workspace cap still leaves this mentor across all programs (None: no
    cap); their free places here are the fewer of what their capacity and the cap leave.
    """
    is_mentor = person.role in MENTOR_ROLES
    is_mentee = person.role in MENTEE_ROLES
    capacity = max(0, person.capacity or 0) if is_mentor else 0
    if cap_left is not None and is_mentor:
        capacity = min(capacity, open_mentees + max(0, cap_left))
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
        capacity=capacity,
        active_mentees=open_mentees,
        manager_slack_id=person.manager_slack_id,
        available=person.status == "active",
        blocked=frozenset(str(u) for u in person.do_not_match or ()),
        answers=answers,
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


def load_pool(uow: UnitOfWork, team_id: str, now: datetime, program_id: int | None = None) -> Pool:
    """Read one program's pool (given, the request's, else the first) and its rules in matcher terms."""
    repo = uow.repo(PairingRepository)
    settings = uow.programs.settings(team_id, now, program_id)
    program = settings.id
    counts = repo.open_mentee_counts(team_id, program)
    people = {p.id: p for p in uow.people.enrolled(team_id, program)}
    cap = programs.workspace_cap(uow, team_id)
    loads = repo.open_mentees_by_identity(team_id, program) if cap is not None else {}
    criteria, answers = criteria_service.matching_inputs(uow, team_id, program, list(people))
    participants = {
        pid: to_participant(
            p,
            counts.get(pid, 0),
            None if cap is None else cap - loads.get(p.identity_id, 0),
            answers.get(pid, ()),
        )
        for pid, p in people.items()
    }
    mentors = [participants[pid] for pid, p in people.items() if p.role in MENTOR_ROLES]
    return Pool(
        people=people,
        participants=participants,
        mentors=mentors,
        history=history_from(repo.all_mentorships(team_id, program), settings.repeat_cooldown_days),
        weights=weights_from(settings.matching_weights, criteria),
        managers=repo.managers(team_id),
        settings=settings,
        open_counts=counts,
    )


def round_mentees(pool: Pool, repo: PairingRepository, team_id: str) -> list[Participant]:
    """Return the mentees a round should place: active, wanting a mentor, not already paired."""
    paired = repo.mentee_ids_with_mentor(team_id, pool.program_id)
    return [
        pool.participants[pid]
        for pid, p in pool.people.items()
        if p.role in MENTEE_ROLES and p.status == "active" and pid not in paired
    ]


def find_suggestions(deps: Deps, team_id: str, slack_user_id: str, limit: int = 3) -> Suggestions:
    """Return the best available mentors for a mentee (not ones already asked or who declined)."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        person = mentee_for_request(uow, team_id, slack_user_id)
        pool = load_pool(uow, team_id, now, person.program_id)
        mentee = pool.participants[person.id]
        asked = frozenset(repo.asked_mentor_ids(team_id, person.id, now))
        pending = len(repo.pending_from(team_id, person.id, now))  # for the suggestions' footer
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
        items = tuple(
            Suggestion(card(pool.people[s.mentor.person_id]), s.score, s.reasons, s.cautions) for s in found
        )
        if items:
            return Suggestions(mentee=card(person), items=items, pending=pending)
        everyone = summarise_candidates(mentee, pool.mentors, pool.history, pool.managers, pool.weights, now)
        return _why_none(
            pool, mentee, card(person), asked, repo.pending_from(team_id, person.id, now), everyone, now
        )


def _why_none(
    pool: Pool,
    mentee: Participant,
    person: PersonCard,
    asked: frozenset[int],
    pending: list[MentorRequestRecord],
    everyone: CandidateSummary,
    now: datetime,
) -> Suggestions:
    """No mentor to suggest: find the true reason (waiting on answers, all answered, past partners
    only, or the engine's explanation)."""
    allowed = [
        m
        for m in pool.mentors
        if is_topic_candidate(topic_fit(mentee.wants, m.offers)[0], pool.weights)
        and constraint_violation(mentee, m, pool.history, pool.managers, now, pool.weights.criteria) is None
    ]
    waiting = {r.mentor_id for r in pending}
    if allowed and all(m.person_id in asked for m in allowed):
        if any(m.person_id in waiting for m in allowed):
            return Suggestions(mentee=person, items=(), asked_all=True, pending=len(pending))
        # Former partners among the fitting mentors are named as such, not as "answered".
        names, again_on = _past_partners(pool, mentee, now)
        return Suggestions(
            mentee=person,
            items=(),
            answered_all=True,
            past_partners=names,
            again_on=again_on,
            pending=len(pending),
        )
    past = _past_partners_only(pool, mentee, now)
    if past is not None:
        names, again_on = past
        return Suggestions(
            mentee=person, items=(), past_partners=names, again_on=again_on, pending=len(pending)
        )
    return Suggestions(
        mentee=person, items=(), why_none=explain_unmatched(mentee, everyone), pending=len(pending)
    )


def _past_partners_only(
    pool: Pool, mentee: Participant, now: datetime
) -> tuple[tuple[str, ...], date | None] | None:
    """When every fitting mentor is ruled out only as a past partner: their Slack ids and the first
    day one of them may be suggested again (None: the program never pairs the same two again)."""
    fitting = [
        m for m in pool.mentors if is_topic_candidate(topic_fit(mentee.wants, m.offers)[0], pool.weights)
    ]
    if not fitting:
        return None
    ruled = [
        constraint_violation(mentee, m, pool.history, pool.managers, now, pool.weights.criteria)
        for m in fitting
    ]
    if any(v is not Violation.PREVIOUS_PAIR for v in ruled):
        return None
    return _past_partners(pool, mentee, now)


def _past_partners(pool: Pool, mentee: Participant, now: datetime) -> tuple[tuple[str, ...], date | None]:
    """The fitting mentors ruled out as past partners (Slack ids), and the first day one of them
    may be suggested again (None: never, or no such mentor)."""
    past = [
        m
        for m in pool.mentors
        if is_topic_candidate(topic_fit(mentee.wants, m.offers)[0], pool.weights)
        and constraint_violation(mentee, m, pool.history, pool.managers, now, pool.weights.criteria)
        is Violation.PREVIOUS_PAIR
    ]
    cooldown = pool.history.repeat_cooldown_days
    again_on: date | None = None
    if past and cooldown is not None:
        ends = [
            p.ended_at
            for p in pool.history.pairs
            if p.ended_at is not None
            and {p.mentor_id, p.mentee_id} in ({m.person_id, mentee.person_id} for m in past)
        ]
        if ends:
            again_on = (min(ends) + timedelta(days=cooldown)).date()
    return tuple(m.slack_user_id for m in past), again_on
