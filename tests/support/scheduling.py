"""Helpers for scheduler tests: a pair in the emulator, ticking, and reading what people got."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack
from devtools.emulator.server import BOT_TOKEN, TEAM_ID, Message
from scheduler.jobs import TickReport
from storage.records import MentorshipRecord, PersonRecord
from tests.support.factories import make_mentorship, make_person
from tests.support.settings import ADMIN_CHANNEL


def pair(
    deps: Deps,
    fake: FakeSlack,
    mentor: tuple[str, str, str] = ("U0ADA", "Ada", "Europe/London"),
    mentee: tuple[str, str, str] = ("U0BO", "Bo", "America/New_York"),
    **fields: Any,
) -> tuple[PersonRecord, PersonRecord, MentorshipRecord]:
    """Create two people (in Slack and in the program) and an agreed mentorship between them."""
    people = []
    for (uid, name, tz), role in ((mentor, "mentor"), (mentee, "mentee")):
        if uid not in fake.state.users:
            fake.add_user(uid, name, tz=tz)
        extra = {k[len(role) + 1 :]: v for k, v in fields.items() if k.startswith(role + "_")}
        people.append(make_person(deps, uid, role, name=name, timezone=tz, **extra))
    rest = {k: v for k, v in fields.items() if not k.startswith(("mentor_", "mentee_"))}
    record = make_mentorship(deps, people[0], people[1], **rest)
    return people[0], people[1], record


def run(deps: Deps, at: datetime) -> TickReport:
    """Tick as of an instant (what `mentorbot tick --at` does)."""
    return tick(deps, at)


def dms(fake: FakeSlack, user: str, containing: str | None = None) -> list[Message]:
    """The bot's DMs to a user (optionally only those containing some text)."""
    return [m for m in fake.dms_to(user) if containing is None or containing in m.all_text()]


def metadata_keys(fake: FakeSlack, channel: str) -> list[str]:
    """The idempotency keys carried by the messages in a conversation."""
    return [
        str((m.metadata or {}).get("event_payload", {}).get("key"))
        for m in fake.messages_in(channel)
        if m.metadata
    ]


def tick_process(
    db_url: str, fake: FakeSlack, at: str, crash: str | None
) -> subprocess.CompletedProcess[str]:
    """Run `mentorbot tick --at` in a process of its own (crashing at `crash`, when given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_", "DATABASE_"))}
    env.update(
        {
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": fake.api_url,
            "MENTORBOT_ADMIN_CHANNEL": ADMIN_CHANNEL,
            "MENTORBOT_SEND_RATE": "5000",
        }
    )
    if crash:
        env["MENTORBOT_TEST_CRASH_POINT"] = crash
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "bot", "tick", "--at", at, "--team", TEAM_ID],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=False,
    )
