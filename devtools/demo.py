"""`mentorbot demo`: the real bot against the built-in Slack workspace emulator, no account needed.

It starts the bot's HTTP server on loopback with a fresh SQLite database and lets a handful of
named people run one mentorship program, on one calendar that only moves forward: the admin sets
it up, people join, a matching round and a request make pairs, they agree how to work, set goals,
meet, pause, reach the transition window, end and reflect, and the admin reports. It prints a short
transcript and writes `demo.html`, where every person's conversations, forms and Home tab are
rendered as Slack shows them, with a timeline to jump through.
Scenes live in `devtools/demoscenes/`; they run in the order of SCENES.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import ForwardClock
from devtools.emulator.driver import Reply
from devtools.emulator.server import BOT_TOKEN, BOT_USER_ID, Call, Message
from devtools.slack_html import EVERYONE, CastMember, Event, Step, Story, calendar_series, render_page
from devtools.slack_markup import Directory, Member, Reader, plain_to_text, text_object_text, to_text
from handlers.slack.format import plural
from storage.migrate import upgrade

SIGNING_SECRET = "demo-signing-secret"  # noqa: S105 - the emulator's own secret
ADMIN_CHANNEL = "C0ADMINS"
PROGRAM_CHANNEL = "C0PROGRAM"
CELEBRATION_CHANNEL = "C0WINS"
GENERAL_CHANNEL = "C0GENERAL"
BUDDIES_ADMIN_CHANNEL = "C0BUDADMIN"  # the second program's admin channel (devtools.demoscenes.programs)
BUDDIES_CHANNEL = "C0BUDDIES"
CIRCLES_ADMIN_CHANNEL = "C0PEERADM"  # the circles program's admin channel (devtools.demoscenes.circles)
PUBLIC_CHANNELS = (PROGRAM_CHANNEL, CELEBRATION_CHANNEL, GENERAL_CHANNEL)

# The first day of the story: a Monday morning. The clock only moves forward from here.
START = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)

# Scenes in order; each module has `run(demo: Demo) -> None`.
SCENES = [
    "devtools.demoscenes.setup",
    "devtools.demoscenes.enrollment",
    "devtools.demoscenes.pairing",
    "devtools.demoscenes.workflows",
    "devtools.demoscenes.scheduler",
    "devtools.demoscenes.admin",
    "devtools.demoscenes.programs",
    "devtools.demoscenes.circles",
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
    ("U0NIA", "Nia Okafor", "Africa/Lagos", "Onboarding lead (admin of New-hire buddies)", False),
    ("U0NOOR", "Noor Haddad", "Europe/Dublin", "Software Engineer (new hire)", False),
]

# The terminal transcript keeps each message to a few lines; demo.html has everything.
MAX_LINES = 6


def default_html_path() -> Path:
    """`demo.html` in the project root (the checkout this module lives in), else the working directory."""
    root = Path(__file__).resolve().parents[1]
    return (root if (root / "pyproject.toml").exists() else Path.cwd()) / "demo.html"


@dataclass
class Demo:
    """The running demo: the workspace, its people, the bot, the clock, and what everyone saw."""

    ws: Workspace
    fake: FakeSlack
    deps: Deps
    clock: ForwardClock
    bot: RunningBot
    people: dict[str, Person]
    out: Callable[[str], None] = print
    directory: Directory = field(default_factory=Directory)
    steps: list[Step] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    scene_number: int = 0
    pace: timedelta = timedelta(minutes=2)
    skipped: list[str] = field(default_factory=list)
    _seen: int = 0
    _expand_home: set[str] = field(default_factory=set)
    _modal_users: dict[str, str] = field(default_factory=dict)
    _shown: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _headings: set[str] = field(default_factory=set)

    # -- the cast -----------------------------------------------------------------------------------
    def person(self, first_name: str) -> Person:
        """Return a cast member by first name."""
        return self.people[first_name]

    def tz(self, user_id: str) -> str:
        """A member's time zone."""
        member = self.directory.members.get(user_id)
        return member.tz if member else "UTC"

    # -- the calendar -------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The story's current instant."""
        return self.clock()

    def at(self, when: datetime) -> None:
        """Move the story to a later instant (never back: the clock raises)."""
        self.flush()
        self.clock.set(when)

    def later(self, *, days: int = 0, hours: int = 0, minutes: int = 0, hour: int | None = None) -> datetime:
        """Move the story forward by some time; with `hour`, to that hour (UTC) of the day reached."""
        when = self.now() + timedelta(days=days, hours=hours, minutes=minutes)
        if hour is not None:
            when = when.replace(hour=hour, minute=0, second=0, microsecond=0)
        self.at(when)
        return when

    # -- the timeline -----------------------------------------------------------------------------
    def _step(self, kind: str, text: str, actor: str | None = None) -> Step:
        step = Step(len(self.steps), self.now(), kind, text, actor, self.scene_number)
        self.steps.append(step)
        return step

    def title(self, text: str) -> None:
        """Start a scene."""
        self.flush()
        self.scene_number += 1
        heading = f"{self.scene_number}. {text}"
        self._step("scene", heading)
        self.out("")
        self.out(f"━━ {heading} " + "━" * max(0, 74 - len(heading)))
        self.out(f"   {self._stamp(self.now())}")

    def say(self, who: Person | str, action: str) -> None:
        """A person does something (the clock moves on a little first)."""
        self.flush()
        self.clock.set(self.now() + self.pace)
        user_id = who.id if isinstance(who, Person) else None
        name = who.name if isinstance(who, Person) else who
        self._step("action", action, user_id)
        self.out("\n" + textwrap.fill(f"▶ {name}: {action}", width=100, subsequent_indent="  "))

    def narrate(self, text: str) -> None:
        """A narrator's line."""
        self.flush()
        self._step("note", text)
        self.out("\n" + textwrap.fill(f"({text})", width=100, initial_indent="  ", subsequent_indent="   "))

    def tick_step(self, text: str) -> None:
        """The scheduler did something at the current instant: what it sent since the last flush
        belongs to this step."""
        self._step("tick", text)
        self.out(f"\n  ⏱ {self._stamp(self.now())}: {text}")
        self.flush()

    def _stamp(self, at: datetime) -> str:
        return at.strftime("%a %d %b %Y, %H:%M UTC")

    # -- acting (and recording what the bot answered at once) ----------------------------------------
    def command(self, who: Person, text: str) -> Reply:
        """`/mentor <text>`: record the immediate (only-you) reply."""
        reply = who.command(text)
        self.reply(reply, who)
        return reply

    def submit(self, who: Person, values: dict[str, Any] | None = None) -> Reply | None:
        """Submit the open form: record field errors and forms the bot swaps in. When no form is
        open (the bot answered differently), say so and go on: the story continues, and `skipped`
        lets the smoke test notice."""
        self.flush()
        view = self.fake.open_modal(who.id)
        if view is None:
            self.skipped.append(f"{who.name}: {self.steps[-1].text if self.steps else ''}")
            self.out("    ⚠ (no form opened, so this step is skipped)")
            return None
        reply = who.submit(values, view=view)
        self.reply(reply, who)
        return reply

    def open_home(self, who: Person) -> None:
        """Open the App Home tab (shown in full, in the transcript too)."""
        self._expand_home.add(who.id)
        who.open_home()
        self.flush()

    def reply(self, reply: Reply, who: Person | None = None) -> None:
        """Record and print the bot's HTTP answer (an ephemeral reply, form errors, a new form)."""
        self.flush()
        if not reply.body.strip():
            return
        data: dict[str, Any] = reply.json if reply.body.startswith("{") else {"text": reply.body}
        user = who.id if who is not None else ""
        audience = (user,) if user else ()
        action = data.get("response_action")
        if action == "errors":
            errors = {str(k): str(v) for k, v in (data.get("errors") or {}).items()}
            self._event(Event(self._current(), self.now(), "errors", audience=audience, errors=errors))
            for message in errors.values():
                self.out(f"    ⚠ {message}")
            return
        if action in ("update", "push") and isinstance(data.get("view"), dict):
            view = data["view"]
            self._event(Event(self._current(), self.now(), "modal", audience=audience, view=view))
            self.out(self._form_line(user, view, "the form changes"))
            return
        if action is not None:
            return
        blocks = list(data.get("blocks") or [])
        text = str(data.get("text") or "")
        self._event(
            Event(
                self._current(), self.now(), "ephemeral", GENERAL_CHANNEL, audience, text=text, blocks=blocks
            )
        )
        only = self.directory.name(user) if user else "you"
        self.out(self._indent(f"↳ (only {only}) " + self.render_text(blocks, text, user)))

    # -- collecting what the bot did ---------------------------------------------------------------
    def flush(self) -> None:
        """Wait for the bot to finish its work, then record and print every Slack call since the last flush."""
        self.bot.settle()
        with self.fake.lock:
            calls = list(self.fake.calls[self._seen :])
            self._seen = len(self.fake.calls)
        for call in calls:
            line = self._record(call)
            if line:
                self.out(line)
        self._expand_home.clear()

    def _current(self) -> int:
        return self.steps[-1].index if self.steps else 0

    def _event(self, event: Event) -> None:
        self.events.append(event)

    def _audience(self, channel: str) -> tuple[str, ...]:
        if channel.startswith("D"):
            return (channel[1:],)
        if channel.startswith("G"):
            with self.fake.lock:
                known = self.fake.state.channels.get(channel, {}).get("members")
            named = known or channel[1:].split("-")  # a pair's id names its members; a circle's is hashed
            return tuple(u for u in named if u != BOT_USER_ID)
        if channel in PUBLIC_CHANNELS:
            return (EVERYONE,)
        with self.fake.lock:
            members = self.fake.state.channels.get(channel, {}).get("members", [])
        return tuple(members)

    def _record(self, call: Call) -> str | None:
        p = call.params
        result = call.result or {}
        step, now = self._current(), self.now()
        if call.outcome != "ok":
            self._event(Event(step, now, "failure", text=f"Slack answered {call.method}: {call.outcome}"))
            return f"    ✗ Slack answered {call.method}: {call.outcome}"
        if call.method in ("chat.postMessage", "chat.update"):
            channel = str(result.get("channel") or p.get("channel") or "")
            blocks, text = _blocks(p), str(p.get("text", ""))
            kind = "message" if call.method == "chat.postMessage" else "update"
            audience = self._audience(channel)
            self._event(Event(step, now, kind, channel, audience, text=text, blocks=blocks))
            ts = str(result.get("ts") or p.get("ts"))
            return self._indent(self._message_line(kind, channel, ts, blocks, text))
        if call.method == "chat.delete":
            channel = str(p.get("channel") or "")
            self._event(Event(step, now, "delete", channel, self._audience(channel)))
            return None
        if call.method in ("chat.postEphemeral", "response_url"):
            user = str(p.get("user") or "")
            channel = str(p.get("channel") or GENERAL_CHANNEL)
            blocks, text = _blocks(p), str(p.get("text", ""))
            self._event(Event(step, now, "ephemeral", channel, (user,), text=text, blocks=blocks))
            return self._indent(
                f"↳ (only {self.directory.name(user)}) " + self.render_text(blocks, text, user)
            )
        if call.method in ("views.open", "views.push", "views.update"):
            view = _json(result.get("view") or p.get("view"))
            user = str(view.get("user") or self._modal_users.get(str(p.get("view_id")), ""))
            if view.get("id"):
                self._modal_users[str(view["id"])] = user
            self._event(Event(step, now, "modal", audience=(user,) if user else (), view=view))
            return self._form_line(
                user, view, "a form opens" if call.method != "views.update" else "the form changes"
            )
        if call.method == "views.publish":
            user = str(p.get("user_id"))
            view = _json(p.get("view"))
            expanded = user in self._expand_home
            self._event(Event(step, now, "home", audience=(user,), view=view, expanded=expanded))
            if not expanded:
                return None
            return self._indent(
                f"⌂ {self.directory.name(user)}'s Home tab: " + self._home_summary(view, user)
            )
        if call.method == "files.completeUploadExternal":
            channel = str(p.get("channel_id") or "")
            names = []
            for item in _json_list(p.get("files")):
                file = self._file(str(item.get("id")))
                if file is None:
                    continue
                name = str(file.get("title") or file.get("filename"))
                content = file.get("content")
                series = calendar_series(bytes(content)) if isinstance(content, bytes | bytearray) else None
                if series is not None:  # a calendar file: say what it puts in the calendar
                    name += f" (calendar file: {series[1]})"
                names.append(name)
                self._event(Event(step, now, "file", channel, self._audience(channel), file=file))
            comment = str(p.get("initial_comment") or "")
            if comment:
                self._event(Event(step, now, "message", channel, self._audience(channel), text=comment))
            return self._indent(f"📎 {self._place(channel)}: " + ", ".join(names))
        return None

    def _file(self, file_id: str) -> dict[str, Any] | None:
        with self.fake.lock:
            for file in self.fake.state.files:
                if file.get("id") == file_id:
                    return dict(file)
        return None

    def files(self) -> dict[str, dict[str, Any]]:
        """Every uploaded file by id (images in messages refer to them)."""
        with self.fake.lock:
            return {str(f["id"]): dict(f) for f in self.fake.state.files}

    # -- terminal rendering ----------------------------------------------------------------------
    def _reader(self, user: str | None) -> Reader:
        return Reader(self.directory, self.now(), self.tz(user) if user else "UTC")

    def render_text(self, blocks: Sequence[dict[str, Any]], fallback: str, user: str | None = None) -> str:
        """Block Kit (or the fallback text) as short readable text: names, emoji, no markers."""
        return self._clip(text_lines(blocks, fallback, self._reader(user)))

    def _message_line(self, kind: str, channel: str, ts: str, blocks: list[dict[str, Any]], text: str) -> str:
        """A message in a few lines: one like an earlier one (same heading, numbers aside) shows
        its heading only, an update shows what changed."""
        lines = text_lines(blocks, text, self._reader(_first(self._audience(channel))))
        before = self._shown.get((channel, ts), [])
        self._shown[(channel, ts)] = lines
        head = lines[0] if lines else ""
        if kind == "update":
            changed = [line for line in lines if line not in before]
            return f"✎ {self._place(channel)}, message updated: " + self._clip(
                changed or [head + " (unchanged)"]
            )
        pattern = re.sub(r"\d+", "#", head)
        if pattern in self._headings:
            short = head if len(head) <= 80 else head[:79] + "…"
            folded = _folded_part(blocks)
            if folded:  # one DM carrying two things (a check-in with a nudge folded in): show the new part
                part = text_lines(folded, "", self._reader(_first(self._audience(channel))))
                return f"✉ {self._place(channel)}: {short} (as before), folded into one DM with:\n" + (
                    self._clip(part)
                )
            return f"✉ {self._place(channel)}: {short} (as before)"
        self._headings.add(pattern)
        return f"✉ {self._place(channel)}: " + self._clip(lines)

    @staticmethod
    def _clip(lines: list[str]) -> str:
        if len(lines) > MAX_LINES:
            lines = [*lines[: MAX_LINES - 1], f"… ({len(lines) - MAX_LINES + 1} more lines in demo.html)"]
        return "\n".join(lines)

    def _home_summary(self, view: dict[str, Any], user: str) -> str:
        lines = text_lines(view.get("blocks", []), "", self._reader(user))
        buttons = [line for line in lines if line.startswith("[")]
        texts = [line for line in lines if not line.startswith("[") and not line.startswith("  ·")]
        summary = texts[:3] + buttons[:1]
        return "\n".join(summary) + (
            f"\n… ({len(lines) - len(summary)} more lines in demo.html)" if len(lines) > len(summary) else ""
        )

    def _form_line(self, user: str, view: dict[str, Any], what: str) -> str:
        title = plain_to_text(str((view.get("title") or {}).get("text", "")))
        inputs = [b for b in view.get("blocks", []) if b.get("type") == "input"]
        count = f" ({plural(len(inputs), 'field')})" if inputs else ""
        who = f" for {self.directory.name(user)}" if user else ""
        return f"    ▢ {what}{who}: “{title}”{count}"

    def _place(self, channel: str) -> str:
        if channel.startswith("D"):
            return f"DM to {self.directory.name(channel[1:])}"
        if channel.startswith("G"):
            names = [self.directory.name(u).split(" ")[0] for u in self._audience(channel)]
            return "group DM (" + ", ".join(names) + ")"
        return "#" + self.directory.channel(channel)

    @staticmethod
    def _indent(text: str) -> str:
        wrapped = []
        for i, line in enumerate(text.split("\n")):
            prefix = "    " if i == 0 else "      "
            wrapped.extend(
                textwrap.wrap(line, width=100, initial_indent=prefix, subsequent_indent="      ") or [prefix]
            )
        return "\n".join(wrapped)

    # -- finding what people see -----------------------------------------------------------------
    def messages_with(self, channel: str, action_id: str) -> list[Message]:
        """Messages in a conversation that carry a button or menu with this action id."""
        return [m for m in self.fake.messages_in(channel) if has_action(m.blocks, action_id)]

    def story(self, title: str) -> Story:
        """Everything recorded, for the HTML page."""
        titles = {user_id: title for user_id, _, _, title, _ in CAST}
        cast = [CastMember(p.id, p.name, self.tz(p.id), titles.get(p.id, "")) for p in self.people.values()]
        return Story(
            title=title,
            cast=cast,
            directory=self.directory,
            steps=self.steps,
            events=self.events,
            files=self.files(),
            bot_id=BOT_USER_ID,
        )


def has_action(blocks: Sequence[dict[str, Any]], action_id: str) -> bool:
    """Whether blocks carry an element with this action id."""
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        if "element" in block:
            elements.append(block["element"])
        if any(isinstance(e, dict) and e.get("action_id") == action_id for e in elements):
            return True
    return False


def action_values(blocks: Sequence[dict[str, Any]], action_id: str) -> list[str]:
    """The values of the buttons with this action id, in order."""
    values = []
    for block in blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        values += [
            str(e.get("value")) for e in elements if isinstance(e, dict) and e.get("action_id") == action_id
        ]
    return values


def text_lines(blocks: Sequence[dict[str, Any]], fallback: str, reader: Reader) -> list[str]:
    """Block Kit as plain lines (buttons in [brackets]); the fallback text when there are no blocks."""
    if not blocks:
        return to_text(fallback, reader).split("\n")
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("header", "section"):
            text = text_object_text(block.get("text"), reader)
            if text.strip():
                lines.extend(text.split("\n"))
            for f in block.get("fields", []) or []:
                lines.append("  · " + text_object_text(f, reader).replace("\n", ": ", 1).replace("\n", " "))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                lines.append(f"[{plain_to_text(accessory['text']['text'])}]")
        elif kind == "context":
            lines.append(
                " ".join(text_object_text(e, reader) for e in block.get("elements", []) if "text" in e)
            )
        elif kind == "actions":
            labels = [
                f"[{plain_to_text(e['text']['text'])}]"
                for e in block.get("elements", [])
                if e.get("type") == "button"
            ]
            if labels:
                lines.append(" ".join(labels))
    return [line for line in lines if line.strip()]


def _first(audience: tuple[str, ...]) -> str | None:
    return next((a for a in audience if a != EVERYONE), None)


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value or {})


def _json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        loaded: list[dict[str, Any]] = json.loads(value)
        return loaded
    return list(value or [])


# The block ids of a nudge's or reflection's buttons when the bot folds it into a check-in DM.
FOLDED_PARTS = ("nudge_actions", "reflection_actions")


def _folded_part(blocks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The part of a message folded in after a divider (a nudge or reflection in a check-in), or []."""
    if not any(b.get("block_id") in FOLDED_PARTS for b in blocks):
        return []
    dividers = [i for i, b in enumerate(blocks) if b.get("type") == "divider"]
    return list(blocks[dividers[0] + 1 :]) if dividers else []


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    return _json_list(params.get("blocks"))


def start_demo(workdir: Path, out: Callable[[str], None] = print, start: datetime = START) -> Demo:
    """Start the emulator and the bot on a fresh database; return the demo handle."""
    fake = FakeSlack().start()
    fake.add_channel(ADMIN_CHANNEL, "mentorship-admins", ["U0SAM"])
    fake.add_channel(PROGRAM_CHANNEL, "mentorship", [])
    fake.add_channel(CELEBRATION_CHANNEL, "mentorship-wins", [])
    fake.add_channel(GENERAL_CHANNEL, "general", [])
    fake.add_channel(BUDDIES_ADMIN_CHANNEL, "buddies-admins", ["U0NIA"])
    fake.add_channel(BUDDIES_CHANNEL, "new-hire-buddies", [])
    fake.add_channel(CIRCLES_ADMIN_CHANNEL, "leads-admins", ["U0SAM"])
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
    clock = ForwardClock(start)
    fake.clock = clock  # messages are stamped on the story's calendar
    deps = build_deps(settings, clock=clock)
    bot = start_in_thread(deps)
    ws = Workspace(fake, bot.url, SIGNING_SECRET, settle=bot.settle)
    people = {}
    directory = Directory(
        members={BOT_USER_ID: Member("Mentorbot")},
        channels={
            ADMIN_CHANNEL: "mentorship-admins",
            PROGRAM_CHANNEL: "mentorship",
            CELEBRATION_CHANNEL: "mentorship-wins",
            GENERAL_CHANNEL: "general",
            BUDDIES_ADMIN_CHANNEL: "buddies-admins",
            BUDDIES_CHANNEL: "new-hire-buddies",
            CIRCLES_ADMIN_CHANNEL: "leads-admins",
        },
    )
    for user_id, name, tz, title, admin in CAST:
        people[name.split(" ")[0]] = ws.person(user_id, name, tz=tz, title=title, is_admin=admin)
        directory.members[user_id] = Member(name, tz)
    return Demo(
        ws=ws, fake=fake, deps=deps, clock=clock, bot=bot, people=people, out=out, directory=directory
    )


def run_demo(
    out: Callable[[str], None] = print,
    html_path: Path | None = None,
    scenes: Sequence[str] | None = None,
    on_done: Callable[[Demo], None] | None = None,
) -> int:
    """Play every scene, print the transcript and write the HTML page; return the exit code."""
    workdir = Path(tempfile.mkdtemp(prefix="mentorbot-demo-"))
    demo = start_demo(workdir, out)
    began = time.monotonic()
    try:
        out("Mentorbot demo: the real bot, a local Slack workspace emulator, seven people, one program.")
        out("Cast: " + ", ".join(f"{p.name}" for p in demo.people.values()))
        for name in scenes if scenes is not None else SCENES:
            module = importlib.import_module(name)
            module.run(demo)
            demo.flush()
        path = html_path or default_html_path()
        path.write_text(render_page(demo.story("Mentorbot demo · Acme Mentorship")), encoding="utf-8")
        out(
            f"\nThe demo is over ({demo.steps[0].at:%d %b} – {demo.now():%d %b %Y} on the story's calendar, "
            f"{time.monotonic() - began:.0f} s of real time). Everything went through the bot's real HTTP "
            "endpoint or its Socket Mode connection."
        )
        out(f"See it as each person saw it in Slack: {path}")
        if on_done is not None:
            on_done(demo)
        return 0
    finally:
        demo.bot.stop()
        demo.fake.stop()
        demo.deps.engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_demo())
