"""`mentorbot demo`: the real bot against the built-in Slack workspace emulator, no account needed.

It starts the bot's HTTP server on loopback with a fresh SQLite database, lets a handful of named
people use it the way they would in Slack, and prints a transcript of what each person did and saw.
Feature scenes live in `devtools/demoscenes/`; they run in the order of SCENES.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_TOKEN, BOT_USER_ID, Call
from storage.migrate import upgrade

SIGNING_SECRET = "demo-signing-secret"  # noqa: S105 - the emulator's own secret
ADMIN_CHANNEL = "C0ADMINS"
PROGRAM_CHANNEL = "C0PROGRAM"
CELEBRATION_CHANNEL = "C0WINS"

# Scenes in order; each module has `run(demo: Demo) -> None`. Later issues append theirs.
SCENES = [
    "devtools.demoscenes.enrollment",
    "devtools.demoscenes.pairing",
    "devtools.demoscenes.workflows",
    "devtools.demoscenes.scheduler",
    "devtools.demoscenes.admin",
    "devtools.demoscenes.socket_mode",
]

CAST = [
    # (user id, name, time zone, title, workspace admin)
    ("U0ADA", "Ada Lovelace", "Europe/London", "Principal Engineer", False),
    ("U0GRACE", "Grace Hopper", "America/New_York", "Engineering Director", False),
    ("U0LINUS", "Linus Torvalds", "Europe/Helsinki", "Staff Engineer", False),
    ("U0BO", "Bo Chen", "America/New_York", "Software Engineer", False),
    ("U0MAYA", "Maya Patel", "Asia/Kolkata", "Product Designer", False),
    ("U0KAI", "Kai Müller", "Europe/Berlin", "Data Analyst", False),
    ("U0SAM", "Sam Rivera", "Europe/Berlin", "People Partner (program admin)", True),
]


@dataclass
class Demo:
    """The running demo: the workspace, its people, the bot, and the transcript printer."""

    ws: Workspace
    fake: FakeSlack
    deps: Deps
    clock: Clock
    bot: RunningBot
    people: dict[str, Person]
    out: Callable[[str], None] = print
    _seen: int = 0
    notes: list[str] = field(default_factory=list)

    def person(self, first_name: str) -> Person:
        """Return a cast member by first name."""
        return self.people[first_name]

    def title(self, text: str) -> None:
        """Print a scene title."""
        self.flush()
        self.out("")
        self.out("=" * 78)
        self.out(f"  {text}")
        self.out("=" * 78)

    def say(self, who: Person | str, action: str) -> None:
        """Print what a person does."""
        self.flush()
        name = who.name if isinstance(who, Person) else who
        self.out(f"\n▶ {name}: {action}")

    def narrate(self, text: str) -> None:
        """Print a narrator's line."""
        self.flush()
        self.out(f"\n  ({text})")

    def flush(self, quiet: float = 0.2) -> None:
        """Wait for the bot to finish, then print every Slack call it made since the last flush."""
        self.fake.wait_idle(quiet=quiet)
        with self.fake.lock:
            calls = list(self.fake.calls[self._seen :])
            self._seen = len(self.fake.calls)
        for call in calls:
            line = self._describe(call)
            if line:
                self.out(line)

    def reply(self, reply: Any) -> None:
        """Print the bot's immediate (ephemeral) answer to a command."""
        if reply.body.strip():
            data = reply.json if reply.body.startswith("{") else {"text": reply.body}
            if data.get("response_action") == "errors":
                for message in data.get("errors", {}).values():
                    self.out(f"    ⚠ field error: {message}")
                return
            self.out(_indent("↳ (only you) " + render(data.get("blocks") or [], data.get("text", ""))))

    def _name(self, user_or_channel: str) -> str:
        user_id = user_or_channel[1:] if user_or_channel.startswith("D") else user_or_channel
        for person in self.people.values():
            if person.id == user_id:
                return person.name
        if user_or_channel.startswith("G"):
            members = [self._name(u) for u in user_or_channel[1:].split("-") if u != BOT_USER_ID]
            return "group DM (" + ", ".join(members) + ")"
        return {
            ADMIN_CHANNEL: "#mentorship-admins",
            PROGRAM_CHANNEL: "#mentorship",
            CELEBRATION_CHANNEL: "#mentorship-wins",
        }.get(user_or_channel, user_or_channel)

    def _describe(self, call: Call) -> str | None:
        p = call.params
        if call.outcome not in ("ok",):
            return f"    ✗ Slack answered {call.method}: {call.outcome}"
        if call.method == "chat.postMessage":
            return _indent(
                f"✉ to {self._name(str(p.get('channel')))}: " + render(_blocks(p), str(p.get("text", "")))
            )
        if call.method == "chat.update":
            return _indent(
                f"✎ message updated in {self._name(str(p.get('channel')))}: "
                + render(_blocks(p), str(p.get("text", "")))
            )
        if call.method == "chat.postEphemeral":
            return _indent(
                f"↳ (only {self._name(str(p.get('user')))}) " + render(_blocks(p), str(p.get("text", "")))
            )
        if call.method in ("views.open", "views.push"):
            view = _json(p.get("view"))
            return _indent(f"▢ a form opens: “{view.get('title', {}).get('text', '')}”" + _fields(view))
        if call.method == "views.publish":
            view = _json(p.get("view"))
            return _indent(
                f"⌂ App Home for {self._name(str(p.get('user_id')))}: " + render(view.get("blocks", []), "")
            )
        if call.method == "response_url":
            return _indent(
                f"↳ (only {self._name(str(p.get('user')))}) "
                + render(p.get("blocks") or [], str(p.get("text", "")))
            )
        if call.method == "files.completeUploadExternal":
            return _indent(f"📎 file shared with {self._name(str(p.get('channel_id')))}")
        return None


def _json(value: Any) -> dict[str, Any]:
    import json

    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value or {})


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    import json

    blocks = params.get("blocks")
    if isinstance(blocks, str):
        loaded: list[dict[str, Any]] = json.loads(blocks)
        return loaded
    return list(blocks or [])


def _fields(view: dict[str, Any]) -> str:
    labels = [b.get("label", {}).get("text", "") for b in view.get("blocks", []) if b.get("type") == "input"]
    return (" — fields: " + "; ".join(labels)) if labels else ""


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render(blocks: list[dict[str, Any]], fallback: str) -> str:
    """Render Block Kit as readable plain text (buttons in [brackets])."""
    if not blocks:
        return _unescape(fallback)
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("header", "section"):
            text = (block.get("text") or {}).get("text", "")
            if text:
                lines.append(text)
            for f in block.get("fields", []) or []:
                lines.append("  · " + f.get("text", "").replace("\n", ": ", 1).replace("\n", " "))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append(f"[{accessory['text']['text']}]")
        elif kind == "context":
            lines.append(" ".join(e.get("text", "") for e in block.get("elements", [])))
        elif kind == "actions":
            labels = [
                f"[{e['text']['text']}]" for e in block.get("elements", []) if e.get("type") == "button"
            ]
            if labels:
                lines.append(" ".join(labels))
    return _unescape("\n".join(lines))


def _indent(text: str) -> str:
    wrapped = []
    for i, line in enumerate(text.split("\n")):
        prefix = "    " if i == 0 else "      "
        wrapped.extend(
            textwrap.wrap(line, width=96, initial_indent=prefix, subsequent_indent="      ") or [prefix]
        )
    return "\n".join(wrapped)


def start_demo(workdir: Path, out: Callable[[str], None] = print) -> Demo:
    """Start the emulator and the bot on a fresh database; return the demo handle."""
    fake = FakeSlack().start()
    fake.add_channel(ADMIN_CHANNEL, "mentorship-admins", ["U0SAM"])
    fake.add_channel(PROGRAM_CHANNEL, "mentorship", [])
    fake.add_channel(CELEBRATION_CHANNEL, "mentorship-wins", [])
    fake.add_channel("C0GENERAL", "general", [])
    db_url = f"sqlite:///{workdir / 'demo.db'}"
    upgrade(db_url)
    settings = Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        database_url=db_url,
        mentorbot_admin_channel=ADMIN_CHANNEL,
        mentorbot_program_channel=PROGRAM_CHANNEL,
        mentorbot_celebration_channel=CELEBRATION_CHANNEL,
    )
    clock = Clock()
    deps = build_deps(settings, clock=clock)
    bot = start_in_thread(deps)
    ws = Workspace(fake, bot.url, SIGNING_SECRET, settle=bot.settle)
    people = {}
    for user_id, name, tz, title, admin in CAST:
        people[name.split(" ")[0]] = ws.person(user_id, name, tz=tz, title=title, is_admin=admin)
    return Demo(ws=ws, fake=fake, deps=deps, clock=clock, bot=bot, people=people, out=out)


def run_demo(out: Callable[[str], None] = print) -> int:
    """Play every scene and print the transcript; return the exit code."""
    workdir = Path(tempfile.mkdtemp(prefix="mentorbot-demo-"))
    demo = start_demo(workdir, out)
    try:
        out("Mentorbot demo: the real bot, a local Slack workspace emulator, seven people.")
        out("Cast: " + ", ".join(f"{p.name}" for p in demo.people.values()))
        for name in SCENES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            module.run(demo)
            demo.flush()
        out(
            "\nThe demo is over: everything above went through the bot's real HTTP endpoint or its Socket Mode connection."
        )
        return 0
    finally:
        demo.bot.stop()
        demo.fake.stop()
        demo.deps.engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_demo())
