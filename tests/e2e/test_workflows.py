"""Pair workflows through the real HTTP endpoint: goals, sessions, feedback, status, pause,
resume, end, concerns, my-data and delete-my-data; privacy and escaping included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import Message
from handlers.slack import ids
from handlers.slack.envelope import unseal
from storage.records import (
    ActionItemRecord,
    AuditRecord,
    ConcernRecord,
    FeedbackRecord,
    GoalRecord,
    PersonRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)
from tests.support.factories import make_mentorship, make_person, mentorship, rows, utc
from tests.support.locks import writer_holding_the_lock
from tests.support.settings import ADMIN_CHANNEL, CELEBRATION_CHANNEL

NOW = utc(2027, 1, 11, 9)  # a Monday


@dataclass
class World:
    kai: Person
    linus: Person
    eve: Person
    mentorship_id: int


@pytest.fixture
def world(ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack) -> Iterator[World]:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller", tz="Europe/Berlin")
    linus = ws.person("U0LINUS", "Linus Torvalds", tz="Europe/Helsinki")
    eve = ws.person("U0EVE", "Eve Outsider")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller", timezone="Europe/Berlin")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", timezone="Europe/Helsinki")
    make_person(deps, "U0EVE", "mentee", name="Eve Outsider")
    m = make_mentorship(deps, mentor, mentee, cadence="weekly", weeks=12)
    yield World(kai, linus, eve, m.id)
    fake_slack.wait_idle()  # let the bot finish its background work before the fake stops


def said(fake: FakeSlack, who: Person, phrase: str) -> str:
    """Wait for an ephemeral answer to a person containing a phrase; return its text."""
    found = fake.wait_for(
        lambda: [e for e in who.ephemerals() if phrase in json.dumps(e, ensure_ascii=False)]
    )
    return json.dumps(found[-1], ensure_ascii=False)


def everything_posted(fake: FakeSlack) -> str:
    """Every text the bot posted anywhere (messages, responses, views, homes)."""
    with fake.lock:
        parts = [json.dumps(c.params, ensure_ascii=False) for c in fake.calls]
    return "\n".join(parts)


def posts_visible_to(fake: FakeSlack, user_id: str) -> str:
    """Everything a person can see: their DMs, group DMs they are in, ephemerals, home, modals."""
    with fake.lock:
        parts: list[str] = []
        for channel, messages in fake.state.messages.items():
            visible = channel == fake.dm_channel(user_id) or (channel.startswith("G") and user_id in channel)
            members = fake.state.channels.get(channel, {}).get("members", [])
            if visible or user_id in members:
                parts += [m.all_text() for m in messages if m.ephemeral_for in (None, user_id)]
        parts += [json.dumps(r) for r in fake.state.responses if r.get("user") == user_id]
        parts.append(json.dumps(fake.state.home.get(user_id) or {}))
        parts += [json.dumps(v) for v in fake.state.views.values() if v.get("user") == user_id]
    return "\n".join(parts)


GOOD_GOAL = {
    ids.GOAL_TITLE: "Give a 20-minute talk on our data pipeline at the analytics guild",
    ids.GOAL_MEASURE: "Talk delivered and feedback from 3 colleagues",
    ids.GOAL_RELEVANCE: "I want to grow into a lead role",
    ids.GOAL_TARGET: "2027-03-15",
    ids.GOAL_MILESTONES: "Draft the outline - 2027-01-25\nDry run with Linus (2027-02-20)",
}


# -- goals ------------------------------------------------------------------------------------------
def test_vague_goal_is_coached_then_a_good_goal_is_saved_and_partner_told(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai = world.kai
    assert kai.command("goal").status == 200
    modal = kai.modal()
    assert modal["callback_id"] == ids.GOAL_MODAL
    vague = {
        ids.GOAL_TITLE: "Improve my leadership skills",
        ids.GOAL_MEASURE: "I feel better",
        ids.GOAL_TARGET: "2027-03-15",
    }
    reply = kai.submit(vague)
    body = reply.json
    assert body["response_action"] == "update"
    shown = json.dumps(body["view"])
    assert "hard to check off" in shown or "How will you know" in shown
    assert "Try:" in shown and "leadership course" in shown
    assert "Improve my leadership skills" in shown  # the values are kept
    assert rows(deps, GoalRecord) == []

    reply = kai.submit(GOOD_GOAL)
    assert reply.status == 200 and reply.body == ""
    goal = fake_slack.wait_for(lambda: rows(deps, GoalRecord))[0]
    assert goal.title.startswith("Give a 20-minute talk")
    assert [m.title for m in goal.milestones] == ["Draft the outline", "Dry run with Linus"]
    assert str(goal.milestones[0].due_date) == "2027-01-25"
    assert goal.mentorship_id == world.mentorship_id
    note = world.linus.last_dm(containing="new goal")
    assert "<@U0KAI>" in note.all_text()
    assert "20-minute talk" in note.all_text()
    kai.last_dm(containing="Your goal is saved")


def test_save_anyway_keeps_the_goal_as_written(world: World, deps: Deps, fake_slack: FakeSlack) -> None:
    kai = world.kai
    kai.command("goal")
    kai.submit({ids.GOAL_TITLE: "Get better at SQL queries", ids.GOAL_TARGET: "2027-03-01"})
    assert rows(deps, GoalRecord) == []
    reply = kai.submit({ids.GOAL_SAVE_ANYWAY: ["yes"]})
    assert reply.body == ""
    goals = fake_slack.wait_for(lambda: rows(deps, GoalRecord))
    assert goals[0].title == "Get better at SQL queries"


@pytest.mark.parametrize(
    ("values", "block", "phrase"),
    [
        ({ids.GOAL_TARGET: "2027-01-05"}, ids.GOAL_TARGET, "after today"),
        ({ids.GOAL_TARGET: "2027-09-01"}, ids.GOAL_TARGET, "extend"),
        ({ids.GOAL_MILESTONES: "Outline - 2027-04-01"}, ids.GOAL_MILESTONES, "after your target"),
        ({ids.GOAL_MILESTONES: "Outline - 31 Feb 2027"}, ids.GOAL_MILESTONES, "real date"),
        ({ids.GOAL_TITLE: "Talk"}, ids.GOAL_TITLE, "at least"),
        ({ids.GOAL_TARGET: None}, ids.GOAL_TARGET, "target date"),
    ],
)
def test_invalid_goal_gets_inline_errors_and_nothing_is_saved(
    world: World, deps: Deps, values: dict[str, Any], block: str, phrase: str
) -> None:
    world.kai.command("goal")
    reply = world.kai.submit({**GOOD_GOAL, **values})
    body = reply.json
    assert body["response_action"] == "errors"
    assert phrase in body["errors"][block]
    assert rows(deps, GoalRecord) == []


def test_goal_title_with_channel_ping_pings_nobody(world: World, deps: Deps, fake_slack: FakeSlack) -> None:
    world.kai.command("goal")
    world.kai.submit({**GOOD_GOAL, ids.GOAL_TITLE: "<!channel> give 2 talks & ship <https://x.test|this>"})
    world.linus.last_dm(containing="new goal")
    posted = everything_posted(fake_slack)
    assert "<!channel>" not in posted
    assert "&lt;!channel&gt;" in posted
    assert "<https://x.test" not in posted


def test_goal_list_milestones_progress_adjust_and_achieve(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai, linus = world.kai, world.linus
    kai.command("goal")
    kai.submit(GOOD_GOAL)
    goal = fake_slack.wait_for(lambda: rows(deps, GoalRecord))[0]
    first = goal.milestones[0]

    reply = kai.command("goals")
    assert reply.status == 200
    said(fake_slack, kai, "20-minute talk")
    listing = [e for e in kai.ephemerals() if e.get("blocks")][-1]
    text = json.dumps(listing)
    assert "20-minute talk" in text and "0%" in text

    msg = Message(channel="C0GENERAL", ts="1.1", text="", blocks=listing["blocks"], user="bot")
    linus.click(ids.GOAL_MILESTONE_DONE, message=msg, value=str(first.id))  # the partner may tick it off
    kai.last_dm(containing="finished a milestone")
    goal = fake_slack.wait_for(lambda: [g for g in rows(deps, GoalRecord) if g.progress == 50])[0]
    assert goal.milestones[0].completed_at is not None

    kai.click(ids.GOAL_PROGRESS, message=msg, value=str(goal.id))
    assert kai.modal()["callback_id"] == ids.GOAL_PROGRESS_MODAL
    bad = kai.submit({ids.GOAL_PROGRESS_VALUE: "150"})
    assert bad.json["response_action"] == "errors"
    kai.submit({ids.GOAL_PROGRESS_VALUE: "70"})
    fake_slack.wait_for(lambda: [g for g in rows(deps, GoalRecord) if g.progress == 70])

    kai.click(ids.GOAL_ADJUST_DATE, message=msg, value=str(goal.id))
    bad = kai.submit({ids.GOAL_ADJUST_TARGET: "2027-03-20", ids.GOAL_ADJUST_REASON: ""})
    assert ids.GOAL_ADJUST_REASON in bad.json["errors"]
    bad = kai.submit({ids.GOAL_ADJUST_TARGET: "2027-12-20", ids.GOAL_ADJUST_REASON: "guild moved"})
    assert "extend" in bad.json["errors"][ids.GOAL_ADJUST_TARGET]
    kai.submit({ids.GOAL_ADJUST_TARGET: "2027-03-29", ids.GOAL_ADJUST_REASON: "The guild meeting moved"})
    linus.last_dm(containing="moved the target")
    goal = fake_slack.wait_for(lambda: [g for g in rows(deps, GoalRecord) if g.date_changes])[0]
    assert str(goal.target_date) == "2027-03-29"
    assert goal.date_changes[0]["reason"] == "The guild meeting moved"

    kai.click(ids.GOAL_ACHIEVED, message=msg, value=str(goal.id))
    linus.last_dm(containing="marked a goal achieved")
    # The clicker hears what happened in words, not the notification's preview ("A goal was achieved!").
    confirm = fake_slack.wait_for(
        lambda: [e for e in kai.ephemerals() if "Marked achieved" in str(e.get("text"))]
    )[-1]
    assert "20-minute talk" in str(confirm["text"]) and "<@U0LINUS>" in str(confirm["text"])
    assert fake_slack.wait_for(lambda: [e for e in linus.ephemerals() if "Ticked off" in str(e.get("text"))])
    goal = fake_slack.wait_for(lambda: [g for g in rows(deps, GoalRecord) if g.status == "achieved"])[0]
    assert goal.achieved_at is not None and goal.progress == 100


def test_someone_else_cannot_touch_a_pairs_goal(world: World, deps: Deps, fake_slack: FakeSlack) -> None:
    world.kai.command("goal")
    world.kai.submit(GOOD_GOAL)
    goal = fake_slack.wait_for(lambda: rows(deps, GoalRecord))[0]
    msg = Message(channel="C0GENERAL", ts="1.1", text="", blocks=[], user="bot")
    msg.blocks = [
        {
            "type": "actions",
            "elements": [{"type": "button", "action_id": ids.GOAL_ACHIEVED, "value": str(goal.id)}],
        }
    ]
    world.eve.click(ids.GOAL_ACHIEVED, message=msg)
    said(fake_slack, world.eve, "couldn't find that goal")
    assert rows(deps, GoalRecord)[0].status == "active"
    world.eve.command("goals")
    said(fake_slack, world.eve, "don't have a mentor right now")


def test_not_enrolled_people_are_told_to_join(ws: Workspace, world: World, fake_slack: FakeSlack) -> None:
    stranger = ws.person("U0NEW", "New Person")
    stranger.command("goal")
    said(fake_slack, stranger, "/mentor join")


# -- sessions ---------------------------------------------------------------------------------------
def test_session_log_is_shared_in_the_group_dm_with_action_items(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai, linus = world.kai, world.linus
    linus.command("log")
    modal = linus.modal()
    assert modal["callback_id"] == ids.SESSION_MODAL
    date_block = next(b for b in modal["blocks"] if b.get("block_id") == ids.SESSION_DATE)
    assert date_block["element"]["initial_date"] == "2027-01-11"
    reply = linus.submit(
        {
            ids.SESSION_TAKEAWAYS: "Talked about <!here> stakeholder maps",
            ids.SESSION_ACTIONS: "me: send the RFC template\npartner: draft the outline\nboth: book the room\nread chapter 3",
            ids.SESSION_NEXT: "2027-01-18",
        }
    )
    assert reply.body == ""
    summary = fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0KAI", "U0LINUS"))[0]
    text = summary.all_text()
    assert "stakeholder maps" in text and "<!here>" not in text and "&lt;!here&gt;" in text
    assert "draft the outline" in text and "<@U0KAI>" in text
    record = mentorship(deps, world.mentorship_id)
    assert record.session_count == 1
    assert str(record.last_session_on) == "2027-01-11"
    assert record.group_channel_id == summary.channel
    items = {i.text: i.owner_id for i in rows(deps, ActionItemRecord)}
    assert items["send the RFC template"] == record.mentor_id
    assert items["draft the outline"] == record.mentee_id
    assert items["book the room"] is None
    assert items["read chapter 3"] == record.mentor_id
    assert "stakeholder" not in posts_visible_to(fake_slack, "U0EVE")

    kai.open_home()
    home = kai.home()
    assert "draft the outline" in json.dumps(home)
    item_id = next(i.id for i in rows(deps, ActionItemRecord) if i.text == "draft the outline")
    kai.click(ids.HOME_ACTION_DONE, in_home=True, value=str(item_id))
    fake_slack.wait_for(lambda: [i for i in rows(deps, ActionItemRecord) if i.done_at is not None])
    done = [i.text for i in rows(deps, ActionItemRecord) if i.done_at is not None]
    assert done == ["draft the outline"]
    world.eve.click(
        ids.HOME_ACTION_DONE,
        message=Message(
            "C",
            "1.1",
            "",
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "action_id": ids.HOME_ACTION_DONE, "value": str(item_id + 1)}
                    ],
                }
            ],
            "bot",
        ),
    )
    said(fake_slack, world.eve, "couldn't find")

    linus.command("log")
    linus.submit({ids.SESSION_TAKEAWAYS: "second session", ids.SESSION_DATE: "2027-01-11"})
    fake_slack.wait_for(lambda: len(fake_slack.group_dms_with("U0KAI", "U0LINUS")) == 2)
    assert mentorship(deps, world.mentorship_id).session_count == 2


@pytest.mark.parametrize(
    ("values", "block"),
    [
        ({ids.SESSION_DATE: "2027-01-12"}, ids.SESSION_DATE),
        ({ids.SESSION_DATE: "2026-12-01"}, ids.SESSION_DATE),
        ({ids.SESSION_TAKEAWAYS: "   "}, ids.SESSION_TAKEAWAYS),
        ({ids.SESSION_ACTIONS: "me:"}, ids.SESSION_ACTIONS),
        ({ids.SESSION_ACTIONS: "x" * 201}, ids.SESSION_ACTIONS),
        ({ids.SESSION_NEXT: "2027-01-01"}, ids.SESSION_NEXT),
    ],
)
def test_invalid_session_log_saves_nothing(
    world: World, deps: Deps, values: dict[str, Any], block: str
) -> None:
    world.kai.command("log")
    reply = world.kai.submit({ids.SESSION_TAKEAWAYS: "We met", **values})
    assert reply.json["response_action"] == "errors"
    assert block in reply.json["errors"]
    assert rows(deps, SessionLogRecord) == []
    assert rows(deps, ActionItemRecord) == []
    assert mentorship(deps, world.mentorship_id).session_count == 0


def test_check_in_button_opens_the_log_for_that_mentorship(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    msg = Message(
        "DU0KAI",
        "1.1",
        "",
        [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": ids.SESSION_LOG_OPEN, "value": str(world.mentorship_id)}
                ],
            }
        ],
        "bot",
    )
    world.kai.click(ids.SESSION_LOG_OPEN, message=msg)
    modal = world.kai.modal()
    assert modal["callback_id"] == ids.SESSION_MODAL
    assert (unseal(deps, modal, "U0KAI") or {}).get("m") == world.mentorship_id


# -- feedback ---------------------------------------------------------------------------------------
def test_feedback_is_guided_and_reaches_only_the_recipient(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai, linus = world.kai, world.linus
    kai.command("feedback")
    assert kai.modal()["callback_id"] == ids.FEEDBACK_MODAL
    values = {
        ids.FEEDBACK_WELL: "You always explain things clearly",
        ids.FEEDBACK_BETTER: "You are late",
        ids.FEEDBACK_SUGGESTION: "Be on time",
        ids.FEEDBACK_RATING: "4",
    }
    reply = kai.submit(values)
    assert reply.json["response_action"] == "update"
    tips = json.dumps(reply.json["view"])
    assert "always" in tips and "you are" in tips.lower()
    assert rows(deps, FeedbackRecord) == []
    reply = kai.submit(
        {
            ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard it clicked for me",
            ids.FEEDBACK_BETTER: "Our last two sessions started 10 minutes late",
            ids.FEEDBACK_SUGGESTION: "Send a calendar invite with an agenda the day before",
            ids.FEEDBACK_RATING: "4",
        }
    )
    assert reply.body == ""
    dm = linus.last_dm(containing="private feedback")
    assert "whiteboard" in dm.all_text() and "calendar invite" in dm.all_text()
    kai.last_dm(containing="sent privately")
    saved = rows(deps, FeedbackRecord)
    assert len(saved) == 1 and saved[0].program_rating == 4
    assert "whiteboard" not in posts_visible_to(fake_slack, "U0KAI")
    assert "whiteboard" not in posts_visible_to(fake_slack, "U0EVE")
    assert "whiteboard" not in "".join(m.all_text() for m in fake_slack.messages_in(ADMIN_CHANNEL))

    linus.click(ids.FEEDBACK_OPEN, message=dm)
    linus.submit(
        {
            ids.FEEDBACK_WELL: "Your questions in the design review were sharp",
            ids.FEEDBACK_SUGGESTION: "Share your outline before the session",
            ids.FEEDBACK_SEND_ANYWAY: ["yes"],
        }
    )
    kai.last_dm(containing="private feedback")
    assert len(rows(deps, FeedbackRecord)) == 2


def test_feedback_needs_the_required_fields(world: World, deps: Deps) -> None:
    world.kai.command("feedback")
    reply = world.kai.submit({ids.FEEDBACK_WELL: " ", ids.FEEDBACK_SUGGESTION: ""})
    errors = reply.json["errors"]
    assert ids.FEEDBACK_WELL in errors and ids.FEEDBACK_SUGGESTION in errors
    assert rows(deps, FeedbackRecord) == []


# -- status, pause, resume --------------------------------------------------------------------------
def test_status_shows_agreement_next_check_in_items_and_goals(world: World, fake_slack: FakeSlack) -> None:
    # Status is a quick read, answered in the ack itself (no queue, no response_url post).
    text = json.dumps(world.kai.command("status").json, ensure_ascii=False)
    assert "every week" in text
    # weekly from Mon 11 Jan: the next check-in is Mon 18 Jan at 10:00 in Berlin (09:00 UTC), written
    # as a Slack date token so each reader sees it in their own zone
    assert "<!date^1800262800^{date_short} at {time}|Mon 18 Jan 2027, 09:00 UTC>" in text
    assert "Open action items:* none" in text
    assert "don't have a mentor right now" in world.eve.command("status").text


def test_status_answers_while_another_connection_holds_the_write_lock(world: World, deps: Deps) -> None:
    # A pure read never queues for the write lock (SQLite: a deferred transaction beside the
    # writer, which WAL allows; before, the ack waited out the 15 s busy timeout, then failed).
    with writer_holding_the_lock(deps):
        reply = world.kai.command("status")
        text = json.dumps(reply.json, ensure_ascii=False)
        none = world.eve.command("status").text
    assert reply.status == 200
    assert "every week" in text and "|Mon 18 Jan 2027, 09:00 UTC>" in text
    assert "don't have a mentor right now" in none


def test_pause_until_a_date_then_resume(world: World, deps: Deps, fake_slack: FakeSlack) -> None:
    kai, linus = world.kai, world.linus
    bad = (
        "pause until 2027-01-05",
        "pause until tomorrow",
        "pause until 2027-02-30",
        "pause until 2027-06-01",
    )
    for number, text in enumerate(bad, start=1):
        kai.command(text)

        def answered(n: int = number) -> bool:
            return len(kai.ephemerals()) >= n

        fake_slack.wait_for(answered)
    assert mentorship(deps, world.mentorship_id).status == "active"
    answers = [e["text"] for e in kai.ephemerals()]
    assert any("already come" in a for a in answers)
    assert any("isn't a date" in a for a in answers)
    assert any("isn't a real date" in a for a in answers)
    assert any("ends on" in a for a in answers)

    kai.command("pause until 2027-02-01")
    linus.last_dm(containing="paused your mentorship")
    record = mentorship(deps, world.mentorship_id)
    assert record.status == "paused" and str(record.paused_until) == "2027-02-01"
    assert record.paused_by == record.mentee_id
    kai.command("pause")
    fake_slack.wait_for(lambda: any("already paused" in e["text"] for e in kai.ephemerals()))

    linus.command("resume")
    kai.last_dm(containing="resumed your mentorship")
    record = mentorship(deps, world.mentorship_id)
    assert record.status == "active" and record.paused_until is None and record.paused_by is None


def test_with_several_mentorships_pause_asks_which(
    ws: Workspace, world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    with deps.uow() as uow:
        linus = uow.people.by_slack_id(ws.team_id, "U0LINUS")
    mentee = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace")
    assert linus is not None
    second = make_mentorship(deps, linus, mentee)
    world.linus.command("pause until 2027-02-01")
    choice = fake_slack.wait_for(
        lambda: [e for e in world.linus.ephemerals() if "Which mentorship" in e["text"]]
    )[0]
    msg = Message("C0GENERAL", "1.1", "", choice["blocks"], "bot")
    world.linus.click(ids.PAUSE_PICK, message=msg, value=f"{second.id}:until 2027-02-01")
    ada.last_dm(containing="paused your mentorship")
    assert mentorship(deps, second.id).status == "paused"
    assert mentorship(deps, world.mentorship_id).status == "active"

    world.linus.command("goal")
    modal = world.linus.modal()
    assert any(b.get("block_id") == ids.GOAL_PAIR for b in modal["blocks"])
    reply = world.linus.submit({**GOOD_GOAL, ids.GOAL_PAIR: None})
    assert ids.GOAL_PAIR in reply.json["errors"]


# -- end ------------------------------------------------------------------------------------------
def test_end_not_a_fit_tells_partner_kindly_and_flags_rematch_without_private_text(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    linus, kai = world.linus, world.kai
    linus.command("end")
    assert linus.modal()["callback_id"] == ids.END_MODAL
    reply = linus.submit({ids.END_REASON: None, ids.END_STAY: None})
    assert set(reply.json["errors"]) == {ids.END_REASON, ids.END_STAY}
    assert mentorship(deps, world.mentorship_id).status == "active"
    linus.submit(
        {
            ids.END_REASON: "not_a_fit",
            ids.END_STAY: "yes",
            ids.END_PRIVATE: "PRIVATE-NOTE our styles clash",
            ids.END_GRATITUDE: "Thank you for your curiosity <!everyone>",
        }
    )
    note = kai.last_dm(containing="concluded your mentorship")
    text = note.all_text()
    assert "Thank you for your curiosity" in text and "<!everyone>" not in text
    assert "/mentor find" in text and "stay in touch" in text
    record = mentorship(deps, world.mentorship_id)
    assert record.status == "ended" and record.end_reason == "not_a_fit" and record.rematch_requested
    assert record.stay_in_touch and record.ended_at is not None
    admin = fake_slack.wait_for(lambda: fake_slack.messages_in(ADMIN_CHANNEL))
    admin_text = "".join(m.all_text() for m in admin)
    assert "Rematch needed" in admin_text and "<@U0KAI>" in admin_text
    assert "PRIVATE-NOTE" not in everything_posted(fake_slack)
    notes = [r for r in rows(deps, ReflectionRecord) if r.kind == "end_note"]
    assert notes[0].comment == "PRIVATE-NOTE our styles clash"
    status = linus.command("status").text
    assert "ended on" in status and "/mentor feedback" in status and " yet" not in status


# -- concern --------------------------------------------------------------------------------------
def test_concern_goes_to_admins_only_escaped_and_is_stored_without_text(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai = world.kai
    kai.command("concern")
    modal = kai.modal()
    assert modal["callback_id"] == ids.CONCERN_MODAL
    assert kai.submit({ids.CONCERN_TEXT: "  "}).json["response_action"] == "errors"
    kai.submit(
        {ids.CONCERN_PAIR: str(world.mentorship_id), ids.CONCERN_TEXT: "SECRET <!channel> he cancels a lot"}
    )
    admin = fake_slack.wait_for(lambda: fake_slack.messages_in(ADMIN_CHANNEL))[0]
    assert "SECRET" in admin.all_text() and "<!channel>" not in admin.all_text()
    assert "<@U0LINUS>" in admin.all_text()
    fake_slack.wait_for(lambda: any("confidentially" in e.get("text", "") for e in kai.ephemerals()))
    concerns = rows(deps, ConcernRecord)
    assert len(concerns) == 1 and concerns[0].mentorship_id == world.mentorship_id
    assert "SECRET" not in posts_visible_to(fake_slack, "U0LINUS")
    assert "SECRET" not in posts_visible_to(fake_slack, "U0EVE")


# -- my data and erasure ----------------------------------------------------------------------------
def test_my_data_small_as_dm_and_large_as_file(world: World, deps: Deps, fake_slack: FakeSlack) -> None:
    world.eve.command("my-data")
    dm = world.eve.last_dm(containing="everything stored")
    assert '"slack_user_id": "U0EVE"' in dm.text
    kai = world.kai
    kai.command("log")
    kai.submit({ids.SESSION_TAKEAWAYS: "notes " * 400})
    fake_slack.wait_for(lambda: rows(deps, SessionLogRecord))
    kai.command("my-data")
    fake_slack.wait_for(lambda: fake_slack.state.files)
    file = fake_slack.state.files[0]
    data = json.loads(file["content"])
    assert data["profile"]["name"] == "Kai Müller"
    assert data["session_logs"][0]["takeaways"].startswith("notes")
    assert file["channel"] == "DU0KAI"
    assert any(r.action == "my-data export" for r in rows(deps, AuditRecord))


def test_delete_my_data_erases_personal_content_and_ends_mentorships(
    world: World, deps: Deps, fake_slack: FakeSlack
) -> None:
    kai, linus = world.kai, world.linus
    kai.command("goal")
    kai.submit({**GOOD_GOAL, ids.GOAL_TITLE: "KAI-GOAL give 2 talks at the guild"})
    kai.command("log")
    kai.submit({ids.SESSION_TAKEAWAYS: "KAI-NOTES pipelines", ids.SESSION_ACTIONS: "me: KAI-ITEM"})
    kai.command("feedback")
    kai.submit(
        {
            ids.FEEDBACK_WELL: "KAI-FEEDBACK the whiteboard session helped",
            ids.FEEDBACK_SUGGESTION: "Share slides a day before",
            ids.FEEDBACK_RATING: "5",
        }
    )
    fake_slack.wait_for(lambda: rows(deps, FeedbackRecord))
    kai.command("delete-my-data")
    said(fake_slack, kai, "Erase your data")
    prompt = kai.ephemerals()[-1]
    msg = Message("C0GENERAL", "1.1", prompt["text"], prompt["blocks"], "bot")
    kai.click(ids.DELETE_CONFIRM, message=msg)
    linus.last_dm(containing="left the mentorship program")
    fake_slack.wait_for(lambda: any("erased" in e.get("text", "") for e in kai.ephemerals()))
    with deps.uow() as uow:
        person = uow.people.by_slack_id(fake_slack.team_id, "U0KAI")
        assert person is not None
        assert person.status == "opted_out" and person.name == "" and person.email is None
        assert person.wants == [] and person.intro == "" and person.role is None
    record = mentorship(deps, world.mentorship_id)
    assert record.status == "ended" and record.end_reason == "left_program"
    dump = json.dumps(
        [[g.title, g.measure, g.relevance, [m.title for m in g.milestones]] for g in rows(deps, GoalRecord)]
        + [s.takeaways for s in rows(deps, SessionLogRecord)]
        + [a.text for a in rows(deps, ActionItemRecord)]
        + [[f.going_well, f.could_improve, f.suggestion] for f in rows(deps, FeedbackRecord)]
        + [[p.name, p.intro, p.wants] for p in rows(deps, PersonRecord) if p.slack_user_id == "U0KAI"]
    )
    for marker in ("KAI-GOAL", "KAI-NOTES", "KAI-ITEM", "KAI-FEEDBACK", "Kai"):
        assert marker not in dump
    assert len(rows(deps, FeedbackRecord)) == 1 and rows(deps, FeedbackRecord)[0].program_rating == 5
    kai.command("goal")
    said(fake_slack, kai, "/mentor join")


@pytest.mark.parametrize("delete_error", [None, "message_not_found", "cant_delete_message"])
def test_delete_my_data_takes_back_public_shout_outs_naming_the_person(
    world: World, deps: Deps, fake_slack: FakeSlack, delete_error: str | None
) -> None:
    """The shout-out is deleted; when Slack cannot delete it, the erasure still completes."""
    kai, linus = world.kai, world.linus
    with deps.uow() as uow:
        for person in uow.session.scalars(select(PersonRecord)):
            person.public_shoutouts = True  # both opted in to public celebration
    kai.command("goal")
    kai.submit(GOOD_GOAL)
    goal = fake_slack.wait_for(lambda: rows(deps, GoalRecord))[0]
    kai.command("goals")
    listing = [e for e in kai.ephemerals() if e.get("blocks")][-1]
    msg = Message(channel="C0GENERAL", ts="1.1", text="", blocks=listing["blocks"], user="bot")
    kai.click(ids.GOAL_ACHIEVED, message=msg, value=str(goal.id))
    linus.last_dm(containing="marked a goal achieved")
    tick(deps, deps.clock())
    shout = [m for m in fake_slack.messages_in(CELEBRATION_CHANNEL) if "U0KAI" in m.all_text()]
    assert len(shout) == 1
    if delete_error:
        fake_slack.fail("chat.delete", error=delete_error)
    kai.command("delete-my-data")
    prompt = kai.ephemerals()[-1]
    kai.click(
        ids.DELETE_CONFIRM, message=Message("C0GENERAL", "1.2", prompt["text"], prompt["blocks"], "bot")
    )
    linus.last_dm(containing="left the mentorship program")
    fake_slack.wait_for(lambda: any("left the program" in e.get("text", "") for e in kai.ephemerals()))
    (deleted,) = fake_slack.calls_to("chat.delete")
    assert (deleted.params["channel"], deleted.params["ts"]) == (CELEBRATION_CHANNEL, shout[0].ts)
    left = [m for m in fake_slack.messages_in(CELEBRATION_CHANNEL) if "U0KAI" in m.all_text()]
    assert left == ([] if delete_error is None else shout)
    with deps.uow() as uow:
        kinds = uow.session.scalars(
            select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == "shoutout")
        ).all()
        assert [row.payload for row in kinds] == [{}]  # the names are gone from storage too
    tick(deps, deps.clock())  # nothing posts it again
    assert [m for m in fake_slack.messages_in(CELEBRATION_CHANNEL) if "U0KAI" in m.all_text()] == left
