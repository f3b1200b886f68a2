"""`mentorbot serve` as a real process: migrations applied, health, metrics, Slack requests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.server import BOT_TOKEN
from handlers.slack import ids
from tests.support.settings import SIGNING_SECRET


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    url: str
    proc: subprocess.Popen[bytes]


@pytest.fixture
def serving(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[Served]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_", "DATABASE_URL"))}
    env.update(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}",
            "MENTORBOT_LOG_LEVEL": "WARNING",
        }
    )
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):  # noqa: S310
                break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "serve exited") from None
            time.sleep(0.1)
    yield Served(url, proc)
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def served(serving: Served) -> str:
    return serving.url


def test_serve_answers_health_metrics_and_slack(served: str, fake_slack: FakeSlack) -> None:
    with urllib.request.urlopen(served + "/healthz", timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
    ws = Workspace(fake_slack, served, SIGNING_SECRET)
    reply = ws.person("U0ADA", "Ada").command("help")
    assert reply.status == 200
    assert "/mentor join" in reply.text
    assert reply.headers.get("Server") == "mentorbot"  # waitress, not Bolt's development server
    with urllib.request.urlopen(served + "/metrics", timeout=5) as response:  # noqa: S310
        assert b"mentorbot_request_seconds_bucket" in response.read()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(served + "/nope", timeout=5)  # noqa: S310
    assert err.value.code == 404


def test_a_stop_signal_lets_acknowledged_work_finish(serving: Served, fake_slack: FakeSlack) -> None:
    ada = Workspace(fake_slack, serving.url, SIGNING_SECRET).person("U0ADA", "Ada")
    ada.command("join")
    ada.modal(timeout=10)
    # The profile is saved before the ack; the welcome DM and Home follow a slow Slack call.
    fake_slack.fail("users.info", delay=1.5, times=1)
    seen = len(fake_slack.calls_to("users.info"))
    assert ada.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "leadership"}).status == 200
    fake_slack.wait_for(lambda: len(fake_slack.calls_to("users.info")) > seen, timeout=10)
    serving.proc.terminate()  # what a container stop sends, mid-work
    assert serving.proc.wait(timeout=30) == 0
    assert "leadership" in ada.last_dm(containing="Welcome", timeout=1).all_text()
    assert fake_slack.calls_to("views.publish")
