"""A circles program end to end through signed Slack requests and the scheduler: nine people join
with the short form, an admin forms and approves a round, each circle is introduced in its group
DM, prompts arrive week after week with the host rotating, the host logs a meeting with one click
and a shared summary, someone leaves, the run closes with reflections, the admin's report counts
(never says what was said), and the next round re-forms circles with no pair repeated."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import Message
from handlers.slack import ids
from storage.records import CircleMemberRecord, CircleRecord, CircleReflectionRecord
from tests.support.circle_edge import (
    CIRCLES_ADMIN,
    circles_program,
    form_circles,
    join,
    proposal_message,
    seat_ids,
    stored,
)
from tests.support.factories import utc
from tests.support.scheduling import run

T0 = utc(2026, 3, 2, 8)  # Monday 08:00 UTC
PEOPLE = (
    ("U0ANA", "Ana Alves", "Europe/London", "public speaking, feedback"),
    ("U0BEN", "Ben Brown", "Europe/Berlin", "feedback, negotiation"),
    ("U0CAL", "Cal Costa", "Europe/Madrid", "public speaking, negotiation"),
    ("U0DIA", "Dia Diaz", "Europe/Paris", "feedback, career change"),
    ("U0EVE", "Eve Evans", "Europe/London", "career change, public speaking"),
    ("U0FOX", "Fox Fuchs", "Europe/Berlin", "negotiation, feedback"),
    ("U0GIL", "Gil Gomez", "Europe/Madrid", "public speaking"),
    ("U0HAL", "Hal Horn", "Europe/Paris", "career change"),
    ("U0IDA", "Ida Ito", "Europe/Dublin", "feedback"),
)


def _pairs(deps: Deps, circle_ids: list[int]) -> set[frozenset[str]]:
    found: set[frozenset[str]] = set()
    for circle_id in circle_ids:
        found |= {frozenset(p) for p in itertools.combinations(seat_ids(deps, circle_id), 2)}
    return found


def _week(clock: Clock, deps: Deps, weeks: int, days: int = 0, hours: int = 14) -> None:
    at = T0 + timedelta(weeks=weeks, days=days, hours=hours)
    clock.set(at)
    run(deps, at)


def test_a_circles_program_end_to_end(ws: Workspace, deps: Deps, fake_slack: FakeSlack, clock: Clock) -> None:
    clock.set(T0)
    program = circles_program(
        deps,
        fake_slack,
        admins=("U0SAM",),
        circle_min_size=3,
        circle_max_size=3,
        circle_weeks=4,
        circle_cadence="weekly",
    )
    sam = ws.person("U0SAM", "Sam Admin")
    people: dict[str, Person] = {}
    for uid, name, tz, topics in PEOPLE:
        people[uid] = ws.person(uid, name, tz=tz)
        join(people[uid], "peers", topics)
        people[uid].last_dm(containing="You're in")

    # A round, approved: three circles of three, each introduced in its group DM.
    circles = form_circles(fake_slack, deps, sam, program)
    assert len(circles) == 3
    first_round = [c.id for c in circles]
    for circle in circles:
        intro = fake_slack.messages_in(str(circle.group_channel_id))[0].all_text()
        assert "Meet your circle" in intro and "Host for the first meeting" in intro
        host = seat_ids(deps, circle.id)[0]
        assert f"Host for the first meeting:* <@{host}>" in intro

    # Prompts week after week, the host rotating in seat order.
    for week in range(1, 4):
        _week(clock, deps, week)
    for circle in circles:
        order = seat_ids(deps, circle.id)
        prompts = [
            m.all_text()
            for m in fake_slack.messages_in(str(circle.group_channel_id))
            if "hosts this time" in m.all_text()
        ]
        assert len(prompts) == 3
        assert [
            f"<@{order[k % 3]}> hosts this time" in p for k, p in zip((1, 2, 0), prompts, strict=True)
        ] == [True] * 3

    # The host of meeting 4 (cycle 3) is asked on Friday; one click logs it, a summary is shared.
    _week(clock, deps, 3, days=4)
    circle = circles[0]
    order = seat_ids(deps, circle.id)
    hoster = people[order[0]]
    ask = fake_slack.wait_for(lambda: [m for m in hoster.dms() if "Did your circle meet?" in m.all_text()])[
        -1
    ]
    hoster.click(ids.CIRCLE_MET_YES, message=ask)
    hoster.submit({ids.CIRCLE_SUMMARY_TEXT: "We practised openings for tough talks"}, view=hoster.modal())
    fake_slack.wait_for(
        lambda: [
            m
            for m in fake_slack.messages_in(str(circle.group_channel_id))
            if "practised openings" in m.all_text()
        ]
    )
    hoster.command("circle")
    status = json.dumps(fake_slack.wait_for(lambda: hoster.ephemerals() and hoster.ephemerals()[-1]))
    assert "Last meeting" in status and "none logged" not in status

    # Someone leaves the second circle: it learns who, and the next host.
    leaver_id = seat_ids(deps, circles[1].id)[1]
    leaver = people[leaver_id]
    leaver.command("circle leave")
    confirm = fake_slack.wait_for(lambda: [e for e in leaver.ephemerals() if "Leave your circle" in str(e)])[
        -1
    ]
    leaver.click(
        ids.CIRCLE_LEAVE, message=Message("C0GENERAL", "1.0", "", list(confirm.get("blocks") or []), "U")
    )
    fake_slack.wait_for(
        lambda: [
            m
            for m in fake_slack.messages_in(str(circles[1].group_channel_id))
            if "stepped out" in m.all_text()
        ]
    )

    # The run closes: a reflection for each member still seated, thanks to each circle.
    _week(clock, deps, 4)
    _week(clock, deps, 4, days=1)
    assert {c.status for c in stored(deps, program) if c.id in first_round} == {"ended"}
    ana = people["U0ANA"]
    closing = fake_slack.wait_for(lambda: [m for m in ana.dms() if "comes to a close" in m.all_text()])[-1]
    ana.click(ids.CIRCLE_REFLECT_OPEN, message=closing)
    ana.submit(
        {ids.CIRCLE_REFLECT_SCORE: "5", ids.CIRCLE_REFLECT_COMMENT: "my private note"}, view=ana.modal()
    )
    ana.last_dm(containing="Thank you for your reflection")
    with deps.uow() as uow:
        assert [r.score for r in uow.session.scalars(select(CircleReflectionRecord))] == [5]

    # The admin's report counts; it never says what was said.
    sam.command("admin report", channel=CIRCLES_ADMIN)
    report = json.dumps(
        fake_slack.wait_for(lambda: [e for e in sam.ephemerals() if "Circle meetings logged" in str(e)])[-1],
        ensure_ascii=False,
    )
    assert "Members waiting for a circle" in report and "Mentees waiting for a mentor" not in report
    assert "practised openings" not in report and "private note" not in report
    admin_channel = json.dumps([m.all_text() for m in fake_slack.messages_in(CIRCLES_ADMIN)])
    assert "practised openings" not in admin_channel and "private note" not in admin_channel

    # The next round re-forms everyone (the leaver too), and no pair shares a circle again.
    before = _pairs(deps, first_round)
    sam.command("admin circles", channel=CIRCLES_ADMIN)
    second = form_circles_again(fake_slack, deps, sam, program, first_round)
    assert len(second) == 3
    with deps.uow() as uow:
        seated = uow.session.scalars(
            select(CircleMemberRecord).where(CircleMemberRecord.circle_id.in_([c.id for c in second]))
        ).all()
        assert len(seated) == 9
    assert not _pairs(deps, [c.id for c in second]) & before


def form_circles_again(
    fake: FakeSlack, deps: Deps, admin: Person, program: int, old: list[int]
) -> list[CircleRecord]:
    """Approve the newest proposal (already requested) and return the new circles."""
    proposal = fake.wait_for(
        lambda: (
            (m := proposal_message(fake)) is not None
            and any(
                e.get("action_id") == ids.CIRCLE_ROUND_APPROVE
                for b in m.blocks
                for e in b.get("elements", [])
            )
            and m
        )
    )
    admin.click(ids.CIRCLE_ROUND_APPROVE, message=proposal)
    found: list[CircleRecord] = fake.wait_for(
        lambda: (
            (new := [c for c in stored(deps, program) if c.id not in old])
            and all(c.group_channel_id for c in new)
            and new
        )
    )
    return found
