"""Helpers for demo scenes: find the buttons people see, and the pairs the story made."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.wiring import tick
from devtools.demo import action_values, has_action
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack.format import plural
from storage.records import MentorshipRecord

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person


def find_pair(demo: Demo, mentor: Person, mentee: Person) -> MentorshipRecord | None:
    """The newest mentorship between two people, whatever its state."""
    with demo.deps.uow() as uow:
        m = uow.people.by_slack_id(demo.ws.team_id, mentor.id)
        e = uow.people.by_slack_id(demo.ws.team_id, mentee.id)
        if m is None or e is None:
            return None
        return uow.session.scalars(
            select(MentorshipRecord)
            .where(MentorshipRecord.mentor_id == m.id, MentorshipRecord.mentee_id == e.id)
            .order_by(MentorshipRecord.id.desc())
        ).first()


def pair_status(demo: Demo, mentor: Person, mentee: Person) -> str:
    """The pair's state ("active", "paused", "ended"...) or "none"."""
    pair = find_pair(demo, mentor, mentee)
    return pair.status if pair is not None else "none"


def group_message(demo: Demo, a: Person, b: Person, action_id: str) -> Message | None:
    """The newest message in the pair's group DM with this button (a copy, as a client holds it)."""
    found = [m for m in demo.fake.group_dms_with(a.id, b.id) if has_action(m.blocks, action_id)]
    return copy.deepcopy(found[-1]) if found else None


def dm_with(who: Person, action_id: str, *, after: int = 0) -> Message | None:
    """The newest DM to this person with this button, among DMs after the first `after`."""
    found = [m for m in who.dms()[after:] if has_action(m.blocks, action_id)]
    return copy.deepcopy(found[-1]) if found else None


def ephemeral_message(who: Person) -> Message | None:
    """The last reply only this person saw, as a message they can click in."""
    replies = who.ephemerals()
    if not replies:
        return None
    last: dict[str, Any] = replies[-1]
    return Message(
        str(last.get("channel") or "C0GENERAL"),
        "0.000001",
        str(last.get("text") or ""),
        list(last.get("blocks") or []),
        BOT_USER_ID,
    )


def home_values(who: Person, action_id: str) -> list[str]:
    """The values of the buttons with this action id on the person's Home tab."""
    home = who.fake.home_of(who.id) or {}
    return action_values(home.get("blocks", []), action_id)


def tick_once(demo: Demo) -> None:
    """Move the story on an hour and run one scheduler tick, showing what it sends."""
    demo.flush()
    at = demo.now() + timedelta(hours=1)
    demo.clock.set(at)
    report = tick(demo.deps, at)
    if report.dispatch.sent:
        demo.tick_step(f"the scheduler sends {plural(report.dispatch.sent, 'message')}")
