"""Admins of several programs through the real HTTP endpoint: each program's admin channel sees its
own program only (report, pairs, export, announce, settings), the which-program picker (a forged
choice refused), the program form (new, edit, archive, inline errors) and the workspace overview."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.admin import texts as t
from handlers.slack import ids
from storage.defaults import default_program_values
from storage.records import AuditRecord, ProgramRecord, ScheduledMessageRecord, WorkspaceRecord
from tests.support.factories import make_mentorship, make_person
from tests.support.settings import ADMIN_CHANNEL

B_ADMIN = "C0ADMINSB"
B_CHANNEL = "C0PROGRAMB"
A_ONLY = "Ana OnlyInA"  # a mentee of program A only: must never show in B's admin channel
B_ONLY = "Bert OnlyInB"


def _program_b(deps: Deps, fake: FakeSlack, team_id: str) -> int:
    fake.add_channel(B_ADMIN, "buddies-admins", ["U0BEA"])
    fake.add_channel(B_CHANNEL, "buddies", [])
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.settings(team_id, now)  # program A, the first
        record = ProgramRecord(
            **default_program_values(
                team_id,
                now,
                key="buddies",
                name="New-hire buddies",
                admin_channel=B_ADMIN,
                program_channel=B_CHANNEL,
            )
        )
        uow.session.add(record)
        uow.flush()
        return int(record.id)


def _first(deps: Deps, team_id: str) -> int:
    with deps.uow() as uow:
        found = uow.programs.first_id(team_id)
        assert found is not None
        return found


def _two_programs(ws: Workspace, fake: FakeSlack, deps: Deps) -> tuple[int, int, Person, Person]:
    """Program A (the first, admin channel ADMIN_CHANNEL) and B; Max mentors in both."""
    b = _program_b(deps, fake, ws.team_id)
    a = _first(deps, ws.team_id)
    sam = ws.person("U0SAM", "Sam Rivera")
    bea = ws.person("U0BEA", "Bea Admin")
    fake.set_members(ADMIN_CHANNEL, ["U0SAM"])
    max_a = make_person(deps, "U0MAX", "mentor", name="Max Mentor", program_id=a, capacity=3)
    ana = make_person(deps, "U0ANA", "mentee", name=A_ONLY, program_id=a)
    max_b = make_person(deps, "U0MAX", "mentor", program_id=b, capacity=3)
    bert = make_person(deps, "U0BERT", "mentee", name=B_ONLY, program_id=b)
    make_person(deps, "U0OLI", "mentee", name="Oli Overlap", program_id=a)  # learns in A, mentors in B
    make_person(deps, "U0OLI", "mentor", program_id=b)
    make_mentorship(deps, max_a, ana, program_id=a)
    make_mentorship(deps, max_b, bert, program_id=b)
    return a, b, sam, bea


def _replies(fake: FakeSlack, who: Person, count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = fake.wait_for(lambda: len(who.ephemerals()) >= count and who.ephemerals())
    return found


def _text(reply: dict[str, Any]) -> str:
    return Message("x", "0", str(reply.get("text") or ""), list(reply.get("blocks") or []), "U").all_text()


def _everything_in(fake: FakeSlack, channel: str) -> str:
    """Every message, ephemeral and file the fake Slack recorded in a channel, as one text."""
    with fake.lock:
        messages = [m.all_text() for m in fake.state.messages.get(channel, [])]
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


def test_each_admin_channel_sees_only_its_program(ws: Workspace, fake_slack: FakeSlack, deps: Deps) -> None:
    a, b, sam, bea = _two_programs(ws, fake_slack, deps)
    sam.command("admin pairs", channel=ADMIN_CHANNEL)
    pairs = _text(_replies(fake_slack, sam, 1)[0])
    assert "U0ANA" in pairs and "U0BERT" not in pairs
    sam.command("admin report", channel=ADMIN_CHANNEL)
    assert "Mentorship Program" in _text(_replies(fake_slack, sam, 2)[1])
    sam.command("admin export", channel=ADMIN_CHANNEL)
    _replies(fake_slack, sam, 3)
    files = {f["filename"]: f["content"].decode() for f in fake_slack.files_in(ADMIN_CHANNEL)}
    people = {row["slack_user_id"] for row in csv.DictReader(io.StringIO(files["participants.csv"]))}
    assert people == {"U0MAX", "U0ANA", "U0OLI"}
    assert len(list(csv.DictReader(io.StringIO(files["pairs.csv"])))) == 1
    sam.command("admin announce", channel=ADMIN_CHANNEL)
    view = sam.modal()
    assert "Mentors only (1)" in str(view) and "Mentees only (2)" in str(view)
    sam.submit(
        {ids.ADMIN_ANNOUNCE_TEXT: "Kick-off for A", ids.ADMIN_ANNOUNCE_AUDIENCE: "everyone"}, view=view
    )
    sam.last_dm(containing="queued")
    with deps.uow() as uow:
        rows = list(uow.session.scalars(select(ScheduledMessageRecord)))
    assert sorted(r.recipient for r in rows) == ["U0ANA", "U0MAX", "U0OLI"] and {
        r.program_id for r in rows
    } == {a}
    sam.command("admin settings", channel=ADMIN_CHANNEL)
    sam.submit({ids.ADMIN_SETTINGS_NAME: "Engineering mentorship", ids.ADMIN_SETTINGS_HOUR: "8"})
    sam.last_dm(containing="Settings saved")
    with deps.uow() as uow:
        program_a, program_b = uow.programs.program(ws.team_id, a), uow.programs.program(ws.team_id, b)
        assert program_a is not None and program_b is not None
        assert (program_a.name, program_a.check_in_hour) == ("Engineering mentorship", 8)
        assert (program_b.name, program_b.check_in_hour) == ("New-hire buddies", 10)

    # Sam is no admin of B; Bea (in B's admin channel) is no admin of A.
    sam.command("admin pairs", channel=B_ADMIN)
    assert "only program admins" in _replies(fake_slack, sam, 4)[3]["text"]
    bea.command("admin pairs", channel=ADMIN_CHANNEL)
    assert "only program admins" in _replies(fake_slack, bea, 1)[0]["text"]
    bea.command("admin pairs", channel=B_ADMIN)
    b_pairs = _text(_replies(fake_slack, bea, 2)[1])
    assert "U0BERT" in b_pairs and "U0ANA" not in b_pairs
    bea.command("admin export", channel=B_ADMIN)
    bea.command("admin report", channel=B_ADMIN)
    _replies(fake_slack, bea, 4)
    fake_slack.wait_idle()
    b_files = {f["filename"]: f["content"].decode() for f in fake_slack.files_in(B_ADMIN)}
    b_people = {row["slack_user_id"] for row in csv.DictReader(io.StringIO(b_files["participants.csv"]))}
    assert b_people == {"U0MAX", "U0BERT", "U0OLI"}
    seen_in_b = _everything_in(fake_slack, B_ADMIN)
    assert seen_in_b and B_ONLY in seen_in_b
    for secret in (A_ONLY, "U0ANA", "Engineering mentorship", "Kick-off for A"):
        assert secret not in seen_in_b
    with deps.uow() as uow:
        audits = list(uow.session.scalars(select(AuditRecord).where(AuditRecord.action == "admin export")))
    assert sorted((x.actor, x.program_id) for x in audits) == sorted(
        [("U0SAM", a), ("U0SAM", a), ("U0BEA", b), ("U0BEA", b)]
    )


def test_elsewhere_an_admin_of_several_programs_is_asked_which(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    a, b, _sam, _bea = _two_programs(ws, fake_slack, deps)
    fake_slack.set_members(B_ADMIN, ["U0BEA", "U0KIM"])
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM", "U0KIM"])
    kim = ws.person("U0KIM", "Kim Both")
    kim.command("admin pairs")
    picker = _replies(fake_slack, kim, 1)[0]
    assert "Which one" in _text(picker)
    buttons = [e for blk in picker["blocks"] if blk["type"] == "actions" for e in blk["elements"]]
    assert [json.loads(x["value"])["p"] for x in buttons] == [a, b]
    message = Message("C0GENERAL", "1.000001", str(picker["text"]), list(picker["blocks"]), BOT_USER_ID)
    kim.click(ids.ADMIN_PICK_PROGRAM, message=message, value=buttons[1]["value"])
    chosen = _text(_replies(fake_slack, kim, 2)[1])
    assert "U0BERT" in chosen and "U0ANA" not in chosen

    # Someone with one program gets it straight away; a forged choice of another is refused.
    sam = ws.person("U0SAM", "Sam Rivera")
    sam.command("admin pairs")
    assert "U0ANA" in _text(_replies(fake_slack, sam, 1)[0])

    def forge(value: str) -> None:
        payload = sam.click_payload(ids.ADMIN_PICK_PROGRAM, message=message, value=buttons[0]["value"])
        payload["actions"][0]["value"] = value
        ws.post_payload(payload)

    forge(buttons[1]["value"])  # Kim's button for B, clicked by Sam (an admin of A only)
    assert "only program admins" in _replies(fake_slack, sam, 2)[1]["text"]
    for bad in (json.dumps({"p": 999999, "c": "pairs"}), "not json", json.dumps({"p": a, "c": "overview"})):
        forge(bad)
    fake_slack.wait_for(lambda: len(sam.ephemerals()) >= 5)
    assert all("U0BERT" not in _text(r) for r in sam.ephemerals())
    with deps.uow() as uow:
        denied = list(
            uow.session.scalars(
                select(AuditRecord).where(AuditRecord.actor == "U0SAM", AuditRecord.outcome != "ok")
            )
        )
    assert (denied[0].program_id, denied[0].outcome) == (b, "denied")
    assert len(denied) == 4


def test_program_form_creates_edits_and_archives_with_inline_errors(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    b = _program_b(deps, fake_slack, ws.team_id)
    a = _first(deps, ws.team_id)
    fake_slack.add_channel("C0NEWADM", "wil-admins", [])
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    bea = ws.person("U0BEA", "Bea Admin")
    # Only workspace owners and admins create programs.
    bea.command("admin program new", channel=B_ADMIN)
    assert "Only workspace owners and admins" in _replies(fake_slack, bea, 1)[0]["text"]
    owner.command("admin program new")
    view = owner.modal()
    assert view["callback_id"] == ids.ADMIN_PROGRAM_MODAL and "Mentorship" in str(view)
    bad = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Women in Leadership",
            ids.ADMIN_PROGRAM_KEY: "Bad Key!",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: B_ADMIN,
        },
        view=view,
    )
    assert set(bad.json["errors"]) == {ids.ADMIN_PROGRAM_KEY, ids.ADMIN_PROGRAM_ADMIN_CHANNEL}
    dup = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Women in Leadership",
            ids.ADMIN_PROGRAM_KEY: "buddies",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: ADMIN_CHANNEL,
        },
        view=view,
    )
    assert set(dup.json["errors"]) == {ids.ADMIN_PROGRAM_KEY, ids.ADMIN_PROGRAM_ADMIN_CHANNEL}
    ok = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Women in Leadership",
            ids.ADMIN_PROGRAM_KEY: "wil",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: "C0NEWADM",
        },
        view=view,
    )
    assert ok.status == 200 and ok.body == ""
    owner.last_dm(containing="is created")
    replay = owner.ws.post_payload(owner.submission(None, view=view))
    assert replay.status == 200
    with deps.uow() as uow:
        made = [p for p in uow.programs.programs(ws.team_id) if p.key == "wil"]
    assert len(made) == 1 and made[0].admin_channel == "C0NEWADM" and made[0].format == "mentorship"

    # B's admin edits B (not archiving it); the edit is audited.
    bea.command("admin program edit", channel=B_ADMIN)
    edit = bea.modal()
    bea.submit({ids.ADMIN_PROGRAM_NAME: "Buddies", ids.ADMIN_PROGRAM_STATUS: "running"}, view=edit)
    bea.last_dm(containing="saved")
    bea.command("admin program edit", channel=B_ADMIN)
    refused = bea.submit({ids.ADMIN_PROGRAM_STATUS: "archived"}, view=bea.modal())
    assert t.NOT_ADMIN in str(refused.json["errors"])
    with deps.uow() as uow:
        record = uow.programs.program(ws.team_id, b)
        assert record is not None and (record.name, record.status) == ("Buddies", "running")

    # Archive keeps every row; the last program that isn't archived stays.
    owner.command("admin program archive buddies")
    owner.command("admin program archive wil")
    owner.command(f"admin program archive {made[0].key}")
    replies = _replies(fake_slack, owner, 3)
    assert "is archived" in replies[0]["text"] and "is archived" in replies[1]["text"]
    assert "archived already" in replies[2]["text"]
    owner.command("admin program archive mentoring")
    assert "only program that isn't archived" in _replies(fake_slack, owner, 4)[3]["text"]
    with deps.uow() as uow:
        statuses = {p.id: p.status for p in uow.programs.programs(ws.team_id, include_archived=True)}
        actions = [
            x.action for x in uow.session.scalars(select(AuditRecord).where(AuditRecord.outcome == "ok"))
        ]
    assert statuses[a] == "open" and statuses[b] == "archived"
    assert {"admin program created", "admin program edited", "admin program archived"} <= set(actions)


def test_workspace_overview_and_the_cap(ws: Workspace, fake_slack: FakeSlack, deps: Deps) -> None:
    _a, _b, sam, _bea = _two_programs(ws, fake_slack, deps)
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    sam.command("admin overview", channel=ADMIN_CHANNEL)
    assert "Only workspace owners and admins" in _replies(fake_slack, sam, 1)[0]["text"]
    owner.command("admin cap 1")
    assert "at most 1 mentee across" in _replies(fake_slack, owner, 1)[0]["text"]
    owner.command("admin cap lots")
    assert "whole number" in _replies(fake_slack, owner, 2)[1]["text"]
    owner.command("admin overview")
    overview = _text(_replies(fake_slack, owner, 3)[2])
    assert (
        "*Mentorship Program* (Open for joining): 3 members · 1 mentor · 2 mentees · 1 active pair"
        in overview
    )
    assert (
        "*New-hire buddies* (Open for joining): 3 members · 2 mentors · 1 mentee · 1 active pair" in overview
    )
    assert "People in several programs:* 2" in overview
    assert "cap: 1; over it: 1" in overview
    assert "<@U0MAX>: 2 mentees (Mentorship Program 1, New-hire buddies 1) — over the cap" in overview
    with deps.uow() as uow:
        workspace = uow.session.get(WorkspaceRecord, ws.team_id)
        assert workspace is not None and workspace.mentor_cap == 1
