"""Acks never wait behind work: a burst against a slow Slack, with every worker already busy.

Slack answers every Web API call slowly and the bot's few workers are busy refreshing App Homes
when a crowd types `/mentor join` at once. Every command must still be acknowledged (HTTP 200) and
every profile modal opened while its trigger is valid (the fake refuses a trigger older than 3 s
with `expired_trigger_id`); once the queue is full, people are told the bot is busy. Only counts
and outcomes are asserted; the timings are in benchmarks/bench_load.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.deps import build_deps
from bot.metrics import REGISTRY
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.driver import Person, Reply
from devtools.emulator.server import TRIGGER_TTL_SECONDS
from handlers.slack import texts
from tests.support.settings import SIGNING_SECRET, make_settings

WORKERS = 4
LATENCY = 0.2  # seconds per Web API call
HOME_REFRESHES = 80  # 80 x 0.2 s / 4 workers = 4 s of work queued before the burst
JOINERS = 24


def _start(sqlite_url: str, fake: FakeSlack, **settings: Any) -> RunningBot:
    deps = build_deps(make_settings(sqlite_url, fake, mentorbot_listener_threads=WORKERS, **settings))
    return start_in_thread(deps)


@pytest.fixture
def slow_bot(sqlite_url: str, fake_slack: FakeSlack) -> Iterator[RunningBot]:
    """A bot with four workers in front of a Slack that takes 0.2 s per call."""
    running = _start(sqlite_url, fake_slack)
    fake_slack.latency = LATENCY
    fake_slack.trigger_ttl = TRIGGER_TTL_SECONDS
    yield running
    running.stop()
    running.deps.engine.dispose()


def _people(ws: Workspace, prefix: str, count: int) -> list[Person]:
    return [ws.person(f"U0{prefix}{n:04d}", f"{prefix} {n}") for n in range(count)]


def _all_at_once(actions: list[Any]) -> list[Reply]:
    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(lambda act: act(), actions))


def test_a_burst_of_joins_is_acked_and_every_modal_opens_while_home_refreshes_queue(
    slow_bot: RunningBot, fake_slack: FakeSlack
) -> None:
    ws = Workspace(fake_slack, slow_bot.url, SIGNING_SECRET)  # no settle: people act concurrently
    browsers = _people(ws, "HOME", HOME_REFRESHES)
    joiners = _people(ws, "JOIN", JOINERS)

    home_acks = _all_at_once([person.open_home for person in browsers])
    join_acks = _all_at_once([lambda person=person: person.command("join") for person in joiners])
    slow_bot.settle(60)

    assert [reply.status for reply in home_acks + join_acks] == [200] * (HOME_REFRESHES + JOINERS)
    opens = fake_slack.calls_to("views.open")
    assert len(opens) == JOINERS
    assert [call.outcome for call in opens] == ["ok"] * JOINERS  # no expired_trigger_id
    assert all(fake_slack.open_modal(person.id) is not None for person in joiners)
    publishes = fake_slack.calls_to("views.publish")
    assert [call.outcome for call in publishes] == ["ok"] * HOME_REFRESHES  # delayed, not lost


def test_a_full_queue_answers_busy_in_the_ack_and_counts_the_shed(
    sqlite_url: str, fake_slack: FakeSlack
) -> None:
    running = _start(sqlite_url, fake_slack, mentorbot_work_queue_size=2)
    fake_slack.latency = 0.5  # the first six joins hold every worker and place for a while
    fake_slack.trigger_ttl = TRIGGER_TTL_SECONDS
    try:
        ws = Workspace(fake_slack, running.url, SIGNING_SECRET)
        shed_before = REGISTRY.get_sample_value("mentorbot_work_shed_total", {"kind": "command"}) or 0.0
        # Four workers busy and two places taken: the rest of the crowd hears "busy" at once.
        replies = _all_at_once([lambda p=p: p.command("join") for p in _people(ws, "CROWD", 30)])
        running.settle(60)
        busy = [reply for reply in replies if texts.BUSY in reply.text]
        assert [reply.status for reply in replies] == [200] * 30
        assert busy  # some were shed ...
        opened = fake_slack.calls_to("views.open")
        assert len(opened) + len(busy) == 30  # ... and every other one got its modal
        assert all(call.outcome == "ok" for call in opened)
        shed = REGISTRY.get_sample_value("mentorbot_work_shed_total", {"kind": "command"}) or 0.0
        assert shed - shed_before == len(busy)
    finally:
        running.stop()
        running.deps.engine.dispose()


def test_the_fake_refuses_a_trigger_older_than_its_lifetime(fake_slack: FakeSlack) -> None:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from devtools.emulator.server import BOT_TOKEN

    fake_slack.add_user("U0LATE", "Late")
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    client.views_open(trigger_id=fake_slack.new_trigger("U0LATE"), view=view)  # no lifetime: fine
    fake_slack.trigger_ttl = -1.0  # every trigger is already too old
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=fake_slack.new_trigger("U0LATE"), view=view)


def test_a_long_rate_limit_fails_at_once_and_a_short_one_is_retried(
    sqlite_url: str, fake_slack: FakeSlack
) -> None:
    from slack_sdk.errors import SlackApiError

    from handlers.slack.gateway import SlackGateway

    client = SlackGateway(make_settings(sqlite_url, fake_slack)).client_for(None)
    fake_slack.fail("auth.test", status=429, retry_after=60)  # would hold a worker for a minute
    with pytest.raises(SlackApiError, match="ratelimited"):
        client.auth_test()
    fake_slack.fail("auth.test", status=429, retry_after=0)
    assert client.auth_test()["ok"] is True  # retried once
    assert [c.outcome for c in fake_slack.calls_to("auth.test")] == ["429", "429", "ok"]


def test_the_server_loop_waits_for_sockets_instead_of_spinning(bot: RunningBot) -> None:
    # Waitress reads asyncore_loop_timeout as whole seconds: 0.05 became 0, and the loop spun on
    # the interpreter lock between requests, slowing every ack. Each loop pass asks the server
    # whether it is readable; idle, there should be about one pass per second.
    passes: list[float] = []
    readable = bot.server.readable

    def counted() -> bool:
        passes.append(0.0)
        return bool(readable())

    bot.server.readable = counted
    try:
        threading.Event().wait(0.5)
    finally:
        bot.server.readable = readable
    assert len(passes) < 20
