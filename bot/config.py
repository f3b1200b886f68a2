"""Settings from the environment (and `.env`), validated once at start-up."""

from __future__ import annotations

import logging
import re
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


class SettingsError(Exception):
    """Settings that cannot be used; the message names the variable and what to fix."""


class Settings(BaseSettings):
    """Operator settings; program settings (cadence, weights, ...) live in the database."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = "sqlite:///./mentorbot.db"
    mentorbot_admin_channel: str | None = None
    mentorbot_program_channel: str | None = None
    mentorbot_celebration_channel: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    mentorbot_encryption_key: SecretStr | None = None
    mentorbot_log_level: str = "INFO"
    mentorbot_listener_threads: int = Field(default=32, ge=4, le=512)
    # Acknowledged requests that may wait for a listener thread; beyond that the bot says it is busy.
    mentorbot_work_queue_size: int = Field(default=256, ge=1, le=10_000)
    # Scheduler pacing: messages per second per workspace, and per channel (Slack allows ~1/s).
    mentorbot_send_rate: float = Field(default=8.0, gt=0, le=10_000)
    mentorbot_channel_send_rate: float = Field(default=1.0, gt=0, le=10_000)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// SQLAlchemy URL")
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @field_validator("mentorbot_admin_channel", "mentorbot_program_channel", "mentorbot_celebration_channel")
    @classmethod
    def _channel_id(cls, value: str | None) -> str | None:
        if value is not None and not _CHANNEL_ID.match(value):
            raise ValueError("must be a Slack channel id like C0123456789 (not a #name)")
        return value

    @field_validator("mentorbot_log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("xoxb-", "xoxe.xoxb-")):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @model_validator(mode="after")
    def _oauth_pair(self) -> Settings:
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            raise ValueError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be set together for OAuth installs"
            )
        if self.slack_client_id and not self.mentorbot_encryption_key:
            raise ValueError(
                "MENTORBOT_ENCRYPTION_KEY is required with SLACK_CLIENT_ID: tokens are stored encrypted"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite default."""
        return self.database_url.startswith("sqlite")

    @property
    def oauth_enabled(self) -> bool:
        """Whether multi-workspace OAuth installs are configured."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def require_serving(self) -> None:
        """Fail unless the settings needed to talk to Slack are present."""
        if self.slack_signing_secret is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: copy it from your app's Basic Information page"
            )
        if self.slack_bot_token is None and not self.oauth_enabled:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: install the app to your workspace and copy the xoxb- token "
                "(or set SLACK_CLIENT_ID/SLACK_CLIENT_SECRET for multi-workspace installs)"
            )


def load_settings(**overrides: Any) -> Settings:
    """Load settings, turning validation errors into one message that names each variable."""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        lines = []
        for error in err.errors():
            name = "_".join(str(part) for part in error["loc"]).upper() or "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise SettingsError("Invalid settings:\n  " + "\n  ".join(lines)) from None
