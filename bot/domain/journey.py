"""Where a person stands in the program: one true state, and the next step that works in it.

The state (``Stage``) is decided by ``stage_of`` from plain facts, in this order (the first that
holds wins):

1. ``left``: the person left the program (erased their data, status "opted_out") or was
   deactivated in Slack.
2. ``newcomer``: no profile (never joined, or an invitation not answered).
3. A live mentorship (active or paused), the one needing attention first:
   ``transition`` (active, agreed, within TRANSITION_DAYS of its end date),
   ``paused``, ``paired`` (active with no agreement yet), ``active``.
4. ``request_pending``: a request the person sent or received still waits for an answer.
5. ``recently_ended``: the latest mentorship ended within GRACE_DAYS (feedback and thanks still
   reach the former partner).
6. ``ended``: a mentorship ended longer ago, nothing live.
7. ``waiting``: joined, nothing else yet.

``next_step_for`` names one command or action that works in that state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

GRACE_DAYS: Final = 30  # after an end, feedback and thanks still reach the former partner
TRANSITION_DAYS: Final = 14  # the transition window opens this many days before the end date


class Stage(StrEnum):
    """A person's state in the program."""

    NEWCOMER = "newcomer"
    WAITING = "waiting"
    REQUEST_PENDING = "request_pending"
    PAIRED = "paired"  # paired, no agreement yet
    ACTIVE = "active"
    PAUSED = "paused"
    TRANSITION = "transition"
    RECENTLY_ENDED = "recently_ended"
    ENDED = "ended"
    LEFT = "left"


ENDED_STAGES: Final = frozenset({Stage.RECENTLY_ENDED, Stage.ENDED})
LIVE_STAGES: Final = frozenset({Stage.PAIRED, Stage.ACTIVE, Stage.PAUSED, Stage.TRANSITION})


@dataclass(frozen=True)
class PairFacts:
    """One of the person's mentorships, in plain terms."""

    mentorship_id: int
    status: str  # active | paused | ended
    agreement_status: str  # none | proposed | agreed | changes
    started_on: date
    end_date: date | None
    paused_until: date | None = None
    ended_on: date | None = None
    transition_choice: str | None = None  # the choice recorded for the current end date's window


@dataclass(frozen=True)
class NextStep:
    """One thing that works in a state: an action id and the command that does it (if one does)."""

    action: str
    command: str | None = None


def in_transition(pair: PairFacts, today: date) -> bool:
    """Whether an active, agreed mentorship is within the window before its end date."""
    return (
        pair.status == "active"
        and pair.agreement_status == "agreed"
        and pair.end_date is not None
        and pair.end_date - timedelta(days=TRANSITION_DAYS) <= today
    )


def live_stage(pair: PairFacts, today: date) -> Stage:
    """The stage a live (active or paused) mentorship puts its people in."""
    if pair.status == "paused":
        return Stage.PAUSED
    if in_transition(pair, today):
        return Stage.TRANSITION
    if pair.agreement_status != "agreed":
        return Stage.PAIRED
    return Stage.ACTIVE


_LIVE_ORDER: Final = (Stage.TRANSITION, Stage.PAUSED, Stage.PAIRED, Stage.ACTIVE)


def focus_pair(pairs: tuple[PairFacts, ...], today: date) -> PairFacts | None:
    """The mentorship the person's state is about: the live one needing attention first, else the
    one that ended last (None when there is none)."""
    live = [p for p in pairs if p.status in ("active", "paused")]
    if live:
        return min(live, key=lambda p: (_LIVE_ORDER.index(live_stage(p, today)), p.mentorship_id))
    ended = [p for p in pairs if p.status == "ended"]
    if not ended:
        return None
    return max(ended, key=lambda p: (p.ended_on or p.started_on, p.mentorship_id))


def within_grace(ended_on: date | None, today: date) -> bool:
    """Whether an end on ``ended_on`` is recent enough for feedback and thanks to the partner."""
    return ended_on is not None and (today - ended_on).days <= GRACE_DAYS


def stage_of(
    *,
    enrolled: bool,
    person_status: str | None,
    pairs: tuple[PairFacts, ...],
    requests_sent: int,
    requests_received: int,
    today: date,
) -> Stage:
    """Return the person's one true state (see the module docstring for the order)."""
    if person_status in ("opted_out", "inactive"):
        return Stage.LEFT
    if not enrolled:
        return Stage.NEWCOMER
    focus = focus_pair(pairs, today)
    if focus is not None and focus.status in ("active", "paused"):
        return live_stage(focus, today)
    if requests_sent or requests_received:
        return Stage.REQUEST_PENDING
    if focus is not None:
        return Stage.RECENTLY_ENDED if within_grace(focus.ended_on, today) else Stage.ENDED
    return Stage.WAITING


def next_step_for(
    stage: Stage,
    *,
    is_mentee: bool,
    requests_received: int = 0,
    transition_choice: str | None = None,
    thanked: bool = False,
) -> NextStep:
    """Return one next step that works in this state.

    `thanked`: the person already sent their former partner feedback, so a recent end moves on to
    what comes next (finding a new mentor, or waiting to be asked).
    """
    if stage is Stage.LEFT:
        return NextStep("rejoin", "/mentor join")
    if stage is Stage.NEWCOMER:
        return NextStep("join", "/mentor join")
    if stage is Stage.PAIRED:
        return NextStep("agree", "/mentor status")
    if stage is Stage.PAUSED:
        return NextStep("resume", "/mentor resume")
    if stage is Stage.TRANSITION:
        if transition_choice is None:
            return NextStep("choose_transition", "/mentor status")
        return NextStep("log_session", "/mentor log")
    if stage is Stage.ACTIVE:
        return NextStep("log_session", "/mentor log")
    if stage is Stage.REQUEST_PENDING:
        if requests_received:
            return NextStep("answer_request", None)
        return NextStep("wait_for_answer", "/mentor status")
    if stage is Stage.RECENTLY_ENDED and not thanked:
        return NextStep("thank_partner", "/mentor feedback")
    # waiting or ended long ago
    if is_mentee:
        return NextStep("find", "/mentor find")
    return NextStep("wait_to_be_asked", "/mentor profile")
