"""Several programs, the member side (issue 12), through signed Slack requests: which program a
command acts in, the "Which program?" picker and its forged values, joining a second program,
one person acting in two programs, Home and status grouped by program, and the mentor cap."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.server import TEAM_ID, Message
from handlers.slack import ids
from storage.defaults import default_program_values
from storage.records import IdentityRecord, MentorshipRecord, PersonRecord, ProgramRecord, SessionLogRecord
from tests.support.factories import make_mentorship, make_person


def program(deps: Deps, key: str, name: str, **values: Any) -> int:
    """Create a program in the emulated workspace (the first one too, when none exists yet)."""
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(TEAM_ID, now)
        uow.programs.settings(TEAM_ID, now)  # the workspace's first program, as in production
        record = ProgramRecord(**default_program_values(TEAM_ID, now, key=key, name=name, **values))
        uow.session.add(record)
        uow.flush()
        return record.id


def first_program(deps: Deps) -> int:
    with deps.uow() as uow:
        found = uow.programs.first_id(TEAM_ID)
        assert found is not None
        return found


def memberships(deps: Deps, user_id: str) -> list[PersonRecord]:
    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(PersonRecord)
                .where(PersonRecord.slack_user_id == user_id)
                .order_by(PersonRecord.program_id)
            )
        )


def picker_message(reply_blocks: list[dict[str, Any]]) -> Message:
    """An ephemeral picker as a message the emulator can click in."""
    return Message("C0GENERAL", "1.0", "", reply_blocks, "U", ephemeral_for="x")


def pick_values(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        json.loads(b["accessory"]["value"])
        for b in blocks
        if b.get("accessory", {}).get("action_id") == ids.PROGRAM_PICK
    ]


MENTEE = {ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "leadership", ids.PROFILE_DEPARTMENT: "Data"}
MENTOR = {ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: "python", ids.PROFILE_CAPACITY: "2"}


def test_join_with_two_open_programs_asks_which_then_joins_the_picked_one(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    eng = program(deps, "eng-mentoring", "Engineering mentorship")
    first = first_program(deps)
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    ada.command("join")
    picker = ada.last_ephemeral()
    values = pick_values(picker["blocks"])
    assert {v["p"] for v in values} == {first, eng}
    assert "Engineering mentorship" in json.dumps(picker["blocks"])
    assert fake_slack.open_modal("U0ADA") is None  # nothing opened before the choice
    ada.click(
        ids.PROGRAM_PICK,
        message=picker_message(picker["blocks"]),
        value=json.dumps(next(v for v in values if v["p"] == eng), separators=(",", ":")),
    )
    modal = ada.modal()
    assert "Engineering mentorship" in json.dumps(modal["blocks"])  # the program is named
    ada.submit(MENTEE)
    ada.last_dm(containing="Welcome to Engineering mentorship")
    mine = memberships(deps, "U0ADA")
    assert [(m.program_id, m.role) for m in mine] == [(eng, "mentee")]

    # The key typed with the command: no question; a second membership, the same identity.
    ada.command("join mentoring")
    modal = ada.modal()
    dept = next(b for b in modal["blocks"] if b.get("block_id") == ids.PROFILE_DEPARTMENT)
    assert dept["element"].get("initial_value") == "Data"  # the shared part, filled in once
    ada.submit(MENTOR)
    mine = memberships(deps, "U0ADA")
    assert sorted((m.program_id, m.role) for m in mine) == sorted([(eng, "mentee"), (first, "mentor")])
    assert len({m.identity_id for m in mine}) == 1
    with deps.uow() as uow:
        assert len(uow.session.scalars(select(IdentityRecord)).all()) == 1
        assert mine[0].department == "Data"


def test_a_forged_pick_changes_nothing(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    program(deps, "eng-mentoring", "Engineering mentorship")
    closed = program(deps, "wil", "Women in Leadership", status="running")
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    picker = ada.last_ephemeral()
    assert closed not in {v["p"] for v in pick_values(picker["blocks"])}  # not open: not offered
    forged_blocks = json.loads(json.dumps(picker["blocks"]))
    for forged in (
        json.dumps({"p": closed, "c": "join", "t": ""}),  # exists, but not open for joining
        json.dumps({"p": 999999, "c": "join", "t": ""}),  # no such program
        json.dumps({"p": closed, "c": "goals", "t": ""}),  # not a member
        json.dumps({"p": "1", "c": "join", "t": ""}),
        json.dumps({"p": closed, "c": "admin", "t": "report"}),  # not a member command
        "not json",
    ):
        forged_blocks[1]["accessory"]["value"] = forged
        before = len(ada.ephemerals())
        reply = ada.click(ids.PROGRAM_PICK, message=picker_message(forged_blocks), value=forged)
        assert reply.status == 200
        fake_slack.wait_for(lambda b=before: len(ada.ephemerals()) > b)  # type: ignore[misc]
        assert "isn't one you can use" in json.dumps(ada.last_ephemeral())
        assert fake_slack.open_modal("U0ADA") is None
    assert memberships(deps, "U0ADA") == []


MESSAGE = "I admire how you run production clusters; I'd love help moving our pipelines to Kubernetes."


def ephemeral_message(person: Any, command: str, *, channel: str = "C0GENERAL") -> Message:
    before = len(person.ephemerals())
    person.command(command, channel=channel)
    found = person.fake.wait_for(lambda: len(person.ephemerals()) > before and person.ephemerals())
    last = found[-1]
    return Message(channel, "0.000001", str(last.get("text") or ""), list(last.get("blocks") or []), "U")


def test_one_person_in_two_programs_acts_in_each(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    eng = program(deps, "eng-mentoring", "Engineering mentorship")
    first = first_program(deps)
    kai_a = make_person(deps, "U0KAI", "mentee", name="Kai Muller", program_id=first)
    kai_b = make_person(deps, "U0KAI", "mentor", name="Kai Muller", program_id=eng, capacity=2)
    linus_a = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", program_id=first)
    make_person(deps, "U0NIA", "mentee", name="Nia Okafor", program_id=eng)
    make_person(deps, "U0OLA", "mentee", name="Ola Berg", program_id=eng)
    pair_a = make_mentorship(deps, linus_a, kai_a, program_id=first)
    with deps.uow() as uow:
        workspace = uow.programs.workspace(TEAM_ID)
        assert workspace is not None
        workspace.mentor_cap = 1
    kai, nia, ola = (
        ws.person("U0KAI", "Kai Muller"),
        ws.person("U0NIA", "Nia Okafor"),
        ws.person("U0OLA", "Ola Berg"),
    )
    ws.person("U0LINUS", "Linus Torvalds")

    # Nia (only in eng) asks Kai; Kai accepts in eng although he is a mentee elsewhere.
    found = ephemeral_message(nia, "find")
    nia.click(ids.FIND_REQUEST, message=found, value=str(kai_b.id))
    nia.modal()
    nia.submit({ids.REQUEST_MESSAGE: MESSAGE})
    prompt = kai.last_dm(containing="Nia Okafor would like you to be their mentor")
    stale = ephemeral_message(ola, "find")  # Ola sees Kai too, before he takes Nia
    kai.click(ids.REQUEST_ACCEPT, message=prompt)
    with deps.uow() as uow:
        pairs = fake_slack.wait_for(
            lambda: uow.session.scalars(
                select(MentorshipRecord).where(MentorshipRecord.program_id == eng)
            ).all()
        )
        assert [(p.mentor_id, p.program_id) for p in pairs] == [(kai_b.id, eng)]

    # The workspace cap (1) counts across programs: Kai is no longer suggested, and Ola's request
    # from the suggestions she saw before is refused.
    assert "at capacity" in ephemeral_message(ola, "find").all_text()
    ola.click(ids.FIND_REQUEST, message=stale, value=str(kai_b.id))
    fake_slack.wait_for(
        lambda: "across all programs" in json.dumps(ola.ephemerals() + [m.all_text() for m in ola.dms()])
    )

    # Kai has a live pair in each program: `/mentor log` asks which, and logs in the one picked.
    picker = ephemeral_message(kai, "log")
    assert {v["p"] for v in pick_values(picker.blocks)} == {first, eng}
    value = next(v for v in pick_values(picker.blocks) if v["p"] == first)
    kai.click(ids.PROGRAM_PICK, message=picker, value=json.dumps(value, separators=(",", ":")))
    modal = kai.modal()
    assert modal["callback_id"] == ids.SESSION_MODAL
    reply = kai.submit(
        {ids.SESSION_TAKEAWAYS: "Talked about reviews", ids.SESSION_DATE: deps.clock().date().isoformat()}
    )
    assert reply.status == 200
    with deps.uow() as uow:
        logs = fake_slack.wait_for(lambda: uow.session.scalars(select(SessionLogRecord)).all())
        assert [(s.mentorship_id, s.logged_by) for s in logs] == [(pair_a.id, kai_a.id)]

    # Feedback in the first program by its key: no question, the pair there.
    kai.command("feedback mentoring")
    modal = kai.modal()
    assert modal["callback_id"] == ids.FEEDBACK_MODAL
    assert "Linus" in json.dumps(modal["blocks"]) and "Nia" not in json.dumps(modal["blocks"])

    # Home: one section per program, the load across programs with the cap.
    kai.close_modal()
    kai.open_home()
    home = fake_slack.wait_for(lambda: fake_slack.home_of("U0KAI"))
    headers = [b["text"]["text"] for b in home["blocks"] if b["type"] == "header"]
    assert headers == ["Mentorship Program", "Engineering mentorship"]
    assert json.dumps(home["blocks"]).count("Hi Kai!") == 1  # one greeting, at the top
    text = json.dumps(home["blocks"])
    assert "You mentor 1 person; the workspace cap is 1" in text
    assert len(home["blocks"]) <= 100

    # Status: one part per program (and only one with a key).
    both = kai.command("status").text
    assert "Mentorship Program" in both and "Engineering mentorship" in both
    one = kai.command("status eng-mentoring").text
    assert "U0NIA" in one and "U0LINUS" not in one
