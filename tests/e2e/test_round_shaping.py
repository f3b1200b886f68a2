"""Rounds an admin can shape (issue 14): declined pairs kept apart, remove / swap / approve the rest,
paging and the CSV for large rounds, manual pairing and scheduled rounds, all through Slack."""

from __future__ import annotations

import copy
import json
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, TEAM_ID, Message
from handlers.slack import ids
from storage.records import AuditRecord, MatchRoundRecord, MentorshipRecord, ProgramRecord
from tests.support.factories import make_person
from tests.support.scheduling import dms, pair, run
from tests.support.settings import ADMIN_CHANNEL

MESSAGE = "I admire how you build data pipelines; I'd love help moving ours to streaming this quarter."


def _buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        found.extend(e for e in elements if isinstance(e, dict) and e.get("action_id") == action_id)
    return found


def _proposals(fake_slack: FakeSlack) -> list[Message]:
    return [m for m in fake_slack.messages_in(ADMIN_CHANNEL) if "Matching round proposal" in m.all_text()]


def _latest_proposal(fake_slack: FakeSlack, before: int = 0) -> Message:
    """The newest proposal message (an older one is rewritten as superseded, never removed)."""
    found: list[Message] = fake_slack.wait_for(
        lambda: len(fake_slack.messages_in(ADMIN_CHANNEL)) > before and _proposals(fake_slack)
    )
    return copy.deepcopy(found[-1])


def _round(deps: Deps) -> MatchRoundRecord:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MatchRoundRecord).order_by(MatchRoundRecord.id)))[-1]


def _mentorships(deps: Deps) -> list[MentorshipRecord]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(MentorshipRecord).order_by(MentorshipRecord.id)))


def _admins(ws: Workspace, fake_slack: FakeSlack) -> tuple[Person, Person]:
    sam, lee = ws.person("U0SAM", "Sam Rivera"), ws.person("U0LEE", "Lee Admin")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM", "U0LEE", BOT_USER_ID])
    return sam, lee


# -- a proposal never pairs a mentee with a mentor who declined them ----------------------------
def test_round_never_proposes_a_mentor_who_declined_until_the_cooldown(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    sam, _ = _admins(ws, fake_slack)
    kai = ws.person("U0KAI", "Kai Muller")
    ada = ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["data pipeline"])
    rec = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["data pipeline"], capacity=2)
    with deps.uow() as uow:
        uow.programs.settings(TEAM_ID, clock()).repeat_cooldown_days = 30
    kai.command("find")
    found = fake_slack.wait_for(
        lambda: [e for e in kai.ephemerals() if _buttons(e.get("blocks") or [], ids.FIND_REQUEST)]
    )
    via = Message(channel="C0GENERAL", ts="0.000001", text="", blocks=found[-1]["blocks"], user=BOT_USER_ID)
    kai.click(ids.FIND_REQUEST, message=via, value=str(rec.id))
    kai.modal()
    kai.submit({ids.REQUEST_MESSAGE: MESSAGE})
    prompt = copy.deepcopy(ada.last_dm(containing="Kai Muller would like you to be their mentor"))
    ada.click(ids.REQUEST_DECLINE, message=prompt)
    ada.modal()
    ada.submit({ids.DECLINE_NOTE: ""})
    fake_slack.wait_for(lambda: kai.last_dm(containing="can't take you on"))

    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    assert "← <@U0ADA>" not in first.all_text()
    assert _round(deps).proposal["pairs"] == []
    assert [u["mentee"] for u in _round(deps).proposal["unmatched"]] == ["U0KAI"]

    clock.advance(timedelta(days=31))
    posted = len(fake_slack.messages_in(ADMIN_CHANNEL))
    sam.command("admin match")
    second = _latest_proposal(fake_slack, before=posted)
    assert "<@U0KAI>* ← <@U0ADA>" in second.all_text()
    assert [(p["mentee"], p["mentor"]) for p in _round(deps).proposal["pairs"]] == [("U0KAI", "U0ADA")]


# -- remove, swap, approve the rest -------------------------------------------------------------
def _shape_cast(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> dict[str, Any]:
    sam, lee = _admins(ws, fake_slack)
    for uid, name in (("U0BO", "Bo Chen"), ("U0CY", "Cy Twombly"), ("U0MAYA", "Maya Patel")):
        ws.person(uid, name)
    for uid, name in (
        ("U0ADA", "Ada Lovelace"),
        ("U0LINUS", "Linus T"),
        ("U0HEDY", "Hedy L"),
        ("U0GRACE", "Grace H"),
    ):
        ws.person(uid, name)
    rec = {
        "bo": make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["python"]),
        "cy": make_person(deps, "U0CY", "mentee", name="Cy Twombly", wants=["python"]),
        "maya": make_person(deps, "U0MAYA", "mentee", name="Maya Patel", wants=["leadership"]),
        "ada": make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"]),
        "linus": make_person(deps, "U0LINUS", "mentor", name="Linus T", offers=["python"]),
        "hedy": make_person(deps, "U0HEDY", "mentor", name="Hedy L", offers=["python"]),
        "grace": make_person(deps, "U0GRACE", "mentor", name="Grace H", offers=["leadership"]),
    }
    return {"sam": sam, "lee": lee, "rec": rec}


def _option(round_id: int, kind: str, revision: int, mentee_id: int, page: int = 0) -> str:
    return f"{kind}:{round_id}:{revision}:{mentee_id}:{page}"


def _current(fake_slack: FakeSlack, ts: str) -> Message:
    return copy.deepcopy(next(m for m in fake_slack.messages_in(ADMIN_CHANNEL) if m.ts == ts))


def _audit(deps: Deps, action: str) -> list[str]:
    with deps.uow() as uow:
        rows = uow.session.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        )
        return [r.outcome for r in rows]


def _replies(*admins: Person) -> str:
    return " ".join(str(e.get("text", "")) for a in admins for e in a.ephemerals())


def test_remove_swap_then_approve_the_rest(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _shape_cast(ws, deps, fake_slack)
    sam, lee, rec = c["sam"], c["lee"], c["rec"]
    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    record = _round(deps)
    rid = record.id
    by_mentee = {p["mentee"]: p for p in record.proposal["pairs"]}
    assert set(by_mentee) == {"U0BO", "U0CY", "U0MAYA"}
    assert len(_buttons(first.blocks, ids.ROUND_PAIR)) == 3

    # Remove Maya: she is held back by an admin; the message is rewritten; revision moves on.
    sam.click(ids.ROUND_PAIR, message=first, selected=_option(rid, "remove", 0, rec["maya"].id))
    fake_slack.wait_for(lambda: "Held back by an admin" in _current(fake_slack, first.ts).all_text())
    record = _round(deps)
    assert record.revision == 1 and [h["mentee"] for h in record.proposal["held_back"]] == ["U0MAYA"]
    assert "U0MAYA" not in {p["mentee"] for p in record.proposal["pairs"]}
    assert _audit(deps, "round remove pair") == ["edited"]

    # A stale menu (revision 0) and a forged mentee change nothing, and the admin is told.
    lee.click(ids.ROUND_PAIR, message=first, selected=_option(rid, "remove", 0, rec["bo"].id))
    forged = lee.click_payload(
        ids.ROUND_PAIR, message=first, selected=_option(rid, "remove", 0, rec["bo"].id)
    )
    forged["actions"][0]["selected_option"]["value"] = _option(rid, "remove", 1, 999_999)
    ws.post_payload(forged)
    fake_slack.wait_for(lambda: _replies(lee).count("changed since") >= 2)
    assert _round(deps).revision == 1 and len(_round(deps).proposal["pairs"]) == 2
    assert _audit(deps, "round remove pair") == ["edited", "stale", "stale"]

    # Swap Bo's mentor: the modal lists the next best allowed mentors with their fit, never Cy's
    # (the proposal fills that mentor's one place) and never Bo's current one.
    current = _current(fake_slack, first.ts)
    bo_mentor, cy_mentor = by_mentee["U0BO"]["mentor_id"], by_mentee["U0CY"]["mentor_id"]
    free = next(m for m in ("ada", "linus", "hedy") if rec[m].id not in (bo_mentor, cy_mentor))
    sam.click(ids.ROUND_PAIR, message=current, selected=_option(rid, "swap", 1, rec["bo"].id))
    modal = sam.modal()
    assert modal["callback_id"] == ids.ROUND_SWAP_MODAL
    offered = [
        o["value"] for b in modal["blocks"] if b.get("type") == "input" for o in b["element"]["options"]
    ]
    assert str(rec[free].id) in offered and str(cy_mentor) not in offered and str(bo_mentor) not in offered
    assert "fit" in json.dumps(modal["blocks"])
    # A forged choice (the mentor the proposal already fills) is refused inside the modal.
    reply = sam.submit({ids.ROUND_SWAP_MENTOR: str(cy_mentor)}, view=_forge_choice(modal, str(cy_mentor)))
    assert ids.ROUND_SWAP_MENTOR in reply.json["errors"]
    assert _round(deps).revision == 1
    sam.submit({ids.ROUND_SWAP_MENTOR: str(rec[free].id)}, view=modal)
    fake_slack.wait_for(lambda: _round(deps).revision == 2)
    swapped = next(p for p in _round(deps).proposal["pairs"] if p["mentee"] == "U0BO")
    assert swapped["mentor_id"] == rec[free].id and swapped["swapped_by"] == "U0SAM" and swapped["reasons"]
    assert _audit(deps, "round swap mentor") == ["not_allowed", "edited"]

    # An Approve shown before the edits changes nothing; the current one says "Approve the rest".
    lee.click(ids.ROUND_APPROVE, message=first)
    fake_slack.wait_for(lambda: _replies(lee).count("changed since") >= 3)
    assert _mentorships(deps) == []
    current = fake_slack.wait_for(
        lambda: (m := _current(fake_slack, first.ts)) is not None and "swapped by" in m.all_text() and m
    )
    [approve] = _buttons(current.blocks, ids.ROUND_APPROVE)
    assert approve["text"]["text"] == "Approve the rest"
    sam.click(ids.ROUND_APPROVE, message=current)
    fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0BO", rec[free].slack_user_id))
    pairs = {(m.mentee_id, m.mentor_id) for m in _mentorships(deps)}
    assert pairs == {(rec["bo"].id, rec[free].id), (rec["cy"].id, cy_mentor)}
    assert fake_slack.group_dms_with("U0MAYA", "U0GRACE") == []
    # Maya waits for the next round, and is proposed again then.
    sam.command("admin match")
    fake_slack.wait_for(lambda: _round(deps).id != rid)
    assert [p["mentee"] for p in _round(deps).proposal["pairs"]] == ["U0MAYA"]


def _forge_choice(modal: dict[str, Any], value: str) -> dict[str, Any]:
    """The swap modal with one more option (as a forged submission would carry)."""
    forged = copy.deepcopy(modal)
    for block in forged["blocks"]:
        if block.get("type") == "input":
            block["element"]["options"].append({"text": {"type": "plain_text", "text": "x"}, "value": value})
    return forged


def test_two_admins_editing_at_once_one_wins(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _shape_cast(ws, deps, fake_slack)
    sam, lee, rec = c["sam"], c["lee"], c["rec"]
    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    rid = _round(deps).id
    payloads = [
        admin.click_payload(ids.ROUND_PAIR, message=first, selected=_option(rid, "remove", 0, rec[who].id))
        for admin, who in ((sam, "bo"), (lee, "cy"))
    ]
    barrier = threading.Barrier(2)

    def send(payload: dict[str, Any]) -> None:
        barrier.wait()
        ws.post_payload(payload)

    threads = [threading.Thread(target=send, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fake_slack.wait_for(lambda: "changed" in _replies(sam, lee))
    fake_slack.wait_idle()
    record = _round(deps)
    assert record.revision == 1 and len(record.proposal["held_back"]) == 1
    outcomes = _audit(deps, "round remove pair")
    assert sorted(outcomes) in (["conflict", "edited"], ["edited", "stale"])


# -- large rounds stay in Slack -----------------------------------------------------------------
def test_a_sixty_pair_round_pages_in_slack_with_the_full_csv(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    sam, _ = _admins(ws, fake_slack)
    for n in range(60):
        make_person(deps, f"U0E{n:03d}", "mentee", name=f"=Mentee {n}", wants=["python"])
        make_person(deps, f"U0R{n:03d}", "mentor", name=f"Mentor {n}", offers=["python"])
    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    assert len(first.blocks) <= 50
    assert len(_buttons(first.blocks, ids.ROUND_PAIR)) == 20
    text = first.all_text()
    assert "Pairs 1–20 of 60" in text and "mentorbot match" not in text
    assert not _buttons(first.blocks, ids.ROUND_PAGE)[0]["text"]["text"].startswith("◀")
    files = fake_slack.wait_for(lambda: fake_slack.files_in(ADMIN_CHANNEL))
    [shared] = files
    rows = shared["content"].decode().splitlines()
    assert rows[0].startswith("status,mentee") and len(rows) == 61
    assert all(r.startswith("proposed,'=Mentee") for r in rows[1:])  # formula-safe

    sam.click(ids.ROUND_PAGE, message=first, value=f"{_round(deps).id}:1")
    page2 = fake_slack.wait_for(
        lambda: (
            (m := _current(fake_slack, first.ts)) is not None and "Pairs 21–40 of 60" in m.all_text() and m
        )
    )
    labels = [b["text"]["text"] for b in _buttons(page2.blocks, ids.ROUND_PAGE)]
    assert labels == ["◀ Previous", "Next ▶"]
    shown = {p["mentee"] for p in _round(deps).proposal["pairs"][20:40]}
    assert all(f"<@{uid}>" in page2.all_text() for uid in shown)
    # Editing on page 2 keeps the admin on page 2.
    pair = _round(deps).proposal["pairs"][25]
    sam.click(
        ids.ROUND_PAIR, message=page2, selected=_option(_round(deps).id, "remove", 0, pair["mentee_id"], 1)
    )
    fake_slack.wait_for(lambda: "Held back by an admin" in _current(fake_slack, first.ts).all_text())
    assert "Pairs 21–40 of 59" in _current(fake_slack, first.ts).all_text()


# -- manual pairing -------------------------------------------------------------------------------
def test_manual_pairing_shows_fit_refuses_violations_and_introduces(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    sam, _ = _admins(ws, fake_slack)
    ws.person("U0BO", "Bo Chen")
    ws.person("U0ADA", "Ada Lovelace")
    ws.person("U0MAYA", "Maya Patel")
    ws.person("U0BOSS", "Boss Person")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["python"], manager_slack_id="U0BOSS")
    make_person(deps, "U0MAYA", "mentee", name="Maya Patel", wants=["python"], do_not_match=["U0ADA"])
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"], capacity=2)
    make_person(deps, "U0BOSS", "mentor", name="Boss Person", offers=["python"])

    def answer(text: str) -> dict[str, Any]:
        before = len(sam.ephemerals())
        sam.command(text)
        found: list[dict[str, Any]] = fake_slack.wait_for(lambda: sam.ephemerals()[before:])
        return found[-1]

    # Refused: the reporting line (said plainly) and a private "don't pair me with" (never whose).
    refused = answer("admin pair <@U0BO|bo> <@U0BOSS|boss>")
    assert "same reporting line" in refused["text"] and not _buttons(
        refused.get("blocks") or [], ids.MANUAL_PAIR_CONFIRM
    )
    private = answer("admin pair <@U0MAYA> <@U0ADA>")
    assert private["text"] == "Not possible for a private reason."
    assert "Maya" not in private["text"] and "Ada" not in private["text"]
    assert "Usage" in answer("admin pair <@U0BO>")["text"]

    # Allowed: the fit and reasons, then on confirmation the same intro as any pair, once.
    ok = answer("admin pair <@U0BO> <@U0ADA>")
    text = json.dumps(ok["blocks"])
    assert "Fit *" in text and "python" in text
    preview = Message(
        channel=ADMIN_CHANNEL, ts="0.000002", text=ok["text"], blocks=ok["blocks"], user=BOT_USER_ID
    )
    sam.click(ids.MANUAL_PAIR_CONFIRM, message=preview)
    fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0BO", "U0ADA"))
    sam.click(ids.MANUAL_PAIR_CONFIRM, message=preview)
    fake_slack.wait_for(lambda: "already has a mentor" in _replies(sam))
    fake_slack.wait_idle()
    [made] = _mentorships(deps)
    assert made.source == "admin" and made.match_score and made.match_reasons
    [intro] = fake_slack.group_dms_with("U0BO", "U0ADA")
    assert _buttons(intro.blocks, ids.AGREEMENT_OPEN)
    assert _audit(deps, "manual pair created") == ["ok"]
    assert _audit(deps, "manual pair") == ["ok", "ok"]  # both clicks passed the admin check


# -- scheduled rounds ----------------------------------------------------------------------------
def _program(deps: Deps) -> ProgramRecord:
    with deps.uow() as uow:
        return uow.programs.settings(TEAM_ID, deps.clock())


def test_scheduled_round_is_set_in_settings_posted_once_with_a_heads_up_once(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))  # a Monday
    sam, _ = _admins(ws, fake_slack)
    ws.person("U0BO", "Bo Chen")
    ws.person("U0MAYA", "Maya Patel")
    ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["python"])
    make_person(deps, "U0MAYA", "mentee", name="Maya Patel", wants=["python"])
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"], capacity=2)
    pair(deps, fake_slack, ("U0LIN", "Linus", "UTC"), ("U0CY", "Cy", "UTC"))  # Cy has a mentor: no heads-up

    sam.command("admin settings")
    modal = sam.modal()
    reply = sam.submit({ids.ADMIN_SETTINGS_ROUND_EVERY: "lots"}, view=modal)
    assert ids.ADMIN_SETTINGS_ROUND_EVERY in reply.json["errors"]
    sam.submit({ids.ADMIN_SETTINGS_ROUND_EVERY: "2", ids.ADMIN_SETTINGS_ROUND_DAY: "2"}, view=modal)
    program = fake_slack.wait_for(lambda: (p := _program(deps)).round_every_weeks and p)
    assert (program.round_every_weeks, program.round_weekday) == (2, 2)
    assert program.round_anchor == date(2026, 3, 4) and not program.round_auto_approve

    run(deps, datetime(2026, 3, 3, 9, 30, tzinfo=UTC))  # before the hour: nothing yet
    assert dms(fake_slack, "U0BO", "round runs tomorrow") == []
    for hour in (10, 11, 15):
        run(deps, datetime(2026, 3, 3, hour, tzinfo=UTC))
    assert len(dms(fake_slack, "U0BO", "round runs tomorrow")) == 1
    assert len(dms(fake_slack, "U0MAYA", "round runs tomorrow")) == 1
    assert dms(fake_slack, "U0CY", "round runs tomorrow") == []
    assert _proposals(fake_slack) == []

    for hour in (10, 11, 18):
        run(deps, datetime(2026, 3, 4, hour, tzinfo=UTC))
    [posted] = _proposals(fake_slack)
    assert _buttons(posted.blocks, ids.ROUND_APPROVE) and _buttons(posted.blocks, ids.ROUND_PAIR)
    with deps.uow() as uow:
        rounds = list(uow.session.scalars(select(MatchRoundRecord)))
    assert len(rounds) == 1 and rounds[0].proposal["scheduled_for"] == "2026-03-04"
    assert rounds[0].message_ts == posted.ts
    # Nothing more the week after; the next round falls two weeks on (its own heads-up, once).
    run(deps, datetime(2026, 3, 11, 10, tzinfo=UTC))
    assert len(_proposals(fake_slack)) == 1
    run(deps, datetime(2026, 3, 17, 10, tzinfo=UTC))
    assert len(dms(fake_slack, "U0BO", "round runs tomorrow")) == 2


def test_a_scheduled_round_can_approve_itself(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    _admins(ws, fake_slack)
    ws.person("U0BO", "Bo Chen")
    ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["python"])
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"])
    with deps.uow() as uow:
        program = uow.programs.settings(TEAM_ID, clock())
        program.round_every_weeks, program.round_weekday = 1, 2
        program.round_anchor, program.round_auto_approve = date(2026, 3, 4), True
    run(deps, datetime(2026, 3, 4, 10, tzinfo=UTC))
    run(deps, datetime(2026, 3, 4, 11, tzinfo=UTC))
    [posted] = _proposals(fake_slack)
    assert "Approved by itself" in posted.all_text() and not _buttons(posted.blocks, ids.ROUND_APPROVE)
    [intro] = fake_slack.group_dms_with("U0BO", "U0ADA")
    assert _buttons(intro.blocks, ids.AGREEMENT_OPEN)
    [made] = _mentorships(deps)
    assert made.source == "round" and made.group_channel_id


def test_a_self_approving_round_whose_post_failed_is_retried_without_buttons_or_a_second_round(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    _admins(ws, fake_slack)
    ws.person("U0BO", "Bo Chen")
    ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", wants=["python"])
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"])
    with deps.uow() as uow:
        program = uow.programs.settings(TEAM_ID, clock())
        program.round_every_weeks, program.round_weekday = 1, 2
        program.round_anchor, program.round_auto_approve = date(2026, 3, 4), True
    fake_slack.fail(
        "chat.postMessage", error="internal_error", match=lambda p: "by itself" in str(p.get("text"))
    )
    run(deps, datetime(2026, 3, 4, 10, tzinfo=UTC))
    assert _proposals(fake_slack) == [] and len(_mentorships(deps)) == 1
    assert fake_slack.group_dms_with("U0BO", "U0ADA") == []
    for minute in (5, 30):
        run(deps, datetime(2026, 3, 4, 10, minute, tzinfo=UTC))
    [posted] = _proposals(fake_slack)
    assert "Approved by itself" in posted.all_text() and not _buttons(posted.blocks, ids.ROUND_APPROVE)
    assert len(fake_slack.group_dms_with("U0BO", "U0ADA")) == 1
    with deps.uow() as uow:
        assert len(list(uow.session.scalars(select(MatchRoundRecord)))) == 1


def test_forged_round_values_change_nothing(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    c = _shape_cast(ws, deps, fake_slack)
    sam = c["sam"]
    sam.command("admin match")
    first = _latest_proposal(fake_slack)
    rid = _round(deps).id
    forged_values = [
        (ids.ROUND_APPROVE, f"{rid}:²"),
        (ids.ROUND_APPROVE, f"{rid}:-1"),
        (ids.ROUND_PAGE, f"{rid}:²"),
        (ids.ROUND_PAGE, "abc:1"),
        (ids.ROUND_PAIR, f"explode:{rid}:0:{c['rec']['bo'].id}:0"),
        (ids.ROUND_PAIR, f"remove:{rid}:0:{c['rec']['bo'].id}"),
        (ids.ROUND_PAIR, f"swap:{rid}:0:99999999999999999999999:0"),
    ]
    for action_id, value in forged_values:
        if action_id == ids.ROUND_PAIR:
            payload = sam.click_payload(
                action_id, message=first, selected=_option(rid, "remove", 0, c["rec"]["bo"].id)
            )
        else:  # a button (Approve's, renamed when forging a page click the message never had)
            payload = sam.click_payload(ids.ROUND_APPROVE, message=first)
        action = payload["actions"][0]
        action["action_id"] = action_id
        if "selected_option" in action:
            action["selected_option"]["value"] = value
        else:
            action["value"] = value
        assert ws.post_payload(payload).status == 200
    fake_slack.wait_idle()
    record = _round(deps)
    assert record.status == "proposed" and record.revision == 0 and len(record.proposal["pairs"]) == 3
    assert _mentorships(deps) == []
