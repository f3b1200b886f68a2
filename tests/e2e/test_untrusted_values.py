"""What the client sends back is input: forged modal metadata, replayed forms and forged clicked
messages are refused and change nothing (the bot trusts only what it signed or recorded)."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import Message
from handlers.slack import ids, texts
from storage.records import (
    ConcernRecord,
    FeedbackRecord,
    GoalRecord,
    PersonRecord,
    ProgramRecord,
    ReflectionRecord,
    SessionLogRecord,
)
from tests.support.factories import make_mentorship, make_person, mentorship, utc
from tests.support.settings import ADMIN_CHANNEL

NOW = utc(2027, 1, 11, 9)  # a Monday
GOOD_GOAL = {
    ids.GOAL_TITLE: "Give a 20-minute talk on our data pipeline at the analytics guild",
    ids.GOAL_MEASURE: "Talk delivered and feedback from 3 colleagues",
    ids.GOAL_RELEVANCE: "I want to grow into a lead role",
    ids.GOAL_TARGET: "2027-03-15",
    ids.GOAL_MILESTONES: "Draft the outline - 2027-01-25\nDry run with Linus (2027-02-20)",
}


@dataclass
class Cast:
    kai: Person  # mentee of Linus
    linus: Person
    ada: Person  # mentor of Bo; their agreement is not set up yet
    bo: Person
    sam: Person  # a program admin
    pair: int  # Kai and Linus
    new_pair: int  # Ada and Bo


@pytest.fixture
def cast(ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack) -> Iterator[Cast]:
    clock.set(NOW)
    people = {}
    for uid, name, role, tz in (
        ("U0KAI", "Kai Muller", "mentee", "Europe/Berlin"),
        ("U0LINUS", "Linus Torvalds", "mentor", "Europe/Helsinki"),
        ("U0ADA", "Ada Lovelace", "mentor", "Europe/London"),
        ("U0BO", "Bo Chen", "mentee", "Europe/London"),
    ):
        ws.person(uid, name, tz=tz)
        people[uid] = make_person(deps, uid, role, name=name, timezone=tz)
    pair = make_mentorship(deps, people["U0LINUS"], people["U0KAI"], cadence="weekly", weeks=12)
    new_pair = make_mentorship(deps, people["U0ADA"], people["U0BO"], agreed=False)
    sam = ws.person("U0SAM", "Sam Rivera")
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    yield Cast(
        ws.people["U0KAI"],
        ws.people["U0LINUS"],
        ws.people["U0ADA"],
        ws.people["U0BO"],
        sam,
        pair.id,
        new_pair.id,
    )
    fake_slack.wait_idle()


# -- helpers ----------------------------------------------------------------------------------------
def count(deps: Deps, record: Any) -> int:
    with deps.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(record)) or 0)


def forged(view: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The view with metadata written by the client (plain JSON: it does not know the bot's key)."""
    return dict(view, private_metadata=json.dumps(data))


def refused(reply: Any) -> bool:
    """Whether a submission was answered with the polite 'open it again' refusal."""
    data = reply.json if reply.status == 200 and reply.body.startswith("{") else {}
    return data.get("response_action") == "errors" and texts.FORM_REFUSED in data.get("errors", {}).values()


def button(action_id: str, value: str, channel: str = "C0GENERAL", ts: str = "1.1") -> Message:
    """A bot message with one button, to click."""
    block = {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": action_id,
                "value": value,
                "text": {"type": "plain_text", "text": "Go"},
            }
        ],
    }
    return Message(channel=channel, ts=ts, text="", blocks=[block], user="bot")


def save_goal(cast: Cast, fake: FakeSlack, deps: Deps) -> int:
    cast.kai.command("goal")
    cast.kai.submit(GOOD_GOAL)
    goal: GoalRecord = fake.wait_for(lambda: _goals(deps))[0]
    return goal.id


def _goals(deps: Deps) -> list[GoalRecord]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(GoalRecord)))


# -- each modal kind: forged metadata is refused ----------------------------------------------------
Opened = tuple[Person, dict[str, Any], dict[str, Any], Callable[[], Any]]
# (who submits, the values, the forged metadata, a snapshot of what must not change)


def _concern(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("concern")
    snapshot = lambda: (count(deps, ConcernRecord), len(fake.messages_in(ADMIN_CHANNEL)))  # noqa: E731
    return cast.kai, {ids.CONCERN_TEXT: "he cancels a lot"}, {"r": "http://127.0.0.1:9/x"}, snapshot


def _agreement(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.ada.click(ids.AGREEMENT_OPEN, message=button(ids.AGREEMENT_OPEN, str(cast.new_pair)))
    values = {ids.AGREEMENT_FORMAT: "video", ids.AGREEMENT_CONFIDENTIAL: ["yes"]}
    meta = {"mentorship": cast.new_pair, "replaces": [ADMIN_CHANNEL, "1.000001"]}
    return cast.ada, values, meta, lambda: mentorship(deps, cast.new_pair).agreement_status


def _goal(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("goal")
    return cast.kai, GOOD_GOAL, {"m": cast.pair}, lambda: count(deps, GoalRecord)


def _session(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("log")
    values = {ids.SESSION_TAKEAWAYS: "We met", ids.SESSION_DATE: "2027-01-11"}
    return cast.kai, values, {"m": cast.pair}, lambda: count(deps, SessionLogRecord)


def _feedback(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("feedback")
    values = {
        ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard it clicked for me",
        ids.FEEDBACK_BETTER: "Our last two sessions started 10 minutes late",
        ids.FEEDBACK_SUGGESTION: "Send a calendar invite with an agenda the day before",
        ids.FEEDBACK_RATING: "4",
    }
    return cast.kai, values, {"m": cast.pair, "anyway": True}, lambda: count(deps, FeedbackRecord)


def _end(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("end")
    values = {ids.END_REASON: "not_a_fit", ids.END_STAY: "yes"}
    return cast.kai, values, {"m": cast.pair}, lambda: mentorship(deps, cast.pair).status


def _progress(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    goal_id = save_goal(cast, fake, deps)
    cast.kai.click(ids.GOAL_PROGRESS, message=button(ids.GOAL_PROGRESS, str(goal_id)))
    return (
        cast.kai,
        {ids.GOAL_PROGRESS_VALUE: "70"},
        {"g": goal_id},
        lambda: [g.progress for g in _goals(deps)],
    )


def _reflection(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.click(ids.REFLECTION_OPEN, message=button(ids.REFLECTION_OPEN, str(cast.pair)))
    values = {ids.REFLECTION_PROGRESS: "5", ids.REFLECTION_RELATIONSHIP: "5"}
    return cast.kai, values, {"m": cast.pair, "kind": "closing"}, lambda: count(deps, ReflectionRecord)


def _cadence(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.click(ids.CADENCE_ADJUST, message=button(ids.CADENCE_ADJUST, str(cast.pair)))
    return (
        cast.kai,
        {ids.CADENCE_CHOICE: "monthly"},
        {"m": cast.pair},
        lambda: mentorship(deps, cast.pair).cadence,
    )


def _profile(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.kai.command("profile")

    def snapshot() -> Any:
        with deps.uow() as uow:
            person = uow.session.scalars(
                select(PersonRecord).where(PersonRecord.slack_user_id == "U0KAI")
            ).one()
            return person.timezone, person.department

    values = {ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "Leadership", ids.PROFILE_DEPARTMENT: "Sales"}
    return cast.kai, values, {"tz": "Pacific/Kiritimati"}, snapshot


def _settings(cast: Cast, deps: Deps, fake: FakeSlack) -> Opened:
    cast.sam.command("admin settings")

    def snapshot() -> Any:
        with deps.uow() as uow:
            return [s.program_name for s in uow.session.scalars(select(ProgramRecord))]

    return cast.sam, {ids.ADMIN_SETTINGS_NAME: "Hijacked"}, {}, snapshot


MODALS: dict[str, Callable[[Cast, Deps, FakeSlack], Opened]] = {
    "concern": _concern,
    "agreement": _agreement,
    "goal": _goal,
    "session log": _session,
    "feedback": _feedback,
    "end": _end,
    "progress": _progress,
    "reflection": _reflection,
    "cadence": _cadence,
    "profile": _profile,
    "settings": _settings,
}


@pytest.mark.parametrize("kind", list(MODALS))
def test_forged_metadata_is_refused_on_every_modal_and_changes_nothing(
    kind: str, cast: Cast, deps: Deps, fake_slack: FakeSlack
) -> None:
    who, values, meta, snapshot = MODALS[kind](cast, deps, fake_slack)
    view = who.modal()
    before = snapshot()
    assert refused(who.submit(values, view=forged(view, meta)))
    # A truncated signature and an empty one are refused as well.
    assert refused(who.submit(values, view=dict(view, private_metadata=view["private_metadata"][:-2])))
    assert refused(who.submit(values, view=dict(view, private_metadata="")))
    fake_slack.wait_idle()
    assert snapshot() == before


def test_metadata_replayed_from_another_persons_or_another_modal_is_refused(
    cast: Cast, deps: Deps, fake_slack: FakeSlack
) -> None:
    # Kai submits the session log Linus opened (same pair, same form): not his form.
    cast.linus.command("log")
    linus_view = cast.linus.modal()
    values = {ids.SESSION_TAKEAWAYS: "We met", ids.SESSION_DATE: "2027-01-11"}
    assert refused(cast.kai.submit(values, view=linus_view))
    # Kai's own goal-form metadata pasted into his feedback form.
    cast.kai.command("goal")
    goal_meta = cast.kai.modal()["private_metadata"]
    cast.kai.close_modal()
    cast.kai.command("log")
    log_view = cast.kai.modal()
    assert refused(cast.kai.submit(values, view=dict(log_view, private_metadata=goal_meta)))
    fake_slack.wait_idle()
    assert count(deps, SessionLogRecord) == 0
    # The form as the bot signed it for Kai still works.
    assert cast.kai.submit(values, view=log_view).status == 200
    fake_slack.wait_for(lambda: count(deps, SessionLogRecord) == 1)


# -- the concern form posts to no URL ---------------------------------------------------------------
class _Listener(BaseHTTPRequestHandler):
    hits: list[str]

    def do_POST(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Listener", (_Listener,), {"hits": hits})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/internal", hits
    server.shutdown()
    server.server_close()


def test_the_concern_form_carries_no_url_and_the_bot_posts_to_none(
    cast: Cast, deps: Deps, fake_slack: FakeSlack, listener: tuple[str, list[str]]
) -> None:
    url, hits = listener
    cast.kai.command("concern")
    view = cast.kai.modal()
    assert "http" not in view["private_metadata"]
    assert refused(cast.kai.submit({ids.CONCERN_TEXT: "he cancels a lot"}, view=forged(view, {"r": url})))
    cast.kai.submit({ids.CONCERN_TEXT: "he cancels a lot"}, view=view)
    fake_slack.wait_for(lambda: any("confidentially" in e.get("text", "") for e in cast.kai.ephemerals()))
    fake_slack.wait_idle()
    assert count(deps, ConcernRecord) == 1
    assert hits == []


# -- the agreement rewrites only its own recorded proposal ------------------------------------------
def _admin_message(cast: Cast, fake: FakeSlack) -> Message:
    """A confidential concern in the admin channel (the message an attacker would like to rewrite)."""
    cast.kai.command("concern")
    cast.kai.submit({ids.CONCERN_TEXT: "CONFIDENTIAL he cancels a lot"})
    found: list[Message] = fake.wait_for(lambda: fake.messages_in(ADMIN_CHANNEL))
    return found[0]


def test_the_agreement_cannot_rewrite_a_message_in_the_admin_channel(
    cast: Cast, deps: Deps, fake_slack: FakeSlack
) -> None:
    admin = _admin_message(cast, fake_slack)
    values = {ids.AGREEMENT_FORMAT: "video", ids.AGREEMENT_CONFIDENTIAL: ["yes"]}
    cast.ada.click(ids.AGREEMENT_OPEN, message=button(ids.AGREEMENT_OPEN, str(cast.new_pair)))
    view = cast.ada.modal()
    meta = {"mentorship": cast.new_pair, "replaces": [ADMIN_CHANNEL, admin.ts]}
    assert refused(cast.ada.submit(values, view=forged(view, meta)))
    cast.ada.submit(values, view=view)
    proposal = copy.deepcopy(fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0ADA", "U0BO"))[-1])
    # Bo asks for a change from a forged message: the admin channel's concern, with the proposal's buttons.
    forged_message = Message(channel=ADMIN_CHANNEL, ts=admin.ts, text="", blocks=proposal.blocks, user="bot")
    cast.bo.click(ids.AGREEMENT_CHANGE, message=forged_message)
    cast.bo.submit({ids.AGREEMENT_CADENCE: "weekly", ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    fake_slack.wait_for(lambda: len(fake_slack.group_dms_with("U0ADA", "U0BO")) >= 2)
    counter = copy.deepcopy(fake_slack.group_dms_with("U0ADA", "U0BO")[-1])
    # Only the proposal the bot recorded was marked as replaced.
    fake_slack.wait_for(
        lambda: any(
            m.ts == proposal.ts and "replaced" in m.all_text()
            for m in fake_slack.group_dms_with("U0ADA", "U0BO")
        )
    )
    # Ada confirms from a forged message too: the agreement holds, the concern stays as it was.
    cast.ada.click(
        ids.AGREEMENT_CONFIRM,
        message=Message(channel=ADMIN_CHANNEL, ts=admin.ts, text="", blocks=counter.blocks, user="bot"),
    )
    fake_slack.wait_for(lambda: mentorship(deps, cast.new_pair).agreement_status == "agreed")
    fake_slack.wait_for(
        lambda: any(m.ts == counter.ts and m.edits for m in fake_slack.group_dms_with("U0ADA", "U0BO"))
    )
    fake_slack.wait_idle()
    [still] = fake_slack.messages_in(ADMIN_CHANNEL)
    assert still.edits == 0 and "CONFIDENTIAL" in still.all_text()


# -- check-in answers rewrite only the clicker's own recorded message -------------------------------
def test_a_checkin_answer_with_a_forged_message_rewrites_nothing(
    cast: Cast, deps: Deps, fake_slack: FakeSlack
) -> None:
    admin = _admin_message(cast, fake_slack)
    tick(deps, utc(2027, 1, 18, 12))  # the pair's first weekly check-ins
    kai_checkin = copy.deepcopy(cast.kai.last_dm(containing="Time for a check-in"))
    linus_checkin = copy.deepcopy(cast.linus.last_dm(containing="Time for a check-in"))
    # Kai answers his own check-in, but the click claims to come from Linus's DM / the admin channel.
    for target in (linus_checkin, admin):
        before = len(cast.kai.ephemerals())
        fake = Message(channel=target.channel, ts=target.ts, text="", blocks=kai_checkin.blocks, user="bot")
        cast.kai.click(ids.CHECKIN_SKIP, message=fake)
        fake_slack.wait_for(lambda: len(cast.kai.ephemerals()) > before)  # noqa: B023
        assert "skipped" in str(cast.kai.ephemerals()[-1])
    # Eve is in no pair: her click on Kai's check-in is refused outright.
    eve = cast.kai.ws.person("U0EVE", "Eve Outsider")
    eve.click(ids.CHECKIN_SKIP, message=kai_checkin)
    fake_slack.wait_for(lambda: any("someone else" in str(e) for e in eve.ephemerals()))
    fake_slack.wait_idle()
    assert all(m.edits == 0 for m in fake_slack.messages_in(ADMIN_CHANNEL))
    assert all(m.edits == 0 for m in cast.linus.dms())
    assert all(m.edits == 0 for m in cast.kai.dms())
    # His own message, clicked where it is, is answered in place.
    cast.kai.click(ids.CHECKIN_SKIP, message=kai_checkin)
    fake_slack.wait_for(lambda: any(m.ts == kai_checkin.ts and m.edits for m in cast.kai.dms()))


def test_a_transition_answer_with_a_forged_message_rewrites_nothing(
    cast: Cast, deps: Deps, fake_slack: FakeSlack
) -> None:
    admin = _admin_message(cast, fake_slack)
    message = button(ids.TRANSITION_EXTEND, str(cast.pair), channel=admin.channel, ts=admin.ts)
    end_before = mentorship(deps, cast.pair).end_date
    cast.kai.click(ids.TRANSITION_EXTEND, message=message)
    fake_slack.wait_for(lambda: mentorship(deps, cast.pair).end_date != end_before)
    fake_slack.wait_for(lambda: any("Extended" in str(e) for e in cast.kai.ephemerals()))
    fake_slack.wait_idle()
    assert all(m.edits == 0 for m in fake_slack.messages_in(ADMIN_CHANNEL))


# -- ids in button values are checked against the clicker -------------------------------------------
def test_another_pairs_goal_id_in_a_button_is_refused(cast: Cast, deps: Deps, fake_slack: FakeSlack) -> None:
    goal_id = save_goal(cast, fake_slack, deps)
    for action in (ids.GOAL_ACHIEVED, ids.GOAL_PROGRESS, ids.GOAL_ADJUST_DATE):
        before = len(cast.bo.ephemerals())
        cast.bo.click(action, message=button(action, str(goal_id)))
        fake_slack.wait_for(lambda: len(cast.bo.ephemerals()) > before)  # noqa: B023
    fake_slack.wait_idle()
    [goal] = _goals(deps)
    assert goal.status == "active" and goal.progress == 0
    assert fake_slack.open_modal("U0BO") is None
