"""Workspaces never see each other's data; two replicas on one database process an event once."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.deps import Deps, build_deps
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.driver import Reply
from handlers.slack import ids
from storage.records import Base, PersonRecord
from tests.support.oauth import install, oauth_settings
from tests.support.settings import SIGNING_SECRET, make_settings

# Tables whose rows are not a workspace's program data, or are keyed by the workspace itself.
UNSCOPED = {"oauth_states", "alembic_version"}


def test_every_table_of_program_data_carries_its_workspace() -> None:
    for table in Base.metadata.sorted_tables:
        if table.name in UNSCOPED:
            continue
        assert "team_id" in table.columns, table.name
        if table.name != "installations":  # an org-wide install has an enterprise, not a team
            assert not table.columns["team_id"].nullable, table.name


@pytest.fixture
def second_team(fake_slack: FakeSlack) -> Iterator[FakeSlack]:
    other = FakeSlack(team_id="T0SECOND", tokens=()).start()
    other.add_channel("C0GENERAL", "general", [])
    fake_slack.peers.append(other)
    yield other
    other.stop()


def _home_text(fake: FakeSlack, user_id: str) -> str:
    return json.dumps(fake.home_of(user_id) or {})


def test_two_workspaces_with_the_same_user_ids_never_see_each_others_data(
    db_url: str, fake_slack: FakeSlack, second_team: FakeSlack, clock: Clock
) -> None:
    deps = build_deps(oauth_settings(db_url, fake_slack), clock=clock)
    second_team.oauth_client = fake_slack.oauth_client
    bot = start_in_thread(deps)
    try:
        token_a = install(bot.url, fake_slack)
        token_b = install(bot.url, second_team)
        alpha = Workspace(fake_slack, bot.url, SIGNING_SECRET, settle=bot.settle).person(
            "U0SAME", "Sam Alpha"
        )
        bravo = Workspace(second_team, bot.url, SIGNING_SECRET, settle=bot.settle).person(
            "U0SAME", "Sam Bravo"
        )

        alpha.command("join")
        alpha.submit(
            {ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: "kubernetes", ids.PROFILE_INTRO: "ALPHA"}
        )
        alpha.last_dm(containing="Welcome")
        bravo.command("join")
        bravo.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "pottery", ids.PROFILE_INTRO: "BRAVO"})
        bravo.last_dm(containing="Welcome")

        with deps.uow() as uow:
            rows = uow.session.scalars(select(PersonRecord).order_by(PersonRecord.team_id)).all()
            assert [(p.team_id, p.slack_user_id, p.role) for p in rows] == [
                ("T0EMULATOR", "U0SAME", "mentor"),
                ("T0SECOND", "U0SAME", "mentee"),
            ]

        # The profile modal each one reopens is their own workspace's profile.
        alpha.command("profile")
        modal_a = json.dumps(alpha.modal())
        assert "kubernetes" in modal_a and "pottery" not in modal_a and "BRAVO" not in modal_a
        alpha.close_modal()
        bravo.command("profile")
        modal_b = json.dumps(bravo.modal())
        assert "pottery" in modal_b and "kubernetes" not in modal_b and "ALPHA" not in modal_b

        # App Home: each sees only their own workspace's data.
        alpha.open_home()
        bravo.open_home()
        fake_slack.wait_for(lambda: "kubernetes" in _home_text(fake_slack, "U0SAME"))
        second_team.wait_for(lambda: "pottery" in _home_text(second_team, "U0SAME"))
        assert "pottery" not in _home_text(fake_slack, "U0SAME")
        assert "kubernetes" not in _home_text(second_team, "U0SAME")

        # Every Web API call went to its own workspace with its own token.
        assert {c.token for c in fake_slack.calls if c.token and c.method != "oauth.v2.access"} == {token_a}
        assert {c.token for c in second_team.calls if c.token and c.method != "oauth.v2.access"} == {token_b}
        assert all(
            m.channel != "DU0SAME" or "pottery" not in m.all_text() for m in fake_slack.dms_to("U0SAME")
        )
    finally:
        bot.stop()
        deps.engine.dispose()


@pytest.fixture
def replicas(db_url: str, fake_slack: FakeSlack, clock: Clock) -> Iterator[list[tuple[Deps, RunningBot]]]:
    """Two `mentorbot serve` replicas on one database, each with its own engine (like two processes)."""
    running: list[tuple[Deps, RunningBot]] = []
    for _ in range(2):
        deps = build_deps(make_settings(db_url, fake_slack), clock=clock)
        running.append((deps, start_in_thread(deps)))
    yield running
    for deps, bot in running:
        bot.stop()
        deps.engine.dispose()


def test_two_replicas_process_a_redelivered_event_once(
    replicas: list[tuple[Deps, RunningBot]], fake_slack: FakeSlack
) -> None:
    (_, one), (_, two) = replicas
    a = Workspace(fake_slack, one.url, SIGNING_SECRET, settle=one.settle)
    b = Workspace(fake_slack, two.url, SIGNING_SECRET, settle=two.settle)
    a.person("U0ADA", "Ada Lovelace")
    event = {"type": "app_home_opened", "user": "U0ADA", "channel": "DU0ADA", "tab": "home"}

    def deliver(
        barrier: threading.Barrier, replies: list[Reply], ws: Workspace, event_id: str, retry: int | None
    ) -> None:
        barrier.wait()
        replies.append(ws.post_event(event, event_id=event_id, retry_num=retry))

    # The same delivery arrives at both replicas at once (a retry racing the first attempt).
    for round_ in range(5):
        barrier = threading.Barrier(2)
        replies: list[Reply] = []
        threads = [
            threading.Thread(target=deliver, args=(barrier, replies, a, f"EvRACE{round_}", None)),
            threading.Thread(target=deliver, args=(barrier, replies, b, f"EvRACE{round_}", 1)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [r.status for r in replies] == [200, 200]
        expected = round_ + 1
        fake_slack.wait_for(lambda: len(fake_slack.calls_to("views.publish")) >= expected)  # noqa: B023
        fake_slack.wait_idle()
        assert len(fake_slack.calls_to("views.publish")) == round_ + 1

    # A later retry delivered to the other replica is dropped too.
    assert b.post_event(event, event_id="EvRACE0", retry_num=2).status == 200
    fake_slack.wait_idle()
    assert len(fake_slack.calls_to("views.publish")) == 5


def test_listener_latency_is_labelled_by_listener_with_bounded_values(ws: Workspace, bot: RunningBot) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("help")
    ada.command("jion")
    ada.command("zz" + "q" * 30)
    ada.command("admin zzz")
    ws.post_event({"type": "app_home_opened", "user": "U0ADA", "channel": "DU0ADA", "tab": "home"})
    ws.fake.wait_idle()
    with urllib.request.urlopen(bot.url + "/metrics", timeout=5) as response:  # noqa: S310 - loopback
        metrics = response.read().decode()
    assert 'mentorbot_listener_seconds_count{kind="command",listener="/mentor help"}' in metrics
    assert 'listener="/mentor other"' in metrics
    assert 'listener="/mentor admin other"' in metrics
    assert 'mentorbot_listener_seconds_count{kind="event",listener="app_home_opened"}' in metrics
    assert "jion" not in metrics and "zzqq" not in metrics
