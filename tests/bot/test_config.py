"""Settings: every variable of the contract, and invalid values named at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings, SettingsError, load_settings

ENV = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "MENTORBOT_ADMIN_CHANNEL",
    "MENTORBOT_PROGRAM_CHANNEL",
    "MENTORBOT_CELEBRATION_CHANNEL",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "MENTORBOT_ENCRYPTION_KEY",
    "MENTORBOT_LOG_LEVEL",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_match_the_contract() -> None:
    settings = load_settings()
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///./mentorbot.db"
    assert settings.mentorbot_log_level == "INFO"
    assert settings.is_sqlite


def test_every_contract_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
        "DATABASE_URL": "postgresql://u@h/db",
        "MENTORBOT_ADMIN_CHANNEL": "C0ADMIN",
        "MENTORBOT_PROGRAM_CHANNEL": "C0PROG",
        "MENTORBOT_CELEBRATION_CHANNEL": "C0WINS",
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "x",
        "MENTORBOT_ENCRYPTION_KEY": "k",
        "MENTORBOT_LOG_LEVEL": "debug",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    s = load_settings()
    assert s.slack_bot_token is not None and s.slack_bot_token.get_secret_value() == "xoxb-1"
    assert s.slack_api_url == "http://127.0.0.1:9/api/"
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.mentorbot_admin_channel == "C0ADMIN"
    assert s.mentorbot_celebration_channel == "C0WINS"
    assert s.oauth_enabled
    assert s.mentorbot_log_level == "DEBUG"
    assert "xoxb-1" not in repr(s)


def test_env_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("MENTORBOT_ADMIN_CHANNEL=C0FROMFILE\n")
    assert load_settings().mentorbot_admin_channel == "C0FROMFILE"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN"),
        ("SLACK_APP_TOKEN", "xoxb-not-app", "SLACK_APP_TOKEN"),
        ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("MENTORBOT_ADMIN_CHANNEL", "#admins", "MENTORBOT_ADMIN_CHANNEL"),
        ("MENTORBOT_LOG_LEVEL", "LOUD", "MENTORBOT_LOG_LEVEL"),
        ("SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET"),
    ],
)
def test_invalid_settings_fail_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert expected in str(err.value)


def test_cli_reports_invalid_settings_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MENTORBOT_ADMIN_CHANNEL", "#admins")
    assert main(["db", "upgrade"]) == 2
    assert "MENTORBOT_ADMIN_CHANNEL" in capsys.readouterr().err


def test_serving_requires_the_signing_secret_and_a_token() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        Settings(_env_file=None).require_serving()
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN"):
        Settings(_env_file=None, slack_signing_secret="s").require_serving()


def test_cli_unknown_command_exits_2() -> None:
    assert main(["no-such-command"]) == 2
