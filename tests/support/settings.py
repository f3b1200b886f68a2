"""The settings of a bot under test: channel ids, the signing secret, and `make_settings`."""

from __future__ import annotations

from typing import Any

from bot.config import Settings
from devtools.emulator import FakeSlack
from devtools.emulator.server import BOT_TOKEN

SIGNING_SECRET = "test-signing-secret"
ADMIN_CHANNEL = "C0ADMINS"
PROGRAM_CHANNEL = "C0PROGRAM"
CELEBRATION_CHANNEL = "C0CELEBRATE"


def make_settings(db_url: str, fake: FakeSlack, **overrides: Any) -> Settings:
    """Settings for a bot under test, talking to the fake Slack."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.api_url,
        "database_url": db_url,
        "mentorbot_admin_channel": ADMIN_CHANNEL,
        "mentorbot_program_channel": PROGRAM_CHANNEL,
        "mentorbot_celebration_channel": CELEBRATION_CHANNEL,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)
