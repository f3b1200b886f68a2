"""Circles rounds through signed Slack requests: the proposal in the program's admin channel, approve
once (a second click and a concurrent double-click form nothing more; the second is told who),
intros in each circle's group DM, discard, per-circle edits re-checked, `admin match` routed by
format, and forged or stale button values refused."""

from __future__ import annotations

import copy
import json
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.circles import RoundPlan
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import BOT_TOKEN, Message
from handlers.circles import texts as t
from handlers.circles.posting import post_circles_round
from handlers.slack import ids
from storage.records import CircleRecord, CircleRoundRecord
from tests.support.circle_edge import circles_program
from tests.support.circles import member, stored_circles
from tests.support.settings import ADMIN_CHANNEL

CIRCLES_ADMIN = "C0CIRCADM"
ZONES = ("Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Dublin")


def _people(ws: Workspace, deps: Deps, program_id: int, count: int) -> list[Person]:
    people = []
    for n in range(1, count + 1):
        uid = f"U0M{n:02d}"
        tz = ZONES[n % len(ZONES)]
        people.append(ws.person(uid, f"Member {n:02d}", tz=tz))
        member(deps, uid, program_id, topics=("public speaking", "feedback"), tz=tz, name=f"Member {n:02d}")
    return people


def _proposal(fake: FakeSlack, count: int = 1) -> Message:
    found: list[Message] = fake.wait_for(
        lambda: (
            [m for m in fake.messages_in(CIRCLES_ADMIN) if "Circles proposed" in m.all_text()][-count:]
            if len([m for m in fake.messages_in(CIRCLES_ADMIN) if "Circles proposed" in m.all_text()])
            >= count
            else None
        )
    )
    return copy.deepcopy(found[-1])  # as a client still showing it would (later updates change the fake's)


def _current(fake: FakeSlack, message: Message) -> Message:
    """The proposal message as it stands now (after updates)."""
    return next(m for m in fake.messages_in(message.channel) if m.ts == message.ts)


def _buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        found += [e for e in block.get("elements", []) if e.get("action_id") == action_id]
        if block.get("accessory", {}).get("action_id") == action_id:
            found.append(block["accessory"])
    return found


def _intros(fake: FakeSlack, circles: list[CircleRecord]) -> list[Message]:
    found = []
    for circle in circles:
        assert circle.group_channel_id
        found += [m for m in fake.messages_in(circle.group_channel_id) if "Meet your circle" in m.all_text()]
    return found


def test_round_proposed_approved_once_and_introduced(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    sam = ws.person("U0SAM", "Sam Admin")
    people = _people(ws, deps, peers, 9)
    sam.command("admin circles", channel=CIRCLES_ADMIN)
    assert "is in <#C0CIRCADM>" in sam.last_ephemeral()["text"]
    proposal = _proposal(fake_slack)
    text = proposal.all_text()
    assert "2 circles* for 9 of 9 people waiting" in text and "public speaking" in text
    assert len(_buttons(proposal.blocks, ids.CIRCLE_ROUND_EDIT)) == 2

    # A member clicking Approve (a replayed button) forms nothing.
    people[0].click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    assert "only program admins" in people[0].last_ephemeral()["text"]
    assert stored_circles(deps, peers) == []

    # The admin approves; a concurrent double-click forms the circles once.
    replies = ws.post_payload_concurrently(sam.click_payload(ids.CIRCLE_ROUND_APPROVE, message=proposal), 2)
    assert all(r.status == 200 for r in replies)
    circles = fake_slack.wait_for(
        lambda: (found := stored_circles(deps, peers)) and all(c.group_channel_id for c in found) and found
    )
    assert sorted(len(x) for x in [c.reasons for c in circles]) and len(circles) == 2
    intros = fake_slack.wait_for(
        lambda: len(_intros(fake_slack, circles)) >= 2 and _intros(fake_slack, circles)
    )
    intro = intros[0].all_text()
    assert "Host for the first meeting" in intro and "Your first conversation" in intro
    assert "<!date^" in intro and "Why you" in intro and "Peer circles" in intro
    fake_slack.wait_for(lambda: "Approved by <@U0SAM>" in _current(fake_slack, proposal).all_text())
    assert not _buttons(_current(fake_slack, proposal).blocks, ids.CIRCLE_ROUND_APPROVE)
    fake_slack.wait_idle()
    assert len(_intros(fake_slack, circles)) == 2  # once per circle
    sam.click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    fake_slack.wait_for(
        lambda: any("already approved by <@U0SAM>" in str(e.get("text")) for e in sam.ephemerals())
    )
    assert len(stored_circles(deps, peers)) == 2 and len(_intros(fake_slack, circles)) == 2


def test_discard_then_approve_and_forged_values(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    other = circles_program(
        deps, fake_slack, "mgr", "Manager circles", admin_channel="C0MGRADM", admins=("U0BEA",)
    )
    sam, bea = ws.person("U0SAM", "Sam Admin"), ws.person("U0BEA", "Bea Admin")
    _people(ws, deps, peers, 8)
    sam.command("admin circles", channel=CIRCLES_ADMIN)
    proposal = _proposal(fake_slack)
    round_id = int(_buttons(proposal.blocks, ids.CIRCLE_ROUND_APPROVE)[0]["value"])

    def forge(who: Person, action: str, value: str) -> None:
        payload = who.click_payload(ids.CIRCLE_ROUND_APPROVE, message=proposal)
        payload["actions"][0].update(action_id=action, value=value)
        ws.post_payload(payload)

    forge(bea, ids.CIRCLE_ROUND_APPROVE, str(round_id))  # an admin of another program
    fake_slack.wait_for(lambda: any("only program admins" in str(e.get("text")) for e in bea.ephemerals()))
    for bad in ("abc", "0", "99999", "-1", str(2**70)):
        forge(sam, ids.CIRCLE_ROUND_APPROVE, bad)
    forge(sam, ids.CIRCLE_ROUND_PAGE, f"{round_id}:x")
    forge(sam, ids.CIRCLE_ROUND_EDIT, f"{round_id}:0")
    fake_slack.wait_idle()
    assert stored_circles(deps) == [] and fake_slack.open_modal("U0SAM") is None
    refused = [str(e.get("text")) for e in sam.ephemerals()]
    assert sum("out of date" in r for r in refused) == 7, refused

    sam.click(ids.CIRCLE_ROUND_DISCARD, message=proposal)
    fake_slack.wait_for(lambda: "Discarded by <@U0SAM>" in _current(fake_slack, proposal).all_text())
    sam.click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    fake_slack.wait_for(
        lambda: any("already discarded by <@U0SAM>" in str(e.get("text")) for e in sam.ephemerals())
    )
    assert stored_circles(deps) == []
    with deps.uow() as uow:
        record = uow.session.get(CircleRoundRecord, round_id)
        assert record is not None and record.status == "discarded" and record.program_id == peers
    assert other  # Bea's program has no round at all
    with deps.uow() as uow:
        assert uow.session.query(CircleRoundRecord).filter_by(program_id=other).count() == 0


def test_admin_match_is_routed_by_format(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    sam = ws.person("U0SAM", "Sam Admin")
    _people(ws, deps, peers, 4)
    sam.command("admin match", channel=CIRCLES_ADMIN)
    assert "1 circle* for 4 of 4" in _proposal(fake_slack).all_text()
    sam.command("admin circles", channel=ADMIN_CHANNEL)  # the mentorship program's admin channel
    fake_slack.wait_for(lambda: any(t.ROUND_NOT_CIRCLES in str(e.get("text")) for e in sam.ephemerals()))


def test_per_circle_edits_are_rechecked_and_stale_forms_refused(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    sam = ws.person("U0SAM", "Sam Admin")
    _people(ws, deps, peers, 9)
    sam.command("admin circles", channel=CIRCLES_ADMIN)
    proposal = _proposal(fake_slack)
    with deps.uow() as uow:
        record = uow.session.query(CircleRoundRecord).one()
        sizes = [len(c["members"]) for c in record.proposal["circles"]]
        members = [list(c["members"]) for c in record.proposal["circles"]]
    big, small = (0, 1) if sizes[0] == 5 else (1, 0)
    edit = _buttons(proposal.blocks, ids.CIRCLE_ROUND_EDIT)[small]
    sam.click(ids.CIRCLE_ROUND_EDIT, message=proposal, value=edit["value"])
    view = sam.modal()
    assert view["callback_id"] == ids.CIRCLE_EDIT_MODAL
    # Taking someone out of the circle of 4 would leave 3: refused inline, nothing changed.
    refused = sam.submit({ids.CIRCLE_EDIT_WHO: members[small][0], ids.CIRCLE_EDIT_TO: "out"}, view=view)
    assert "smaller than the program allows" in refused.json["errors"][ids.CIRCLE_EDIT_TO]
    # Moving someone from the circle of 5 into the circle of 4 is fine: 4 and 5.
    edit_big = _buttons(proposal.blocks, ids.CIRCLE_ROUND_EDIT)[big]
    sam.close_modal()
    sam.click(ids.CIRCLE_ROUND_EDIT, message=proposal, value=edit_big["value"])
    moved = members[big][0]
    ok = sam.submit({ids.CIRCLE_EDIT_WHO: moved, ids.CIRCLE_EDIT_TO: str(small)}, view=sam.modal())
    assert ok.status == 200 and ok.body == ""
    with deps.uow() as uow:
        record = uow.session.query(CircleRoundRecord).one()
        assert moved in record.proposal["circles"][small]["members"] and record.proposal["version"] == 1
    updated = fake_slack.wait_for(
        lambda: (
            (m := _current(fake_slack, proposal)) is not None
            and _buttons(m.blocks, ids.CIRCLE_ROUND_EDIT)[0]["value"].endswith(":1")
            and m
        )
    )
    assert updated.ts == proposal.ts
    # The old message's Edit button carries version 0: stale, no form.
    sam.close_modal()
    sam.click(ids.CIRCLE_ROUND_EDIT, message=proposal, value=edit["value"])
    fake_slack.wait_for(lambda: any(t.EDIT_STALE in str(e.get("text")) for e in sam.ephemerals()))
    assert fake_slack.open_modal("U0SAM") is None
    # A form opened before someone else's edit is refused on submit.
    sam.click(
        ids.CIRCLE_ROUND_EDIT,
        message=updated,
        value=_buttons(updated.blocks, ids.CIRCLE_ROUND_EDIT)[0]["value"],
    )
    first_form = sam.modal()
    sam.close_modal()
    sam.click(
        ids.CIRCLE_ROUND_EDIT,
        message=updated,
        value=_buttons(updated.blocks, ids.CIRCLE_ROUND_EDIT)[small]["value"],
    )
    taken = sam.submit({ids.CIRCLE_EDIT_WHO: members[small][0], ids.CIRCLE_EDIT_TO: "out"}, view=sam.modal())
    assert taken.body == ""  # the circle of 5 keeps 4
    stale = sam.submit({ids.CIRCLE_EDIT_WHO: moved, ids.CIRCLE_EDIT_TO: "out"}, view=first_form)
    assert "changed since you opened" in json.dumps(stale.json)
    with deps.uow() as uow:
        record = uow.session.query(CircleRoundRecord).one()
        assert record.proposal["version"] == 2
        assert [u["member"] for u in record.proposal["unplaced"]] == [members[small][0]]


def test_a_group_dm_slack_refuses_is_reported_and_tried_again(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    sam = ws.person("U0SAM", "Sam Admin")
    people = _people(ws, deps, peers, 8)
    sam.command("admin circles", channel=CIRCLES_ADMIN)
    proposal = _proposal(fake_slack)
    fake_slack.fail("conversations.open", error="user_disabled")
    sam.click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    failed = fake_slack.wait_for(
        lambda: [e for e in sam.ephemerals() if "couldn't open the group DM" in str(e)]
    )
    circles = fake_slack.wait_for(
        lambda: len(stored_circles(deps, peers)) == 2 and stored_circles(deps, peers)
    )
    fake_slack.wait_idle()
    circles = stored_circles(deps, peers)
    assert sorted(bool(c.group_channel_id) for c in circles) == [False, True]  # the other was introduced
    note = Message("C0CIRCADM", "1.0", "", list(failed[-1]["blocks"]), "U")
    people[0].click(ids.CIRCLE_INTRO_RETRY, message=note)  # not an admin
    fake_slack.wait_for(lambda: any("only program admins" in str(e) for e in people[0].ephemerals()))
    sam.click(ids.CIRCLE_INTRO_RETRY, message=note)
    fake_slack.wait_for(
        lambda: any("has its group DM and its introduction" in str(e) for e in sam.ephemerals())
    )
    circles = stored_circles(deps, peers)
    assert all(c.group_channel_id for c in circles)
    assert all(
        len(
            [m for m in fake_slack.messages_in(str(c.group_channel_id)) if "Meet your circle" in m.all_text()]
        )
        == 1
        for c in circles
    )
    sam.click(ids.CIRCLE_INTRO_RETRY, message=note)
    fake_slack.wait_for(lambda: any("has its group DM already" in str(e) for e in sam.ephemerals()))


def test_a_long_proposal_pages_in_place_and_comes_as_a_csv(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    peers = circles_program(deps, fake_slack, admins=("U0SAM",))
    sam = ws.person("U0SAM", "Sam Admin")
    member_1 = ws.person("U0M01", "Member 01")
    proposal = {
        "circles": [
            {
                "members": [f"U{c:03d}{m}" for m in range(4)],
                "member_ids": [c * 10 + m for m in range(4)],
                "names": [f"P{c}.{m}" for m in range(4)],
                "score": 700,
                "reasons": ["You all want to talk about feedback"],
                "common_hours": [],
                "repeats": 0,
            }
            for c in range(45)
        ],
        "unplaced": [],
        "note": None,
        "waiting": 180,
        "version": 0,
    }
    with deps.uow() as uow:
        record = CircleRoundRecord(
            team_id=ws.team_id,
            program_id=peers,
            status="proposed",
            proposal=proposal,
            created_at=deps.clock(),
        )
        uow.session.add(record)
        uow.flush()
        round_id = record.id
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    plan = RoundPlan(round_id, peers, proposal)
    where = post_circles_round(client, deps, ws.team_id, "Peer circles", plan)
    assert where is not None
    posted = _proposal(fake_slack)
    assert "(page 1 of 3)" in posted.all_text()
    member_1.click(ids.CIRCLE_ROUND_PAGE, message=posted)  # a member: refused, the page stays
    fake_slack.wait_for(lambda: any("only program admins" in str(e) for e in member_1.ephemerals()))
    sam.click(ids.CIRCLE_ROUND_PAGE, message=posted)
    fake_slack.wait_for(lambda: "(page 2 of 3)" in _current(fake_slack, posted).all_text())
    assert len(fake_slack.messages_in(CIRCLES_ADMIN)) == 1  # redrawn in place
    sam.click(ids.CIRCLE_ROUND_CSV, message=posted)
    files = fake_slack.wait_for(lambda: fake_slack.files_in(CIRCLES_ADMIN))
    content = files[0]["content"].decode()
    assert (
        content.startswith("circle,slack_user_id,name,fit,reasons,waiting_because")
        and len(content.splitlines()) == 181
    )
