"""Rounds an admin can shape (issue 14): declined pairs kept apart, remove / swap / approve the rest,
paging and the CSV for large rounds, manual pairing and scheduled rounds, all through Slack."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, TEAM_ID, Message
from handlers.slack import ids
from storage.records import MatchRoundRecord, MentorshipRecord
from tests.support.factories import make_person
from tests.support.settings import ADMIN_CHANNEL

MESSAGE = "I admire how you build data pipelines; I'd love help moving ours to streaming this quarter."


def _buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        found.extend(e for e in elements if isinstance(e, dict) and e.get("action_id") == action_id)
    return found


def _proposals(fake_slack: FakeSlack) -> list[Message]:
    return [m for m in fake_slack.messages_in(ADMIN_CHANNEL) if "Matching round proposal" in m.all_text()]


def _latest_proposal(fake_slack: FakeSlack, before: int = 0) -> Message:
    """The newest proposal message (an older one is rewritten as superseded, never removed)."""
    found: list[Message] = fake_slack.wait_for(
        lambda: len(fake_slack.messages_in(ADMIN_CHANNEL)) > before and _proposals(fake_slack)
    )
    return copy.deepcopy(found[-1])


def _round(deps: Deps) -> MatchRoundRecord:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MatchRoundRecord).order_by(MatchRoundRecord.id)))[-1]


def _mentorships(deps: Deps) -> list[MentorshipRecord]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MentorshipRecord).order_by(MentorshipRecord.id)))


def _admins(ws: Workspace, fake_slack: FakeSlack) -> tuple[Person, Person]:
    sam, lee = ws.person("U0SAM", "Sam Rivera"), ws.person("U0LEE", "Lee Admin")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM", "U0LEE", BOT_USER_ID])
    return sam, lee


# -- a proposal never pairs a mentee with a mentor who declined them ----------------------------
def test_round_never_proposes_a_mentor_who_declined_until_the_cooldown(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    sam, _ = _admins(ws, fake_slack)
    kai = ws.person("U0KAI", "Kai Muller")
    ada = ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["data pipeline"])
    rec = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["data pipeline"], capacity=2)
    with deps.uow() as uow:
        uow.programs.settings(TEAM_ID, clock()).repeat_cooldown_days = 30
    kai.command("find")
    found = fake_slack.wait_for(
        lambda: [e for e in kai.ephemerals() if _buttons(e.get("blocks") or [], ids.FIND_REQUEST)]
    )
    via = Message(channel="C0GENERAL", ts="0.000001", text="", blocks=found[-1]["blocks"], user=BOT_USER_ID)
    kai.click(ids.FIND_REQUEST, message=via, value=str(rec.id))
    kai.modal()
    kai.submit({ids.REQUEST_MESSAGE: MESSAGE})
    prompt = copy.deepcopy(ada.last_dm(containing="Kai Muller would like you to be their mentor"))
    ada.click(ids.REQUEST_DECLINE, message=prompt)
    ada.modal()
    ada.submit({ids.DECLINE_NOTE: ""})
    fake_slack.wait_for(lambda: kai.last_dm(containing="can't take you on"))

    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    assert "← <@U0ADA>" not in first.all_text()
    assert _round(deps).proposal["pairs"] == []
    assert [u["mentee"] for u in _round(deps).proposal["unmatched"]] == ["U0KAI"]

    clock.advance(timedelta(days=31))
    posted = len(fake_slack.messages_in(ADMIN_CHANNEL))
    sam.command("admin match")
    second = _latest_proposal(fake_slack, before=posted)
    assert "<@U0KAI>* ← <@U0ADA>" in second.all_text()
    assert [(p["mentee"], p["mentor"]) for p in _round(deps).proposal["pairs"]] == [("U0KAI", "U0ADA")]
