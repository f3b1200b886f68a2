"""Custom profile questions end to end through signed Slack requests: the admin list and form
(add, inline errors, edit, archive, restore), the profile modal, matching reasons and the hard
rule, CSV import `q:` columns, export columns, and answers kept across edits."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from bot.services import enrollment
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


def _question(
    deps: Deps, team_id: str, key: str, label: str, rule: str, options: list[str], **extra: Any
) -> QuestionRecord:
    from bot.domain.custom_questions import merge_options

    now = deps.clock()
    with deps.uow() as uow:
        program = uow.programs.settings(team_id, now).id
        record = QuestionRecord(
            team_id=team_id,
            program_id=program,
            key=key,
            label=label,
            kind=extra.pop("kind", "single"),
            options=merge_options([], options),
            rule=rule,
            weight=extra.pop("weight", 0.4),
            reason=extra.pop("reason", ""),
            position=extra.pop("position", 1),
            archived=False,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(record)
        uow.flush()
        return record


def _set(deps: Deps, team_id: str, person_id: int, key: str, values: list[str]) -> None:
    from storage.repositories.criteria import CriteriaRepository

    with deps.uow() as uow:
        uow.repo(CriteriaRepository).set_answer(team_id, person_id, key, values, deps.clock())


def test_members_answer_in_the_profile_and_an_archived_option_answer_is_kept(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    language = _question(
        deps, ws.team_id, "language", "Languages you speak", "same", ["Spanish", "German"], kind="multiple"
    )
    _question(deps, ws.team_id, "level", "Seniority", "above", ["Junior", "Senior"], position=2)
    kai = ws.person("U0KAI", "Kai Mentee")
    kai_rec = make_person(deps, "U0KAI", "mentee", name="Kai Mentee")
    kai.command("profile")
    view = kai.modal()
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks[ids.PROFILE_QUESTION_PREFIX + "language"]["element"]["type"] == "multi_static_select"
    assert blocks[ids.PROFILE_QUESTION_PREFIX + "level"]["element"]["type"] == "static_select"
    kai.submit(
        {ids.PROFILE_QUESTION_PREFIX + "language": ["o1", "o2"], ids.PROFILE_QUESTION_PREFIX + "level": "o1"},
        view=view,
    )
    kai.last_dm()
    with deps.uow() as uow:
        rows = {a.question_key: a.values for a in uow.session.scalars(select(AnswerRecord))}
    assert rows == {"language": ["o1", "o2"], "level": ["o1"]}

    # The admin drops German: Kai's answer keeps it; Kai saves the profile again without touching it.
    with deps.uow() as uow:
        record = uow.session.get(QuestionRecord, language.id)
        assert record is not None
        from bot.domain.custom_questions import merge_options

        record.options = merge_options(list(record.options), ["Spanish", "French"])
    kai.command("profile")
    view = kai.modal()
    options = blocks_options = next(
        b for b in view["blocks"] if b.get("block_id") == ids.PROFILE_QUESTION_PREFIX + "language"
    )
    assert "German" not in str(blocks_options) and "French" in str(options)
    kai.submit(view=view)
    fake_slack.wait_for(lambda: len(kai.dms()) >= 2)
    with deps.uow() as uow:
        rows = {
            a.question_key: a.values
            for a in uow.session.scalars(select(AnswerRecord).where(AnswerRecord.person_id == kai_rec.id))
        }
    assert rows["language"] == ["o1", "o2"]  # German (archived) kept


def test_reasons_and_the_must_match_rule_reach_suggestions(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    _question(
        deps,
        ws.team_id,
        "language",
        "Language",
        "same",
        ["Spanish", "German"],
        reason="You both speak {answer}",
    )
    _question(deps, ws.team_id, "site", "Site", "must_match", ["Berlin", "New York"], weight=0.0, position=2)
    kai = ws.person("U0KAI", "Kai Mentee")
    kai_rec = make_person(deps, "U0KAI", "mentee", name="Kai Mentee")
    ada = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace")
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    cy = make_person(deps, "U0CY", "mentor", name="Cy Far")
    for person, language, site in (
        (kai_rec, "o1", "o1"),
        (ada, "o2", "o1"),
        (bo, "o1", "o1"),
        (cy, "o1", "o2"),
    ):
        _set(deps, ws.team_id, person.id, "language", [language])
        _set(deps, ws.team_id, person.id, "site", [site])
    kai.command("find")
    found = fake_slack.wait_for(lambda: kai.ephemerals() and kai.ephemerals()[-1])
    text = _text(found)
    values = [
        b["value"]
        for blk in found["blocks"]
        for b in [blk.get("accessory"), *blk.get("elements", [])]
        if isinstance(b, dict) and b.get("action_id") == ids.FIND_REQUEST
    ]
    assert values[0] == str(bo.id) and str(ada.id) in values and str(cy.id) not in values
    assert "You both speak Spanish" in text
    # A request to the mentor at another site is refused with the reason.
    kai.click(
        ids.FIND_REQUEST,
        message=Message("C0GENERAL", "1.000001", found["text"], found["blocks"], BOT_USER_ID),
        value=str(ada.id),
    )
    kai.modal()
    kai.close_modal()
    forged = kai.click_payload(
        ids.FIND_REQUEST,
        message=Message("C0GENERAL", "1.000001", found["text"], found["blocks"], BOT_USER_ID),
        value=str(ada.id),
    )
    forged["actions"][0]["value"] = str(cy.id)
    ws.post_payload(forged)
    refusal = fake_slack.wait_for(lambda: len(kai.ephemerals()) >= 2 and kai.ephemerals()[-1])["text"]
    assert "requires the same answer" in refusal


def test_csv_import_takes_q_columns_and_export_lists_them(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    _question(deps, ws.team_id, "language", "Language", "same", ["Spanish", "German"], kind="multiple")
    _question(deps, ws.team_id, "level", "Seniority", "above", ["Junior", "Senior"], position=2)
    text = (
        "slack_user_id,role,wants,offers,q:language,q:level\n"
        "U0KAI,mentee,python,,spanish; German,Junior\n"
        "U0ADA,mentor,,python,Klingon,Senior\n"
        "U0BO,mentor,,python,German,Junior; Senior\n"
        "U0CY,mentor,,python,,\n"
    )
    report = enrollment.import_people(deps, ws.team_id, text)
    assert report.added == ["U0KAI", "U0CY"]
    reasons = {user: reason for _, user, reason in report.rejected}
    assert "q:language" in reasons["U0ADA"] and "Klingon" in reasons["U0ADA"]
    assert "only one answer" in reasons["U0BO"]
    unknown = enrollment.import_people(deps, ws.team_id, "slack_user_id,role,q:shoe_size\nU0ZED,mentee\n")
    assert unknown.fatal is not None and "q:shoe_size" in unknown.fatal and "q:language" in unknown.fatal

    sam = _admin(ws, fake_slack)
    sam.command("admin export", channel=ADMIN_CHANNEL)
    fake_slack.wait_for(lambda: fake_slack.files_in(ADMIN_CHANNEL))
    files = {f["filename"]: f["content"].decode() for f in fake_slack.files_in(ADMIN_CHANNEL)}
    rows = {r["slack_user_id"]: r for r in csv.DictReader(io.StringIO(files["participants.csv"]))}
    assert rows["U0KAI"]["q:language"] == "Spanish; German" and rows["U0KAI"]["q:level"] == "Junior"
    assert rows["U0CY"]["q:language"] == ""
    assert "do_not_match" not in files["participants.csv"]
