"""Hostile values through the real HTTP endpoint: NUL bytes and lone surrogates in form fields,
forged ids in buttons and metadata, and names that try to ping @channel. Each is answered politely
(saved clean, a field error, or "out of date"), never a 500, a traceback, or the text in a log."""

from __future__ import annotations

import itertools
import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.driver import Reply
from handlers.slack import envelope, ids
from storage.records import GoalRecord, MentorshipRecord, PersonRecord, SessionLogRecord
from tests.e2e.test_pairing import MESSAGE, _as_message
from tests.e2e.test_pairing import _snapshot as snap
from tests.support.factories import make_mentorship, make_person
from tests.support.settings import ADMIN_CHANNEL

SECRET = "TOPSECRET-7f3a"  # stands for private text: it must never reach a log
_serial = itertools.count(1)


def hostile(text: str) -> str:
    """Text with a NUL byte, another control character and a lone surrogate around the secret."""
    return f"{text}\x00 {SECRET}\ud800 end\x07"


def cleaned(text: str) -> str:
    """What hostile(text) is saved as."""
    return f"{text} {SECRET} end"


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record of every logger at INFO and above (the production level)."""
    caplog.set_level(logging.INFO)
    return caplog


def assert_logs_clean(fake: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """No traceback, no failed listener, and none of the submitted text in any log line."""
    fake.wait_idle()
    seen = caplog.text + "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.exc_info or ''}" for r in caplog.records
    )
    assert SECRET not in seen
    assert "Traceback" not in seen
    assert "listener failed" not in seen
    assert "didn't call ack" not in seen


def _person(deps: Deps, user_id: str) -> PersonRecord:
    with deps.uow() as uow:
        found = uow.session.scalars(select(PersonRecord).where(PersonRecord.slack_user_id == user_id)).one()
        return found


def _rows(deps: Deps, record: Any) -> list[Any]:
    with deps.uow() as uow:
        return list(uow.session.scalars(select(record)))


def _pair(ws: Workspace, deps: Deps, *, agreed: bool = True) -> tuple[Person, Person, int]:
    kai = ws.person("U0KAI", "Kai Muller")
    linus = ws.person("U0LINUS", "Linus Torvalds")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Muller")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds")
    pair = make_mentorship(deps, mentor, mentee, cadence="weekly", weeks=12, agreed=agreed)
    return kai, linus, pair.id


# -- NUL bytes and lone surrogates in form fields ----------------------------------------------------
def test_profile_fields_are_saved_clean(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    reply = ada.submit(
        {
            ids.PROFILE_ROLE: "mentor",
            ids.PROFILE_OFFERS: hostile("python"),
            ids.PROFILE_CAPACITY: "2",
            ids.PROFILE_CADENCE: "weekly",
            ids.PROFILE_FORMATS: ["video"],
            ids.PROFILE_DEPARTMENT: "Eng\x00\ud800",
            ids.PROFILE_INTRO: hostile("Staff engineer"),
        }
    )
    assert reply.status == 200 and reply.body == ""
    ada.last_dm(containing="Welcome")
    person = _person(deps, "U0ADA")
    assert person.intro == cleaned("Staff engineer")
    assert person.department == "Eng"
    assert_logs_clean(fake_slack, logs)


def test_agreement_boundaries_are_saved_clean(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture
) -> None:
    _kai, linus, pair_id = _pair(ws, deps, agreed=False)
    linus.open_home()
    fake_slack.wait_for(lambda: "Set up our agreement" in json.dumps(fake_slack.home_of("U0LINUS") or {}))
    linus.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair_id))
    linus.modal()
    reply = linus.submit(
        {
            ids.AGREEMENT_CADENCE: "weekly",
            ids.AGREEMENT_FORMAT: "video",
            ids.AGREEMENT_FIRST: (deps.clock().date() + timedelta(days=3)).isoformat(),
            ids.AGREEMENT_BOUNDARIES: hostile("No Fridays"),
            ids.AGREEMENT_CONFIDENTIAL: ["yes"],
        }
    )
    assert reply.status == 200 and reply.body == ""
    proposal = fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0KAI", "U0LINUS"))[-1]
    assert cleaned("No Fridays") in proposal.all_text()
    [record] = _rows(deps, MentorshipRecord)
    assert record.boundaries == cleaned("No Fridays") and record.agreement_status == "proposed"
    assert_logs_clean(fake_slack, logs)


def test_session_takeaways_are_saved_clean(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture
) -> None:
    _kai, linus, _pair_id = _pair(ws, deps)
    linus.command("log")
    linus.modal()
    reply = linus.submit({ids.SESSION_TAKEAWAYS: hostile("Stakeholder maps"), ids.SESSION_ACTIONS: ""})
    assert reply.status == 200 and reply.body == ""
    [log] = fake_slack.wait_for(lambda: _rows(deps, SessionLogRecord))
    assert log.takeaways == cleaned("Stakeholder maps")
    assert_logs_clean(fake_slack, logs)


def test_goal_title_is_saved_clean(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture
) -> None:
    kai, _linus, _pair_id = _pair(ws, deps)
    kai.command("goal")
    kai.modal()
    reply = kai.submit(
        {
            ids.GOAL_TITLE: hostile("Give a 20-minute talk on our data pipeline at the analytics guild"),
            ids.GOAL_MEASURE: "Talk delivered and feedback from 3 colleagues",
            ids.GOAL_RELEVANCE: "I want to grow into a lead role",
            ids.GOAL_TARGET: (deps.clock().date() + timedelta(days=60)).isoformat(),
            ids.GOAL_MILESTONES: "",
        }
    )
    assert reply.status == 200
    [goal] = fake_slack.wait_for(lambda: _rows(deps, GoalRecord))
    assert "\x00" not in goal.title and "\ud800" not in goal.title and SECRET in goal.title
    assert_logs_clean(fake_slack, logs)


def test_command_text_with_nul_and_surrogates_is_answered(
    ws: Workspace, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    reply = ada.command(f"zz{SECRET}\x00\x1b")  # an unknown subcommand is echoed back
    assert reply.status == 200 and f"zz{SECRET}".lower() in reply.text
    assert "\\u0000" not in reply.body and "\\u001b" not in reply.body
    assert_logs_clean(fake_slack, logs)


# -- forged ids ------------------------------------------------------------------------------------
HOSTILE_IDS = [
    str(2**63),  # one past BIGINT: OverflowError or "integer out of range"
    str(2**64 + 5),
    "9" * 30,
    "-1",
    "0",
    "1.5",
    "1e400",
    "²",
    "٣",  # int() reads this as 3
    " 1",
    "",
]


def _click(ws: Workspace, person: Person, action_id: str, value: str, *, overflow: bool = False) -> Reply:
    """A block_actions payload with any value, as a forged or very stale client might send."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": "forged", "action_ts": "1.000001"}
    if overflow:
        action.update(
            type="overflow", selected_option={"text": {"type": "plain_text", "text": "x"}, "value": value}
        )
    else:
        action.update(type="button", value=value)
    payload = {
        "type": "block_actions",
        "team": {"id": ws.team_id, "domain": "emulated"},
        "user": {"id": person.id, "name": person.name, "team_id": ws.team_id},
        "api_app_id": "AEMULATOR",
        "trigger_id": ws.fake.new_trigger(person.id),
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": "D" + person.id},
        "channel": {"id": "D" + person.id},
        "actions": [action],
        "response_url": f"{ws.fake.base_url}response/{person.id}-forged{next(_serial)}",
    }
    return ws.post_payload(payload)


def _snapshot(deps: Deps) -> list[tuple[Any, ...]]:
    return [
        (
            m.id,
            m.status,
            m.agreement_status,
            m.cadence,
            m.paused_until if hasattr(m, "paused_until") else None,
        )
        for m in _rows(deps, MentorshipRecord)
    ]


@pytest.mark.parametrize(
    ("action_id", "overflow", "prefix"),
    [
        (ids.AGREEMENT_OPEN, False, ""),  # pairing
        (ids.GOAL_ACHIEVED, False, ""),  # workflows
        (ids.RESUME_PICK, False, ""),  # workflows
        (ids.PAUSE_PICK, False, ""),  # workflows, "<id>:<words>"
        (ids.CHECKIN_SKIP, False, ""),  # check-ins
        (ids.CADENCE_ADJUST, False, ""),  # check-ins
        (ids.ADMIN_PAIR_ACTION, True, "nudge:"),  # admin overflow
        (ids.DIGEST_OPEN_PAIRS, False, ""),  # the digest's pair-health button
    ],
)
def test_forged_ids_in_buttons_are_answered_politely(
    ws: Workspace,
    deps: Deps,
    fake_slack: FakeSlack,
    logs: pytest.LogCaptureFixture,
    action_id: str,
    overflow: bool,
    prefix: str,
) -> None:
    _kai, linus, _pair_id = _pair(ws, deps)
    fake_slack.set_members(ADMIN_CHANNEL, ["U0LINUS"])
    before = _snapshot(deps)
    posts = len(fake_slack.calls_to("chat.postMessage"))
    for value in HOSTILE_IDS:
        answers = len(linus.ephemerals())
        reply = _click(ws, linus, action_id, prefix + value, overflow=overflow)
        assert reply.status == 200, value
        found = fake_slack.wait_for(lambda n=answers: linus.ephemerals()[n:])  # type: ignore[misc]
        assert "out of date" in json.dumps(found, ensure_ascii=False), (value, found)
    assert _snapshot(deps) == before
    assert len(fake_slack.calls_to("chat.postMessage")) == posts
    assert fake_slack.calls_to("views.open") == []
    assert_logs_clean(fake_slack, logs)


@pytest.mark.parametrize("meta", ['{"m": 1e400}', '{"m": 9223372036854775808}', '{"m": "²"}', '{"m": -3}'])
def test_forged_ids_in_metadata_are_refused(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, logs: pytest.LogCaptureFixture, meta: str
) -> None:
    _kai, linus, _pair_id = _pair(ws, deps)
    before = _snapshot(deps)
    # Signed as the bot would sign it: the id parser behind the envelope is what is tested here.
    payload_b64 = envelope._b64(meta.encode())
    mac = envelope._mac(envelope.view_key(deps), ids.CADENCE_MODAL, linus.id, payload_b64)
    payload = {
        "type": "view_submission",
        "team": {"id": ws.team_id},
        "user": {"id": linus.id, "name": linus.name, "team_id": ws.team_id},
        "api_app_id": "AEMULATOR",
        "view": {
            "id": "VFORGED",
            "type": "modal",
            "callback_id": ids.CADENCE_MODAL,
            "private_metadata": f"{envelope.VERSION}.{payload_b64}.{mac}",
            "state": {
                "values": {
                    ids.CADENCE_CHOICE: {
                        "choice": {"type": "radio_buttons", "selected_option": {"value": "monthly"}}
                    }
                }
            },
        },
    }
    reply = ws.post_payload(payload)
    assert reply.status == 200
    assert reply.json.get("response_action") == "errors"
    assert _snapshot(deps) == before
    assert_logs_clean(fake_slack, logs)


# -- names that try to ping everyone -----------------------------------------------------------------
EVIL_NAME = "<!channel> <https://evil.example|click> & co"


def _without_plain_text(value: Any) -> Any:
    """Drop plain_text objects (headers, buttons): Slack never reads mentions or links in them."""
    if isinstance(value, dict):
        if value.get("type") == "plain_text":
            return None
        return {k: _without_plain_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_plain_text(v) for v in value]
    if isinstance(value, str) and value.startswith(("[", "{")):
        try:
            return _without_plain_text(json.loads(value))  # blocks sent as a JSON string
        except ValueError:
            return value
    return value


def _everything_sent(fake: FakeSlack) -> list[str]:
    """Every `text` and mrkdwn the bot sent: posts, updates, ephemerals and responses."""
    with fake.lock:
        raw = [
            {"text": c.params.get("text"), "blocks": c.params.get("blocks")}
            for c in fake.calls
            if c.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "chat.scheduleMessage")
        ]
        raw += list(fake.state.responses)
    return [json.dumps(_without_plain_text(item), ensure_ascii=False) for item in raw]


def test_a_hostile_real_name_is_escaped_everywhere(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    evil = ws.person("U0EVIL", EVIL_NAME)
    linus = ws.person("U0LINUS", "Linus Torvalds")
    mentor = make_person(deps, "U0LINUS", "mentor", name="Linus Torvalds", offers=["kubernetes"], capacity=2)
    evil.command("join")
    evil.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "kubernetes"})
    evil.last_dm(containing="Welcome")
    assert _person(deps, "U0EVIL").name == EVIL_NAME
    evil.command("find")
    found = fake_slack.wait_for(evil.ephemerals)[-1]
    evil.click(ids.FIND_REQUEST, message=_as_message(found), value=str(mentor.id))
    evil.modal()
    assert evil.submit({ids.REQUEST_MESSAGE: MESSAGE}).body == ""
    prompt = snap(linus.last_dm(containing="would like you to be their mentor"))
    linus.click(ids.REQUEST_ACCEPT, message=prompt)
    intro = fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0EVIL", "U0LINUS"))[0]
    linus.click(ids.AGREEMENT_OPEN, message=intro)
    linus.modal()
    linus.submit(
        {
            ids.AGREEMENT_CADENCE: "weekly",
            ids.AGREEMENT_FORMAT: "video",
            ids.AGREEMENT_FIRST: (deps.clock().date() + timedelta(days=3)).isoformat(),
            ids.AGREEMENT_CONFIDENTIAL: ["yes"],
        }
    )
    proposal = snap(fake_slack.wait_for(lambda: fake_slack.group_dms_with("U0EVIL", "U0LINUS")[1:])[-1])
    evil.click(ids.AGREEMENT_CONFIRM, message=proposal)
    fake_slack.wait_for(lambda: len(fake_slack.group_dms_with("U0EVIL", "U0LINUS")) >= 3)
    fake_slack.wait_idle()
    sent = _everything_sent(fake_slack)
    assert any("&lt;!channel&gt;" in s for s in sent)  # the name was shown, escaped
    for item in sent:
        assert "<!channel>" not in item, item
        assert "<https://evil.example" not in item, item
