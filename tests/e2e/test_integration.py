"""Features working together through the real HTTP endpoint and the scheduler's tick."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import MentorRequestRecord
from tests.support.factories import make_mentorship, make_person, utc
from tests.support.settings import ADMIN_CHANNEL

MESSAGE = "I admire how you explain systems; I'd love help designing our payments service."


def test_an_announcement_is_delivered_once_by_the_paced_dispatcher(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2026, 3, 2, 9))
    sam = ws.person("U0SAM", "Sam Rivera")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    for uid in ("U0M1", "U0M2"):
        ws.person(uid, uid)
        make_person(deps, uid, "mentor")
    ws.person("U0E1", "U0E1")
    make_person(deps, "U0E1", "mentee")
    sam.command("admin announce")
    sam.submit(
        {ids.ADMIN_ANNOUNCE_TEXT: "Kick-off <!channel> on Friday", ids.ADMIN_ANNOUNCE_AUDIENCE: "mentors"}
    )
    sam.last_dm(containing="queued")
    for _ in range(2):  # a second tick at the same instant sends nothing again
        tick(deps, clock())
    for uid in ("U0M1", "U0M2"):
        got = [m for m in fake_slack.dms_to(uid) if "Kick-off" in m.all_text()]
        assert len(got) == 1
        assert "<!channel>" not in json.dumps(got[0].blocks) + got[0].text
    assert not [m for m in fake_slack.dms_to("U0E1") if "Kick-off" in m.all_text()]


def test_an_unanswered_request_expires_with_the_next_suggestion(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2026, 3, 2, 9))
    bo = ws.person("U0BO", "Bo Chen", tz="America/New_York")
    ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    ws.person("U0LIN", "Linus Torvalds", tz="Europe/Helsinki")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["system design"], timezone="America/New_York")
    ada = make_person(
        deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["system design"], timezone="Europe/London"
    )
    make_person(
        deps,
        "U0LIN",
        "mentor",
        name="Linus Torvalds",
        offers=["system design", "linux"],
        timezone="Europe/Helsinki",
    )
    bo.command("find")
    found = fake_slack.wait_for(lambda: bo.ephemerals())[-1]
    via = Message(channel="C0GENERAL", ts="0.1", text=found["text"], blocks=found["blocks"], user=BOT_USER_ID)
    bo.click(ids.FIND_REQUEST, message=via, value=str(ada.id))
    bo.modal()
    bo.submit({ids.REQUEST_MESSAGE: MESSAGE})
    prompt = ws.people["U0ADA"].last_dm(containing="Accept")
    # The deadline is the end of Ada's working day three days on: Thursday 17:00 in London.
    assert "|Thu 5 Mar 2026, 17:00 UTC>" in prompt.all_text()
    clock.advance(timedelta(days=3, hours=8, minutes=1))
    # Ada finally clicks Accept after the deadline: she is told, and nothing is created.
    ws.people["U0ADA"].click(ids.REQUEST_ACCEPT, message=prompt)
    fake_slack.wait_idle()
    tick(deps, clock().replace(hour=18))
    expired = bo.last_dm(containing="expired")
    text = json.dumps(expired.blocks)
    assert "Linus" in text
    assert ids.FIND_REQUEST in text
    assert fake_slack.wait_for(lambda: prompt.edits >= 1)
    with deps.uow() as uow:
        assert uow.session.scalars(select(MentorRequestRecord.status)).all() == ["expired"]
    tick(deps, clock().replace(hour=18))
    assert len([m for m in bo.dms() if "expired" in m.all_text()]) == 1


def test_a_changed_check_in_hour_is_used_by_the_next_plan(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    start = utc(2026, 3, 2, 8)  # a Monday
    clock.set(start)
    sam = ws.person("U0SAM", "Sam Rivera")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    for uid in ("U0ADA", "U0BO"):
        ws.person(uid, uid, tz="UTC")
    mentor = make_person(deps, "U0ADA", "mentor")
    mentee = make_person(deps, "U0BO", "mentee")
    make_mentorship(deps, mentor, mentee, cadence="weekly", started_at=start)
    sam.command("admin settings")
    sam.submit({ids.ADMIN_SETTINGS_HOUR: "15"})
    first_due = utc(2026, 3, 9, 10)  # the default hour would send at 10:00
    tick(deps, first_due + timedelta(minutes=5))
    assert not [m for m in fake_slack.dms_to("U0ADA") if "check-in" in m.all_text()]
    tick(deps, utc(2026, 3, 9, 15, 5))
    assert len([m for m in fake_slack.dms_to("U0ADA") if "check-in" in m.all_text()]) == 1
