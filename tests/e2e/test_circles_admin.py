"""Circles admins in Slack beyond rounds: the report and each circle's health (counts, dates and
flags only; a quiet circle first), the prompt bank (list, add, a bad prompt refused), and members
of a mentorship and a circles program seeing both on Home and in `/mentor status`."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.deps import Deps
from bot.services import circles as circle_services
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from tests.support.circle_edge import CIRCLES_ADMIN, circles_program, form_circles
from tests.support.circles import member
from tests.support.factories import make_mentorship, make_person, utc

T0 = utc(2026, 3, 2, 8)


def _reply(fake: FakeSlack, person: object, containing: str) -> str:
    found = fake.wait_for(
        lambda: [e for e in person.ephemerals() if containing in json.dumps(e)]  # type: ignore[attr-defined]
    )
    return json.dumps(found[-1], ensure_ascii=False)


def test_report_health_and_prompts(ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock) -> None:
    clock.set(T0)
    program = circles_program(
        deps, fake_slack, admins=("U0SAM",), circle_min_size=3, circle_max_size=3, circle_cadence="weekly"
    )
    sam = ws.person("U0SAM", "Sam Admin")
    for n in range(1, 7):
        ws.person(f"U0M{n}", f"Member {n}", tz="Europe/London")
        member(deps, f"U0M{n}", program, tz="Europe/London", name=f"Member {n}")
    quiet, met = form_circles(fake_slack, deps, sam, program)
    host = circle_services.circle_intro(deps, TEAM_ID, met.id).host.slack_user_id
    clock.set(T0 + timedelta(weeks=1))
    circle_services.log_meeting(deps, TEAM_ID, host, met.id, 1, True, "Secret plans for the offsite")
    clock.set(T0 + timedelta(weeks=2))

    sam.command("admin pairs", channel=CIRCLES_ADMIN)
    health = _reply(fake_slack, sam, "Circle health")
    assert health.index(f"Circle {quiet.id}*") < health.index(f"Circle {met.id}*")
    assert "Quiet: no meeting for two cycles" in health and "1 logged" in health
    sam.command("admin report", channel=CIRCLES_ADMIN)
    report = _reply(fake_slack, sam, "Circle meetings logged")
    assert "*Members in a circle*\\n6" in report and "*Goals set*" not in report
    assert "Secret plans" not in health + report

    sam.command("admin prompts", channel=CIRCLES_ADMIN)
    assert "Added by admins:* none yet" in _reply(fake_slack, sam, "Conversation prompts")
    sam.command("admin prompts add win", channel=CIRCLES_ADMIN)
    assert "can't be added" in _reply(fake_slack, sam, "can't be added")
    sam.command("admin prompts add goal What did you try since last time <!channel>?", channel=CIRCLES_ADMIN)
    assert "Added to the bank" in _reply(fake_slack, sam, "Added to the bank")
    sam.command("admin prompts", channel=CIRCLES_ADMIN)
    listing = _reply(fake_slack, sam, "What did you try")
    assert "&lt;!channel&gt;" in listing and "<!channel>" not in listing
    assert [p.text for p in circle_services.list_prompts(deps, TEAM_ID, program) if not p.built_in] == [
        "What did you try since last time <!channel>?"
    ]
    # A member is no admin: nothing is added.
    ws.person("U0M1", "Member 1").command(
        "admin prompts add win Celebrate something today", channel=CIRCLES_ADMIN
    )
    fake_slack.wait_idle()
    assert len([p for p in circle_services.list_prompts(deps, TEAM_ID, program) if not p.built_in]) == 1


def test_a_member_of_a_mentorship_and_a_circle_sees_both(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.set(T0)
    program = circles_program(deps, fake_slack, admins=("U0SAM",), circle_min_size=3, circle_max_size=4)
    sam = ws.person("U0SAM", "Sam Admin")
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/London")
    mentor = make_person(deps, "U0LIN", "mentor", name="Linus")
    mentee = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace", timezone="Europe/London")
    make_mentorship(deps, mentor, mentee)
    member(deps, "U0ADA", program, name="Ada Lovelace")
    for n in range(1, 4):
        ws.person(f"U0M{n}", f"Member {n}", tz="Europe/London")
        member(deps, f"U0M{n}", program, tz="Europe/London", name=f"Member {n}")
    form_circles(fake_slack, deps, sam, program)
    ada.open_home()
    home = json.dumps(fake_slack.wait_for(lambda: "Peer circles" in json.dumps(ada.home()) and ada.home()))
    assert "Mentorship Program" in home and "Next prompt" in home and "<@U0LIN>" in home
    reply = ada.command("status")
    text = reply.text
    assert "Peer circles" in text and "Next prompt" in text and "Mentorship Program" in text
