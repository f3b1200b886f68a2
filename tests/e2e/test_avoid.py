""" "Don't pair me with…" end to end through signed Slack requests: `/mentor avoid` and the profile
field, honoured by suggestions, requests (refused as "not possible", nothing else said), accepts and
rounds in both directions, never shown to the other person; `private_block` for manual pairing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from bot.services.avoid import private_block
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import IdentityRecord, MentorRequestRecord, MentorshipRecord
from tests.support.factories import make_person
from tests.support.settings import ADMIN_CHANNEL

SECRET_WORDS = ("avoid", "asked", "private list", "don't pair", "blocked")


def _as_message(reply: dict[str, Any]) -> Message:
    return Message(
        "C0GENERAL", "1.000001", str(reply.get("text") or ""), list(reply.get("blocks") or []), BOT_USER_ID
    )


def _buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        found.extend(e for e in elements if isinstance(e, dict) and e.get("action_id") == action_id)
    return found


def _latest(fake: FakeSlack, person: Person, count: int) -> dict[str, Any]:
    found: dict[str, Any] = fake.wait_for(
        lambda: len(person.ephemerals()) >= count and person.ephemerals()[-1]
    )
    return found


def _everything_to(fake: FakeSlack, user_id: str) -> str:
    with fake.lock:
        dms = [m.all_text() for m in fake.dms_to(user_id)] if hasattr(fake, "dms_to") else []
        responses = [json.dumps(r) for r in fake.state.responses]
    return "\n".join(dms + [r for r in responses if user_id in r])


def test_avoid_a_mentee_hides_them_and_refuses_their_request_without_saying_why(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    kai = ws.person("U0KAI", "Kai Mentee")
    ada_rec = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", capacity=2)
    make_person(deps, "U0BO", "mentor", name="Bo Chen")
    make_person(deps, "U0KAI", "mentee", name="Kai Mentee")
    kai.command("find")
    before = _latest(fake_slack, kai, 1)
    assert str(ada_rec.id) in [b["value"] for b in _buttons(before["blocks"], ids.FIND_REQUEST)]

    ada.command("avoid <@U0KAI|kai>")
    added = _latest(fake_slack, ada, 1)
    assert "<@U0KAI>" in added["text"] and "never told" in added["text"]
    with deps.uow() as uow:
        identity = uow.session.scalars(
            select(IdentityRecord).where(IdentityRecord.slack_user_id == "U0ADA")
        ).one()
        assert identity.do_not_match == ["U0KAI"]
        assert private_block(uow, ws.team_id, "U0KAI", "U0ADA") and private_block(
            uow, ws.team_id, "U0ADA", "U0KAI"
        )
        assert not private_block(uow, ws.team_id, "U0KAI", "U0BO")

    # Kai's suggestions leave Ada out; a request from the old message is refused as "not possible".
    kai.command("find")
    after = _latest(fake_slack, kai, 2)
    assert str(ada_rec.id) not in [b["value"] for b in _buttons(after["blocks"], ids.FIND_REQUEST)]
    kai.click(ids.FIND_REQUEST, message=_as_message(before), value=str(ada_rec.id))
    refusal = _latest(fake_slack, kai, 3)["text"]
    assert "isn't possible" in refusal
    fake_slack.wait_idle()
    with deps.uow() as uow:
        assert not list(uow.session.scalars(select(MentorRequestRecord)))
    told_kai = "\n".join(json.dumps(e) for e in kai.ephemerals()) + "\n".join(m.all_text() for m in kai.dms())
    assert not any(word in told_kai.casefold() for word in SECRET_WORDS)

    # The list: only Ada sees it, and Remove takes Kai off.
    ada.command("avoid")
    listing = _latest(fake_slack, ada, 2)
    assert "<@U0KAI>" in json.dumps(listing["blocks"])
    ada.click(ids.AVOID_REMOVE, message=_as_message(listing), value="U0KAI")
    emptied = _latest(fake_slack, ada, 3)
    assert "empty" in emptied["text"]
    with deps.uow() as uow:
        assert not private_block(uow, ws.team_id, "U0KAI", "U0ADA")


def test_a_request_sent_before_the_block_is_not_accepted(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    kai = ws.person("U0KAI", "Kai Mentee")
    ada_rec = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace")
    make_person(deps, "U0KAI", "mentee", name="Kai Mentee")
    kai.command("find")
    found = _latest(fake_slack, kai, 1)
    kai.click(ids.FIND_REQUEST, message=_as_message(found), value=str(ada_rec.id))
    kai.modal()
    kai.submit({ids.REQUEST_MESSAGE: "Hi Ada, I would love to learn python from you, could we meet?"})
    prompt = ada.last_dm(containing="python")
    kai.command("avoid <@U0ADA>")  # Kai changes their mind, privately
    _latest(fake_slack, kai, 2)
    ada.click(ids.REQUEST_ACCEPT, message=prompt)
    fake_slack.wait_idle()
    with deps.uow() as uow:
        assert not list(uow.session.scalars(select(MentorshipRecord)))
        assert uow.session.scalars(select(MentorRequestRecord)).one().status == "withdrawn"
    told_ada = "\n".join(json.dumps(e) for e in ada.ephemerals()) + "\n".join(m.all_text() for m in ada.dms())
    assert "avoid" not in told_ada.casefold() and "private" not in told_ada.casefold()


def test_the_profile_field_sets_the_list_and_rounds_honour_it_both_ways(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = ws.person("U0SAM", "Sam Rivera")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM", BOT_USER_ID])
    kai = ws.person("U0KAI", "Kai Mentee")
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python", "go"], do_not_match=["U0MIA"])
    make_person(deps, "U0BO", "mentor", name="Bo Chen", offers=["python"])
    make_person(deps, "U0KAI", "mentee", name="Kai Mentee", wants=["python", "go"])
    make_person(deps, "U0MIA", "mentee", name="Mia Mentee", wants=["python", "go"])
    # Kai avoids Ada through the profile (the best fit for both mentees); Ada avoided Mia already.
    kai.command("profile")
    view = kai.modal()
    assert any(b.get("block_id") == ids.PROFILE_AVOID for b in view["blocks"])
    kai.submit({ids.PROFILE_AVOID: ["U0ADA"]}, view=view)
    kai.last_dm()
    with deps.uow() as uow:
        identity = uow.session.scalars(
            select(IdentityRecord).where(IdentityRecord.slack_user_id == "U0KAI")
        ).one()
        assert identity.do_not_match == ["U0ADA"]
    kai.command("profile")
    assert '"initial_users": ["U0ADA"]' in json.dumps(kai.modal())  # shown back to Kai only
    kai.close_modal()

    sam.command("admin match")
    proposal = fake_slack.wait_for(
        lambda: [m for m in fake_slack.messages_in(ADMIN_CHANNEL) if _buttons(m.blocks, ids.ROUND_APPROVE)]
    )[-1]
    text = proposal.all_text()
    # Ada, the best fit for both, is paired with neither: Kai avoided her, she avoided Mia.
    assert "*1 pair* proposed" in text and "*<@U0KAI>* ← <@U0BO>" in text
    assert "<@U0ADA>" not in text and "avoid" not in text.casefold()


def test_my_data_shows_the_list_and_answers_and_delete_my_data_erases_them(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    from bot.domain.custom_questions import merge_options
    from storage.records import AnswerRecord, QuestionRecord
    from storage.repositories.criteria import CriteriaRepository

    kai = ws.person("U0KAI", "Kai Mentee")
    kai_rec = make_person(deps, "U0KAI", "mentee", name="Kai Mentee", do_not_match=["U0ADA"])
    now = deps.clock()
    with deps.uow() as uow:
        program = uow.programs.settings(ws.team_id, now).id
        uow.session.add(
            QuestionRecord(
                team_id=ws.team_id,
                program_id=program,
                key="language",
                label="Language",
                kind="single",
                options=merge_options([], ["Spanish", "German"]),
                rule="same",
                weight=0.2,
                reason="",
                position=1,
                archived=False,
                created_at=now,
                updated_at=now,
            )
        )
        uow.repo(CriteriaRepository).set_answer(ws.team_id, kai_rec.id, "language", ["o2"], now)
    kai.command("my-data")
    dm = kai.last_dm(containing="everything stored")
    assert (
        '"do_not_match": [' in dm.text
        and "U0ADA" in dm.text
        and '"language": [' in dm.text
        and "German" in dm.text
    )
    kai.command("delete-my-data")
    prompt = fake_slack.wait_for(lambda: [e for e in kai.ephemerals() if "Erase your data" in json.dumps(e)])[
        -1
    ]
    kai.click(
        ids.DELETE_CONFIRM, message=Message("C0GENERAL", "1.1", prompt["text"], prompt["blocks"], "bot")
    )
    fake_slack.wait_for(lambda: any("erased" in e.get("text", "") for e in kai.ephemerals()))
    with deps.uow() as uow:
        assert not list(uow.session.scalars(select(AnswerRecord)))
        identity = uow.session.scalars(
            select(IdentityRecord).where(IdentityRecord.slack_user_id == "U0KAI")
        ).one()
        assert identity.do_not_match == []
