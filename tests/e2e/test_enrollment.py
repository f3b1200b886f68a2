"""Enrollment through the real HTTP endpoint: help, join, profile edit, App Home, invitations."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from handlers.slack import ids
from storage.records import PersonRecord
from tests.support.settings import PROGRAM_CHANNEL


def _person(deps: Deps, user_id: str) -> PersonRecord | None:
    with deps.uow() as uow:
        return uow.session.scalars(
            select(PersonRecord).where(PersonRecord.slack_user_id == user_id)
        ).one_or_none()


MENTOR_VALUES = {
    ids.PROFILE_ROLE: "mentor",
    ids.PROFILE_OFFERS: "Python, public-speaking, python, APIs, API",
    ids.PROFILE_CAPACITY: "2",
    ids.PROFILE_CADENCE: "weekly",
    ids.PROFILE_FORMATS: ["video", "chat"],
    ids.PROFILE_REASONS: ["network"],
    ids.PROFILE_DEPARTMENT: "Engineering",
    ids.PROFILE_INTRO: "Staff engineer, ten years in backend systems.",
}


def test_help_lists_every_subcommand(ws: Workspace) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    for text in ("help", ""):
        reply = ada.command(text)
        assert reply.status == 200
        body = reply.json
        assert body["response_type"] == "ephemeral"
        shown = reply.text
        for sub in (
            "join",
            "profile",
            "find",
            "goal",
            "goals",
            "log",
            "feedback",
            "status",
            "pause",
            "resume",
            "end",
            "concern",
            "my-data",
            "delete-my-data",
            "ask",
        ):
            assert f"/mentor {sub}" in shown, sub
        # Ada is no program admin: the admin commands are not hers to see (tests/e2e/test_questions.py).
        assert "/mentor admin" not in shown


def test_unknown_subcommand_suggests_the_closest(ws: Workspace) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    reply = ada.command("jion")
    assert reply.status == 200
    assert "/mentor join" in reply.text
    reply = ada.command("<!channel> zzzzqqq")
    assert "<!channel>" not in reply.text
    assert "&lt;!channel&gt;" in reply.text


def test_command_text_containing_payload_still_works(ws: Workspace) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    reply = ada.command("payload")
    assert reply.status == 200
    assert "Did you mean" in reply.text or "don't know" in reply.text
    reply = ada.command("help payload please")
    assert reply.status == 200
    assert "/mentor join" in reply.text


def test_join_as_mentor_saves_normalised_profile_and_confirms(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    reply = ada.command("join")
    assert reply.status == 200 and reply.body == ""
    modal = ada.modal()
    assert modal["callback_id"] == ids.PROFILE_MODAL
    reply = ada.submit(MENTOR_VALUES)
    assert reply.status == 200 and reply.body == ""
    dm = ada.last_dm(containing="Welcome")
    assert "python" in dm.all_text()
    assert any(e.get("action_id") == ids.PROFILE_OPEN for b in dm.blocks for e in b.get("elements", []))
    person = _person(deps, "U0ADA")
    assert person is not None
    assert person.role == "mentor"
    assert person.offers == ["python", "public speaking", "api"]
    assert person.capacity == 2
    assert person.timezone == "Europe/London"
    assert person.name == "Ada Lovelace"
    assert fake_slack.wait_for(lambda: fake_slack.home_of("U0ADA"))


def test_join_as_mentee(ws: Workspace, deps: Deps) -> None:
    bo = ws.person("U0BO", "Bo Chen", tz="America/New_York")
    bo.command("join")
    bo.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "Leadership; system design\nleadership"})
    bo.last_dm(containing="Welcome")
    person = _person(deps, "U0BO")
    assert person is not None and person.role == "mentee"
    assert person.wants == ["leadership", "system design"]
    assert person.offers == []


def _field_errors(ws: Workspace, values: dict[str, Any]) -> dict[str, str]:
    who = ws.person("U0ERR", "Err Person")
    who.command("join")
    reply = who.submit(values)
    assert reply.status == 200
    body = reply.json
    assert body["response_action"] == "errors"
    errors: dict[str, str] = body["errors"]
    return errors


def test_invalid_fields_get_inline_errors_and_nothing_is_saved(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: ""}, ids.PROFILE_OFFERS),
        ({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "  ,  ; "}, ids.PROFILE_WANTS),
        (
            {ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: "python", ids.PROFILE_CAPACITY: "9"},
            ids.PROFILE_CAPACITY,
        ),
        (
            {ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: "python", ids.PROFILE_CAPACITY: "lots"},
            ids.PROFILE_CAPACITY,
        ),
        (
            {
                ids.PROFILE_ROLE: "both",
                ids.PROFILE_OFFERS: "python",
                ids.PROFILE_WANTS: "go",
                ids.PROFILE_INTRO: "x" * 501,
            },
            ids.PROFILE_INTRO,
        ),
        ({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "y" * 61}, ids.PROFILE_WANTS),
        ({ids.PROFILE_ROLE: None}, ids.PROFILE_ROLE),
    ]
    for values, block in cases:
        errors = _field_errors(ws, values)
        assert block in errors, (values, errors)
    assert _person(deps, "U0ERR") is None
    assert fake_slack.dms_to("U0ERR") == []


def test_profile_edit_is_prefilled_and_updates(ws: Workspace, deps: Deps) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    ada.submit(MENTOR_VALUES)
    ada.last_dm(containing="Welcome")
    ada.command("profile")
    modal = ada.modal()
    offers = next(b for b in modal["blocks"] if b.get("block_id") == ids.PROFILE_OFFERS)
    assert offers["element"]["initial_value"] == "python, public speaking, api"
    ada.submit({ids.PROFILE_ROLE: "both", ids.PROFILE_WANTS: "Management"})
    ada.last_dm(containing="updated")
    person = _person(deps, "U0ADA")
    assert person is not None and person.role == "both"
    assert person.wants == ["management"]
    assert person.offers == ["python", "public speaking", "api"]


def test_user_text_is_escaped_in_the_confirmation(ws: Workspace) -> None:
    mal = ws.person("U0MAL", "Mal")
    mal.command("join")
    mal.submit(
        {
            ids.PROFILE_ROLE: "mentor",
            ids.PROFILE_OFFERS: "<!channel>, <http://evil.example|bank>",
            ids.PROFILE_INTRO: "hi <!here> & <@U0ADA>",
        }
    )
    dm = mal.last_dm(containing="Welcome")
    raw = json.dumps(dm.blocks)
    assert "<!channel>" not in raw and "<!here>" not in raw and "<http://evil" not in raw
    assert "&lt;!channel&gt;" in raw and "&amp;" in raw


def test_app_home_for_newcomer_and_member(ws: Workspace) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.open_home()
    home = ada.home()
    assert any(e.get("action_id") == ids.PROFILE_OPEN for b in home["blocks"] for e in b.get("elements", []))
    assert "Join" in json.dumps(home)
    ada.click(ids.PROFILE_OPEN, in_home=True)
    ada.submit(MENTOR_VALUES)
    ada.last_dm(containing="Welcome")
    ada.open_home()
    ws.fake.wait_for(
        lambda: (
            "Mentor" in json.dumps(ws.fake.home_of("U0ADA"))
            and "python" in json.dumps(ws.fake.home_of("U0ADA"))
        )
    )


def test_program_channel_join_invites_once(ws: Workspace, fake_slack: FakeSlack) -> None:
    cy = ws.person("U0CY", "Cy Twombly")
    cy.join_channel(PROGRAM_CHANNEL)
    dm = cy.last_dm(containing="mentorship program")
    assert any(e.get("action_id") == ids.PROFILE_OPEN for b in dm.blocks for e in b.get("elements", []))
    cy.join_channel(PROGRAM_CHANNEL)
    cy.join_channel("C0GENERAL")
    fake_slack.wait_idle()
    assert len(cy.dms()) == 1
    cy.click(ids.PROFILE_OPEN, message=dm)
    assert cy.modal()["callback_id"] == ids.PROFILE_MODAL


def test_deactivated_user_is_marked_inactive(ws: Workspace, deps: Deps) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    ada.submit(MENTOR_VALUES)
    ada.last_dm(containing="Welcome")
    ws.user_deactivated("U0ADA")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        person = _person(deps, "U0ADA")
        if person is not None and person.status == "inactive":
            break
        time.sleep(0.05)
    person = _person(deps, "U0ADA")
    assert person is not None and person.status == "inactive"


def test_retried_event_is_processed_once(ws: Workspace, fake_slack: FakeSlack) -> None:
    cy = ws.person("U0CY", "Cy Twombly")
    event = {"type": "app_home_opened", "user": "U0CY", "channel": "DU0CY", "tab": "home", "event_ts": "1.0"}
    first = ws.post_event(event, event_id="Ev0RETRY1")
    assert first.status == 200
    fake_slack.wait_for(lambda: fake_slack.home_of("U0CY"))
    for retry in (1, 2, 3):
        again = ws.post_event(event, event_id="Ev0RETRY1", retry_num=retry)
        assert again.status == 200
    fake_slack.wait_idle()
    assert len(fake_slack.calls_to("views.publish")) == 1
    assert cy.id == "U0CY"


def test_bad_signature_and_stale_timestamp_are_rejected(ws: Workspace, fake_slack: FakeSlack) -> None:
    body = b"command=%2Fmentor&text=help&user_id=U0X&team_id=T0EMULATOR"
    bad = ws.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    assert bad.status == 401
    stale = ws.post(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 301)
    assert stale.status == 401
    assert fake_slack.calls_to("chat.postMessage") == []


def test_health_and_metrics(ws: Workspace) -> None:
    import urllib.request

    with urllib.request.urlopen(ws.bot_url + "/healthz", timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert json.loads(response.read())["database"] == "ok"
    ws.person("U0ADA", "Ada").command("help")
    with urllib.request.urlopen(ws.bot_url + "/metrics", timeout=5) as response:  # noqa: S310
        text = response.read().decode()
    assert "mentorbot_request_seconds" in text
    assert 'kind="command"' in text


def test_slow_slack_never_delays_the_ack(ws: Workspace, fake_slack: FakeSlack) -> None:
    from concurrent.futures import ThreadPoolExecutor

    fake_slack.fail("views.open", delay=2.0, times=20)
    people = [ws.person(f"U0SLOW{i:02d}", f"Slow {i}") for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda p: p.command("join"), people))
    assert all(r.status == 200 for r in replies)
    assert max(r.seconds for r in replies) < 1.5
    fake_slack.wait_for(lambda: len(fake_slack.calls_to("views.open")) == 20, timeout=10)
