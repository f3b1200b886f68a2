"""Two programs side by side, end to end through Slack, with people in both: join, match, agree,
check-ins, digest, report and export; nothing of one program ever reaches the other's admin channel.

Program A is the workspace's first ("mentoring", admin channel ADMIN_CHANNEL); program B is
"New-hire buddies" with its own admin and program channels. Ada mentors in both; Bo is a mentee in
A only, Cy a mentee in B only; Dee mentors in A only.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.deps import Deps
from bot.services.programs import create_program
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import MentorshipRecord, PersonRecord, ScheduledMessageRecord
from tests.support.scheduling import run
from tests.support.settings import ADMIN_CHANNEL

B_ADMIN = "C0BUDADMIN"
B_CHANNEL = "C0BUDDIES"


def _buttons(message: Message, action_id: str) -> bool:
    return action_id in json.dumps(message.blocks)


def _everything_in(fake: FakeSlack, channel: str) -> str:
    """Every message, ephemeral, file and call the fake Slack recorded for a channel, as one text."""
    with fake.lock:
        messages = [m.all_text() + json.dumps(m.blocks) for m in fake.state.messages.get(channel, [])]
        responses = [json.dumps(r) for r in fake.state.responses if r.get("channel") == channel]
        files = [
            f.get("content", b"").decode() + str(f.get("filename"))
            for f in fake.state.files
            if f.get("channel") == channel
        ]
        calls = [
            json.dumps(c.params, default=str)
            for c in fake.calls
            if (c.params or {}).get("channel") == channel
        ]
    return "\n".join(messages + responses + files + calls)


def _join(who: Person, key: str, values: dict[str, object]) -> None:
    who.command(f"join {key}")
    who.modal()
    reply = who.submit(values)
    assert reply.body == "", reply.body


def _round(fake: FakeSlack, admin: Person, channel: str) -> Message:
    admin.command("admin match", channel=channel)
    found: list[Message] = fake.wait_for(
        lambda: [m for m in fake.messages_in(channel) if _buttons(m, ids.ROUND_APPROVE)]
    )
    proposal = copy.deepcopy(found[-1])
    admin.click(ids.ROUND_APPROVE, message=proposal)
    return proposal


def _pair(deps: Deps, mentor: str, mentee: str) -> MentorshipRecord:
    with deps.uow() as uow:
        for record in uow.session.scalars(select(MentorshipRecord)):
            if record.mentor.slack_user_id == mentor and record.mentee.slack_user_id == mentee:
                return record
    raise AssertionError(f"no pair {mentor} <- {mentee}")


def _agree(ws: Workspace, fake: FakeSlack, deps: Deps, mentor: Person, mentee: Person) -> MentorshipRecord:
    pair = _pair(deps, mentor.id, mentee.id)
    mentor.open_home()
    fake.wait_for(lambda: "Set up our agreement" in json.dumps(fake.home_of(mentor.id) or {}))
    mentor.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair.id))
    mentor.modal()
    reply = mentor.submit({ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_CADENCE: "weekly"})
    assert reply.body == "", reply.body
    group = pair.group_channel_id or ""
    proposal: list[Message] = fake.wait_for(
        lambda: [
            m
            for m in fake.messages_in(_pair(deps, mentor.id, mentee.id).group_channel_id or group)
            if _buttons(m, ids.AGREEMENT_CONFIRM)
        ]
    )
    mentee.click(ids.AGREEMENT_CONFIRM, message=copy.deepcopy(proposal[-1]))
    fake.wait_for(lambda: _pair(deps, mentor.id, mentee.id).agreement_status == "agreed")
    fake.wait_idle()
    return _pair(deps, mentor.id, mentee.id)


def test_two_programs_run_side_by_side_with_no_leakage(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    fake = fake_slack
    fake.add_channel(B_ADMIN, "buddies-admins", ["U0BEA", BOT_USER_ID])
    fake.add_channel(B_CHANNEL, "buddies", [])
    fake.set_members(ADMIN_CHANNEL, ["U0SAM", BOT_USER_ID])
    with deps.uow() as uow:
        first = uow.programs.settings(ws.team_id, deps.clock()).id  # program A, the first
    b = create_program(
        deps, ws.team_id, "New-hire buddies", "buddies", admin_channel=B_ADMIN, program_channel=B_CHANNEL
    ).id
    sam = ws.person("U0SAM", "Sam Rivera", tz="Europe/Berlin")
    bea = ws.person("U0BEA", "Bea Buddyadmin", tz="Europe/Berlin")
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    bo = ws.person("U0BO", "Bo Chen", tz="America/New_York")
    cy = ws.person("U0CY", "Cy Newhire", tz="Europe/Berlin")
    dee = ws.person("U0DEE", "Dee Mentor", tz="Europe/London")

    # Join: Ada in both programs (one identity), the others in one each.
    mentor = {ids.PROFILE_ROLE: "mentor", ids.PROFILE_CAPACITY: "2", ids.PROFILE_DEPARTMENT: "Platform"}
    _join(ada, "mentoring", {**mentor, ids.PROFILE_OFFERS: "python, system design"})
    _join(ada, "buddies", {**mentor, ids.PROFILE_OFFERS: "onboarding, python"})
    _join(dee, "mentoring", {**mentor, ids.PROFILE_OFFERS: "leadership", ids.PROFILE_DEPARTMENT: "Sales"})
    _join(
        bo,
        "mentoring",
        {ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "system design", ids.PROFILE_DEPARTMENT: "Data"},
    )
    _join(
        cy,
        "buddies",
        {ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "onboarding", ids.PROFILE_DEPARTMENT: "Data"},
    )
    with deps.uow() as uow:
        people = list(uow.session.scalars(select(PersonRecord)))
        assert sorted((p.slack_user_id, p.program_id) for p in people) == sorted(
            [("U0ADA", first), ("U0ADA", b), ("U0DEE", first), ("U0BO", first), ("U0CY", b)]
        )
        assert len({p.identity_id for p in people if p.slack_user_id == "U0ADA"}) == 1

    # Match: each admin runs a round in their own admin channel; each proposes its own people only.
    proposal_a = _round(fake, sam, ADMIN_CHANNEL)
    assert "<@U0BO>" in proposal_a.all_text() and "U0CY" not in proposal_a.all_text()
    proposal_b = _round(fake, bea, B_ADMIN)
    assert "<@U0CY>" in proposal_b.all_text() and "U0BO" not in proposal_b.all_text()
    fake.wait_for(lambda: fake.group_dms_with("U0ADA", "U0BO") and fake.group_dms_with("U0ADA", "U0CY"))
    pair_a, pair_b = _pair(deps, "U0ADA", "U0BO"), _pair(deps, "U0ADA", "U0CY")
    assert (pair_a.program_id, pair_b.program_id) == (first, b)

    # Agree: each pair settles its terms in its own group DM.
    pair_a = _agree(ws, fake, deps, ada, bo)
    pair_b = _agree(ws, fake, deps, ada, cy)
    assert pair_a.check_ins_from is not None and pair_b.check_ins_from is not None

    # Check-ins: a week after the first meeting, each mentee hears about their own mentor, once.
    later = datetime.combine(
        max(pair_a.check_ins_from, pair_b.check_ins_from) + timedelta(days=8), datetime.min.time()
    ).replace(tzinfo=deps.clock().tzinfo)
    for hour in range(0, 24, 3):
        clock.set(later + timedelta(hours=hour))
        run(deps, later + timedelta(hours=hour))
        run(deps, later + timedelta(hours=hour))  # twice at one instant: still once
    fake.wait_idle()
    with deps.uow() as uow:
        checkins = [
            r
            for r in uow.session.scalars(select(ScheduledMessageRecord))
            if r.kind == "checkin" and r.state == "sent"
        ]
    by_pair = {(r.mentorship_id, r.recipient) for r in checkins}
    assert (pair_a.id, "U0BO") in by_pair and (pair_b.id, "U0CY") in by_pair
    assert len(by_pair) == len(checkins)  # exactly once per pair, person and period

    # The weekly digest: each admin channel gets its own program's figures (one active pair each).
    monday = later + timedelta(days=(7 - later.weekday()) % 7 or 7, hours=10, minutes=30)
    clock.set(monday)
    run(deps, monday)
    run(deps, monday)
    fake.wait_idle()
    with deps.uow() as uow:
        digests = {
            r.recipient: r.payload
            for r in uow.session.scalars(select(ScheduledMessageRecord))
            if r.kind == "digest" and r.state == "sent"
        }
    assert set(digests) == {ADMIN_CHANNEL, B_ADMIN}
    assert digests[ADMIN_CHANNEL]["active_pairs"] == 1 and digests[B_ADMIN]["active_pairs"] == 1

    # Report and export: each admin channel shows only its own program.
    sam.command("admin report", channel=ADMIN_CHANNEL)
    bea.command("admin report", channel=B_ADMIN)
    sam.command("admin export", channel=ADMIN_CHANNEL)
    bea.command("admin export", channel=B_ADMIN)
    fake.wait_for(lambda: fake.files_in(ADMIN_CHANNEL) and fake.files_in(B_ADMIN))
    fake.wait_idle()
    for channel, mine in (
        (ADMIN_CHANNEL, {"U0ADA", "U0BO", "U0DEE"}),
        (B_ADMIN, {"U0ADA", "U0CY"}),
    ):
        files = {f["filename"]: f["content"].decode() for f in fake.files_in(channel)}
        people_csv = {row["slack_user_id"] for row in csv.DictReader(io.StringIO(files["participants.csv"]))}
        assert people_csv == mine
        assert len(list(csv.DictReader(io.StringIO(files["pairs.csv"])))) == 1

    # No leakage: nothing of one program in the other's admin channel (ids or names), in anything recorded.
    in_b = _everything_in(fake, B_ADMIN)
    in_a = _everything_in(fake, ADMIN_CHANNEL)
    for leak in ("U0BO", "Bo Chen", "U0DEE", "Dee Mentor", "system design", "leadership"):
        assert leak not in in_b, leak
    for leak in ("U0CY", "Cy Newhire", "onboarding", "New-hire buddies"):
        assert leak not in in_a, leak
