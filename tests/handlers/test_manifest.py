"""manifest.yml declares what the code uses, and is valid against Slack's manifest schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "reference" / "slack-manifest.schema.1.0.0.json"


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return data


def _code() -> str:
    return "\n".join(
        p.read_text() for d in ("bot", "handlers", "scheduler") for p in (ROOT / d).rglob("*.py")
    )


def test_manifest_validates_against_slack_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema is not at {SCHEMA} (the shared/ folder is absent)")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(_manifest(), schema)


def test_every_event_the_code_listens_to_is_subscribed() -> None:
    events = set(re.findall(r"app\.event\(\s*\"([a-z_]+)\"", _code()))
    assert events, "no event listeners found"
    subscribed = set(_manifest()["settings"]["event_subscriptions"]["bot_events"])
    assert events <= subscribed, events - subscribed


def test_every_command_the_code_handles_is_declared() -> None:
    commands = set(re.findall(r"app\.command\(\s*\"(/[a-z-]+)\"", _code()))
    declared = {c["command"] for c in _manifest()["features"]["slash_commands"]}
    assert commands
    assert commands <= declared


def test_scopes_cover_the_web_api_methods_used() -> None:
    code = _code()
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    needs = {
        "chat_postMessage": "chat:write",
        "chat_update": "chat:write",
        "chat_delete": "chat:write",
        "conversations_open": "im:write",
        "users_info": "users:read",
        "conversations_members": "channels:read",
        "files_upload_v2": "files:write",
        "conversations_history": "im:history",
    }
    for method, scope in needs.items():
        if method in code:
            assert scope in scopes, f"{method} needs {scope}"
    assert "commands" in scopes
    assert _manifest()["settings"]["interactivity"]["is_enabled"] is True
    assert _manifest()["features"]["app_home"]["home_tab_enabled"] is True
