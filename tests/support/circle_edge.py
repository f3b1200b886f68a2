"""Helpers for peer-circles tests: circles programs in the emulated workspace, joining them."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person
from devtools.emulator.server import BOT_USER_ID, TEAM_ID, Message
from handlers.slack import ids
from storage.defaults import default_program_values
from storage.records import CircleMemberRecord, CircleRecord, PersonRecord, ProgramRecord


def circles_program(
    deps: Deps,
    fake: FakeSlack,
    key: str = "peers",
    name: str = "Peer circles",
    *,
    admin_channel: str | None = "C0CIRCADM",
    admins: tuple[str, ...] = (),
    **values: Any,
) -> int:
    """Create a circles program (after the workspace's first program), with its admin channel."""
    now = deps.clock()
    if admin_channel:
        fake.add_channel(admin_channel, f"{key}-admins", list(admins))
    with deps.uow() as uow:
        uow.programs.ensure_workspace(TEAM_ID, now)
        uow.programs.settings(TEAM_ID, now)
        record = ProgramRecord(
            **default_program_values(
                TEAM_ID, now, key=key, name=name, format="circles", admin_channel=admin_channel, **values
            )
        )
        uow.session.add(record)
        uow.flush()
        return int(record.id)


def join(person: Person, key: str, topics: str, **answers: str) -> None:
    """Type `/mentor join <key>` and submit the circles form with these topics."""
    person.command(f"join {key}")
    view = person.modal()
    assert view["callback_id"] == ids.CIRCLE_JOIN_MODAL, view["callback_id"]
    reply = person.submit({ids.CIRCLE_JOIN_TOPICS: topics, **answers}, view=view)
    assert reply.status == 200 and not reply.body, reply.body


def membership(deps: Deps, program_id: int, user_id: str) -> PersonRecord | None:
    """The person's membership in a program."""
    with deps.uow() as uow:
        return uow.people.by_slack_id(TEAM_ID, user_id, program_id=program_id)


CIRCLES_ADMIN = "C0CIRCADM"


def proposal_message(fake: FakeSlack, channel: str = CIRCLES_ADMIN) -> Message:
    """The newest circles proposal in an admin channel, as a client showing it would keep it."""
    found: list[Message] = fake.wait_for(
        lambda: [m for m in fake.messages_in(channel) if "Circles proposed" in m.all_text()]
    )
    return copy.deepcopy(found[-1])


def form_circles(
    fake: FakeSlack, deps: Deps, admin: Person, program_id: int, channel: str = CIRCLES_ADMIN
) -> list[CircleRecord]:
    """Run a round from Slack and approve it; return the circles formed (each with its group DM)."""
    before = {c.id for c in stored(deps, program_id)}
    admin.command("admin circles", channel=channel)
    proposal = proposal_message(fake, channel)
    admin.click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    found: list[CircleRecord] = fake.wait_for(
        lambda: (
            (new := [c for c in stored(deps, program_id) if c.id not in before])
            and all(c.group_channel_id for c in new)
            and new
        )
    )
    fake.wait_for(lambda: all(fake.messages_in(str(c.group_channel_id)) for c in found))
    return found


def stored(deps: Deps, program_id: int) -> list[CircleRecord]:
    """The program's circles as stored now, oldest first."""
    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(CircleRecord).where(CircleRecord.program_id == program_id).order_by(CircleRecord.id)
            )
        )


def seat_ids(deps: Deps, circle_id: int) -> list[str]:
    """The Slack ids of a circle's seats in seat order (left ones too)."""
    with deps.uow() as uow:
        seats = uow.session.scalars(
            select(CircleMemberRecord)
            .where(CircleMemberRecord.circle_id == circle_id)
            .order_by(CircleMemberRecord.position)
        )
        return [s.person.slack_user_id for s in seats]


def bot_message(fake: FakeSlack, channel: str, text: str, blocks: list[dict[str, Any]]) -> Message:
    """Put a message from the bot in a conversation (as the scheduler would have sent it)."""
    with fake.lock:
        message = Message(channel=channel, ts=fake._next_ts(), text=text, blocks=blocks, user=BOT_USER_ID)
        fake.state.messages.setdefault(channel, []).append(message)
    return copy.deepcopy(message)
