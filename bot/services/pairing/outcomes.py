"""What the pairing use cases give back to the edge: cards, suggestions, outcomes and views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


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
    cautions: tuple[str, ...] = ()  # what may get in the way (no shared hours, no common format)


@dataclass(frozen=True)
class Suggestions:
    """`/mentor find`: the best mentors, or why there are none (an engine explanation or a code)."""

    mentee: PersonCard
    items: tuple[Suggestion, ...]
    why_none: str | None = None
    asked_all: bool = False  # every mentor who fits was asked, and some still may answer
    answered_all: bool = False  # every mentor who fits already declined or let a request expire
    past_partners: tuple[str, ...] = ()  # only past partners fit (Slack ids)
    again_on: date | None = None  # the first day a past partner may be suggested again
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
    cautions: tuple[str, ...] = ()


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
    program_id: int | None = None  # the program the round ran in (its admin channel gets it)


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
    revision: int = 0


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
    # The agreed first meeting as an instant (None for agreements made before times were asked).
    first_meeting_at: datetime | None = None
    # The modal's default first meeting: the next working-day slot inside both people's hours.
    suggested_first_at: datetime | None = None


@dataclass(frozen=True)
class HomeSummary:
    """Pairing's part of the App Home: mentorships and pending requests both ways."""

    mentorships: tuple[MentorshipView, ...] = ()
    sent: tuple[RequestInfo, ...] = ()
    received: tuple[RequestInfo, ...] = ()


@dataclass(frozen=True)
class RoundEdit:
    """What an admin's edit of a proposal did.

    outcome: edited | stale (the button was from an older revision, or named no pair of it) |
    conflict (another admin's edit or decision came first) | decided (approved or discarded) |
    not_allowed (the chosen mentor is no longer an allowed choice).
    """

    outcome: str
    round_id: int
    status: str
    revision: int
    proposal: dict[str, Any]
    message_channel: str | None
    message_ts: str | None
    decided_by: str | None = None


@dataclass(frozen=True)
class SwapChoices:
    """A proposed mentee's next best allowed mentors (the proposal's other pairs taken into account)."""

    round_id: int
    revision: int
    mentee_id: int
    mentee_slack_id: str
    current_mentor: str  # Slack id
    choices: tuple[Suggestion, ...]
