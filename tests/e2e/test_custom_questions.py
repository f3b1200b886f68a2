"""Custom profile questions end to end through signed Slack requests: the admin list and form
(add, inline errors, edit, archive, restore), the profile modal, matching reasons and the hard
rule, CSV import `q:` columns, export columns, and answers kept across edits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import AnswerRecord, AuditRecord, QuestionRecord
from tests.support.factories import make_person
from tests.support.settings import ADMIN_CHANNEL


def _text(reply: dict[str, Any]) -> str:
    return Message("x", "0", str(reply.get("text") or ""), list(reply.get("blocks") or []), "U").all_text()


def _as_message(reply: dict[str, Any]) -> Message:
    return Message(
        ADMIN_CHANNEL, "1.000001", str(reply.get("text") or ""), list(reply.get("blocks") or []), BOT_USER_ID
    )


def _admin(ws: Workspace, fake: FakeSlack) -> Person:
    fake.set_members(ADMIN_CHANNEL, ["U0SAM"])
    return ws.person("U0SAM", "Sam Rivera")


def _button_value(reply: dict[str, Any], action_id: str, starts: str) -> str:
    for block in reply.get("blocks") or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id and str(element.get("value", "")).startswith(starts):
                return str(element["value"])
    raise AssertionError(f"no {action_id} button {starts}")


def _add_language(sam: Person, fake: FakeSlack) -> dict[str, Any]:
    sam.command("admin questions", channel=ADMIN_CHANNEL)
    listing = fake.wait_for(lambda: sam.ephemerals() and sam.ephemerals()[-1])
    assert "0 of 10" in _text(listing)
    sam.click(
        ids.ADMIN_QUESTION_ACTION,
        message=_as_message(listing),
        value=_button_value(listing, ids.ADMIN_QUESTION_ACTION, "add:"),
    )
    view = sam.modal()
    # Inline errors: one option only, an unknown weight, "above" on multiple choice; nothing saved.
    reply = sam.submit(
        {
            ids.ADMIN_QUESTION_LABEL: "Which languages do you speak at work?",
            ids.ADMIN_QUESTION_KEY: "language",
            ids.ADMIN_QUESTION_KIND: "multiple",
            ids.ADMIN_QUESTION_OPTIONS: "Spanish",
            ids.ADMIN_QUESTION_RULE: "above",
            ids.ADMIN_QUESTION_WEIGHT: "lots",
        },
        view=view,
    )
    errors = reply.json["errors"]
    assert set(errors) == {ids.ADMIN_QUESTION_OPTIONS, ids.ADMIN_QUESTION_RULE, ids.ADMIN_QUESTION_WEIGHT}
    sam.submit(
        {
            ids.ADMIN_QUESTION_LABEL: "Which languages do you speak at work?",
            ids.ADMIN_QUESTION_KEY: "language",
            ids.ADMIN_QUESTION_KIND: "multiple",
            ids.ADMIN_QUESTION_OPTIONS: "Spanish\nGerman\n<!channel> English",
            ids.ADMIN_QUESTION_RULE: "same",
            ids.ADMIN_QUESTION_WEIGHT: "0.4",
            ids.ADMIN_QUESTION_REASON: "You both speak {answer}",
        },
        view=view,
    )
    saved = sam.last_dm(containing="Question saved")
    assert "q:language" in saved.all_text() and "<!channel>" not in saved.all_text()
    return listing


def test_an_admin_adds_edits_archives_and_restores_a_question(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    _add_language(sam, fake_slack)
    with deps.uow() as uow:
        question = uow.session.scalars(select(QuestionRecord)).one()
        assert (question.key, question.kind, question.rule, question.weight) == (
            "language",
            "multiple",
            "same",
            0.4,
        )
        ids_before = {o["label"]: o["id"] for o in question.options}
    ana = make_person(deps, "U0ANA", "mentee", name="Ana Mentee")
    with deps.uow() as uow:
        from storage.repositories.criteria import CriteriaRepository

        uow.repo(CriteriaRepository).set_answer(
            ws.team_id, ana.id, "language", [ids_before["German"]], deps.clock()
        )

    # Edit: rename German in place, drop the third option; Ana's answer stays and reads the new name.
    sam.command("admin questions", channel=ADMIN_CHANNEL)
    listing = fake_slack.wait_for(lambda: len(sam.ephemerals()) >= 2 and sam.ephemerals()[-1])
    assert "answered by 1" in _text(listing)
    sam.click(ids.ADMIN_QUESTION_ACTION, message=_as_message(listing), value=f"edit:{question.id}")
    view = sam.modal()
    assert ids.ADMIN_QUESTION_KEY not in str(view)  # the key is fixed
    sam.submit({ids.ADMIN_QUESTION_OPTIONS: "Spanish\nDeutsch"}, view=view)
    sam.last_dm(containing="Deutsch")
    with deps.uow() as uow:
        question = uow.session.scalars(select(QuestionRecord)).one()
        after = {o["id"]: (o["label"], o["archived"]) for o in question.options}
        answer = uow.session.scalars(select(AnswerRecord)).one()
    assert after[ids_before["German"]] == ("Deutsch", False)
    assert after[ids_before["<!channel> English"]] == ("<!channel> English", True)
    assert answer.values == [ids_before["German"]]

    # Archive hides it (answers kept), restore brings it back; both audited.
    sam.click(ids.ADMIN_QUESTION_ARCHIVE, message=_as_message(listing), value=f"archive:{question.id}")
    archived = fake_slack.wait_for(lambda: len(sam.ephemerals()) >= 3 and sam.ephemerals()[-1])
    assert "archived" in _text(archived)
    with deps.uow() as uow:
        assert uow.session.scalars(select(QuestionRecord)).one().archived
        assert uow.session.scalars(select(AnswerRecord)).one().values == [ids_before["German"]]
    sam.click(ids.ADMIN_QUESTION_ARCHIVE, message=_as_message(archived), value=f"restore:{question.id}")
    fake_slack.wait_for(lambda: len(sam.ephemerals()) >= 4)
    with deps.uow() as uow:
        assert not uow.session.scalars(select(QuestionRecord)).one().archived
        actions = [a.action for a in uow.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]
    changes = {
        "admin question add",
        "admin question edit",
        "admin question archive",
        "admin question restore",
    }
    assert list(dict.fromkeys(a for a in actions if a in changes)) == [
        "admin question add",
        "admin question edit",
        "admin question archive",
        "admin question restore",
    ]


def test_a_non_admin_cannot_open_or_change_questions(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    _add_language(sam, fake_slack)
    sam.command("admin questions", channel=ADMIN_CHANNEL)
    listing = fake_slack.wait_for(lambda: len(sam.ephemerals()) >= 2 and sam.ephemerals()[-1])
    with deps.uow() as uow:
        question = uow.session.scalars(select(QuestionRecord)).one()
    eve = ws.person("U0EVE", "Eve Outsider")
    eve.command("admin questions", channel=ADMIN_CHANNEL)
    assert (
        "only program admins"
        in fake_slack.wait_for(lambda: eve.ephemerals() and eve.ephemerals()[-1])["text"]
    )
    eve.click(ids.ADMIN_QUESTION_ARCHIVE, message=_as_message(listing), value=f"archive:{question.id}")
    assert (
        "only program admins"
        in fake_slack.wait_for(lambda: len(eve.ephemerals()) >= 2 and eve.ephemerals()[-1])["text"]
    )
    with deps.uow() as uow:
        assert not uow.session.scalars(select(QuestionRecord)).one().archived
