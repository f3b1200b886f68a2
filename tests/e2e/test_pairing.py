"""Pairing through the real HTTP endpoint: find, request, accept, decline, limits, the capacity
race, admin rounds (approved once, even concurrently), non-admins refused, and the agreement."""

from __future__ import annotations

import copy
import json
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import MatchRoundRecord, MentorRequestRecord, MentorshipRecord, PersonRecord
from tests.support.factories import make_mentorship, make_person
from tests.support.settings import ADMIN_CHANNEL

MESSAGE = "I admire how you run production clusters; I'd love help moving our pipelines to Kubernetes."


# -- helpers ----------------------------------------------------------------------------------
def _as_message(ephemeral: dict[str, Any]) -> Message:
    """An ephemeral reply as a clickable message."""
    return Message(
        channel=ephemeral.get("channel") or "C0GENERAL",
        ts="0.000001",
        text=str(ephemeral.get("text") or ""),
        blocks=list(ephemeral.get("blocks") or []),
        user=BOT_USER_ID,
    )


def _buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        found.extend(e for e in elements if isinstance(e, dict) and e.get("action_id") == action_id)
    return found


def _count(deps: Deps, record: Any, *where: Any) -> int:
    with deps.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(record).where(*where)) or 0)


def _mentorships(deps: Deps) -> list[MentorshipRecord]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MentorshipRecord).order_by(MentorshipRecord.id)))


def _requests(deps: Deps) -> list[MentorRequestRecord]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MentorRequestRecord).order_by(MentorRequestRecord.id)))


def _find(person: Person) -> Message:
    before = len(person.ephemerals())
    reply = person.command("find")
    assert reply.status == 200
    found = person.fake.wait_for(lambda: len(person.ephemerals()) > before and person.ephemerals())
    return _as_message(found[-1])


def _request(
    mentee: Person, mentor_person_id: int, message: str = MESSAGE, *, via: Message | None = None
) -> Any:
    via = via or _find(mentee)
    mentee.click(ids.FIND_REQUEST, message=via, value=str(mentor_person_id))
    mentee.modal()
    return mentee.submit({ids.REQUEST_MESSAGE: message})


def _snapshot(message: Message) -> Message:
    """A copy that later chat.update calls do not change (as a client still showing it would)."""
    return copy.deepcopy(message)


def _prompt(mentor: Person, mentee_name: str) -> Message:
    return _snapshot(mentor.last_dm(containing=f"{mentee_name} would like you to be their mentor"))


def _cast(ws: Workspace, deps: Deps) -> dict[str, Any]:
    kai = ws.person("U0KAI", "Kai Muller", tz="Europe/Berlin")
    linus = ws.person("U0LINUS", "Linus Torvalds", tz="Europe/Helsinki")
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    grace = ws.person("U0GRACE", "Grace Hopper", tz="America/New_York")
    people = {
        "kai": make_person(
            deps,
            "U0KAI",
            "mentee",
            name="Kai Muller",
            wants=["kubernetes", "data pipeline"],
            timezone="Europe/Berlin",
        ),
        "linus": make_person(
            deps,
            "U0LINUS",
            "mentor",
            name="Linus Torvalds",
            offers=["kubernetes", "linux"],
            timezone="Europe/Helsinki",
            capacity=2,
        ),
        "ada": make_person(
            deps,
            "U0ADA",
            "mentor",
            name="Ada Lovelace",
            offers=["data pipeline", "python"],
            timezone="Europe/London",
            capacity=2,
        ),
        "grace": make_person(
            deps,
            "U0GRACE",
            "mentor",
            name="Grace Hopper",
            offers=["kubernetes"],
            timezone="America/New_York",
            capacity=2,
        ),
    }
    return {"kai": kai, "linus": linus, "ada": ada, "grace": grace, "rec": people}


# -- find -> request -> accept -----------------------------------------------------------------
def test_find_request_accept(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _cast(ws, deps)
    kai, linus = c["kai"], c["linus"]
    found = _find(kai)
    buttons = _buttons(found.blocks, ids.FIND_REQUEST)
    assert 1 <= len(buttons) <= 3
    text = found.all_text()
    assert "<@U0LINUS>" in text and "Linus Torvalds" not in text and "kubernetes" in text
    reply = _request(kai, c["rec"]["linus"].id, via=found)
    assert reply.status == 200 and reply.body == ""
    prompt = _prompt(linus, "Kai Muller")
    shown = prompt.all_text()
    assert "pipelines to Kubernetes" in shown and "kubernetes" in shown
    assert _buttons(prompt.blocks, ids.REQUEST_ACCEPT) and _buttons(prompt.blocks, ids.REQUEST_DECLINE)
    kai.last_dm(containing="on its way to")
    linus.click(ids.REQUEST_ACCEPT, message=prompt)
    intro = fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0KAI", "U0LINUS"))
    intro_text = intro[0].all_text()
    assert "Meet your mentorship partner" in intro_text
    for topic in (
        "Expectations",
        "Goals",
        "Meeting frequency",
        "Communication",
        "Boundaries",
        "Confidentiality",
    ):
        assert topic in intro_text
    assert _buttons(intro[0].blocks, ids.AGREEMENT_OPEN)
    kai.last_dm(containing="accepted your request")
    fake_slack.wait_for(
        lambda: (
            "You accepted" in fake_slack.messages_in(prompt.channel)[-1].all_text()
            or any("You accepted" in m.all_text() for m in fake_slack.messages_in(prompt.channel))
        )
    )
    updated = next(m for m in fake_slack.messages_in(prompt.channel) if m.ts == prompt.ts)
    assert updated.edits >= 1 and not _buttons(updated.blocks, ids.REQUEST_ACCEPT)
    [mentorship] = _mentorships(deps)
    assert mentorship.source == "request" and mentorship.status == "active"
    assert mentorship.match_score and mentorship.match_reasons
    assert mentorship.group_channel_id is not None or fake_slack.wait_for(
        lambda: _mentorships(deps)[0].group_channel_id
    )
    assert [r.status for r in _requests(deps)] == ["accepted"]
    # A second click on the same Accept changes nothing.
    linus.click(ids.REQUEST_ACCEPT, message=prompt)
    fake_slack.wait_for(lambda: any("already accepted" in e.get("text", "") for e in linus.ephemerals()))
    assert len(_mentorships(deps)) == 1
    # Home leads with the next step of the new mentorship: setting up the agreement.
    kai.open_home()
    fake_slack.wait_for(
        lambda: "You and <@U0LINUS> are paired" in json.dumps(fake_slack.home_of("U0KAI") or {})
    )
    assert "Set up our agreement" in json.dumps(fake_slack.home_of("U0KAI"))


def test_accept_withdraws_the_other_requests(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _cast(ws, deps)
    kai, linus, grace = c["kai"], c["linus"], c["grace"]
    _request(kai, c["rec"]["linus"].id)
    _request(kai, c["rec"]["grace"].id)
    grace_prompt = _prompt(grace, "Kai Muller")
    grace.open_home()
    fake_slack.wait_for(
        lambda: "asked you to be their mentor" in json.dumps(fake_slack.home_of("U0GRACE") or {})
    )
    linus.click(ids.REQUEST_ACCEPT, message=_prompt(linus, "Kai Muller"))
    grace.last_dm(containing="request to you is withdrawn")
    fake_slack.wait_for(
        lambda: any(m.ts == grace_prompt.ts and "withdrawn" in m.all_text() for m in grace.dms())
    )
    assert sorted(r.status for r in _requests(deps)) == ["accepted", "withdrawn"]
    grace.click(ids.REQUEST_ACCEPT, message=grace_prompt)
    fake_slack.wait_for(lambda: any("withdrawn" in e.get("text", "") for e in grace.ephemerals()))
    assert len(_mentorships(deps)) == 1


# -- decline -----------------------------------------------------------------------------------
def test_decline_with_kind_note_and_next_suggestion(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _cast(ws, deps)
    kai, grace = c["kai"], c["grace"]
    _request(kai, c["rec"]["grace"].id)
    prompt = _prompt(grace, "Kai Muller")
    grace.click(ids.REQUEST_DECLINE, message=prompt)
    modal = grace.modal()
    assert modal["callback_id"] == ids.DECLINE_MODAL
    reply = grace.submit({ids.DECLINE_NOTE: "x" * 501})
    assert ids.DECLINE_NOTE in reply.json["errors"]
    assert [r.status for r in _requests(deps)] == ["pending"]
    grace.submit(
        {ids.DECLINE_NOTE: "I'm stretched this quarter <!channel>; Linus knows clusters far better."}
    )
    note = kai.last_dm(containing="can't take you on")
    text = json.dumps(note.blocks)
    assert "stretched this quarter" in text and "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "Next suggestion" in note.all_text()
    assert _buttons(note.blocks, ids.FIND_REQUEST)
    assert all(b["value"] != str(c["rec"]["grace"].id) for b in _buttons(note.blocks, ids.FIND_REQUEST))
    [request] = _requests(deps)
    assert request.status == "declined" and "stretched" in request.decline_note
    fake_slack.wait_for(
        lambda: any(m.ts == prompt.ts and "You declined" in m.all_text() for m in grace.dms())
    )
    # Grace is not suggested again to Kai.
    again = _find(kai)
    assert "Grace Hopper" not in again.all_text()


def test_nothing_to_suggest_says_why_and_what_to_do(ws: Workspace, deps: Deps) -> None:
    cy = ws.person("U0CY", "Cy Twombly")
    make_person(deps, "U0CY", "mentee", name="Cy Twombly", wants=["underwater basket weaving"])
    make_person(deps, "U0ADA", "mentor", name="Ada", offers=["python"])
    found = _find(cy)
    text = found.all_text()
    assert "No mentor offers underwater basket weaving yet" in text
    assert "/mentor profile" in text and "matching round" in text
    assert not _buttons(found.blocks, ids.FIND_REQUEST)


# -- capacity race -------------------------------------------------------------------------------
def test_two_accepts_at_once_never_exceed_capacity(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    linus = ws.person("U0LINUS", "Linus Torvalds")
    kai = ws.person("U0KAI", "Kai Muller")
    bo = ws.person("U0BO", "Bo Chen")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", offers=["kubernetes"], capacity=1)
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["kubernetes"])
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["kubernetes"])
    _request(kai, mentor.id)
    _request(bo, mentor.id)
    prompts = [_prompt(linus, "Kai Muller"), _prompt(linus, "Bo Chen")]
    barrier = threading.Barrier(2)

    def accept(prompt: Message) -> None:
        barrier.wait()
        linus.click(ids.REQUEST_ACCEPT, message=prompt)

    threads = [threading.Thread(target=accept, args=(p,)) for p in prompts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    linus.last_dm(containing="at capacity")
    fake_slack.wait_idle()
    assert len(_mentorships(deps)) == 1
    statuses = sorted(r.status for r in _requests(deps))
    assert statuses == ["accepted", "declined"]
    mentee_id = _mentorships(deps)[0].mentee_id
    loser = bo if mentee_id != _person_id(deps, "U0BO") else kai
    loser.last_dm(containing="filled their last mentoring place")


def _person_id(deps: Deps, user: str) -> int:
    with deps.uow() as uow:
        return int(uow.session.scalar(select(PersonRecord.id).where(PersonRecord.slack_user_id == user)) or 0)


# -- request limits and the message -------------------------------------------------------------
def test_fourth_request_is_refused_and_nothing_saved(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai = ws.person("U0KAI", "Kai Muller")
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["python"])
    mentors = []
    for i in range(5):
        ws.person(f"U0M{i}", f"Mentor {i}")
        mentors.append(make_person(deps, f"U0M{i}", "mentor", name=f"Mentor {i}", offers=["python"]))
    for mentor in mentors[:2]:
        _request(kai, mentor.id)
    # A modal opened while two are pending, submitted after the third was sent: refused inline.
    kai.click(ids.FIND_REQUEST, message=_find(kai), value=str(mentors[4].id))
    late_modal = kai.modal()
    kai.close_modal()
    _request(kai, mentors[2].id)
    assert _count(deps, MentorRequestRecord, MentorRequestRecord.status == "pending") == 3
    found = _find(kai)
    assert "3 of 3" in found.all_text()
    before = len(kai.ephemerals())
    kai.click(ids.FIND_REQUEST, message=found, value=str(mentors[3].id))
    refusal = fake_slack.wait_for(lambda: kai.ephemerals()[before:])
    assert "3 requests waiting" in refusal[-1]["text"]
    assert fake_slack.open_modal("U0KAI") is None
    reply = kai.submit({ids.REQUEST_MESSAGE: MESSAGE}, view=late_modal)
    assert "3 requests waiting" in reply.json["errors"][ids.REQUEST_MESSAGE]
    assert _count(deps, MentorRequestRecord) == 3
    assert fake_slack.dms_to("U0M3") == [] and fake_slack.dms_to("U0M4") == []


def test_request_message_is_required_and_bounded(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    kai = ws.person("U0KAI", "Kai Muller")
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["python"])
    ws.person("U0ADA", "Ada")
    ada = make_person(deps, "U0ADA", "mentor", name="Ada", offers=["python"])
    kai.click(ids.FIND_REQUEST, message=_find(kai), value=str(ada.id))
    modal = kai.modal()
    block = next(b for b in modal["blocks"] if b.get("block_id") == ids.REQUEST_MESSAGE)
    assert "admire" in block["hint"]["text"] and not block["optional"]
    for text, expected in (("", "personal message"), ("hi there", "at least 20"), ("x" * 1501, "under 1500")):
        reply = kai.submit({ids.REQUEST_MESSAGE: text})
        assert expected in reply.json["errors"][ids.REQUEST_MESSAGE], text
    assert _count(deps, MentorRequestRecord) == 0
    assert fake_slack.dms_to("U0ADA") == []


# -- admin rounds --------------------------------------------------------------------------------
def _round_cast(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> dict[str, Person]:
    people = {
        "sam": ws.person("U0SAM", "Sam Rivera"),
        "lee": ws.person("U0LEE", "Lee Admin"),
        "bo": ws.person("U0BO", "Bo Chen"),
        "maya": ws.person("U0MAYA", "Maya Patel"),
        "ada": ws.person("U0ADA", "Ada Lovelace"),
        "grace": ws.person("U0GRACE", "Grace Hopper"),
    }
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM", "U0LEE", BOT_USER_ID])
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["system design", "python"])
    make_person(deps, "U0MAYA", "mentee", name="Maya Patel", wants=["leadership", "public speaking"])
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["system design", "python"])
    make_person(deps, "U0GRACE", "mentor", name="Grace Hopper", offers=["leadership", "public speaking"])
    return people


def _proposal(fake_slack: FakeSlack) -> Message:
    found: list[Message] = fake_slack.wait_for(
        lambda: [m for m in fake_slack.messages_in(ADMIN_CHANNEL) if _buttons(m.blocks, ids.ROUND_APPROVE)]
    )
    return _snapshot(found[-1])


def test_admin_round_is_approved_once_even_twice_and_concurrently(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    p = _round_cast(ws, deps, fake_slack)
    reply = p["sam"].command("admin match")
    assert reply.status == 200
    proposal = _proposal(fake_slack)
    text = proposal.all_text()
    # Each person is a mention alone (Slack renders it as the name): never "Maya Patel (@Maya Patel)".
    assert all(f"<@{uid}>" in text for uid in ("U0BO", "U0ADA", "U0MAYA", "U0GRACE"))
    assert not any(name in text for name in ("Bo Chen", "Ada Lovelace", "Maya Patel", "Grace Hopper"))
    assert "*2 pairs* proposed" in text and "everyone matched" in text
    assert "Proven the best possible round" in text  # the solver's certificate, in words
    assert "system design" in text
    barrier = threading.Barrier(2)

    def approve(admin: Person) -> None:
        barrier.wait()
        admin.click(ids.ROUND_APPROVE, message=proposal)

    threads = [threading.Thread(target=approve, args=(a,)) for a in (p["sam"], p["lee"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fake_slack.wait_for(
        lambda: fake_slack.group_dms_with("U0BO", "U0ADA") and fake_slack.group_dms_with("U0MAYA", "U0GRACE")
    )
    p["sam"].click(ids.ROUND_APPROVE, message=proposal)
    fake_slack.wait_for(
        lambda: any(
            "already approved" in e.get("text", "") for e in p["sam"].ephemerals() + p["lee"].ephemerals()
        )
    )
    fake_slack.wait_idle()
    pairs = _mentorships(deps)
    assert len(pairs) == 2 and all(m.source == "round" and m.round_id for m in pairs)
    assert all(m.match_score and m.match_reasons for m in pairs)
    assert len(fake_slack.group_dms_with("U0BO", "U0ADA")) == 1
    assert len(fake_slack.group_dms_with("U0MAYA", "U0GRACE")) == 1
    updated = next(m for m in fake_slack.messages_in(ADMIN_CHANNEL) if m.ts == proposal.ts)
    assert "Approved by" in updated.all_text() and not _buttons(updated.blocks, ids.ROUND_APPROVE)
    with deps.uow() as uow:
        [record] = uow.session.scalars(select(MatchRoundRecord))
        assert record.status == "approved" and record.decided_by in ("U0SAM", "U0LEE")


def test_non_admin_is_refused_for_command_and_replayed_button(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    p = _round_cast(ws, deps, fake_slack)
    reply = p["bo"].command("admin match")
    assert reply.status == 200
    fake_slack.wait_for(lambda: any("only program admins" in e.get("text", "") for e in p["bo"].ephemerals()))
    assert _count(deps, MatchRoundRecord) == 0
    p["sam"].command("admin match")
    proposal = _proposal(fake_slack)
    p["bo"].click(ids.ROUND_APPROVE, message=proposal)
    p["bo"].click(ids.ROUND_DISCARD, message=proposal)
    fake_slack.wait_for(
        lambda: len([e for e in p["bo"].ephemerals() if "only program admins" in e.get("text", "")]) >= 3
    )
    fake_slack.wait_idle()
    assert _count(deps, MentorshipRecord) == 0
    assert _count(deps, MatchRoundRecord, MatchRoundRecord.status == "proposed") == 1
    assert fake_slack.group_dms_with("U0BO", "U0ADA") == []
    p["sam"].click(ids.ROUND_DISCARD, message=proposal)
    fake_slack.wait_for(
        lambda: any("Discarded by" in m.all_text() for m in fake_slack.messages_in(ADMIN_CHANNEL))
    )
    assert _count(deps, MatchRoundRecord, MatchRoundRecord.status == "discarded") == 1
    assert _count(deps, MentorshipRecord) == 0


# -- the agreement -------------------------------------------------------------------------------
def test_agreement_proposed_changed_and_confirmed(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    bo = ws.person("U0BO", "Bo Chen")
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo Chen")
    pair = make_mentorship(deps, mentor, mentee, agreed=False, cadence="biweekly")
    today = deps.clock().date()
    ada.open_home()
    fake_slack.wait_for(lambda: "Set up our agreement" in json.dumps(fake_slack.home_of("U0ADA") or {}))
    ada.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair.id))
    modal = ada.modal()
    assert modal["callback_id"] == ids.AGREEMENT_MODAL
    end_block = next(b for b in modal["blocks"] if b.get("block_id") == ids.AGREEMENT_END)
    assert end_block["element"]["initial_date"] == (pair.started_at.date() + timedelta(weeks=24)).isoformat()
    first = (today + timedelta(days=3)).isoformat()
    values = {
        ids.AGREEMENT_CADENCE: "biweekly",
        ids.AGREEMENT_FORMAT: "video",
        ids.AGREEMENT_FIRST: first,
        ids.AGREEMENT_BOUNDARIES: "No meetings on Fridays",
        ids.AGREEMENT_CONFIDENTIAL: [],
    }
    reply = ada.submit(values)
    assert ids.AGREEMENT_CONFIDENTIAL in reply.json["errors"]
    reply = ada.submit({**values, ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_END: first})
    assert ids.AGREEMENT_END in reply.json["errors"]
    reply = ada.submit({**values, ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_FIRST: "2001-01-01"})
    assert ids.AGREEMENT_FIRST in reply.json["errors"]
    ada.submit({**values, ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    group = fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0ADA", "U0BO"))
    proposal = _snapshot(group[-1])
    assert "No meetings on Fridays" in proposal.all_text()
    assert _mentorships(deps)[0].agreement_status == "proposed"
    # The proposer cannot confirm their own proposal.
    ada.click(ids.AGREEMENT_CONFIRM, message=proposal)
    fake_slack.wait_for(lambda: any("your own proposal" in e.get("text", "") for e in ada.ephemerals()))
    # Bo suggests a change: weekly instead.
    bo.click(ids.AGREEMENT_CHANGE, message=proposal)
    change = bo.modal()
    cadence = next(b for b in change["blocks"] if b.get("block_id") == ids.AGREEMENT_CADENCE)
    assert cadence["element"]["initial_option"]["value"] == "biweekly"
    bo.submit({ids.AGREEMENT_CADENCE: "weekly", ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    fake_slack.wait_for(lambda: len(fake_slack.group_dms_with("U0ADA", "U0BO")) >= 2)
    counter = _snapshot(fake_slack.group_dms_with("U0ADA", "U0BO")[-1])
    fake_slack.wait_for(
        lambda: any(
            m.ts == proposal.ts and "replaced" in m.all_text()
            for m in fake_slack.group_dms_with("U0ADA", "U0BO")
        )
    )
    assert _mentorships(deps)[0].agreement_proposed_by == mentee.id
    ada.click(ids.AGREEMENT_CONFIRM, message=counter)
    fake_slack.wait_for(
        lambda: any(
            "confirmed the agreement" in m.all_text() for m in fake_slack.group_dms_with("U0ADA", "U0BO")
        )
    )
    [agreed] = _mentorships(deps)
    assert agreed.agreement_status == "agreed" and agreed.agreed_at is not None
    assert agreed.cadence == "weekly" and agreed.meeting_format == "video"
    assert agreed.first_meeting_on is not None and agreed.first_meeting_on.isoformat() == first
    assert agreed.check_ins_from == agreed.first_meeting_on
    assert agreed.end_date == pair.started_at.date() + timedelta(weeks=24)
    assert agreed.confidentiality_ack and agreed.boundaries == "No meetings on Fridays"
    # Confirming twice changes nothing.
    bo.click(ids.AGREEMENT_CONFIRM, message=counter)
    fake_slack.wait_for(lambda: any("already confirmed" in e.get("text", "") for e in bo.ephemerals()))
    fake_slack.wait_idle()


def test_confirmed_agreement_terms_are_posted_once(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    bo = ws.person("U0BO", "Bo Chen")
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo Chen")
    pair = make_mentorship(deps, mentor, mentee, agreed=False, cadence="biweekly")
    ada.open_home()
    fake_slack.wait_for(lambda: "Set up our agreement" in json.dumps(fake_slack.home_of("U0ADA") or {}))
    ada.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair.id))
    ada.modal()
    first = (deps.clock().date() + timedelta(days=3)).isoformat()
    ada.submit(
        {
            ids.AGREEMENT_CADENCE: "weekly",
            ids.AGREEMENT_FORMAT: "video",
            ids.AGREEMENT_FIRST: first,
            ids.AGREEMENT_CONFIDENTIAL: ["yes"],
        }
    )
    proposal = _snapshot(fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0ADA", "U0BO"))[-1])
    bo.click(ids.AGREEMENT_CONFIRM, message=proposal)
    fake_slack.wait_for(
        lambda: any(
            "confirmed the agreement" in m.all_text() for m in fake_slack.group_dms_with("U0ADA", "U0BO")
        )
    )
    fake_slack.wait_idle()
    group = fake_slack.group_dms_with("U0ADA", "U0BO")
    # The proposal, now marked confirmed, holds the terms; the confirmation says them in a sentence.
    with_terms = [m for m in group if "*The terms*" in m.all_text()]
    assert len(with_terms) == 1 and with_terms[0].ts == proposal.ts
    assert "Confirmed by" in with_terms[0].all_text()
    confirmation = next(m for m in group if "confirmed the agreement" in m.all_text())
    assert "every week" in confirmation.all_text()
