"""What the circles use cases return to the edges: plain values, no ORM state.

Refusals are `CircleRefused` with a stable `code` (and `params`), so the edge words them by code;
`user_message` is a plain fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.domain.circles.prompts import Prompt
from bot.domain.errors import MentorshipError

# Codes of CircleRefused, with a fallback sentence each.
REFUSALS: dict[str, str] = {
    "no_program": "That program no longer exists.",
    "not_circles": "That program runs mentorships, not circles.",
    "archived": "That program is archived.",
    "round_gone": "That round no longer exists.",
    "round_decided": "That round was already decided.",
    "stale_round": "The proposal changed since you opened it. Look at it again.",
    "not_in_round": "That person isn't in this proposal.",
    "no_such_circle": "That circle isn't in this proposal.",
    "edit_breaks_rules": "That change breaks a rule for circles, so nothing changed.",
    "circle_gone": "That circle no longer exists.",
    "circle_ended": "That circle has ended.",
    "not_in_circle": "You aren't in that circle.",
    "already_paused": "Your seat in that circle is already paused.",
    "not_paused": "Your seat in that circle isn't paused.",
    "bad_cycle": "That meeting isn't one of this circle's cycles so far.",
    "bad_day": "Choose a day from the circle's start up to today.",
    "too_long": "That is too long: keep it short.",
    "bad_score": "Choose a score from 1 to 5.",
    "bad_prompt": "Use one of the kinds and 10 to 500 characters.",
}


class CircleRefused(MentorshipError):
    """A circles rule stopped the action; `code` (and `params`) say which; nothing changed."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(REFUSALS.get(code, "That can't be done."), code=code)
        self.params = params


@dataclass(frozen=True)
class MemberCard:
    """A circle member as shown: membership id, Slack id, name and time zone."""

    person_id: int
    slack_user_id: str
    name: str
    timezone: str


@dataclass(frozen=True)
class RoundPlan:
    """A proposed circles round (stored unless a dry run) and the older proposals it superseded.

    `proposal` keys: "circles" (each: "members" Slack ids, "member_ids", "names", "score" 0-1000,
    "reasons", "common_hours" [[start, end] ISO UTC], "repeats"), "unplaced" (each: "member",
    "member_id", "name", "reason"), "note" (or None), "method", "waiting" (how many were
    considered), "regroup" (ids of short circles whose members this round regroups), "round_index",
    "version" (bumped by every edit).
    """

    round_id: int | None
    program_id: int
    proposal: dict[str, Any]
    superseded: tuple[tuple[int, str | None, str | None], ...] = ()  # (round, channel, ts)

    def contract_json(self) -> dict[str, Any]:
        """The proposal in the operator contract's JSON shape (`mentorbot circles --json`)."""
        return contract_json(self.proposal)


def contract_json(proposal: dict[str, Any]) -> dict[str, Any]:
    """{"circles": [{"members", "score", "reasons"}], "unplaced": [{"member", "reason"}]}."""
    return {
        "circles": [
            {"members": list(c["members"]), "score": int(c["score"]), "reasons": list(c["reasons"])}
            for c in proposal.get("circles", [])
        ],
        "unplaced": [{"member": u["member"], "reason": u["reason"]} for u in proposal.get("unplaced", [])],
    }


@dataclass(frozen=True)
class NewCircle:
    """A circle just formed: what its introduction says (members in seat order, the first host,
    why, the first prompt) and its run."""

    circle_id: int
    program_id: int
    members: tuple[MemberCard, ...]
    host: MemberCard
    score: int
    reasons: tuple[str, ...]
    first_prompt: Prompt
    ends_on: date
    cadence: str
    group_channel_id: str | None = None


@dataclass(frozen=True)
class RoundDecision:
    """The outcome of approving or discarding a round (`changed` False: it was decided already).

    `skipped`: circles of the proposal not formed (members' Slack ids, reason code "too_few_left");
    `dropped`: people left out on approval ((Slack id, reason code): "left", "unavailable",
    "in_circle"); `regrouped`: short circles ended because this round regrouped their members
    ((circle id, group channel)).
    """

    changed: bool
    round_id: int
    program_id: int
    status: str
    decided_by: str | None
    proposal: dict[str, Any]
    message_channel: str | None
    message_ts: str | None
    created: tuple[NewCircle, ...] = ()
    skipped: tuple[tuple[tuple[str, ...], str], ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()
    regrouped: tuple[tuple[int, str | None], ...] = ()


@dataclass(frozen=True)
class SeatChange:
    """A member left, paused or came back: the circle as it now stands, for telling its members.

    `circle_status`: "active", "short" (below its minimum: regrouped at the next round) or "ended"
    (fewer than two people left). `host` is who hosts the next cycle (None when nobody is present).
    """

    circle_id: int
    program_id: int
    person: MemberCard
    seat_status: str
    circle_status: str
    group_channel_id: str | None
    remaining: tuple[MemberCard, ...]
    host: MemberCard | None
    changed: bool = True


@dataclass(frozen=True)
class MeetingLog:
    """A cycle's log: shared with the circle's members only (never with admins).

    `created` False: the cycle had been logged already (by `logged_by`); nothing changed.
    """

    circle_id: int
    cycle: int
    met: bool
    held_on: date | None
    summary: str
    logged_by: MemberCard
    group_channel_id: str | None
    created: bool


@dataclass(frozen=True)
class ReflectionSaved:
    """A closing reflection was stored (`created` False: this person had given one already)."""

    circle_id: int
    score: int
    created: bool


@dataclass(frozen=True)
class LogView:
    """A meeting log as circle members see it."""

    cycle: int
    met: bool
    held_on: date | None
    summary: str
    logged_by: str  # Slack id


@dataclass(frozen=True)
class CircleView:
    """A circle as one of its members sees it (summaries included: they are the circle's own)."""

    circle_id: int
    program_id: int
    program_name: str
    status: str
    your_seat: str  # active | paused | left
    members: tuple[MemberCard, ...]  # seats not left, in seat order
    paused: tuple[str, ...]  # Slack ids of members who paused
    reasons: tuple[str, ...]
    cycle: int
    host: MemberCard | None
    started_on: date
    ends_on: date
    cadence: str
    group_channel_id: str | None
    logs: tuple[LogView, ...] = ()


@dataclass(frozen=True)
class CircleHealth:
    """One living circle's health for admins: counts, dates and flags, never what was said."""

    circle_id: int
    members: tuple[str, ...]  # Slack ids of seats not left
    paused: int
    status: str  # active | short
    health: str  # on_track | quiet | short (bot.domain.circles.rhythm)
    started_on: date
    ends_on: date
    cycle: int
    meetings: int  # logged as held
    last_met_on: date | None


@dataclass(frozen=True)
class CirclesSummary:
    """A circles program in numbers (admins' report; see bot.services.circles.health)."""

    program_id: int
    living: int
    members_seated: int
    waiting: int
    short: int
    quiet: int
    ended: int
    meetings_logged: int
    reflections: int
    reflection_people: int
    reflection_average: float | None  # None below the small-group threshold
    health: tuple[CircleHealth, ...] = field(default_factory=tuple)
    people_ever: int = 0  # different people who ever had a seat in one of its circles
