"""Helpers for peer-circles tests: circles programs in the emulated workspace, joining them."""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person
from devtools.emulator.server import TEAM_ID
from handlers.slack import ids
from storage.defaults import default_program_values
from storage.records import PersonRecord, ProgramRecord


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
