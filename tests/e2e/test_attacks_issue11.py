"""Issue 11's new doors, attacked: forged button values, double clicks, hostile text and a failing
Slack against the transition choices, App Home buttons, `/mentor ask`, the agreement's meeting time,
the calendar invite and feedback after the end. Each test failed before its fix."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.driver import Reply
from devtools.emulator.server import TEAM_ID, Message, _m_post_message
from handlers.checkins.blocks import build_message
from handlers.slack import ids
from storage.records import (
    ActionItemRecord,
    FeedbackRecord,
    GoalRecord,
    MentorshipRecord,
    ScheduledMessageRecord,
    TransitionChoiceRecord,
)
from tests.support.factories import make_mentorship, make_person, mentorship, rows, utc
from tests.support.settings import ADMIN_CHANNEL

NOW = utc(2027, 1, 11, 9)  # a Monday


@dataclass
class Pair:
    kai: Person  # mentee
    linus: Person  # mentor
    mentorship_id: int


@pytest.fixture
def pair(ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack) -> Iterator[Pair]:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller", tz="Europe/Berlin")
    linus = ws.person("U0LINUS", "Linus Torvalds", tz="Europe/Helsinki")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller", timezone="Europe/Berlin")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", timezone="Europe/Helsinki")
    m = make_mentorship(deps, mentor, mentee, cadence="weekly", weeks=12)
    yield Pair(kai, linus, m.id)
    fake_slack.wait_idle()


def button(action_id: str, value: str, channel: str = "C0GENERAL", ts: str = "1.3") -> Message:
    """A message holding one button with this value (as a client could send it back)."""
    element = {"type": "button", "action_id": action_id, "value": value}
    return Message(
        channel=channel, ts=ts, text="", blocks=[{"type": "actions", "elements": [element]}], user="bot"
    )


def at_once(ws: Workspace, payloads: list[dict[str, Any]]) -> list[Reply]:
    """POST different signed payloads (two devices, two people) from threads released together."""
    barrier = threading.Barrier(len(payloads))
    replies: list[Reply | None] = [None] * len(payloads)

    def send(index: int) -> None:
        barrier.wait()
        replies[index] = ws.post_payload(payloads[index])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in replies if r is not None]


def told(person: Person, fake: FakeSlack, before: int) -> str:
    fake.wait_for(lambda: len(person.ephemerals()) > before)
    return str(person.ephemerals()[-1].get("text", ""))


# -- transition choices -----------------------------------------------------------------------------
def test_a_forged_transition_window_does_not_extend_again(
    pair: Pair, deps: Deps, fake_slack: FakeSlack
) -> None:
    """Each made-up window in the button value was a fresh 'once' key: Extend pressed with
    2099-01-01, 2099-01-02 ... moved the end date by 8 weeks per click."""
    end = mentorship(deps, pair.mentorship_id).end_date
    assert end is not None
    value = f"{pair.mentorship_id}:{end.isoformat()}"
    pair.kai.click(ids.TRANSITION_EXTEND, message=button(ids.TRANSITION_EXTEND, value))
    fake_slack.wait_for(lambda: len(rows(deps, TransitionChoiceRecord)) == 1)
    fake_slack.wait_idle()
    extended = mentorship(deps, pair.mentorship_id).end_date
    assert extended == end + timedelta(weeks=8)
    for forged in ("2099-01-01", "0000-00-00", "1999-12-31", (end - timedelta(days=1)).isoformat()):
        before = len(pair.kai.ephemerals())
        value = f"{pair.mentorship_id}:{forged}"
        pair.kai.click(ids.TRANSITION_EXTEND, message=button(ids.TRANSITION_EXTEND, value))
        told(pair.kai, fake_slack, before)
    fake_slack.wait_idle()
    assert mentorship(deps, pair.mentorship_id).end_date == extended
    assert len(rows(deps, TransitionChoiceRecord)) == 1


def test_a_made_up_window_before_any_choice_records_nothing(
    pair: Pair, deps: Deps, fake_slack: FakeSlack
) -> None:
    end = mentorship(deps, pair.mentorship_id).end_date
    before = len(pair.kai.ephemerals())
    value = f"{pair.mentorship_id}:2099-01-01"
    pair.kai.click(ids.TRANSITION_CONTINUE, message=button(ids.TRANSITION_CONTINUE, value))
    assert "changed" in told(pair.kai, fake_slack, before)
    fake_slack.wait_idle()
    assert mentorship(deps, pair.mentorship_id).end_date == end
    assert rows(deps, TransitionChoiceRecord) == []


def test_a_button_without_a_window_pressed_twice_extends_once(
    pair: Pair, deps: Deps, fake_slack: FakeSlack
) -> None:
    """A bare mentorship id (a forged or older value) took the current end date as its window, so
    after one Extend the same click found a new window and extended again."""
    end = mentorship(deps, pair.mentorship_id).end_date
    assert end is not None
    for _ in range(3):
        before = len(pair.kai.ephemerals())
        pair.kai.click(ids.TRANSITION_EXTEND, message=button(ids.TRANSITION_EXTEND, str(pair.mentorship_id)))
        told(pair.kai, fake_slack, before)
    fake_slack.wait_idle()
    assert mentorship(deps, pair.mentorship_id).end_date == end + timedelta(weeks=8)
    assert len(rows(deps, TransitionChoiceRecord)) == 1
    assert "already decided" in str(pair.kai.ephemerals()[-1])


# -- App Home buttons -------------------------------------------------------------------------------
def add_item(deps: Deps, mentorship_id: int, text: str = "Read the design doc") -> int:
    with deps.uow() as uow:
        item = ActionItemRecord(team_id=TEAM_ID, mentorship_id=mentorship_id, text=text, created_at=NOW)
        uow.session.add(item)
        uow.flush()
        return item.id


@pytest.mark.parametrize("who", ["same", "both"])
def test_an_action_item_done_at_once_is_ticked_off_once(
    pair: Pair, ws: Workspace, deps: Deps, fake_slack: FakeSlack, who: str
) -> None:
    """Two devices (or both people) pressing Done at the same instant: one 'Ticked off'."""
    item = add_item(deps, pair.mentorship_id)
    message = button(ids.HOME_ACTION_DONE, str(item))
    second = pair.kai if who == "same" else pair.linus
    payloads = [
        pair.kai.click_payload(ids.HOME_ACTION_DONE, message=message),
        second.click_payload(ids.HOME_ACTION_DONE, message=message),
    ]
    assert [r.status for r in at_once(ws, payloads)] == [200, 200]
    fake_slack.wait_idle()
    answers = [
        str(e.get("text"))
        for p in {pair.kai.id: pair.kai, second.id: second}.values()
        for e in p.ephemerals()
    ]
    assert len([a for a in answers if "Ticked off" in a]) == 1, answers
    assert len([a for a in answers if "already ticked off" in a]) == 1, answers


def add_goal(deps: Deps, mentorship_id: int) -> int:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        goal = GoalRecord(
            team_id=TEAM_ID,
            mentorship_id=mentorship_id,
            owner_id=record.mentee_id,
            title="Give a talk at the guild",
            target_date=(NOW + timedelta(weeks=6)).date(),
            created_at=NOW,
        )
        uow.session.add(goal)
        uow.flush()
        return goal.id


@pytest.mark.parametrize("who", ["same", "both"])
def test_mark_achieved_at_once_celebrates_once(
    pair: Pair, ws: Workspace, deps: Deps, fake_slack: FakeSlack, who: str
) -> None:
    goal = add_goal(deps, pair.mentorship_id)
    message = button(ids.GOAL_ACHIEVED, str(goal))
    second = pair.kai if who == "same" else pair.linus
    payloads = [
        pair.kai.click_payload(ids.GOAL_ACHIEVED, message=message),
        second.click_payload(ids.GOAL_ACHIEVED, message=message),
    ]
    assert [r.status for r in at_once(ws, payloads)] == [200, 200]
    fake_slack.wait_idle()
    news = {
        (m.channel, m.ts) for m in fake_slack.dms_to("U0LINUS") if "marked a goal achieved" in m.all_text()
    }
    assert len(news) == 1, news


# -- /mentor ask -------------------------------------------------------------------------------------
def questions(fake: FakeSlack) -> list[Message]:
    return [m for m in fake.messages_in(ADMIN_CHANNEL) if "*Question*" in m.all_text()]


def test_a_question_full_of_markup_reaches_the_admins_whole(
    ws: Workspace, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """2000 characters of `<`, `&` and newlines escape to far more than a section holds (3000): the
    post was clipped and the admins read a quarter of the question, ending mid-entity."""
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    ada = ws.person("U0ADA", "Ada Lovelace")
    question = ("<!channel> & <@U0EVE>\n" * 90 + "THE END?")[:1990] + " END?"
    assert len(question) <= 2000
    ada.command("ask")
    assert ada.submit({ids.ASK_TEXT: question}).status == 200
    [posted] = fake_slack.wait_for(lambda: questions(fake_slack))
    sections = [b["text"]["text"] for b in posted.blocks if b.get("type") == "section"]
    assert all(len(s) <= 3000 for s in sections)
    body = "".join(sections)
    assert body.count("&lt;!channel&gt; &amp; &lt;@U0EVE&gt;") == question.count("<!channel> & <@U0EVE>")
    assert body.rstrip().endswith("END?")
    assert all(s.startswith(">") for s in sections[1:]) and ">>" not in body
    assert "<!channel>" not in str(posted.blocks) + posted.text and "<@U0EVE>" not in str(posted.blocks)
    assert "THE END" not in caplog.text and "U0EVE" not in caplog.text


# -- the agreement's date and time ------------------------------------------------------------------
def open_agreement(ws: Workspace, deps: Deps, fake: FakeSlack) -> tuple[Person, int]:
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/Berlin")
    ws.person("U0BO", "Bo Chen", tz="America/New_York")
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", timezone="Europe/Berlin")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo Chen", timezone="America/New_York")
    record = make_mentorship(deps, mentor, mentee, agreed=False)
    ada.open_home()
    fake.wait_for(lambda: "Set up our agreement" in str(fake.home_of("U0ADA") or {}))
    ada.click(ids.AGREEMENT_OPEN, in_home=True, value=str(record.id))
    ada.modal()
    return ada, record.id


@pytest.mark.parametrize(
    ("first", "at", "field"),
    [
        ("2027-03-28", "02:30", ids.AGREEMENT_TIME),  # Berlin springs forward: 02:30 never happens
        ("2027-03-28", "02:00", ids.AGREEMENT_TIME),
        ("2027-03-24", "25:99", ids.AGREEMENT_TIME),
        ("2027-03-24", "abc", ids.AGREEMENT_TIME),
        ("2027-03-24", None, ids.AGREEMENT_TIME),
        ("2027-03-24", 1030, ids.AGREEMENT_TIME),  # not a string at all
        ("2027-03-24", ["10:30"], ids.AGREEMENT_TIME),
        (20270324, "10:30", ids.AGREEMENT_FIRST),
        ({"y": 2027}, "10:30", ids.AGREEMENT_FIRST),
        ("2027-03-24T10:30", "10:30", ids.AGREEMENT_FIRST),
    ],
)
def test_a_meeting_time_that_cannot_be_is_refused_inline_and_nothing_saved(
    ws: Workspace,
    deps: Deps,
    clock: Clock,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    first: Any,
    at: Any,
    field: str,
) -> None:
    clock.set(utc(2027, 3, 22, 9))
    ada, mentorship_id = open_agreement(ws, deps, fake_slack)
    reply = ada.submit(
        {ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_FIRST: first, ids.AGREEMENT_TIME: at}
    )
    assert reply.status == 200, reply.body
    assert set(reply.json["errors"]) == {field}, reply.json
    fake_slack.wait_idle()
    record = mentorship(deps, mentorship_id)
    assert record.agreement_status == "none" and record.first_meeting_at is None
    assert "Traceback" not in caplog.text


def test_a_meeting_in_the_autumn_fold_is_its_first_occurrence(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    """02:30 on the night clocks go back happens twice: it is read as the first (summer time)."""
    clock.set(utc(2027, 10, 25, 9))
    ada, mentorship_id = open_agreement(ws, deps, fake_slack)
    base = {ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_END: "2028-03-01"}
    reply = ada.submit({**base, ids.AGREEMENT_FIRST: "2027-10-31", ids.AGREEMENT_TIME: "02:30"})
    assert reply.body == "", reply.body
    fake_slack.wait_for(lambda: mentorship(deps, mentorship_id).agreement_status == "proposed")
    assert mentorship(deps, mentorship_id).first_meeting_at == utc(2027, 10, 31, 0, 30)


# -- the calendar invite ----------------------------------------------------------------------------
def agreed_pair(ws: Workspace, deps: Deps, fake: FakeSlack) -> MentorshipRecord:
    """Ada proposes with the form's defaults and Bo confirms: the invite is queued."""
    ada, mentorship_id = open_agreement(ws, deps, fake)
    bo = ws.people["U0BO"]
    assert ada.submit({ids.AGREEMENT_CONFIDENTIAL: ["yes"]}).body == ""
    proposal = fake.wait_for(lambda: fake.group_dms_with("U0ADA", "U0BO"))[-1]
    bo.click(ids.AGREEMENT_CONFIRM, message=proposal)
    fake.wait_for(lambda: mentorship(deps, mentorship_id).agreement_status == "agreed")
    fake.wait_idle()
    return mentorship(deps, mentorship_id)


FAULTS: dict[str, tuple[str, dict[str, Any]]] = {
    "url 429": ("files.getUploadURLExternal", {"status": 429, "retry_after": 30}),
    "url error": ("files.getUploadURLExternal", {"error": "internal_error"}),
    "url dropped": ("files.getUploadURLExternal", {"drop": "before"}),
    "upload 503": ("upload", {"status": 503}),
    "upload 429": ("upload", {"status": 429, "retry_after": 30}),
    "upload dropped": ("upload", {"drop": "before"}),
    "complete 429": ("files.completeUploadExternal", {"status": 429, "retry_after": 30}),
    "complete error": ("files.completeUploadExternal", {"error": "internal_error"}),
    "complete dropped before": ("files.completeUploadExternal", {"drop": "before"}),
    "complete dropped after": ("files.completeUploadExternal", {"drop": "after"}),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failing_upload_step_still_shares_the_invite_exactly_once(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack, fault: str
) -> None:
    """Each step of files_upload_v2 failing once, in each way Slack fails: the invite arrives once.
    (A 429 on getUploadURLExternal or completeUploadExternal was classified twice, the second time
    as an unknown error, and the row failed for good: the pair never got their calendar file.)"""
    clock.set(utc(2027, 3, 22, 9))
    record = agreed_pair(ws, deps, fake_slack)
    assert record.group_channel_id is not None
    method, kwargs = FAULTS[fault]
    fake_slack.fail(method, **kwargs)
    when = deps.clock()
    for minutes in (0, 2, 10, 30, 90):
        tick(deps, when + timedelta(minutes=minutes))
    fake_slack.wait_idle()
    assert len(fake_slack.files_in(record.group_channel_id)) == 1, fault
    with deps.uow() as uow:
        [row] = uow.session.scalars(
            select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == "calendar_invite")
        )
        assert row.state == "sent", (row.state, row.last_error)


def send_prompt(deps: Deps, fake: FakeSlack, person: Person, mentorship_id: int) -> Message:
    """The two-weeks-to-go prompt as the scheduler records and sends it (a queue row with its ts)."""
    record = mentorship(deps, mentorship_id)
    assert record.end_date is not None
    payload = {"mentorship_id": record.id, "end_date": record.end_date.isoformat(), "partner": "U0X"}
    text, blocks = build_message("transition", payload, 1)
    with fake.lock:
        sent = _m_post_message(fake, {"channel": person.id, "text": text, "blocks": json.dumps(blocks)})
    with deps.uow() as uow:
        uow.session.add(
            ScheduledMessageRecord(
                team_id=TEAM_ID,
                mentorship_id=record.id,
                kind="transition",
                period_key=record.end_date.isoformat(),
                recipient=person.id,
                due_at=NOW,
                payload=payload,
                state="sent",
                attempts=1,
                created_at=NOW,
                slack_channel=sent["channel"],
                slack_ts=sent["ts"],
            )
        )
    return next(m for m in fake.messages_in(sent["channel"]) if m.ts == sent["ts"])


def test_both_people_choosing_at_the_same_instant_make_one_choice_told_truly(
    pair: Pair, ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    """Kai extends while Linus continues informally, at the same instant: one choice stands; the
    one who lost the race is told the choice and the end date as it now is, not the old one."""
    end = mentorship(deps, pair.mentorship_id).end_date
    assert end is not None
    kai_prompt = send_prompt(deps, fake_slack, pair.kai, pair.mentorship_id)
    linus_prompt = send_prompt(deps, fake_slack, pair.linus, pair.mentorship_id)
    replies = at_once(
        ws,
        [
            pair.kai.click_payload(ids.TRANSITION_EXTEND, message=kai_prompt),
            pair.linus.click_payload(ids.TRANSITION_CONTINUE, message=linus_prompt),
        ],
    )
    assert [r.status for r in replies] == [200, 200]
    fake_slack.wait_idle()
    [choice] = rows(deps, TransitionChoiceRecord)
    record = mentorship(deps, pair.mentorship_id)
    weeks = 8 if choice.choice == "extend" else 12
    assert record.end_date == end + timedelta(weeks=weeks)
    winner, loser = (pair.kai, pair.linus) if choice.chosen_by == "U0KAI" else (pair.linus, pair.kai)
    told_partner = [
        m
        for m in fake_slack.dms_to(loser.id)
        if "chose to" in m.all_text() and m.ts not in (kai_prompt.ts, linus_prompt.ts)
    ]
    assert len(told_partner) == 1
    assert not [
        m
        for m in fake_slack.dms_to(winner.id)
        if "chose to" in m.all_text() and m.ts not in (kai_prompt.ts, linus_prompt.ts)
    ]
    new_end = f"<!date^{int(datetime.combine(record.end_date, time(12), UTC).timestamp())}"
    old_end = f"<!date^{int(datetime.combine(end, time(12), UTC).timestamp())}"
    loser_prompt = next(m for m in fake_slack.dms_to(loser.id) if m.ts in (kai_prompt.ts, linus_prompt.ts))
    notes = [str(b) for b in loser_prompt.blocks if b.get("type") == "context"]
    stale = [str(e.get("text")) for e in loser.ephemerals()] + notes + [loser_prompt.text]
    assert stale and all(new_end in s and old_end not in s for s in stale), stale


# -- check-ins and their folded parts ---------------------------------------------------------------
def reminders(fake: FakeSlack, person: Person) -> list[Message]:
    return [m for m in fake.dms_to(person.id) if "A friendly reminder" in m.all_text()]


@pytest.mark.parametrize("then", ["skip", "end", "pause"])
def test_remind_me_later_then_skip_or_end_sends_no_reminder(
    pair: Pair, deps: Deps, clock: Clock, fake_slack: FakeSlack, then: str
) -> None:
    """'Remind me later' queues a reminder; a later Skip (another device still shows the buttons)
    or a pause must take it back: it arrived anyway (an end already cancelled it; kept as a guard)."""
    clock.set(utc(2027, 1, 18, 12))
    tick(deps, deps.clock())
    checkin = copy.deepcopy(fake_slack.wait_for(lambda: pair.kai.last_dm(containing="Time for a check-in")))
    pair.kai.click(ids.CHECKIN_REMIND, message=checkin)
    fake_slack.wait_for(
        lambda: (
            any("check in with you again" in m.all_text() for m in pair.kai.dms())
            or any("check in with you again" in str(e) for e in pair.kai.ephemerals())
        )
    )
    if then == "skip":
        pair.kai.click(ids.CHECKIN_SKIP, message=checkin)  # the same check-in, on another device
    elif then == "end":
        pair.kai.command("end")
        pair.kai.submit({ids.END_REASON: "schedule", ids.END_STAY: "no"})
        fake_slack.wait_for(lambda: mentorship(deps, pair.mentorship_id).status == "ended")
    else:
        pair.kai.command("pause")
        fake_slack.wait_for(lambda: mentorship(deps, pair.mentorship_id).status == "paused")
    fake_slack.wait_idle()
    for days in (2, 3, 4):
        clock.set(utc(2027, 1, 18 + days, 12))
        tick(deps, deps.clock())
    fake_slack.wait_idle()
    assert reminders(fake_slack, pair.kai) == []


def test_an_answered_checkin_is_rewritten_from_what_the_bot_sent_not_the_clicked_copy(
    pair: Pair, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    """The click carries the message's blocks as the client has them; rewriting the bot's message
    from that copy let a forged body (any text, links, `<!channel>`) become the bot's own words."""
    clock.set(utc(2027, 1, 18, 12))
    tick(deps, deps.clock())
    checkin = copy.deepcopy(fake_slack.wait_for(lambda: pair.kai.last_dm(containing="Time for a check-in")))
    forged = copy.deepcopy(checkin)
    forged.blocks = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "<!channel> Your account is locked: <https://evil.example|sign in>",
            },
        },
        *[b for b in checkin.blocks if b.get("type") == "actions"],
    ]
    pair.kai.click(ids.CHECKIN_SKIP, message=forged)
    fake_slack.wait_for(lambda: any(m.ts == checkin.ts and m.edits for m in pair.kai.dms()))
    [updated] = [m for m in pair.kai.dms() if m.ts == checkin.ts]
    assert "evil.example" not in str(updated.blocks) and "<!channel>" not in str(updated.blocks)
    assert "Time for a check-in" in str(updated.blocks) and "skipped" in str(updated.blocks)


@pytest.mark.parametrize(
    "typed",
    [
        "ask " + "x" * 1996,  # the command's own limit
        "ask \x00\x01\x1b[31m hello\x7f <!here>",
        "ask \x00\x00",
    ],
)
def test_a_hostile_typed_question_is_refused_or_posted_clean_and_never_logged(
    ws: Workspace, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, typed: str
) -> None:
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    bo = ws.person("U0BO", "Bo Chen")
    form = {
        "team_id": ws.team_id,
        "channel_id": "C0GENERAL",
        "user_id": "U0BO",
        "user_name": "Bo Chen",
        "command": "/mentor",
        "text": typed,
        "api_app_id": "AEMULATOR",
        "response_url": bo._response_url(),
        "trigger_id": fake_slack.new_trigger("U0BO"),
    }
    assert ws.post_form(form).status == 200
    fake_slack.wait_idle()
    posted = questions(fake_slack)
    assert len(posted) <= 1
    for message in posted:
        text = str(message.blocks) + message.text
        assert "\x00" not in text and "\x1b" not in text and "\x7f" not in text and "<!here>" not in text
    if typed.endswith("\x00"):  # nothing left to ask: the form opens instead
        assert posted == [] and fake_slack.open_modal("U0BO") is not None
    assert "xxxxxxxx" not in caplog.text and "hello" not in caplog.text and "Traceback" not in caplog.text


def test_confirm_on_a_replaced_proposal_does_not_agree_to_terms_never_shown(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    """Ada proposes, then proposes again with another end date (from her intro's still-live 'Set up
    our agreement'); Bo's client still shows the first proposal and he presses its Confirm: that
    agreed to the second proposal's terms, which he never saw."""
    clock.set(utc(2027, 3, 22, 9))
    ada, mentorship_id = open_agreement(ws, deps, fake_slack)
    bo = ws.people["U0BO"]
    assert ada.submit({ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_END: "2027-09-01"}).body == ""
    first = copy.deepcopy(fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0ADA", "U0BO"))[-1])
    ada.click(ids.AGREEMENT_OPEN, message=button(ids.AGREEMENT_OPEN, str(mentorship_id)))
    ada.modal()
    assert ada.submit({ids.AGREEMENT_CONFIDENTIAL: ["yes"], ids.AGREEMENT_END: "2028-12-01"}).body == ""
    fake_slack.wait_for(lambda: len(fake_slack.group_dms_with("U0ADA", "U0BO")) >= 2)
    fake_slack.wait_idle()
    before = len(bo.ephemerals())
    bo.click(ids.AGREEMENT_CONFIRM, message=first)
    assert "newer" in told(bo, fake_slack, before)
    fake_slack.wait_idle()
    assert mentorship(deps, mentorship_id).agreement_status == "proposed"
    # The latest proposal, confirmed where it is, holds.
    latest = fake_slack.group_dms_with("U0ADA", "U0BO")[-1]
    bo.click(ids.AGREEMENT_CONFIRM, message=latest)
    fake_slack.wait_for(lambda: mentorship(deps, mentorship_id).agreement_status == "agreed")


# -- feedback to a former partner ---------------------------------------------------------------------
@pytest.mark.parametrize("gone", ["opted_out", "inactive"])
def test_no_feedback_reaches_a_former_partner_who_left_the_program(
    pair: Pair, deps: Deps, clock: Clock, fake_slack: FakeSlack, gone: str
) -> None:
    """Kai left (deleted his data, or was deactivated) and the pair ended with it; within the 30
    days Linus's 'feedback to a former partner' stored new feedback about Kai and DMed it to him."""
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, pair.mentorship_id)
        assert record is not None
        record.status, record.ended_at, record.end_reason = "ended", NOW, "left_program"
        record.mentee.status = gone
    clock.set(NOW + timedelta(days=3))
    pair.linus.command("feedback")
    fake_slack.wait_idle()
    if fake_slack.open_modal("U0LINUS") is not None:
        note = {ids.FEEDBACK_WELL: "You asked great questions", ids.FEEDBACK_SUGGESTION: "Keep a notebook"}
        pair.linus.submit(note)
        if fake_slack.open_modal("U0LINUS") is not None:  # the wording tips: send it as it is
            pair.linus.submit({**note, ids.FEEDBACK_SEND_ANYWAY: ["yes"]})
    fake_slack.wait_idle()
    assert rows(deps, FeedbackRecord) == []
    assert not [m for m in fake_slack.dms_to("U0KAI") if "great questions" in m.all_text()]


@pytest.mark.parametrize("door", ["typed", "form"])
def test_a_question_slack_refuses_to_post_is_not_reported_sent(
    ws: Workspace, fake_slack: FakeSlack, door: str
) -> None:
    """The admin channel refuses the post (the bot was removed from it): the asker must not be told
    'Sent: your question is with the program team'."""
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    ada = ws.person("U0ADA", "Ada Lovelace")
    fake_slack.fail(
        "chat.postMessage", error="not_in_channel", match=lambda p: p.get("channel") == ADMIN_CHANNEL
    )
    if door == "typed":
        ada.command("ask How long does the program run?")
    else:
        ada.command("ask")
        ada.modal()
        ada.submit({ids.ASK_TEXT: "How long does the program run?"})
    fake_slack.wait_idle()
    said = [str(e.get("text")) for e in ada.ephemerals()] + [m.all_text() for m in ada.dms()]
    assert questions(fake_slack) == []
    assert not any("with the program team" in s for s in said), said
    assert any("wasn't sent" in s for s in said), said


def test_two_rhythm_changes_at_once_leave_the_calendar_matching_the_pair(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    """Ada picks weekly while Bo picks monthly, at the same instant: each re-issue read the same
    SEQUENCE, so one version was dropped as a duplicate and the file could say another rhythm than
    the pair's."""
    clock.set(utc(2027, 3, 22, 9))
    record = agreed_pair(ws, deps, fake_slack)
    ada, bo = ws.people["U0ADA"], ws.people["U0BO"]
    adjust = button(ids.CADENCE_ADJUST, str(record.id))
    forms = []
    for person, choice in ((ada, "weekly"), (bo, "monthly")):
        person.click(ids.CADENCE_ADJUST, message=adjust)
        forms.append(person.submission({ids.CADENCE_CHOICE: choice}, view=person.modal()))
    assert [r.status for r in at_once(ws, forms)] == [200, 200]
    fake_slack.wait_idle()
    final = mentorship(deps, record.id)
    with deps.uow() as uow:
        invites = list(
            uow.session.scalars(
                select(ScheduledMessageRecord)
                .where(ScheduledMessageRecord.kind == "calendar_invite")
                .order_by(ScheduledMessageRecord.id)
            )
        )
    newest = max(invites, key=lambda r: int(r.payload["sequence"]))
    assert newest.payload["cadence"] == final.cadence, [(r.period_key, r.payload["cadence"]) for r in invites]
    assert int(newest.payload["sequence"]) == final.calendar_sequence
