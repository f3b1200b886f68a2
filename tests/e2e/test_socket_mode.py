"""Socket Mode (`serve --socket`): the same bot, reached over a WebSocket instead of signed HTTP.

Slack's end is `devtools.emulator.socket_mode`: the fake Web API hands out a `ws://` URL for
`apps.connections.open`, pushes envelopes as Slack shapes them and collects the acknowledgements.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.deps import Deps, build_deps
from bot.server import SocketModeBot, start_socket_mode
from devtools.emulator import FakeSlack
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_TOKEN
from devtools.emulator.socket_mode import APP_TOKEN, SocketModeSlack, SocketWorkspace
from handlers.slack import ids
from storage.records import PersonRecord
from tests.support.settings import SIGNING_SECRET, make_settings


@pytest.fixture
def socket_slack(fake_slack: FakeSlack) -> Iterator[SocketModeSlack]:
    socket = SocketModeSlack(fake_slack)
    yield socket
    socket.close()


@pytest.fixture
def socket_bot(
    db_url: str, fake_slack: FakeSlack, socket_slack: SocketModeSlack, clock: Clock
) -> Iterator[SocketModeBot]:
    deps = build_deps(make_settings(db_url, fake_slack, slack_app_token=APP_TOKEN), clock=clock)
    running = start_socket_mode(deps)
    socket_slack.wait_connected()
    yield running
    running.stop()
    deps.engine.dispose()


@pytest.fixture
def sws(fake_slack: FakeSlack, socket_slack: SocketModeSlack, socket_bot: SocketModeBot) -> SocketWorkspace:
    return SocketWorkspace(fake_slack, socket_slack, settle=socket_bot.settle)


def _person(deps: Deps, user_id: str) -> PersonRecord | None:
    with deps.uow() as uow:
        return uow.session.scalars(select(PersonRecord).where(PersonRecord.slack_user_id == user_id)).first()


def test_the_bot_connects_with_the_app_token_and_answers_a_command(
    sws: SocketWorkspace, fake_slack: FakeSlack
) -> None:
    (opened,) = fake_slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN
    reply = sws.person("U0ADA", "Ada").command("help")
    assert reply.status == 200
    assert "/mentor join" in reply.text
    typo = sws.person("U0BO", "Bo").command("jion")
    assert "/mentor join" in typo.text


def test_a_modal_round_trip_over_the_socket(
    sws: SocketWorkspace, socket_bot: SocketModeBot, fake_slack: FakeSlack
) -> None:
    ada = sws.person("U0ADA", "Ada")
    ada.command("join")
    assert ada.modal()["callback_id"] == ids.PROFILE_MODAL
    refused = ada.submit({ids.PROFILE_ROLE: "mentor", ids.PROFILE_CAPACITY: "9"})
    assert refused.json["response_action"] == "errors"  # inline errors travel in the ack's payload
    assert _person(socket_bot.deps, "U0ADA") is None
    ada.submit({ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: "Python", ids.PROFILE_CAPACITY: "2"})
    assert "python" in ada.last_dm(containing="Welcome").all_text()
    saved = _person(socket_bot.deps, "U0ADA")
    assert saved is not None and saved.offers == ["python"]


def test_a_redelivered_event_is_processed_once(sws: SocketWorkspace, fake_slack: FakeSlack) -> None:
    sws.person("U0CY", "Cy")
    event = {"type": "app_home_opened", "user": "U0CY", "channel": "DU0CY", "tab": "home", "event_ts": "1.0"}
    sws.post_event(event, event_id="Ev0SOCKET1")
    for attempt in (1, 2):
        sws.post_event(event, event_id="Ev0SOCKET1", retry_num=attempt)
    assert len(fake_slack.calls_to("views.publish")) == 1


def test_the_bot_reconnects_when_slack_asks(
    sws: SocketWorkspace, socket_slack: SocketModeSlack, fake_slack: FakeSlack
) -> None:
    socket_slack.disconnect()
    fake_slack.wait_for(lambda: socket_slack.opened >= 2, timeout=15)
    socket_slack.wait_connected()
    assert "/mentor join" in sws.person("U0ADA", "Ada").command("help").text


def _socket_env(fake_slack: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_", "DATABASE_URL"))}
    env.update(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
            "MENTORBOT_LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    return env


def test_serve_socket_as_a_process_answers_and_stops_on_sigterm(
    fake_slack: FakeSlack, socket_slack: SocketModeSlack, tmp_path: Path
) -> None:
    env = _socket_env(fake_slack, tmp_path, SLACK_APP_TOKEN=APP_TOKEN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--socket", "--no-scheduler"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        socket_slack.wait_connected(timeout=30)
        reply = SocketWorkspace(fake_slack, socket_slack).person("U0ADA", "Ada").command("help")
        assert "/mentor join" in reply.text
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
    assert code == 0


def test_serve_socket_without_an_app_token_names_the_variable(fake_slack: FakeSlack, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--socket", "--no-scheduler"],
        env=_socket_env(fake_slack, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr
