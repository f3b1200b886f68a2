"""The fake Slack stamps messages on the story's clock when it has one."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk import WebClient

from devtools.emulator.clock import ForwardClock
from devtools.emulator.server import BOT_TOKEN, FakeSlack


def test_messages_are_stamped_with_the_emulator_clock_not_the_wall_clock() -> None:
    fake = FakeSlack().start()
    try:
        fake.add_channel("C0TEST", "test", [])
        story = datetime(2027, 1, 11, 9, 4, tzinfo=UTC)
        fake.clock = ForwardClock(story)
        client = WebClient(token=BOT_TOKEN, base_url=fake.api_url)
        ts = str(client.chat_postMessage(channel="C0TEST", text="hi")["ts"])
        assert datetime.fromtimestamp(float(ts), UTC).replace(microsecond=0) == story
    finally:
        fake.stop()
