"""Every action once: a form sent twice (in sequence, or the same signed request from two threads at
once) saves once and answers the second kindly; a transition choice is made once per transition."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.driver import Reply
from devtools.emulator.server import Message, _m_post_message
from handlers.checkins.blocks import build_message
from handlers.slack import ids
from handlers.slack.envelope import seal, unseal
from storage.records import (
    AuditRecord,
    ConcernRecord,
    FeedbackRecord,
    FormTokenRecord,
    GoalRecord,
    MentorRequestRecord,
    MentorshipRecord,
    MilestoneRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
    TransitionChoiceRecord,
)
from tests.support.factories import make_mentorship, make_person, mentorship, rows, utc
from tests.support.settings import ADMIN_CHANNEL

NOW = utc(2027, 1, 11, 9)  # a Monday
ALREADY = "Already saved"
MODES = ["sequence", "parallel"]

GOAL = {
    ids.GOAL_TITLE: "Give a 20-minute talk on our data pipeline at the analytics guild",
    ids.GOAL_MEASURE: "Talk delivered and feedback from 3 colleagues",
    ids.GOAL_RELEVANCE: "I want to grow into a lead role",
    ids.GOAL_TARGET: "2027-03-15",
    ids.GOAL_MILESTONES: "Draft the outline - 2027-01-25\nDry run with Linus (2027-02-20)",
}
FEEDBACK = {
    ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard it clicked for me",
    ids.FEEDBACK_BETTER: "Our last two sessions started 10 minutes late",
    ids.FEEDBACK_SUGGESTION: "Send a calendar invite with an agenda the day before",
    ids.FEEDBACK_RATING: "4",
}


@dataclass
class World:
    kai: Person  # mentee
    linus: Person  # mentor
    mentorship_id: int


@pytest.fixture
def world(ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack) -> Iterator[World]:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller", tz="Europe/Berlin")
    linus = ws.person("U0LINUS", "Linus Torvalds", tz="Europe/Helsinki")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller", timezone="Europe/Berlin")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", timezone="Europe/Helsinki")
    m = make_mentorship(deps, mentor, mentee, cadence="weekly", weeks=12)
    yield World(kai, linus, m.id)
    fake_slack.wait_idle()


def send_twice(ws: Workspace, person: Person, values: dict[str, Any], mode: str) -> list[Reply]:
    """Submit the person's open form twice: two clicks in a row, or one request raced from two threads."""
    view = person.modal()
    if mode == "parallel":
        return ws.post_payload_concurrently(person.submission(values, view=view))
    return [person.submit(values, view=view), person.submit(values, view=view)]


def one_saved_one_kind(replies: list[Reply]) -> None:
    """One submission closed the form; the other was told, kindly, that it was saved already."""
    assert [r.status for r in replies] == [200, 200]
    told = [r for r in replies if ALREADY in r.body]
    assert len(told) == 1, [r.body for r in replies]
    assert told[0].json["response_action"] == "errors"


def dms_to(fake: FakeSlack, user: str, phrase: str) -> list[Message]:
    return [m for m in fake.dms_to(user) if phrase in m.all_text()]


@pytest.mark.parametrize("mode", MODES)
def test_session_log_sent_twice_logs_one_session(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.linus.command("log")
    replies = send_twice(ws, world.linus, {ids.SESSION_TAKEAWAYS: "Stakeholder maps"}, mode)
    one_saved_one_kind(replies)
    assert len(rows(deps, SessionLogRecord)) == 1
    assert mentorship(deps, world.mentorship_id).session_count == 1


@pytest.mark.parametrize("mode", MODES)
def test_goal_sent_twice_saves_one_goal(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.kai.command("goal")
    one_saved_one_kind(send_twice(ws, world.kai, GOAL, mode))
    assert len(rows(deps, GoalRecord)) == 1
    world.linus.last_dm(containing="new goal")
    fake_slack.wait_idle()
    assert len(dms_to(fake_slack, "U0LINUS", "new goal")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_feedback_sent_twice_sends_one_dm(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.kai.command("feedback")
    one_saved_one_kind(send_twice(ws, world.kai, FEEDBACK, mode))
    world.linus.last_dm(containing="private feedback")
    fake_slack.wait_idle()
    assert len(rows(deps, FeedbackRecord)) == 1
    assert len(dms_to(fake_slack, "U0LINUS", "private feedback")) == 1


def test_coached_feedback_keeps_its_token_and_saves_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    world.kai.command("feedback")
    coached = world.kai.submit({**FEEDBACK, ids.FEEDBACK_WELL: "You always explain things clearly"})
    assert coached.json["response_action"] == "update"
    one_saved_one_kind(send_twice(ws, world.kai, {ids.FEEDBACK_SEND_ANYWAY: ["yes"]}, "sequence"))
    assert len(rows(deps, FeedbackRecord)) == 1


@pytest.mark.parametrize("mode", MODES)
def test_goal_progress_sent_twice_answers_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.kai.command("goal")
    world.kai.submit(GOAL)
    goal = fake_slack.wait_for(lambda: rows(deps, GoalRecord))[0]
    button = {"type": "button", "action_id": ids.GOAL_PROGRESS, "value": str(goal.id)}
    msg = Message(
        channel="C0GENERAL", ts="1.1", text="", blocks=[{"type": "actions", "elements": [button]}], user="bot"
    )
    world.kai.click(ids.GOAL_PROGRESS, message=msg, value=str(goal.id))
    one_saved_one_kind(send_twice(ws, world.kai, {ids.GOAL_PROGRESS_VALUE: "70"}, mode))
    fake_slack.wait_idle()
    assert len(dms_to(fake_slack, "U0KAI", "70%")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_end_sent_twice_tells_the_partner_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.linus.command("end")
    values = {ids.END_REASON: "goals_achieved", ids.END_STAY: "yes", ids.END_GRATITUDE: "Thank you"}
    one_saved_one_kind(send_twice(ws, world.linus, values, mode))
    world.kai.last_dm(containing="concluded your mentorship")
    fake_slack.wait_idle()
    assert len(dms_to(fake_slack, "U0KAI", "concluded your mentorship")) == 1
    assert mentorship(deps, world.mentorship_id).status == "ended"


@pytest.mark.parametrize("mode", MODES)
def test_concern_sent_twice_reaches_the_admins_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.kai.command("concern")
    values = {ids.CONCERN_PAIR: str(world.mentorship_id), ids.CONCERN_TEXT: "He cancels a lot"}
    one_saved_one_kind(send_twice(ws, world.kai, values, mode))
    fake_slack.wait_for(lambda: rows(deps, ConcernRecord))
    fake_slack.wait_idle()
    assert len(fake_slack.messages_in(ADMIN_CHANNEL)) == 1
    assert len(rows(deps, ConcernRecord)) == 1


@pytest.mark.parametrize("mode", MODES)
def test_cadence_change_sent_twice_tells_the_partner_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    button = {"type": "button", "action_id": ids.CADENCE_ADJUST, "value": str(world.mentorship_id)}
    msg = Message(
        channel="C0GENERAL", ts="1.2", text="", blocks=[{"type": "actions", "elements": [button]}], user="bot"
    )
    world.kai.click(ids.CADENCE_ADJUST, message=msg)
    one_saved_one_kind(send_twice(ws, world.kai, {ids.CADENCE_CHOICE: "monthly"}, mode))
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).cadence == "monthly"
    partner_notes = [m for m in fake_slack.dms_to("U0LINUS") if "U0KAI" in m.all_text()]
    assert len(partner_notes) == 1


def test_a_form_opened_before_tokens_saves_once_by_its_view_id(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    world.linus.command("log")
    view = dict(world.linus.modal())
    meta = unseal(deps, view, world.linus.id)
    assert meta is not None and meta.pop("t")  # the form carries its token
    view["private_metadata"] = json.dumps(meta)
    view = seal(deps, view, world.linus.id)  # signed, but without a token (as from an older release)
    one_saved_one_kind([world.linus.submit({ids.SESSION_TAKEAWAYS: "Maps"}, view=view) for _ in range(2)])
    assert mentorship(deps, world.mentorship_id).session_count == 1


def test_old_tokens_are_cleaned(world: World, deps: Deps, clock: Clock) -> None:
    world.linus.command("log")
    world.linus.modal()
    assert len(rows(deps, FormTokenRecord)) == 1
    clock.set(NOW + timedelta(days=2))
    world.kai.command("log")
    world.kai.modal()
    assert [r.user_id for r in rows(deps, FormTokenRecord)] == ["U0KAI"]


# -- transitions --------------------------------------------------------------------------------------
def transition_prompt(world: World, deps: Deps, fake: FakeSlack, person: Person) -> Message:
    """Send the person the two-weeks-to-go prompt as the scheduler does, and return it."""
    record = mentorship(deps, world.mentorship_id)
    assert record.end_date is not None
    payload = {"mentorship_id": record.id, "end_date": record.end_date.isoformat(), "partner": "U0X"}
    text, blocks = build_message("transition", payload, 1)
    with fake.lock:
        sent = _m_post_message(fake, {"channel": person.id, "text": text, "blocks": json.dumps(blocks)})
    return next(m for m in fake.messages_in(sent["channel"]) if m.ts == sent["ts"])


@pytest.mark.parametrize("action", [ids.TRANSITION_EXTEND, ids.TRANSITION_CONTINUE])
def test_transition_pressed_twice_or_by_both_moves_the_end_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, action: str
) -> None:
    before = mentorship(deps, world.mentorship_id).end_date
    assert before is not None
    weeks = 8 if action == ids.TRANSITION_EXTEND else 12
    kai_prompt = transition_prompt(world, deps, fake_slack, world.kai)
    linus_prompt = transition_prompt(world, deps, fake_slack, world.linus)
    first = world.kai.click_payload(action, message=kai_prompt)
    second = world.kai.click_payload(action, message=kai_prompt)  # a second device
    later = world.linus.click_payload(ids.TRANSITION_CONCLUDE, message=linus_prompt)  # the partner
    for payload in (first, second, later):
        assert ws.post_payload(payload).status == 200
    fake_slack.wait_idle()
    record = mentorship(deps, world.mentorship_id)
    assert record.end_date == before + timedelta(weeks=weeks)
    assert record.status == "active"
    assert len(rows(deps, TransitionChoiceRecord)) == 1
    told = [e for e in world.linus.ephemerals() if "already decided" in e.get("text", "")]
    assert told and "<@U0KAI>" in told[-1]["text"]
    assert any("already decided" in e.get("text", "") for e in world.kai.ephemerals())
    assert (
        len(
            [
                m
                for m in fake_slack.dms_to("U0LINUS")
                if "chose to" in m.all_text() and "already" not in m.all_text()
            ]
        )
        == 1
    )


@pytest.mark.parametrize("action", [ids.TRANSITION_EXTEND, ids.TRANSITION_CONTINUE])
def test_transition_raced_from_two_threads_moves_the_end_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, action: str
) -> None:
    before = mentorship(deps, world.mentorship_id).end_date
    assert before is not None
    weeks = 8 if action == ids.TRANSITION_EXTEND else 12
    payload = world.kai.click_payload(action, message=transition_prompt(world, deps, fake_slack, world.kai))
    replies = ws.post_payload_concurrently(payload)
    assert [r.status for r in replies] == [200, 200]
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).end_date == before + timedelta(weeks=weeks)
    assert (
        len(
            [
                m
                for m in fake_slack.dms_to("U0LINUS")
                if "chose to" in m.all_text() and "already" not in m.all_text()
            ]
        )
        == 1
    )
    assert any("already decided" in e.get("text", "") for e in world.kai.ephemerals())


# -- buttons and commands: a conditional update, the second press told the state ----------------------
def button_message(action_id: str, value: str) -> Message:
    """A bot message holding one button (as a client still showing it would send it)."""
    button = {"type": "button", "action_id": action_id, "value": value}
    return Message(
        channel="C0GENERAL", ts="1.3", text="", blocks=[{"type": "actions", "elements": [button]}], user="bot"
    )


def press_twice(ws: Workspace, person: Person, action_id: str, value: str, mode: str) -> None:
    """Press one button twice: two clicks in a row, or one request raced from two threads."""
    payload = person.click_payload(action_id, message=button_message(action_id, value))
    replies = (
        ws.post_payload_concurrently(payload)
        if mode == "parallel"
        else [ws.post_payload(payload), ws.post_payload(payload)]
    )
    assert [r.status for r in replies] == [200, 200]


def command_twice(ws: Workspace, person: Person, text: str, mode: str) -> None:
    """Type the same command twice: in a row, or from two threads at once."""
    if mode == "sequence":
        assert [person.command(text).status for _ in range(2)] == [200, 200]
        return
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send() -> None:
        barrier.wait()
        statuses.append(person.command(text).status)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]


def told(fake: FakeSlack, person: Person, phrase: str) -> None:
    fake.wait_for(lambda: any(phrase in str(e.get("text") or "") for e in person.ephemerals()))


def set_paused(deps: Deps, mentorship_id: int) -> None:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        record.status = "paused"


@pytest.mark.parametrize("mode", MODES)
def test_pause_pressed_twice_pauses_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    press_twice(ws, world.kai, ids.PAUSE_PICK, f"{world.mentorship_id}:until 2027-02-01", mode)
    told(fake_slack, world.kai, "already paused")
    fake_slack.wait_idle()
    record = mentorship(deps, world.mentorship_id)
    assert record.status == "paused" and str(record.paused_until) == "2027-02-01"
    assert len(dms_to(fake_slack, "U0LINUS", "paused your mentorship")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_pause_command_twice_pauses_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    command_twice(ws, world.kai, "pause until 2027-02-01", mode)
    told(fake_slack, world.kai, "already paused")
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).status == "paused"
    assert len(dms_to(fake_slack, "U0LINUS", "paused your mentorship")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_resume_pressed_twice_resumes_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    set_paused(deps, world.mentorship_id)
    press_twice(ws, world.kai, ids.RESUME_PICK, str(world.mentorship_id), mode)
    told(fake_slack, world.kai, "isn't paused")
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).status == "active"
    assert len(dms_to(fake_slack, "U0LINUS", "resumed your mentorship")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_resume_command_twice_resumes_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    set_paused(deps, world.mentorship_id)
    command_twice(ws, world.kai, "resume", mode)
    told(fake_slack, world.kai, "isn't paused")
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).status == "active"
    assert len(dms_to(fake_slack, "U0LINUS", "resumed your mentorship")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_milestone_done_twice_is_shared_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    world.kai.command("goal")
    world.kai.submit(GOAL)
    fake_slack.wait_for(lambda: rows(deps, MilestoneRecord))
    first = min(rows(deps, MilestoneRecord), key=lambda m: m.position)
    press_twice(ws, world.kai, ids.GOAL_MILESTONE_DONE, str(first.id), mode)
    told(fake_slack, world.kai, "already done")
    fake_slack.wait_idle()
    assert len(dms_to(fake_slack, "U0LINUS", "finished a milestone")) == 1
    assert [m.completed_at is not None for m in rows(deps, MilestoneRecord) if m.id == first.id] == [True]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("opener", [ids.REFLECTION_OPEN, ids.CLOSING_SURVEY_OPEN])
def test_reflection_sent_twice_is_saved_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str, opener: str
) -> None:
    world.kai.click(opener, message=button_message(opener, str(world.mentorship_id)))
    values = {ids.REFLECTION_PROGRESS: "4", ids.REFLECTION_RELATIONSHIP: "5"}
    replies = send_twice(ws, world.kai, values, mode)
    assert [r.status for r in replies] == [200, 200]
    world.kai.last_dm(containing="already shared this reflection")
    fake_slack.wait_idle()
    assert len(rows(deps, ReflectionRecord)) == 1
    assert len(dms_to(fake_slack, "U0KAI", "Thank you for reflecting")) == 1


# -- admin forms ------------------------------------------------------------------------------------
SETTINGS = {
    ids.ADMIN_SETTINGS_NAME: "Platform Mentoring",
    ids.ADMIN_SETTINGS_CADENCE: "weekly",
    ids.ADMIN_SETTINGS_LENGTH: "12",
    ids.ADMIN_SETTINGS_HOUR: "8",
    ids.ADMIN_SETTINGS_EXPIRY: "5",
}


def admin(ws: Workspace, fake: FakeSlack) -> Person:
    sam = ws.person("U0SAM", "Sam Rivera")
    fake.set_members(ADMIN_CHANNEL, ["U0SAM"])
    return sam


def audits(deps: Deps, action: str) -> list[AuditRecord]:
    return [a for a in rows(deps, AuditRecord) if a.action == action]


@pytest.mark.parametrize("mode", MODES)
def test_settings_sent_twice_are_saved_and_audited_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    sam = admin(ws, fake_slack)
    sam.command("admin settings")
    replies = send_twice(ws, sam, SETTINGS, mode)
    assert [r.status for r in replies] == [200, 200]
    sam.last_dm(containing="Settings saved")
    fake_slack.wait_idle()
    assert len(audits(deps, "admin settings saved")) == 1
    assert len(dms_to(fake_slack, "U0SAM", "Settings saved")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_announcement_sent_twice_is_sent_once(
    world: World, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    sam = admin(ws, fake_slack)
    sam.command("admin announce")
    values = {ids.ADMIN_ANNOUNCE_TEXT: "Kick-off on Friday", ids.ADMIN_ANNOUNCE_AUDIENCE: "everyone"}
    replies = send_twice(ws, sam, values, mode)
    assert [r.status for r in replies] == [200, 200]
    sam.last_dm(containing="queued")
    fake_slack.wait_idle()
    assert len(audits(deps, "admin announce queued")) == 1
    assert len(dms_to(fake_slack, "U0SAM", "queued")) == 1
    queued = [r for r in rows(deps, ScheduledMessageRecord) if r.kind == "announcement"]
    assert sorted(r.recipient for r in queued) == ["U0KAI", "U0LINUS"]  # one message each


# -- pairing: a request and a decline ----------------------------------------------------------------
@dataclass
class Asking:
    kai: Person
    grace: Person
    grace_id: int


@pytest.fixture
def asking(ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack) -> Iterator[Asking]:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Muller", tz="Europe/Berlin")
    grace = ws.person("U0GRACE", "Grace Hopper", tz="America/New_York")
    make_person(deps, "U0KAI", "mentee", name="Kai Muller", wants=["kubernetes"], timezone="Europe/Berlin")
    mentor = make_person(
        deps, "U0GRACE", "mentor", name="Grace Hopper", offers=["kubernetes"], timezone="America/New_York"
    )
    yield Asking(kai, grace, mentor.id)
    fake_slack.wait_idle()


REQUEST_TEXT = "I admire how you run production clusters; I'd love help moving our pipelines to Kubernetes."


def open_request(asking: Asking) -> None:
    asking.kai.click(ids.FIND_REQUEST, message=button_message(ids.FIND_REQUEST, str(asking.grace_id)))


@pytest.mark.parametrize("mode", MODES)
def test_request_sent_twice_asks_the_mentor_once(
    asking: Asking, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    open_request(asking)
    replies = send_twice(ws, asking.kai, {ids.REQUEST_MESSAGE: REQUEST_TEXT}, mode)
    assert [r.status for r in replies] == [200, 200]
    kind = [r for r in replies if r.body]
    assert len(kind) == 1 and "already asked" in kind[0].json["errors"][ids.REQUEST_MESSAGE]
    asking.grace.last_dm(containing="would like you to be their mentor")
    fake_slack.wait_idle()
    assert len(rows(deps, MentorRequestRecord)) == 1
    assert len(dms_to(fake_slack, "U0GRACE", "would like you to be their mentor")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_decline_sent_twice_declines_once(
    asking: Asking, ws: Workspace, deps: Deps, fake_slack: FakeSlack, mode: str
) -> None:
    open_request(asking)
    asking.kai.submit({ids.REQUEST_MESSAGE: REQUEST_TEXT})
    prompt = asking.grace.last_dm(containing="would like you to be their mentor")
    asking.grace.click(ids.REQUEST_DECLINE, message=prompt)
    replies = send_twice(ws, asking.grace, {ids.DECLINE_NOTE: "I'm stretched this quarter"}, mode)
    assert [r.status for r in replies] == [200, 200]
    asking.grace.last_dm(containing="already closed")
    fake_slack.wait_idle()
    assert [r.status for r in rows(deps, MentorRequestRecord)] == ["declined"]
    assert len(dms_to(fake_slack, "U0KAI", "can't take you on")) == 1


# -- admin pair actions: a conditional update, the second click told the pair's state ------------------
ADMIN_ACTIONS = [
    ("pause", "active", "paused", "has paused your mentorship", "already paused"),
    ("resume", "paused", "active", "is active again", "isn't paused"),
    ("end", "active", "ended", "has concluded your mentorship", "already concluded"),
    ("rematch", "paused", "ended", "has concluded your mentorship", "already concluded"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("action", "before", "after", "dm", "state"), ADMIN_ACTIONS)
def test_admin_pair_action_clicked_twice_tells_the_pair_once(
    world: World,
    ws: Workspace,
    deps: Deps,
    fake_slack: FakeSlack,
    mode: str,
    action: str,
    before: str,
    after: str,
    dm: str,
    state: str,
) -> None:
    sam = admin(ws, fake_slack)
    if before == "paused":
        set_paused(deps, world.mentorship_id)
    press_twice(ws, sam, ids.ADMIN_PAIR_ACTION, f"{action}:{world.mentorship_id}", mode)
    told(fake_slack, sam, state)
    fake_slack.wait_idle()
    assert mentorship(deps, world.mentorship_id).status == after
    assert len(dms_to(fake_slack, "U0KAI", dm)) == 1
    assert len(dms_to(fake_slack, "U0LINUS", dm)) == 1
    assert len(audits(deps, f"admin pair {action}")) == 3  # the gate passed both clicks; one action done
