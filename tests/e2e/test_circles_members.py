"""Circle members through signed Slack requests: `/mentor circle`, taking a break and coming back,
leaving (confirmed; the circle learns who and the next host, nothing more; a double click changes
nothing), the Home section, "did your circle meet?" (one click, a shared summary, never twice),
the closing reflection (once; the comment private), and forged values refused."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import Message
from handlers.slack import ids, kit
from storage.records import CircleLogRecord, CircleMemberRecord, CircleRecord, CircleReflectionRecord
from tests.support.circle_edge import (
    CIRCLES_ADMIN,
    bot_message,
    circles_program,
    form_circles,
    seat_ids,
)
from tests.support.circles import member

TOPICS = ("public speaking", "feedback")


def _circle_of_four(
    ws: Workspace, deps: Deps, fake: FakeSlack
) -> tuple[int, CircleRecord, dict[str, Person], Person]:
    program = circles_program(deps, fake, admins=("U0SAM",))
    sam = ws.person("U0SAM", "Sam Admin")
    people = {}
    for uid, name, tz in (
        ("U0ADA", "Ada Lovelace", "Europe/London"),
        ("U0BO", "Bo Chen", "Europe/Berlin"),
        ("U0CY", "Cy Diaz", "Europe/Madrid"),
        ("U0DEE", "Dee Okafor", "Europe/Paris"),
    ):
        people[uid] = ws.person(uid, name, tz=tz)
        member(deps, uid, program, topics=TOPICS, tz=tz, name=name)
    (circle,) = form_circles(fake, deps, sam, program)
    return program, circle, people, sam


def _texts(fake: FakeSlack, channel: str) -> list[str]:
    return [m.all_text() for m in fake.messages_in(channel)]


def _last_reply(fake: FakeSlack, person: Person, count: int) -> str:
    found = fake.wait_for(lambda: len(person.ephemerals()) >= count and person.ephemerals())
    reply = found[count - 1]
    return str(reply.get("text")) + json.dumps(reply.get("blocks") or [])


def test_status_break_and_leave(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    _program, circle, people, _sam = _circle_of_four(ws, deps, fake_slack)
    order = seat_ids(deps, circle.id)
    ada = people["U0ADA"]
    group = str(circle.group_channel_id)
    ada.command("circle")
    status = _last_reply(fake_slack, ada, 1)
    assert "Your circle" in status and "Next prompt" in status and "none logged yet" in status
    assert all(f"<@{uid}>" in status for uid in order if uid != "U0ADA")
    host_words = "Host this time:* you" if order[0] == "U0ADA" else f"Host this time:* <@{order[0]}>"
    assert host_words in status
    assert ids.CIRCLE_PAUSE in status and ids.CIRCLE_LEAVE in status

    # A break, confirmed: the circle learns who and the next host; nothing else.
    ada.command("circle pause")
    confirm = fake_slack.wait_for(lambda: len(ada.ephemerals()) >= 2 and ada.ephemerals()[1])
    assert "Take a break" in str(confirm)
    message = kit_message(confirm)
    ada.click(ids.CIRCLE_PAUSE, message=message)
    notice = fake_slack.wait_for(lambda: [t for t in _texts(fake_slack, group) if "taking a break" in t])
    assert "<@U0ADA> is taking a break for now." in notice[0] and "Next host:" in notice[0]
    with deps.uow() as uow:
        seat = uow.session.scalars(
            select(CircleMemberRecord).where(CircleMemberRecord.circle_id == circle.id)
        ).all()
        assert {s.person.slack_user_id: s.status for s in seat}["U0ADA"] == "paused"
    ada.click(ids.CIRCLE_PAUSE, message=message)  # the same confirmation again: told, nothing changes
    fake_slack.wait_for(lambda: any("already on a break" in str(e) for e in ada.ephemerals()))

    # Home shows the circle and the next step; "I'm back" there resumes.
    ada.open_home()
    home = fake_slack.wait_for(lambda: "Next step" in json.dumps(ada.home()) and ada.home())
    assert "Peer circles" in json.dumps(home) and ids.CIRCLE_RESUME in json.dumps(home)
    ada.click(ids.CIRCLE_RESUME, in_home=True)
    fake_slack.wait_for(lambda: [t for t in _texts(fake_slack, group) if "<@U0ADA> is back." in t])
    fake_slack.wait_for(lambda: ids.CIRCLE_PAUSE in json.dumps(ada.home()))

    # Leaving, confirmed; a double click leaves once. The circle of 4 is now short.
    bo = people["U0BO"]
    bo.command("circle leave")
    confirm = fake_slack.wait_for(lambda: bo.ephemerals() and bo.ephemerals()[0])
    assert "Leave your circle" in str(confirm)
    replies = ws.post_payload_concurrently(
        bo.click_payload(ids.CIRCLE_LEAVE, message=kit_message(confirm)), 2
    )
    assert all(r.status == 200 for r in replies)
    fake_slack.wait_for(lambda: [t for t in _texts(fake_slack, group) if "stepped out" in t])
    fake_slack.wait_idle()
    left = [t for t in _texts(fake_slack, group) if "stepped out" in t]
    assert len(left) == 1 and "<@U0BO> has stepped out of the circle." in left[0]
    assert "next round will top it up" in left[0]
    with deps.uow() as uow:
        stored = uow.session.get(CircleRecord, circle.id)
        assert stored is not None and stored.status == "short"
    bo.command("circle")
    fake_slack.wait_for(lambda: any("waiting for the next round" in str(e) for e in bo.ephemerals()))
    assert sum("aren't in that circle any more" in str(e) for e in bo.ephemerals()) == 1


def kit_message(reply: dict[str, Any]) -> Message:
    """An ephemeral reply as a message one can click in."""
    return Message(
        "C0GENERAL", "1.000001", str(reply.get("text") or ""), list(reply.get("blocks") or []), "U"
    )


def test_did_your_circle_meet_and_the_shared_summary(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    _program, circle, people, sam = _circle_of_four(ws, deps, fake_slack)
    host_id = seat_ids(deps, circle.id)[0]
    host = people[host_id]
    other = next(p for uid, p in people.items() if uid != host_id)
    value = f"{circle.id}:0"
    ask = bot_message(
        fake_slack,
        "D" + host_id,
        "Did your circle meet?",
        [
            kit.actions(
                kit.button("Yes, we met", ids.CIRCLE_MET_YES, value),
                kit.button("Not this time", ids.CIRCLE_MET_NO, value),
            )
        ],
    )
    # Someone outside the circle (the admin) answering a forwarded button changes nothing.
    sam.click(ids.CIRCLE_MET_YES, message=ask)
    fake_slack.wait_for(lambda: any("aren't in that circle" in str(e) for e in sam.ephemerals()))
    for bad in ("x:0", f"{circle.id}", f"{circle.id}:99", f"{circle.id + 999}:0"):
        payload = host.click_payload(ids.CIRCLE_MET_YES, message=ask)
        payload["actions"][0]["value"] = bad
        ws.post_payload(payload)
    fake_slack.wait_for(lambda: len(host.ephemerals()) >= 4)
    with deps.uow() as uow:
        assert uow.session.scalars(select(CircleLogRecord)).all() == []

    host.click(ids.CIRCLE_MET_YES, message=ask)
    modal = host.modal()
    assert modal["callback_id"] == ids.CIRCLE_SUMMARY_MODAL and "admins never do" in json.dumps(modal)
    fake_slack.wait_for(
        lambda: (
            "Logged: your circle met"
            in next(m for m in fake_slack.messages_in("D" + host_id) if m.ts == ask.ts).all_text()
        )
    )
    host.submit({ids.CIRCLE_SUMMARY_TEXT: "We swapped feedback tips <!here>"}, view=modal)
    group = str(circle.group_channel_id)
    posted = fake_slack.wait_for(lambda: [t for t in _texts(fake_slack, group) if "Meeting 1 summary" in t])
    assert "&lt;!here&gt;" in json.dumps([m.blocks for m in fake_slack.messages_in(group)]) and posted
    with deps.uow() as uow:
        (log,) = uow.session.scalars(select(CircleLogRecord)).all()
        assert log.met and log.summary.startswith("We swapped") and log.cycle == 0
        record = uow.session.get(CircleRecord, circle.id)
        assert record is not None and record.last_met_on is not None
    # Once: a second click, or another member's, is told who logged it; the summary stays.
    other.click(ids.CIRCLE_MET_NO, message=ask)
    fake_slack.wait_for(lambda: any(f"already logged by <@{host_id}>" in str(e) for e in other.ephemerals()))
    with deps.uow() as uow:
        (log,) = uow.session.scalars(select(CircleLogRecord)).all()
        assert log.met
    # Nothing of it reaches the admin channel.
    assert not [t for t in _texts(fake_slack, CIRCLES_ADMIN) if "swapped" in t]


def test_the_closing_reflection_once_and_private(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    _program, circle, people, sam = _circle_of_four(ws, deps, fake_slack)
    cy = people["U0CY"]
    closing = bot_message(
        fake_slack,
        "DU0CY",
        "Your circle comes to a close.",
        [kit.actions(kit.button("Share a reflection", ids.CIRCLE_REFLECT_OPEN, str(circle.id)))],
    )
    sam.click(ids.CIRCLE_REFLECT_OPEN, message=closing)  # not a member: refused, no form
    fake_slack.wait_for(lambda: any("weren't in that circle" in str(e) for e in sam.ephemerals()))
    assert fake_slack.open_modal("U0SAM") is None
    cy.click(ids.CIRCLE_REFLECT_OPEN, message=closing)
    view = cy.modal()
    missing = cy.submit({ids.CIRCLE_REFLECT_COMMENT: "private words"}, view=view)
    assert "from 1 to 5" in missing.json["errors"][ids.CIRCLE_REFLECT_SCORE]
    payload = cy.submission(
        {ids.CIRCLE_REFLECT_SCORE: "4", ids.CIRCLE_REFLECT_COMMENT: "Bo's story helped me"}, view=view
    )
    replies = ws.post_payload_concurrently(payload, 2)  # a double submit
    assert all(r.status == 200 for r in replies)
    cy.last_dm(containing="Thank you for your reflection")
    fake_slack.wait_idle()
    with deps.uow() as uow:
        rows = uow.session.scalars(select(CircleReflectionRecord)).all()
        assert [(r.score, r.comment) for r in rows] == [(4, "Bo's story helped me")]
    cy.click(ids.CIRCLE_REFLECT_OPEN, message=closing)
    cy.submit({ids.CIRCLE_REFLECT_SCORE: "1"}, view=cy.modal())
    cy.last_dm(containing="already shared your reflection")
    with deps.uow() as uow:
        assert [r.score for r in uow.session.scalars(select(CircleReflectionRecord))] == [4]
    everywhere = json.dumps(
        [
            m.all_text()
            for channel in (str(circle.group_channel_id), CIRCLES_ADMIN)
            for m in fake_slack.messages_in(channel)
        ]
    )
    assert "story helped" not in everywhere
