"""Faults: 429 storms, 5xx, dropped connections, a deactivated person, channel errors, crashes
mid-dispatch and two dispatchers at once. Every case: nothing lost, nothing doubled."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.services import scheduling
from bot.wiring import make_dispatcher
from devtools.emulator import FakeSlack
from devtools.emulator.server import BOT_USER_ID
from storage.records import MentorshipRecord, PersonRecord, ScheduledMessageRecord
from tests.support.factories import make_person, utc
from tests.support.scheduling import dms, pair, run, tick_process
from tests.support.settings import ADMIN_CHANNEL, CELEBRATION_CHANNEL

T0 = utc(2026, 3, 2, 12)  # Monday noon UTC


def _announce(deps: Deps, fake: FakeSlack, count: int) -> list[str]:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    users = [f"U0P{i:05d}" for i in range(count)]
    for uid in users:
        fake.add_user(uid, uid)
    make_person(deps, "U0ANCHOR", "mentor")
    scheduling.enqueue(
        deps,
        [
            {
                "team_id": "T0EMULATOR",
                "kind": "announcement",
                "period_key": "news",
                "recipient": u,
                "due_at": T0,
                "payload": {"text": f"news for {u}"},
            }
            for u in users
        ],
    )
    return users


def _delivered(fake: FakeSlack, users: list[str]) -> Counter[str]:
    return Counter({u: len(fake.dms_to(u)) for u in users})


def _states(deps: Deps) -> Counter[str]:
    with deps.uow() as uow:
        return Counter(
            uow.session.scalars(
                select(ScheduledMessageRecord.state).where(ScheduledMessageRecord.kind != "digest")
            ).all()
        )


def test_429_storm_defers_and_everything_arrives_once(deps: Deps, fake_slack: FakeSlack) -> None:
    users = _announce(deps, fake_slack, 30)
    fake_slack.fail("chat.postMessage", status=429, retry_after=2, times=4)
    first = run(deps, T0)
    assert first.dispatch.rate_limited > 0
    at = T0
    for _ in range(8):
        at += timedelta(seconds=3)
        run(deps, at)
    assert set(_delivered(fake_slack, users).values()) == {1}
    assert _states(deps)["sent"] == 30


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 503},
        {"error": "fatal_error"},
        {"error": "internal_error"},
        {"drop": "before"},
        {"drop": "after"},
    ],
    ids=["500", "503", "fatal_error", "internal_error", "drop-before", "drop-after"],
)
def test_ambiguous_failures_reconcile_and_deliver_exactly_once(
    deps: Deps, fake_slack: FakeSlack, fault: dict[str, object]
) -> None:
    users = _announce(deps, fake_slack, 6)
    fake_slack.fail("chat.postMessage", times=3, **fault)
    report = run(deps, T0)
    assert report.dispatch.unknown == 3
    at = T0
    for _ in range(5):
        at += timedelta(minutes=5)
        run(deps, at)
    assert set(_delivered(fake_slack, users).values()) == {1}
    assert _states(deps) == Counter({"sent": 6})
    assert fake_slack.calls_to("conversations.history")  # looked before resending


def test_reconciliation_pages_back_through_a_busy_conversation(deps: Deps, fake_slack: FakeSlack) -> None:
    (user,) = _announce(deps, fake_slack, 1)
    to_user = (user, fake_slack.dm_channel(user))
    # Posted, but the answer never came back.
    fake_slack.fail("chat.postMessage", drop="after", times=1, match=lambda p: p.get("channel") in to_user)
    assert run(deps, T0).dispatch.unknown == 1
    fake_slack.chatter(fake_slack.dm_channel(user), user, 450)  # more than two pages arrive meanwhile
    run(deps, T0 + timedelta(minutes=5))
    assert len([m for m in fake_slack.dms_to(user) if m.user == BOT_USER_ID]) == 1
    assert _states(deps) == Counter({"sent": 1})
    pages = [c for c in fake_slack.calls_to("conversations.history") if c.params["channel"] in to_user]
    assert len(pages) == 3 and pages[-1].params.get("cursor")


def test_deactivated_person_is_paused_partner_and_admins_told_once(deps: Deps, fake_slack: FakeSlack) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=T0, cadence="weekly")
    with fake_slack.lock:
        fake_slack.state.users["U0BO"]["deleted"] = True
    at = T0
    for _ in range(30):
        at += timedelta(hours=8)
        run(deps, at)
    with deps.uow() as uow:
        bo = uow.session.scalars(select(PersonRecord).where(PersonRecord.slack_user_id == "U0BO")).one()
        record = uow.session.get(MentorshipRecord, m.id)
        assert bo.status == "inactive" and record is not None and record.status == "paused"
    assert len(dms(fake_slack, "U0ADA", "no longer in this workspace")) == 1
    admin = [x for x in fake_slack.messages_in(ADMIN_CHANNEL) if "deactivated" in x.all_text()]
    assert len(admin) == 1
    failed_posts = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") in ("U0BO", "DU0BO")
    ]
    assert len(failed_posts) == 1  # tried once, never again


def test_archived_channel_fails_that_message_and_tells_admins(deps: Deps, fake_slack: FakeSlack) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    make_person(deps, "U0ANCHOR", "mentor")
    scheduling.enqueue(
        deps,
        [
            {
                "team_id": "T0EMULATOR",
                "kind": "announcement",
                "period_key": "x",
                "recipient": CELEBRATION_CHANNEL,
                "due_at": T0,
                "payload": {"text": "hi"},
            }
        ],
    )
    fake_slack.fail(
        "chat.postMessage", error="is_archived", match=lambda p: p.get("channel") == CELEBRATION_CHANNEL
    )
    run(deps, T0)
    run(deps, T0 + timedelta(minutes=1))
    notes = [x.all_text() for x in fake_slack.messages_in(ADMIN_CHANNEL) if "digest" not in x.all_text()]
    assert len(notes) == 1 and "is_archived" in notes[0]
    assert _states(deps) == Counter({"failed": 1, "sent": 1})


@pytest.mark.parametrize("crash", ["after_claim", "after_post"])
def test_killed_mid_dispatch_and_restarted_loses_and_doubles_nothing(
    deps: Deps, fake_slack: FakeSlack, db_url: str, crash: str
) -> None:
    users = _announce(deps, fake_slack, 5)
    dead = tick_process(db_url, fake_slack, T0.isoformat(), crash)
    assert dead.returncode == 137, dead.stderr[-2000:]
    assert len(fake_slack.calls_to("chat.postMessage")) == (1 if crash == "after_post" else 0)
    assert _states(deps)["claimed"] >= 1
    again = tick_process(db_url, fake_slack, (T0 + timedelta(minutes=3)).isoformat(), None)
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.startswith("tick at 2026-03-02T12:03:00+00:00: planned")
    assert set(_delivered(fake_slack, users).values()) == {1}
    assert _states(deps) == Counter({"sent": 5})
    assert len(fake_slack.messages_in(ADMIN_CHANNEL)) == 1  # the weekly digest, once
    if crash == "after_post":
        assert "reconciled 1" in again.stdout


def test_two_dispatchers_at_once_send_each_message_once(deps: Deps, fake_slack: FakeSlack) -> None:
    users = _announce(deps, fake_slack, 240)
    frozen = deps.at(T0)
    workers = [
        make_dispatcher(frozen, worker_id=f"w{i}", rate=5000, channel_rate=5000, batch=20) for i in range(2)
    ]
    reports = []
    threads = [threading.Thread(target=lambda w=w: reports.append(w.run(T0))) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(_delivered(fake_slack, users).values()) == {1}
    assert sum(r.sent for r in reports) == 240
    assert all(r.sent > 0 for r in reports)
    with deps.uow() as uow:
        owners = Counter(uow.session.scalars(select(ScheduledMessageRecord.claimed_by)).all())
    assert set(owners) == {"w0", "w1"}


def test_a_long_lived_dispatcher_stops_sending_once_the_workspace_is_gone(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    from bot.ports import WorkspaceUnavailable
    from devtools.emulator.server import TEAM_ID
    from handlers.slack.gateway import SlackGateway
    from storage.records import ScheduledMessageRecord

    def queue(key: str) -> None:
        now = deps.clock()
        with deps.uow() as uow:
            uow.session.add(
                ScheduledMessageRecord(
                    team_id=TEAM_ID,
                    mentorship_id=0,
                    kind="announcement",
                    period_key=key,
                    recipient="U0ADA",
                    due_at=now,
                    payload={"text": "hello"},
                    created_at=now,
                )
            )

    fake_slack.add_user("U0ADA", "Ada")
    deps.slack = SlackGateway(deps.settings)
    dispatcher = make_dispatcher(deps)
    queue("a1")
    assert dispatcher.run().sent == 1

    def gone(team_id: str | None, *, interactive: bool = True) -> None:
        raise WorkspaceUnavailable(team_id or "?")

    deps.slack.client_for = gone  # type: ignore[method-assign,assignment]  # the app was uninstalled meanwhile
    queue("a2")
    report = dispatcher.run()
    assert report.sent == 0
    assert report.cancelled == 1
    assert len(fake_slack.dms_to("U0ADA")) == 1
