"""The circles scheduler: prompts across weeks with a rotating host, "did your circle meet?", the
closing, and every message exactly once (planner run twice, a crash mid-dispatch, a leave)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.services import circles, program_admin, scheduling
from devtools.emulator import FakeSlack
from devtools.emulator.server import TEAM_ID
from storage.records import CircleRecord, ScheduledMessageRecord
from storage.scope import program_scope
from tests.support.circles import CIRCLES_ADMIN, approved, circle, circles_program, member
from tests.support.factories import utc
from tests.support.scheduling import dms, run, tick_process
from tests.support.settings import ADMIN_CHANNEL

T0 = utc(2026, 3, 2, 8)  # Monday 08:00 UTC
PEOPLE = (
    ("U0ANA", "Ana", "Europe/London"),
    ("U0BEN", "Ben", "America/New_York"),
    ("U0CAL", "Cal", "Europe/Berlin"),
    ("U0DIA", "Dia", "Europe/London"),
    ("U0EVE", "Eve", "America/New_York"),
    ("U0FOX", "Fox", "Europe/Berlin"),
)


def _setup(deps: Deps, fake: FakeSlack, count: int = 6, **settings: Any) -> tuple[int, circles.RoundDecision]:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    fake.add_channel(CIRCLES_ADMIN, "circles-admins", [])
    values: dict[str, Any] = {
        "circle_min_size": 3,
        "circle_max_size": 3,
        "circle_weeks": 4,
        "circle_cadence": "weekly",
        "check_in_hour": 10,
    }
    values.update(settings)
    program = circles_program(deps, **values)
    for uid, name, tz in PEOPLE[:count]:
        fake.add_user(uid, name, tz=tz)
        member(deps, uid, program, tz=tz, name=name)
    decision = approved(deps, program)
    for new in decision.created:
        channel = f"G0CIRCLE{new.circle_id}"
        fake.add_channel(channel, "mpdm", [m.slack_user_id for m in new.members])
        circles.set_group_channel(deps, TEAM_ID, new.circle_id, channel)
    return program, decision


def _rows(deps: Deps, kind: str | None = None) -> list[ScheduledMessageRecord]:
    with deps.uow() as uow:
        query = select(ScheduledMessageRecord).order_by(ScheduledMessageRecord.id)
        if kind is not None:
            query = query.where(ScheduledMessageRecord.kind == kind)
        return list(uow.session.scalars(query))


def _tick_twice(deps: Deps, at: datetime) -> None:
    deps.clock.set(at)  # type: ignore[attr-defined]
    run(deps, at)
    run(deps, at)


def test_prompts_reach_each_circle_every_week_once_with_the_host_rotating(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _, decision = _setup(deps, fake_slack)
    assert len(decision.created) == 2
    for week in range(1, 4):
        _tick_twice(deps, T0 + timedelta(weeks=week, hours=14))  # Monday 22:00 UTC: past every host's 10:00
    prompts = _rows(deps, "circle_prompt")
    assert len(prompts) == 6 and {r.state for r in prompts} == {"sent"}
    for new in decision.created:
        mine = [r.payload for r in prompts if r.payload["circle_id"] == new.circle_id]
        assert [p["cycle"] for p in mine] == [1, 2, 3]
        # Cycle 0's host introduced the circle; then the turn passes in seat order.
        order = [m.slack_user_id for m in new.members]
        assert [p["host"] for p in mine] == [order[1], order[2], order[0]]
        channel = f"G0CIRCLE{new.circle_id}"
        texts = [m.all_text() for m in fake_slack.messages_in(channel)]
        assert len(texts) == 3 and all("hosts this time" in t for t in texts)
        assert len({p["prompt"] for p in mine}) == 3  # a new prompt each week


def test_each_prompt_comes_at_ten_in_the_hosts_zone(deps: Deps, fake_slack: FakeSlack) -> None:
    _, decision = _setup(deps, fake_slack)
    _tick_twice(deps, T0 + timedelta(weeks=1, hours=14))
    hosts = {m.slack_user_id: m.timezone for new in decision.created for m in new.members}
    for row in _rows(deps, "circle_prompt"):
        local = row.due_at.astimezone(__import__("zoneinfo").ZoneInfo(hosts[row.payload["host"]]))
        assert (local.date(), local.hour) == (date(2026, 3, 9), 10)


def test_before_its_hour_nothing_is_sent_and_a_missed_week_is_never_replayed(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _setup(deps, fake_slack)
    _tick_twice(deps, T0 + timedelta(weeks=1) - timedelta(hours=1))  # Monday 07:00 UTC
    assert _rows(deps, "circle_prompt") == []
    _tick_twice(deps, T0 + timedelta(weeks=2, hours=14))  # the bot was down all of week 1
    assert sorted(r.payload["cycle"] for r in _rows(deps, "circle_prompt")) == [2, 2]


def test_the_host_is_asked_whether_the_circle_met_unless_it_was_logged(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _, decision = _setup(deps, fake_slack)
    logged, asked = decision.created
    host = logged.members[0].slack_user_id
    circles.log_meeting(deps, TEAM_ID, host, logged.circle_id, 0, True, "We met and it was good")
    _tick_twice(deps, utc(2026, 3, 6, 23))  # Friday: two days before cycle 0 ends, after 10:00 everywhere
    asks = _rows(deps, "circle_meet_ask")
    assert [(r.recipient, r.payload["circle_id"], r.payload["cycle"]) for r in asks] == [
        (asked.members[0].slack_user_id, asked.circle_id, 0)
    ]
    assert len(dms(fake_slack, asked.members[0].slack_user_id, "Did your circle meet?")) == 1
    assert dms(fake_slack, host, "Did your circle meet?") == []


def test_an_ask_queued_for_a_cycle_logged_meanwhile_is_not_sent(deps: Deps, fake_slack: FakeSlack) -> None:
    _, decision = _setup(deps, fake_slack)
    first = decision.created[0]
    host = first.members[0]
    deps.clock.set(utc(2026, 3, 6, 8))  # type: ignore[attr-defined]
    scheduling.plan_circles(deps, TEAM_ID, utc(2026, 3, 6, 23))  # queued, not yet sent
    circles.log_meeting(deps, TEAM_ID, host.slack_user_id, first.circle_id, 0, False)
    run(deps, utc(2026, 3, 6, 23))
    states = {r.payload["circle_id"]: (r.state, r.last_error) for r in _rows(deps, "circle_meet_ask")}
    assert states[first.circle_id] == ("cancelled", "already_logged")


def test_the_closing_thanks_everyone_asks_each_for_a_reflection_and_tells_the_admins_once(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    program, decision = _setup(deps, fake_slack)
    for week in range(1, 5):
        _tick_twice(deps, T0 + timedelta(weeks=week, hours=14))
    # The run ended on Monday 30 March; at 22:00 UTC it is night in Europe: the closing DMs wait
    # for the next morning there.
    _tick_twice(deps, T0 + timedelta(weeks=4, days=1, hours=14))
    assert {c.status for c in (circle(deps, n.circle_id) for n in decision.created)} == {"ended"}
    assert {circle(deps, n.circle_id).end_reason for n in decision.created} == {"run_over"}
    for uid, _, _ in PEOPLE:
        assert len(dms(fake_slack, uid, "comes to a close")) == 1
    for new in decision.created:
        texts = [m.all_text() for m in fake_slack.messages_in(f"G0CIRCLE{new.circle_id}")]
        assert sum("run in" in t and "is over" in t for t in texts) == 1
    notes = [m.all_text() for m in fake_slack.messages_in(CIRCLES_ADMIN) if "next round" in m.all_text()]
    assert len(notes) == 1 and "2 circles" in notes[0]
    assert not [m for m in fake_slack.messages_in(ADMIN_CHANNEL) if "circle" in m.all_text()]
    # Nothing more after the end.
    before = len(_rows(deps))
    _tick_twice(deps, T0 + timedelta(weeks=6, hours=14))
    assert len([r for r in _rows(deps) if r.kind.startswith("circle_")]) == len(
        [r for r in _rows(deps)[:before] if r.kind.startswith("circle_")]
    )
    # The members wait for the next round, which avoids every pair that shared a circle.
    plan = circles.run_round(deps, TEAM_ID, program, None, dry_run=True)
    assert plan.proposal["waiting"] == 6


def test_the_planner_run_twice_at_one_instant_records_once(deps: Deps, fake_slack: FakeSlack) -> None:
    _setup(deps, fake_slack)
    at = T0 + timedelta(weeks=1, hours=14)
    first = scheduling.plan_circles(deps, TEAM_ID, at)
    second = scheduling.plan_circles(deps, TEAM_ID, at)
    # Each circle's prompt for cycle 1, its host's (late) ask for cycle 0, the admins' digest.
    assert first.by_kind == {"circle_prompt": 2, "circle_meet_ask": 2, "circles_digest": 1}
    assert second.inserted == 0
    keys = Counter((r.kind, r.period_key, r.recipient) for r in _rows(deps))
    assert set(keys.values()) == {1}


def test_leaving_cancels_what_was_queued_for_the_leaver_and_passes_the_turn(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _, decision = _setup(deps, fake_slack)
    new = decision.created[0]
    order = [m.slack_user_id for m in new.members]
    scheduling.plan_circles(deps, TEAM_ID, utc(2026, 3, 6, 23))  # the ask for cycle 0 to its host
    change = circles.leave(deps, TEAM_ID, order[0], new.circle_id)
    assert change.circle_status == "ended" or change.circle_status == "short"
    ask = next(r for r in _rows(deps, "circle_meet_ask") if r.payload["circle_id"] == new.circle_id)
    assert (ask.state, ask.last_error) == ("cancelled", "left_circle")


def test_prompts_wait_for_the_group_dm_and_stop_when_the_circle_ends(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _, decision = _setup(deps, fake_slack)
    first, second = decision.created
    with deps.uow() as uow:
        record = uow.session.get(CircleRecord, second.circle_id)
        assert record is not None
        record.group_channel_id = None
    at = T0 + timedelta(weeks=1, hours=14)
    scheduling.plan_circles(deps, TEAM_ID, at)
    assert {r.payload["circle_id"] for r in _rows(deps, "circle_prompt")} == {first.circle_id}
    for uid in [m.slack_user_id for m in first.members][:2]:
        circles.leave(deps, TEAM_ID, uid, first.circle_id)
    assert circle(deps, first.circle_id).status == "ended"
    run(deps, at)
    assert [(r.state, r.last_error) for r in _rows(deps, "circle_prompt")] == [("cancelled", "circle_ended")]


@pytest.mark.parametrize("crash", ["after_claim", "after_post"])
def test_killed_mid_dispatch_and_restarted_a_prompt_arrives_once(
    deps: Deps, fake_slack: FakeSlack, db_url: str, crash: str
) -> None:
    _, decision = _setup(deps, fake_slack, count=3)
    channel = f"G0CIRCLE{decision.created[0].circle_id}"
    at = T0 + timedelta(weeks=1, hours=14)
    dead = tick_process(db_url, fake_slack, at.isoformat(), crash)
    assert dead.returncode == 137, dead.stderr[-2000:]
    assert len(fake_slack.calls_to("chat.postMessage")) == (1 if crash == "after_post" else 0)
    again = tick_process(db_url, fake_slack, (at + timedelta(minutes=3)).isoformat(), None)
    assert again.returncode == 0, again.stderr[-2000:]
    assert len([m for m in fake_slack.messages_in(channel) if "hosts this time" in m.all_text()]) == 1
    assert {r.state for r in _rows(deps, "circle_prompt")} == {"sent"}
    if crash == "after_post":
        assert "reconciled 1" in again.stdout


def test_the_admins_get_a_weekly_circles_digest_once_a_week_with_counts_only(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    _, decision = _setup(deps, fake_slack)
    first = decision.created[0]
    deps.clock.set(T0 + timedelta(days=3))  # type: ignore[attr-defined]
    circles.log_meeting(
        deps, TEAM_ID, first.members[0].slack_user_id, first.circle_id, 0, True, "secret summary"
    )
    for hours in (2, 3, 30):  # Monday 10:00 and 11:00 UTC, Tuesday: one digest for the week
        _tick_twice(deps, T0 + timedelta(weeks=1, hours=hours))
    digests = _rows(deps, "circles_digest")
    assert len(digests) == 1 and digests[0].recipient == CIRCLES_ADMIN
    assert {k: digests[0].payload[k] for k in ("living", "members", "waiting", "meetings_last_week")} == {
        "living": 2,
        "members": 6,
        "waiting": 0,
        "meetings_last_week": 1,
    }
    texts = [m.all_text() for m in fake_slack.messages_in(CIRCLES_ADMIN)]
    assert len(texts) == 1 and "Peer circles this week" in texts[0] and "secret" not in texts[0]
    _tick_twice(deps, T0 + timedelta(weeks=2, hours=3))
    assert len(_rows(deps, "circles_digest")) == 2


def test_a_circles_program_end_to_end_reforms_with_no_repeats(deps: Deps, fake_slack: FakeSlack) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    fake_slack.add_channel(CIRCLES_ADMIN, "circles-admins", [])
    program = circles_program(
        deps, circle_min_size=3, circle_max_size=3, circle_weeks=3, circle_cadence="weekly", check_in_hour=10
    )
    people = [f"U0J{n}" for n in range(1, 10)]
    for uid in people:
        fake_slack.add_user(uid, uid, tz="Europe/London")
        member(deps, uid, program, tz="Europe/London")
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    first = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN").created
    assert len(first) == 3
    for new in first:
        channel = f"G0CIRCLE{new.circle_id}"
        fake_slack.add_channel(channel, "mpdm", [m.slack_user_id for m in new.members])
        circles.set_group_channel(deps, TEAM_ID, new.circle_id, channel)
    _tick_twice(deps, T0 + timedelta(weeks=1, hours=14))
    leaver = first[0].members[2].slack_user_id
    assert circles.leave(deps, TEAM_ID, leaver, first[0].circle_id).circle_status == "short"
    _tick_twice(deps, T0 + timedelta(weeks=2, hours=14))
    hosts = [
        r.payload["host"]
        for r in _rows(deps, "circle_prompt")
        if r.payload["circle_id"] == first[1].circle_id
    ]
    assert hosts == [first[1].members[1].slack_user_id, first[1].members[2].slack_user_id]
    # The short circle's two members hosted in turn without the leaver.
    short = [
        r.payload["host"]
        for r in _rows(deps, "circle_prompt")
        if r.payload["circle_id"] == first[0].circle_id
    ]
    assert leaver not in short[1:]
    _tick_twice(deps, T0 + timedelta(weeks=3, days=1, hours=14))
    assert {circle(deps, n.circle_id).status for n in first} == {"ended"}
    second = circles.run_round(deps, TEAM_ID, program, "U0ADMIN", dry_run=True)
    before = {
        frozenset({a.slack_user_id, b.slack_user_id})
        for n in first
        for a in n.members
        for b in n.members
        if a != b
    }
    after = {
        frozenset({a, b})
        for c in second.proposal["circles"]
        for a in c["members"]
        for b in c["members"]
        if a != b
    }
    assert len(second.proposal["circles"]) == 3 and not before & after
    with program_scope(program):
        report = program_admin.program_report(deps, TEAM_ID)
    values = {m.key: m.value for m in report.sections["circles"]}
    assert values["circles_ended"] == 3 and values["circles_living"] == 0  # a count: shown, even 0
