"""A person's journey as one read: their true state (bot.domain.journey), the mentorship it is about,
their partner, pending requests, their history, and a next step that works.

`journey_of(uow, …)` reads inside an open unit of work; `read_journey(deps, …)` opens one. Status,
goals, feedback, find, the Home tab and every refusal word themselves from this one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.deps import Deps
from bot.domain.errors import OutOfState
from bot.domain.journey import (
    ENDED_STAGES,
    GRACE_DAYS,
    LIVE_STAGES,
    NextStep,
    PairFacts,
    Stage,
    focus_pair,
    next_step_for,
    stage_of,
    within_grace,
)
from bot.services.pairs import Member, Pair, local_today, member_of, pair_of
from storage.records import MentorRequestRecord, MentorshipRecord, PersonRecord
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.pairwork import PairWorkRepository
from storage.uow import UnitOfWork

MENTEE_ROLES = ("mentee", "both")
MENTOR_ROLES = ("mentor", "both")


@dataclass(frozen=True)
class HistoryEntry:
    """One mentorship of the person, ended or live: "with Bo, Mar–Sep 2026, 2 goals achieved"."""

    mentorship_id: int
    partner: Member
    role: str  # the person's own role in it: mentor | mentee
    status: str  # active | paused | ended
    started_on: date
    ended_on: date | None  # the day it ended (None while live)
    end_date: date | None  # the planned end date
    end_reason: str | None
    goals_achieved: int
    goals_total: int
    session_count: int
    within_grace: bool  # ended recently enough for feedback and thanks to the partner
    thanked: bool = False  # the person sent this partner feedback (thanks) since it ended


@dataclass(frozen=True)
class PendingRequest:
    """A request waiting for an answer, sent or received by the person."""

    request_id: int
    direction: str  # sent | received
    other: Member
    expires_at: datetime


@dataclass(frozen=True)
class Journey:
    """Where a person stands, with what is needed to show it and the next step."""

    stage: Stage
    next_step: NextStep
    slack_user_id: str
    person_id: int | None
    name: str
    role: str | None  # mentor | mentee | both | None
    timezone: str
    today: date
    pair: Pair | None  # the mentorship the state is about (live, or the most recently ended)
    partner: Member | None
    paused_until: date | None
    transition_choice: str | None  # conclude | extend | continue, once chosen for this end date
    transition_chosen_by: str | None
    pending: tuple[PendingRequest, ...]
    history: tuple[HistoryEntry, ...]  # every mentorship, most recent first
    live_pairs: tuple[Pair, ...]

    @property
    def is_mentee(self) -> bool:
        """Whether the person's profile seeks a mentor."""
        return self.role in MENTEE_ROLES

    @property
    def is_mentor(self) -> bool:
        """Whether the person's profile offers mentoring."""
        return self.role in MENTOR_ROLES

    @property
    def ended(self) -> bool:
        """Whether the state is an ended one (recently or long ago)."""
        return self.stage in ENDED_STAGES

    @property
    def live(self) -> bool:
        """Whether the person has a live (active or paused) mentorship the state is about."""
        return self.stage in LIVE_STAGES

    @property
    def last_ended(self) -> HistoryEntry | None:
        """The mentorship that ended last, if any."""
        return next((h for h in self.history if h.status == "ended"), None)

    @property
    def recent_partners(self) -> tuple[HistoryEntry, ...]:
        """Ended mentorships still within the grace for feedback and thanks, most recent first."""
        return tuple(h for h in self.history if h.status == "ended" and h.within_grace)

    def sent(self) -> tuple[PendingRequest, ...]:
        """Pending requests the person sent."""
        return tuple(r for r in self.pending if r.direction == "sent")

    def received(self) -> tuple[PendingRequest, ...]:
        """Pending requests the person received."""
        return tuple(r for r in self.pending if r.direction == "received")


def _ended_on(record: MentorshipRecord) -> date | None:
    return record.ended_at.date() if record.ended_at is not None else None


def _facts(record: MentorshipRecord, choice: str | None) -> PairFacts:
    return PairFacts(
        mentorship_id=record.id,
        status=record.status,
        agreement_status=record.agreement_status,
        started_on=record.started_at.date(),
        end_date=record.end_date,
        paused_until=record.paused_until,
        ended_on=_ended_on(record),
        transition_choice=choice,
    )


def _pending(uow: UnitOfWork, team_id: str, person: PersonRecord, now: datetime) -> list[PendingRequest]:
    out: list[PendingRequest] = []
    requests: list[MentorRequestRecord] = uow.repo(PairWorkRepository).requests_of(team_id, person.id)
    for request in requests:
        if request.status != "pending" or request.expires_at <= now:
            continue
        sent = request.mentee_id == person.id
        other = request.mentor if sent else request.mentee
        out.append(
            PendingRequest(request.id, "sent" if sent else "received", member_of(other), request.expires_at)
        )
    return out


def _empty(slack_user_id: str, stage: Stage, person: PersonRecord | None, today: date) -> Journey:
    return Journey(
        stage=stage,
        next_step=next_step_for(stage, is_mentee=False),
        slack_user_id=slack_user_id,
        person_id=person.id if person is not None else None,
        name=(person.name or "") if person is not None else "",
        role=person.role if person is not None else None,
        timezone=(person.timezone or "UTC") if person is not None else "UTC",
        today=today,
        pair=None,
        partner=None,
        paused_until=None,
        transition_choice=None,
        transition_chosen_by=None,
        pending=(),
        history=(),
        live_pairs=(),
    )


def journey_of(uow: UnitOfWork, team_id: str, slack_user_id: str, now: datetime) -> Journey:
    """Read the person's journey inside an open unit of work."""
    person = uow.people.by_slack_id(team_id, slack_user_id)
    if person is None:
        return _empty(slack_user_id, Stage.NEWCOMER, None, now.date())
    today = local_today(person.timezone, now)
    enrolled = person.role is not None
    if person.status in ("opted_out", "inactive") or not enrolled:
        stage = stage_of(
            enrolled=enrolled,
            person_status=person.status,
            pairs=(),
            requests_sent=0,
            requests_received=0,
            today=today,
        )
        return _empty(slack_user_id, stage, person, today)
    work = uow.repo(PairWorkRepository)
    records = work.mentorships_of(team_id, person.id, ())
    choices = uow.repo(TransitionChoiceRepository)
    chosen: dict[int, tuple[str, str] | None] = {}
    for record in records:
        found = None
        if record.status in ("active", "paused") and record.end_date is not None:
            row = choices.get(team_id, record.id, record.end_date.isoformat())
            found = (row.choice, row.chosen_by) if row is not None else None
        chosen[record.id] = found
    facts = tuple(_facts(r, (chosen[r.id] or (None, None))[0]) for r in records)
    goals = work.goals_in(team_id, [r.id for r in records])
    thanked = work.thanked_after_end_in(team_id, person.id, [r.id for r in records if r.status == "ended"])
    pending = _pending(uow, team_id, person, now)
    sent = sum(1 for p in pending if p.direction == "sent")
    received = len(pending) - sent
    stage = stage_of(
        enrolled=True,
        person_status=person.status,
        pairs=facts,
        requests_sent=sent,
        requests_received=received,
        today=today,
    )
    focus = focus_pair(facts, today)
    by_id = {r.id: r for r in records}
    focus_record = by_id.get(focus.mentorship_id) if focus is not None else None
    pair = pair_of(focus_record) if focus_record is not None else None
    history = tuple(
        HistoryEntry(
            mentorship_id=r.id,
            partner=pair_of(r).partner_of(person.id),
            role="mentor" if r.mentor_id == person.id else "mentee",
            status=r.status,
            started_on=r.started_at.date(),
            ended_on=_ended_on(r),
            end_date=r.end_date,
            end_reason=r.end_reason,
            goals_achieved=sum(1 for g in goals if g.mentorship_id == r.id and g.status == "achieved"),
            goals_total=sum(1 for g in goals if g.mentorship_id == r.id),
            session_count=r.session_count,
            within_grace=r.status == "ended" and within_grace(_ended_on(r), today),
            thanked=r.id in thanked,
        )
        for r in sorted(records, key=lambda r: (r.ended_at or now, r.started_at, r.id), reverse=True)
    )
    choice = chosen.get(focus_record.id) if focus_record is not None else None
    transition_choice = choice[0] if choice is not None else None
    return Journey(
        stage=stage,
        next_step=next_step_for(
            stage,
            is_mentee=person.role in MENTEE_ROLES,
            requests_received=received,
            transition_choice=transition_choice,
            thanked=focus_record is not None and focus_record.id in thanked,
        ),
        slack_user_id=slack_user_id,
        person_id=person.id,
        name=person.name or "",
        role=person.role,
        timezone=person.timezone or "UTC",
        today=today,
        pair=pair,
        partner=pair.partner_of(person.id) if pair is not None else None,
        paused_until=pair.paused_until if pair is not None and pair.status == "paused" else None,
        transition_choice=transition_choice,
        transition_chosen_by=choice[1] if choice is not None else None,
        pending=tuple(pending),
        history=history,
        live_pairs=tuple(pair_of(r) for r in records if r.status in ("active", "paused")),
    )


def read_journey(deps: Deps, team_id: str, slack_user_id: str) -> Journey:
    """Read the person's journey in its own unit of work, at the deps clock's now."""
    with deps.uow(read_only=True) as uow:
        return journey_of(uow, team_id, slack_user_id, deps.clock())


def facts_of(journey: Journey) -> dict[str, str]:
    """The plain facts a refusal carries to the edge, which words it from them."""
    facts: dict[str, str] = {
        "next_action": journey.next_step.action,
        "next_command": journey.next_step.command or "",
        "role": journey.role or "",
    }
    if journey.partner is not None:
        facts["partner"] = journey.partner.slack_id
    if journey.paused_until is not None:
        facts["paused_until"] = journey.paused_until.isoformat()
    if journey.pair is not None and journey.pair.end_date is not None:
        facts["end_date"] = journey.pair.end_date.isoformat()
    if journey.transition_choice:
        facts["choice"] = journey.transition_choice
    last = journey.last_ended
    if last is not None and journey.ended:
        facts["partner"] = last.partner.slack_id
        if last.ended_on is not None:
            facts["ended_on"] = last.ended_on.isoformat()
            facts["grace_until"] = (last.ended_on + timedelta(days=GRACE_DAYS)).isoformat()
        facts["goals_achieved"] = str(last.goals_achieved)
    sent, received = journey.sent(), journey.received()
    if sent:
        facts["asked"] = sent[0].other.slack_id
        facts["asked_count"] = str(len(sent))
    if received:
        facts["asked_by"] = received[0].other.slack_id
    return facts


def refusal(journey: Journey, code: str, message: str = "") -> OutOfState:
    """An OutOfState refusal for this person's state (`code` names what was refused)."""
    return OutOfState(
        message
        or "That doesn't fit where you are in the program right now. Type `/mentor status` to see it.",
        code=code,
        stage=journey.stage.value,
        facts=facts_of(journey),
    )


def refuse_in(uow: UnitOfWork, team_id: str, slack_user_id: str, now: datetime, code: str) -> OutOfState:
    """Read the person's journey in this unit of work and return the refusal for `code`."""
    return refusal(journey_of(uow, team_id, slack_user_id, now), code)


def require_pairs(
    deps: Deps, team_id: str, slack_user_id: str, pairs: tuple[Pair, ...], code: str
) -> tuple[Pair, ...]:
    """Return the pairs, or raise the OutOfState refusal `code` worded for the person's true state."""
    if pairs:
        return pairs
    raise refusal(read_journey(deps, team_id, slack_user_id), code)
