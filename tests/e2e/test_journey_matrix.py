"""The state-by-door matrix: in every state a person can be in, every door they can knock on (each
`/mentor` subcommand, the Home tab, the last buttons they received) answers with their true state
or opens the form that is the next step, and never with a stack trace, a "yet" after an end, or a
command that does not exist.

States are built with the factories (fast), and every door is knocked on through the real HTTP
server as Slack would (the `ws` fixtures)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.deps import Deps
from bot.services.goals import goal_view
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID, Message, _m_post_message
from handlers.checkins.blocks import build_message
from handlers.pairs.cards import goal_blocks
from handlers.slack import ids
from handlers.slack.texts import SUBCOMMANDS
from storage.records import (
    GoalRecord,
    MentorRequestRecord,
    MentorshipRecord,
    PersonRecord,
    ScheduledMessageRecord,
)
from tests.support.factories import make_mentorship, make_person, utc

NOW = utc(2026, 12, 2, 10)  # a Wednesday
KNOWN = {name.split(" ")[0] for name, _, _ in SUBCOMMANDS}
BROKEN = ("Traceback", "Exception", "went wrong", "not_found", "KeyError", "None)")

# What names each state (any one of these phrases).
MARKERS: dict[str, tuple[str, ...]] = {
    "newcomer": ("haven't joined",),
    "waiting": ("don't have a mentor right now",),
    "request_pending": ("waiting for an answer",),
    "paired": ("agreement isn't settled",),
    "active": ("is active",),
    "paused": ("is paused",),
    "transition": ("due to end on",),
    "recently_ended": ("ended on",),
    "ended": ("ended on",),
    "left": ("left the program",),
}
LIVE = ("paired", "active", "paused", "transition")
# Doors whose answer in a live state is the change they make, or the mentor search refusing.
LIVE_DOORS: dict[str, tuple[str, ...]] = {
    "find": ("already have a mentor",),
    "pause": ("paused",),
    "resume": ("on again", "isn't paused"),
}
DOOR_MARKERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("waiting", "find"): ("Mentors who fit you",),
    ("recently_ended", "find"): ("already your mentor",),
    ("ended", "find"): ("already your mentor",),
}
EXEMPT = {"help", "my-data", "delete-my-data"}  # an overview, a data export, an erase to confirm
COMMANDS = [
    "help",
    "join",
    "profile",
    "find",
    "goal",
    "goals",
    "log",
    "feedback",
    "status",
    "concern",
    "my-data",
    "delete-my-data",
    "end",
    "pause",  # the two that change the state come last
    "resume",
]
STATES = list(MARKERS)


@dataclass
class Built:
    ada: Person
    mentorship_id: int | None


def _people(deps: Deps) -> tuple[PersonRecord, PersonRecord]:
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    ada = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace")
    return bo, ada


def build_state(state: str, ws: Workspace, deps: Deps, clock: Clock) -> Built:
    """Put Ada (a mentee) in this state, with Bo as her mentor or the mentor she asked."""
    clock.set(NOW)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ws.person("U0BO", "Bo Chen")
    if state == "newcomer":
        return Built(ada, None)
    if state == "left":
        make_person(deps, "U0ADA", None, name="", status="opted_out", wants=[])
        return Built(ada, None)
    bo, me = _people(deps)
    if state == "waiting":
        return Built(ada, None)
    if state == "request_pending":
        with deps.uow() as uow:
            uow.session.add(
                MentorRequestRecord(
                    team_id=TEAM_ID,
                    mentee_id=me.id,
                    mentor_id=bo.id,
                    message="I'd love your help with Python.",
                    created_at=NOW,
                    expires_at=NOW + timedelta(days=3),
                )
            )
        return Built(ada, None)
    fields: dict[str, object] = {}
    if state == "paired":
        fields = {"agreed": False}
    elif state == "active":
        fields = {"started_at": NOW - timedelta(weeks=3)}
    elif state == "paused":
        fields = {
            "started_at": NOW - timedelta(weeks=3),
            "status": "paused",
            "paused_until": NOW.date() + timedelta(days=10),
        }
    elif state == "transition":
        fields = {"started_at": NOW - timedelta(weeks=11)}
    elif state == "recently_ended":
        fields = {
            "started_at": NOW - timedelta(weeks=14),
            "status": "ended",
            "ended_at": NOW - timedelta(days=3),
        }
    elif state == "ended":
        fields = {
            "started_at": NOW - timedelta(weeks=30),
            "status": "ended",
            "ended_at": NOW - timedelta(days=60),
        }
    record = make_mentorship(deps, bo, me, **fields)  # type: ignore[arg-type]
    return Built(ada, record.id)


def _seen_since(fake: FakeSlack, calls: int, responses: int) -> tuple[str, bool]:
    """What the bot said since these counts (every call's params, every response), and whether a
    modal was opened."""
    fake.wait_idle()
    with fake.lock:
        new_calls = fake.calls[calls:]
        new_responses = fake.state.responses[responses:]
        text = "\n".join(json.dumps(c.params, ensure_ascii=False) for c in new_calls)
        text += "\n" + "\n".join(json.dumps(r, ensure_ascii=False) for r in new_responses)
        opened = any(c.method in ("views.open", "views.push") for c in new_calls)
    return text, opened


def _counts(fake: FakeSlack) -> tuple[int, int]:
    with fake.lock:
        return len(fake.calls), len(fake.state.responses)


def check_answer(state: str, door: str, text: str, opened: bool) -> None:
    """The matrix's rule for one answer."""
    for broken in BROKEN:
        assert broken not in text, f"{state}/{door}: {broken!r} in {text[:400]}"
    for named in re.findall(r"/mentor ([a-z][a-z-]*)", text):
        assert named in KNOWN, f"{state}/{door}: suggests unknown /mentor {named}"
    if state in ("recently_ended", "ended") and door != "help" and not opened:
        assert not re.search(r"\byet\b", text), f"{state}/{door}: says 'yet' after an end: {text[:400]}"
    if opened or door in EXEMPT:
        return
    markers = DOOR_MARKERS.get((state, door)) or (
        LIVE_DOORS[door] if state in LIVE and door in LIVE_DOORS else MARKERS[state]
    )
    assert any(m in text for m in markers), f"{state}/{door}: none of {markers} in {text[:600]}"


@pytest.mark.parametrize("state", STATES)
def test_every_command_names_the_state_or_opens_the_next_step(
    state: str, ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    built = build_state(state, ws, deps, clock)
    for door in COMMANDS:
        fake_slack.wait_idle()
        with fake_slack.lock:
            fake_slack.state.modal_stack.clear()
        before = _counts(fake_slack)
        reply = built.ada.command(door)
        assert reply.status == 200, f"{state}/{door}: HTTP {reply.status}"
        text, opened = _seen_since(fake_slack, *before)
        check_answer(state, door, reply.body + "\n" + text, opened)


@pytest.mark.parametrize("state", STATES)
def test_the_home_tab_renders_and_names_the_state(
    state: str, ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    built = build_state(state, ws, deps, clock)
    assert built.ada.open_home().status == 200
    home = json.dumps(built.ada.home(), ensure_ascii=False)
    for broken in BROKEN:
        assert broken not in home
    markers = ("Join",) if state in ("newcomer", "left") else MARKERS[state]
    assert any(m in home for m in markers), f"{state}: Home names none of {markers}"
    if state in ("recently_ended", "ended"):
        assert "no mentorship yet" not in home.lower()


# -- the last buttons the person received in that state ------------------------------------------
def _send(
    deps: Deps, fake: FakeSlack, mentorship_id: int, kind: str, period: str, extra: dict[str, str]
) -> Message:
    """Send Ada a scheduled message as the dispatcher does (a queue row that remembers where it went)."""
    payload: dict[str, object] = {
        "mentorship_id": mentorship_id,
        "role": "mentee",
        "partner": "U0BO",
        **extra,
    }
    with deps.uow() as uow:
        row = ScheduledMessageRecord(
            team_id=TEAM_ID,
            mentorship_id=mentorship_id,
            kind=kind,
            period_key=period,
            recipient="U0ADA",
            due_at=NOW,
            payload=payload,
            state="sent",
            created_at=NOW,
            sent_at=NOW,
        )
        uow.session.add(row)
        uow.flush()
        row_id = row.id
    text, blocks = build_message(kind, payload, row_id)
    with fake.lock:
        sent = _m_post_message(fake, {"channel": "U0ADA", "text": text, "blocks": json.dumps(blocks)})
    with deps.uow() as uow:
        stored = uow.session.get(ScheduledMessageRecord, row_id)
        assert stored is not None
        stored.slack_channel, stored.slack_ts = sent["channel"], sent["ts"]
    return next(m for m in fake.messages_in(sent["channel"]) if m.ts == sent["ts"])


def _goal_card(deps: Deps, fake: FakeSlack, mentorship_id: int, ended: bool) -> Message:
    """A goal card Ada got while the goal was open (its buttons outlive the mentorship)."""
    with deps.uow() as uow:
        ada = uow.people.by_slack_id(TEAM_ID, "U0ADA")
        assert ada is not None
        goal = GoalRecord(
            team_id=TEAM_ID,
            mentorship_id=mentorship_id,
            owner_id=ada.id,
            title="Give a talk",
            target_date=NOW.date() + timedelta(days=20),
            status="closed" if ended else "active",
            created_at=NOW - timedelta(days=30),
        )
        uow.session.add(goal)
        uow.flush()
        view = goal_view(goal)
    blocks = goal_blocks(dataclasses.replace(view, status="active"))
    with fake.lock:
        sent = _m_post_message(fake, {"channel": "U0ADA", "text": "Your goal", "blocks": json.dumps(blocks)})
    return next(m for m in fake.messages_in(sent["channel"]) if m.ts == sent["ts"])


def _end_date(deps: Deps, mentorship_id: int) -> str:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None and record.end_date is not None
        return record.end_date.isoformat()


CHECKIN = ("checkin", [ids.SESSION_LOG_OPEN, ids.CHECKIN_REMIND, ids.CHECKIN_SKIP])
MISSED = ("missed_nudge", [ids.CADENCE_ADJUST, ids.SESSION_LOG_OPEN])
TRANSITION = ("transition", [ids.TRANSITION_CONCLUDE, ids.TRANSITION_EXTEND, ids.TRANSITION_CONTINUE])
CLOSING = ("closing", [ids.CLOSING_SURVEY_OPEN, ids.CLOSING_STAY_IN_TOUCH])
GOAL = ("goal", [ids.GOAL_PROGRESS, ids.GOAL_ACHIEVED, ids.GOAL_ADJUST_DATE])
# state -> the messages with buttons Ada received last (stale ones included: they must still work)
LAST_BUTTONS: dict[str, list[tuple[str, list[str]]]] = {
    "active": [CHECKIN, GOAL, MISSED],
    "paused": [CHECKIN, GOAL],
    "transition": [TRANSITION, CHECKIN],
    "recently_ended": [CLOSING, TRANSITION, CHECKIN, GOAL, MISSED],
    "ended": [CLOSING, TRANSITION, GOAL, MISSED],
}
CASES = [
    (state, kind, action)
    for state, messages in LAST_BUTTONS.items()
    for kind, actions in messages
    for action in actions
]
# A click that did its job says so in its own words (it is the next step working).
DONE: dict[str, tuple[str, ...]] = {
    ids.CHECKIN_REMIND: ("check in with you again",),
    ids.CHECKIN_SKIP: ("Skipped", "skip"),
    ids.TRANSITION_CONCLUDE: ("conclude as planned",),
    ids.TRANSITION_EXTEND: ("now runs until",),
    ids.TRANSITION_CONTINUE: ("continue informally",),
    ids.CLOSING_STAY_IN_TOUCH: ("three months",),
    ids.GOAL_ACHIEVED: ("achieved",),
}


@pytest.mark.parametrize(("state", "kind", "action"), CASES, ids=[f"{s}-{k}-{a}" for s, k, a in CASES])
def test_the_last_buttons_answer_with_the_state(
    state: str, kind: str, action: str, ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    built = build_state(state, ws, deps, clock)
    assert built.mentorship_id is not None
    end = _end_date(deps, built.mentorship_id)
    period = {"transition": end, "closing": "end"}.get(kind, "1")
    if kind == "goal":
        message = _goal_card(deps, fake_slack, built.mentorship_id, state in ("recently_ended", "ended"))
    else:
        message = _send(deps, fake_slack, built.mentorship_id, kind, period, {"end_date": end})
    before = _counts(fake_slack)
    assert built.ada.click(action, message=message).status == 200
    text, opened = _seen_since(fake_slack, *before)
    done: Callable[[str], bool] = lambda t: any(m in t for m in DONE.get(action, ()))  # noqa: E731
    meant_for_now = state in ("active", "transition", "paused") and kind == "goal"
    meant_for_now = meant_for_now or state in ("active", "transition") or kind == "closing"  # not stale
    if meant_for_now and (opened or done(text)):
        check_answer(state, action, text, True)
        return
    check_answer(state, action, text, opened)


# -- the mentor's side of the same states ---------------------------------------------------------
MENTOR_MARKERS: dict[str, tuple[str, ...]] = {
    "waiting": ("not mentoring anyone right now",),
    "request_pending": ("asked you to be their mentor",),
    "active": ("is active",),
    "recently_ended": ("ended on",),
}


@pytest.mark.parametrize("state", list(MENTOR_MARKERS))
def test_the_mentor_hears_their_own_state(
    state: str, ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    build_state(state, ws, deps, clock)
    bo = ws.person("U0BO", "Bo Chen")
    for door in COMMANDS:
        fake_slack.wait_idle()
        with fake_slack.lock:
            fake_slack.state.modal_stack.clear()
        before = _counts(fake_slack)
        reply = bo.command(door)
        assert reply.status == 200
        text, opened = _seen_since(fake_slack, *before)
        text = reply.body + "\n" + text
        if door == "find":  # suggestions are for mentees: the answer says so and how to look too
            assert "Suggestions are for mentees" in text and "/mentor profile" in text
            continue
        if state in LIVE and door in LIVE_DOORS:
            check_answer(state, door, text, opened)
            continue
        for broken in BROKEN:
            assert broken not in text
        for named in re.findall(r"/mentor ([a-z][a-z-]*)", text):
            assert named in KNOWN
        if opened or door in EXEMPT:
            continue
        if state == "recently_ended":
            assert not re.search(r"\byet\b", text), f"{door}: {text[:300]}"
        assert any(m in text for m in MENTOR_MARKERS[state]), f"{state}/{door}: {text[:500]}"
