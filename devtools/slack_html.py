"""`demo.html`: everything the bot showed people in the demo, rendered as Slack shows it.

Generic on purpose: it renders whatever the bot posted to the fake Slack (messages, updates,
ephemeral replies, modals, Home tabs, files) as Block Kit in static HTML with a Slack-like style,
grouped by the demo's clock steps (a timeline to jump through) and filterable per person (each
person's view, with dates in their own time zone). One self-contained file: inline CSS and script,
no network. Every piece of text is escaped (see `devtools.slack_markup`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from devtools.slack_markup import (
    Directory,
    Reader,
    esc,
    plain_to_html,
    text_object_html,
    to_html,
    zoned,
)

EVERYONE = "*"


@dataclass(frozen=True)
class CastMember:
    """A person in the demo (the filters, the person views)."""

    id: str
    name: str
    tz: str
    title: str = ""


@dataclass
class Step:
    """One step on the demo's clock: a scene title, a person's action, a narration or a tick."""

    index: int
    at: datetime
    kind: str  # "scene" | "action" | "note" | "tick"
    text: str
    actor: str | None = None
    scene: int = 0


@dataclass
class Event:
    """Something the bot showed during a step, and to whom."""

    step: int
    at: datetime
    kind: str  # message | update | delete | ephemeral | modal | errors | home | file | failure
    channel: str = ""
    audience: tuple[str, ...] = ()
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    view: dict[str, Any] | None = None
    errors: dict[str, str] | None = None
    file: dict[str, Any] | None = None
    expanded: bool = True


@dataclass
class Story:
    """Everything `render_page` needs."""

    title: str
    cast: list[CastMember]
    directory: Directory
    steps: list[Step]
    events: list[Event]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    bot_name: str = "Mentorbot"
    bot_id: str = ""


# -- Block Kit --------------------------------------------------------------------------------------
class Blocks:
    """Block Kit to HTML for one reader."""

    def __init__(self, reader: Reader, files: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.reader = reader
        self.files = files or {}

    def text(self, obj: Mapping[str, Any] | None) -> str:
        """A text object."""
        return text_object_html(obj, self.reader)

    def blocks(self, blocks: Sequence[Mapping[str, Any]]) -> str:
        """A list of blocks."""
        return "".join(self.block(b) for b in blocks if isinstance(b, Mapping))

    def block(self, block: Mapping[str, Any]) -> str:
        """One block."""
        kind = block.get("type")
        if kind == "header":
            return f'<div class="bk-header">{self.text(block.get("text"))}</div>'
        if kind == "divider":
            return '<hr class="bk-divider">'
        if kind == "section":
            return self._section(block)
        if kind == "context":
            items = "".join(self._context_item(e) for e in block.get("elements", []) or [])
            return f'<div class="bk-context">{items}</div>'
        if kind == "actions":
            items = "".join(self.element(e) for e in block.get("elements", []) or [])
            return f'<div class="bk-actions">{items}</div>'
        if kind == "input":
            return self._input(block)
        if kind == "image":
            title = self.text(block.get("title")) if block.get("title") else ""
            return f'<figure class="bk-image">{self._image(block)}<figcaption>{title}</figcaption></figure>'
        if kind == "rich_text":
            return f'<div class="bk-rich">{self._rich(block.get("elements", []))}</div>'
        if kind == "markdown":
            return f'<div class="bk-section">{to_html(str(block.get("text", "")), self.reader)}</div>'
        if kind in ("file", "video"):
            label = block.get("title") or block.get("alt_text") or kind
            label_html = self.text(label) if isinstance(label, Mapping) else esc(str(label))
            return f'<div class="file-card">📎 {label_html}</div>'
        return f'<div class="bk-unknown">[{esc(str(kind))} block]</div>'

    def _section(self, block: Mapping[str, Any]) -> str:
        body = self.text(block.get("text")) if block.get("text") else ""
        fields = block.get("fields") or []
        if fields:
            cells = "".join(f'<div class="bk-field">{self.text(f)}</div>' for f in fields)
            body += f'<div class="bk-fields">{cells}</div>'
        accessory = block.get("accessory")
        side = f'<div class="bk-accessory">{self.element(accessory)}</div>' if accessory else ""
        return f'<div class="bk-section"><div class="bk-section-body">{body}</div>{side}</div>'

    def _context_item(self, element: Mapping[str, Any]) -> str:
        if element.get("type") == "image":
            return f'<span class="ctx-img">{self._image(element, small=True)}</span>'
        return f'<span class="ctx-text">{self.text(element)}</span>'

    def _image(self, element: Mapping[str, Any], small: bool = False) -> str:
        alt = str(element.get("alt_text") or "image")
        url = str(element.get("image_url") or "")
        slack_file = element.get("slack_file") or {}
        file = self.files.get(str(slack_file.get("id", ""))) if isinstance(slack_file, Mapping) else None
        src = _data_url(file) if file else (url if url.startswith("data:image/") else None)
        if src:
            return f'<img src="{esc(src)}" alt="{esc(alt)}" class="{"small" if small else ""}">'
        # A link to an image elsewhere: the page stays offline, so show a placeholder.
        return (
            f'<span class="img-placeholder{" small" if small else ""}" title="{esc(alt)}">🖼 {esc(alt)}</span>'
        )

    def element(self, element: Mapping[str, Any] | None) -> str:
        """An interactive (or image) element, drawn as it looks, not working."""
        if not element:
            return ""
        kind = element.get("type")
        if kind in ("button", "workflow_button"):
            style = element.get("style")
            css = "btn" + (f" {style}" if style in ("primary", "danger") else "")
            link = " ↗" if element.get("url") else ""
            return f'<span class="{css}">{self.text(element.get("text"))}{link}</span>'
        if kind == "overflow":
            items = "".join(f"<li>{self.text(o.get('text'))}</li>" for o in _options(element))
            return f'<details class="overflow"><summary class="btn">⋯</summary><ul>{items}</ul></details>'
        if kind in ("static_select", "external_select"):
            chosen = element.get("initial_option")
            label = self.text(chosen.get("text")) if chosen else self._placeholder(element, "Select an item")
            return f'<span class="select">{label}<span class="caret">▾</span></span>'
        if kind in ("multi_static_select", "multi_external_select"):
            chosen = element.get("initial_options") or []
            chips = "".join(f'<span class="chip">{self.text(o.get("text"))}</span>' for o in chosen)
            return f'<span class="select multi">{chips or self._placeholder(element, "Select items")}<span class="caret">▾</span></span>'
        if kind in ("users_select", "multi_users_select", "conversations_select", "channels_select"):
            initial = (
                element.get("initial_user")
                or element.get("initial_conversation")
                or element.get("initial_channel")
            )
            if initial:
                name = (
                    self.reader.directory.name(str(initial))
                    if kind.endswith("users_select")
                    else "#" + self.reader.directory.channel(str(initial))
                )
                label = esc(name)
            else:
                label = self._placeholder(element, "Select")
            return f'<span class="select">{label}<span class="caret">▾</span></span>'
        if kind == "datepicker":
            initial = element.get("initial_date")
            label = esc(_nice_date(str(initial))) if initial else self._placeholder(element, "Select a date")
            return f'<span class="select date">📅 {label}</span>'
        if kind == "timepicker":
            initial = element.get("initial_time")
            label = esc(str(initial)) if initial else self._placeholder(element, "Select time")
            return f'<span class="select date">🕘 {label}</span>'
        if kind == "datetimepicker":
            initial = element.get("initial_date_time")
            label = (
                zoned(
                    self.reader,
                    lambda z: datetime.fromtimestamp(int(initial), ZoneInfo(z)).strftime("%b %d, %Y %H:%M"),
                )
                if initial
                else esc("Select date and time")
            )
            return f'<span class="select date">📅 {label}</span>'
        if kind in (
            "plain_text_input",
            "email_text_input",
            "url_text_input",
            "number_input",
            "rich_text_input",
        ):
            value = element.get("initial_value")
            shown = plain_to_html(str(value)) if value not in (None, "") else self._placeholder(element, "")
            multi = " multiline" if element.get("multiline") else ""
            return f'<div class="text-input{multi}">{shown}</div>'
        if kind in ("checkboxes", "radio_buttons"):
            chosen = element.get("initial_options") or (
                [element["initial_option"]] if element.get("initial_option") else []
            )
            values = {o.get("value") for o in chosen if isinstance(o, Mapping)}
            box = ("☑", "☐") if kind == "checkboxes" else ("◉", "○")
            rows = []
            for option in _options(element):
                mark = box[0] if option.get("value") in values else box[1]
                description = option.get("description")
                extra = f'<div class="opt-desc">{self.text(description)}</div>' if description else ""
                rows.append(
                    f'<div class="opt"><span class="mark">{mark}</span><div>{self.text(option.get("text"))}{extra}</div></div>'
                )
            return f'<div class="choices">{"".join(rows)}</div>'
        if kind == "image":
            return self._image(element)
        return f'<span class="bk-unknown">[{esc(str(kind))}]</span>'

    def _placeholder(self, element: Mapping[str, Any], default: str) -> str:
        placeholder = element.get("placeholder")
        text = placeholder.get("text") if isinstance(placeholder, Mapping) else default
        return f'<span class="ph">{plain_to_html(str(text or ""))}</span>'

    def _input(self, block: Mapping[str, Any]) -> str:
        optional = ' <span class="optional">(optional)</span>' if block.get("optional") else ""
        label = f'<div class="input-label">{self.text(block.get("label"))}{optional}</div>'
        hint = f'<div class="input-hint">{self.text(block.get("hint"))}</div>' if block.get("hint") else ""
        return f'<div class="bk-input">{label}{self.element(block.get("element"))}{hint}</div>'

    def _rich(self, elements: Sequence[Any]) -> str:
        out: list[str] = []
        for element in elements or []:
            if not isinstance(element, Mapping):
                continue
            kind = element.get("type")
            inner = self._rich_inline(element.get("elements", []))
            if kind == "rich_text_section":
                out.append(f'<p class="md">{inner}</p>')
            elif kind == "rich_text_quote":
                out.append(f"<blockquote>{inner}</blockquote>")
            elif kind == "rich_text_preformatted":
                out.append(f"<pre>{inner}</pre>")
            elif kind == "rich_text_list":
                tag = "ol" if element.get("style") == "ordered" else "ul"
                items = "".join(
                    f"<li>{self._rich_inline(i.get('elements', []))}</li>"
                    for i in element.get("elements", [])
                )
                out.append(f"<{tag}>{items}</{tag}>")
        return "".join(out)

    def _rich_inline(self, elements: Sequence[Any]) -> str:
        out: list[str] = []
        for e in elements or []:
            if not isinstance(e, Mapping):
                continue
            kind = e.get("type")
            if kind == "text":
                piece = plain_to_html(str(e.get("text", "")))
                style = e.get("style") or {}
                for key, tag in (("code", "code"), ("bold", "b"), ("italic", "i"), ("strike", "s")):
                    if style.get(key):
                        piece = f"<{tag}>{piece}</{tag}>"
                out.append(piece)
            elif kind == "user":
                out.append(
                    f'<span class="mention">@{esc(self.reader.directory.name(str(e.get("user_id"))))}</span>'
                )
            elif kind == "channel":
                out.append(
                    f'<span class="mention channel">#{esc(self.reader.directory.channel(str(e.get("channel_id"))))}</span>'
                )
            elif kind == "link":
                url = str(e.get("url", ""))
                href = esc(url) if url.startswith(("http://", "https://", "mailto:")) else "#"
                out.append(f'<a href="{href}" rel="noopener">{esc(str(e.get("text") or url))}</a>')
            elif kind == "emoji":
                from devtools.slack_markup import emoji

                out.append(esc(emoji(str(e.get("name", ""))) or ""))
            elif kind == "rich_text_section":
                out.append(self._rich_inline(e.get("elements", [])))
        return "".join(out)

    def view(self, view: Mapping[str, Any]) -> str:
        """A modal, drawn as a dialog."""
        title = self.text(view.get("title")) or "&nbsp;"
        close = view.get("close")
        submit = view.get("submit")
        buttons = f'<span class="btn">{self.text(close) if close else "Cancel"}</span>'
        if submit:
            buttons += f'<span class="btn primary">{self.text(submit)}</span>'
        return (
            '<div class="modal"><div class="modal-head"><span class="modal-icon">M</span>'
            f'<span class="modal-title">{title}</span><span class="modal-x">×</span></div>'
            f'<div class="modal-body">{self.blocks(view.get("blocks", []))}</div>'
            f'<div class="modal-foot">{buttons}</div></div>'
        )


def _options(element: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return [o for o in options if isinstance(o, Mapping)]


def _nice_date(value: str) -> str:
    try:
        return datetime.strptime(value, "%Y-%m-%d").strftime("%a %d %b %Y")  # noqa: DTZ007 - a calendar day
    except ValueError:
        return value


def _data_url(file: Mapping[str, Any]) -> str | None:
    content = file.get("content") or b""
    name = str(file.get("filename") or "").lower()
    mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}.get(
        name.rsplit(".", 1)[-1]
    )
    if not mime or not isinstance(content, bytes | bytearray) or not content:
        return None
    return f"data:{mime};base64,{base64.b64encode(bytes(content)).decode()}"


# -- the page -----------------------------------------------------------------------------------------
class Page:
    """Builds the whole `demo.html` from a `Story`."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.zones = sorted({m.tz for m in story.cast} | {"UTC"})
        self.cast = {m.id: m for m in story.cast}

    def reader(self, audience: Sequence[str], at: datetime) -> Reader:
        """The reader whose zone a piece is first shown in: its first (real) audience member."""
        zone = "UTC"
        for person in audience:
            if person in self.cast:
                zone = self.cast[person].tz
                break
        return Reader(self.story.directory, at, zone, self.zones)

    def where(self, event: Event) -> str:
        """The conversation an event is in, as a label."""
        d = self.story.directory
        channel = event.channel
        if event.kind == "home":
            return f"Home tab · {d.name(event.audience[0])}" if event.audience else "Home tab"
        if event.kind in ("modal", "errors"):
            return f"Form · {d.name(event.audience[0])}" if event.audience else "Form"
        if event.kind == "ephemeral":
            place = _conversation_name(channel, d, self.story.bot_id)
            who = ", ".join(d.name(a) for a in event.audience)
            return f"{place} · only visible to {who}"
        return _conversation_name(channel, d, self.story.bot_id)

    def render(self) -> str:
        """The page."""
        steps_html, timeline_html = self._feed()
        people = "".join(
            f'<button class="person" data-person="{esc(m.id)}" title="{esc(m.title)} · {esc(m.tz)}">'
            f'<span class="avatar" style="background:{_colour(m.id)}">{esc(m.name[:1])}</span>'
            f'<span class="pname">{esc(m.name)}</span></button>'
            for m in self.story.cast
        )
        zones = {m.id: m.tz for m in self.story.cast}
        return _TEMPLATE.format(
            title=esc(self.story.title),
            css=_CSS,
            script=_SCRIPT.replace("__ZONES__", json.dumps(zones)),
            people=people,
            timeline=timeline_html,
            views=self._person_views(),
            feed=steps_html,
        )

    def _feed(self) -> tuple[str, str]:
        by_step: dict[int, list[Event]] = {}
        for event in self.story.events:
            by_step.setdefault(event.step, []).append(event)
        feed: list[str] = []
        timeline: list[str] = []
        open_scene = False
        for step in self.story.steps:
            events = by_step.get(step.index, [])
            audience = {a for e in events for a in e.audience}
            if step.actor:
                audience.add(step.actor)
            people = " ".join(sorted(audience)) or EVERYONE
            when = zoned(
                self.reader([step.actor] if step.actor else [], step.at), partial(_stamp, step.at), "when"
            )
            if step.kind == "scene":
                if open_scene:
                    feed.append("</section>")
                feed.append(f'<section class="scene" id="step-{step.index}"><h2>{esc(step.text)}</h2>')
                timeline.append(
                    f'<a class="tl-scene" href="#step-{step.index}" data-step="{step.index}">{esc(step.text)}</a>'
                )
                open_scene = True
                continue
            if step.kind == "action" and step.actor:
                head = f'<b class="actor">{esc(self.story.directory.name(step.actor))}</b> {esc(step.text)}'
            elif step.kind == "tick":
                head = f'<span class="tick-head">⏱ {esc(step.text)}</span>'
            else:
                head = f'<i class="note">{esc(step.text)}</i>'
            body = "".join(self._event(e) for e in events)
            feed.append(
                f'<article class="step st-{esc(step.kind)}" id="step-{step.index}" data-people="{esc(people)}">'
                f'<div class="step-head"><a class="when-link" href="#step-{step.index}">{when}</a> {head}</div>{body}</article>'
            )
            short = step.text if len(step.text) <= 70 else step.text[:69] + "…"
            who = f"{self.story.directory.name(step.actor).split(' ')[0]}: " if step.actor else ""
            timeline.append(
                f'<a class="tl-step tl-{esc(step.kind)}" href="#step-{step.index}" data-step="{step.index}" data-people="{esc(people)}">'
                f"{zoned(Reader(self.story.directory, step.at, 'UTC', self.zones), partial(_stamp, step.at, short=True), 'tl-when')}"
                f" {esc(who + short)}</a>"
            )
        if open_scene:
            feed.append("</section>")
        return "".join(feed), "".join(timeline)

    def _event(self, event: Event) -> str:
        audience = " ".join(event.audience) or EVERYONE
        reader = self.reader(event.audience, event.at)
        kit = Blocks(reader, self.story.files)
        where = esc(self.where(event))
        attrs = f'class="event ev-{esc(event.kind)}" data-people="{esc(audience)}" data-conv="{esc(_conv_key(event))}"'
        if event.kind == "home" and event.view is not None:
            inner = f'<div class="home"><div class="home-tabs"><b>Home</b><span>Messages</span><span>About</span></div>{kit.blocks(event.view.get("blocks", []))}</div>'
            if not event.expanded:
                return (
                    f'<details {attrs}><summary class="where">⌂ {where} (updated)</summary>{inner}</details>'
                )
            return f'<div {attrs}><div class="where">⌂ {where}</div>{inner}</div>'
        if event.kind == "modal" and event.view is not None:
            return f'<div {attrs}><div class="where">▢ {where}</div>{kit.view(event.view)}</div>'
        if event.kind == "errors":
            items = "".join(f"<li>{esc(str(message))}</li>" for message in (event.errors or {}).values())
            return (
                f'<div {attrs}><div class="where">▢ {where}</div><ul class="form-errors">{items}</ul></div>'
            )
        if event.kind == "failure":
            return f'<div {attrs}><div class="where failure">✗ {esc(event.text)}</div></div>'
        if event.kind == "delete":
            return f'<div {attrs}><div class="where">{where}</div><div class="deleted">(message deleted)</div></div>'
        if event.kind == "file" and event.file is not None:
            return f'<div {attrs}><div class="where">{where}</div>{self._message(reader, event, self._file(event.file))}</div>'
        content = kit.blocks(event.blocks) if event.blocks else to_html(event.text, reader)
        badge = ""
        if event.kind == "update":
            badge = '<span class="edited">(edited)</span>'
        if event.kind == "ephemeral":
            badge = '<span class="only-you">👁 Only visible to you</span>'
        return f'<div {attrs}><div class="where">{where}</div>{self._message(reader, event, content, badge)}</div>'

    def _message(self, reader: Reader, event: Event, content: str, badge: str = "") -> str:
        time = zoned(reader, lambda z: _clock(event.at, z), "msg-time")
        return (
            '<div class="msg"><div class="avatar bot">M</div><div class="msg-body">'
            f'<div class="msg-meta"><b>{esc(self.story.bot_name)}</b><span class="app">APP</span>{time}{badge}</div>'
            f'<div class="msg-content">{content}</div></div></div>'
        )

    def _file(self, file: Mapping[str, Any]) -> str:
        name = str(file.get("title") or file.get("filename") or "file")
        src = _data_url(file)
        if src:
            return f'<div class="file-card"><div class="file-name">🖼 {esc(name)}</div><img src="{esc(src)}" alt="{esc(name)}"></div>'
        content = file.get("content") or b""
        calendar = _calendar_card(name, bytes(content)) if isinstance(content, bytes | bytearray) else None
        if calendar is not None:
            return calendar
        preview = ""
        if isinstance(content, bytes | bytearray) and content:
            lines = bytes(content).decode("utf-8", "replace").splitlines()
            preview = f"<pre>{esc(chr(10).join(lines[:6]))}{chr(10) + '…' if len(lines) > 6 else ''}</pre>"
        return f'<div class="file-card"><div class="file-name">📄 {esc(name)}</div>{preview}</div>'

    def _person_views(self) -> str:
        out: list[str] = []
        d = self.story.directory
        for member in self.story.cast:
            convs: dict[str, str] = {}
            home: Event | None = None
            for event in self.story.events:
                if member.id not in event.audience and EVERYONE not in event.audience:
                    continue
                if event.kind == "home":
                    home = event
                elif event.kind not in ("modal", "errors", "failure"):
                    key = _conv_key(event)
                    convs.setdefault(key, _conversation_name(key, d, self.story.bot_id, viewer=member.id))
            chips = "".join(
                f'<button class="conv" data-conv="{esc(key)}">{esc(label)}</button>'
                for key, label in convs.items()
            )
            home_html = ""
            if home is not None and home.view is not None:
                kit = Blocks(Reader(d, home.at, member.tz, self.zones), self.story.files)
                home_html = (
                    '<details class="final-home"><summary>⌂ Home tab, as last shown</summary>'
                    f'<div class="home"><div class="home-tabs"><b>Home</b><span>Messages</span><span>About</span></div>'
                    f"{kit.blocks(home.view.get('blocks', []))}</div></details>"
                )
            out.append(
                f'<section class="person-view" id="view-{esc(member.id)}" data-person="{esc(member.id)}" hidden>'
                f'<div class="pv-head"><span class="avatar big" style="background:{_colour(member.id)}">{esc(member.name[:1])}</span>'
                f'<div><div class="pv-name">{esc(member.name)}</div><div class="pv-sub">{esc(member.title)} · {esc(member.tz)}</div></div></div>'
                f'<div class="pv-convs"><button class="conv on" data-conv="">Everything</button>{chips}</div>{home_html}</section>'
            )
        return "".join(out)


def _conv_key(event: Event) -> str:
    if event.kind == "home":
        return "home"
    if event.kind in ("modal", "errors"):
        return "forms"
    if event.kind == "ephemeral":
        return "ephemeral:" + event.channel
    return event.channel


def _conversation_name(key: str, d: Directory, bot_id: str, viewer: str | None = None) -> str:
    if key == "home":
        return "Home tab"
    if key == "forms":
        return "Forms"
    if key.startswith("ephemeral:"):
        return "Replies only you see"
    if key.startswith("D"):
        return "Mentorbot (DM)" if viewer else f"DM · Mentorbot → {d.name(key[1:])}"
    if key.startswith("G"):
        members = [d.name(u) for u in key[1:].split("-") if u != bot_id and u != viewer]
        return "Group DM · " + ", ".join(members)
    return "#" + d.channel(key)


def _stamp(at: datetime, zone: str, short: bool = False) -> str:
    local = at.astimezone(ZoneInfo(zone))
    if short:
        return local.strftime("%a %d %b %H:%M")
    abbreviation = local.tzname() or zone
    return local.strftime("%a %d %b %Y, %H:%M ") + abbreviation


_FREQ_WORDS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def calendar_series(content: bytes) -> tuple[str, str, int] | None:
    """An .ics file's event in words: its summary, the series ("Every 2 weeks until …, from …")
    and its SEQUENCE; None when it isn't a calendar file."""
    if not content.lstrip().startswith(b"BEGIN:VCALENDAR"):
        return None
    try:
        from icalendar import Calendar

        event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
        start = event.decoded("DTSTART")
        end = (
            event.decoded("DTEND")
            if "DTEND" in event
            else start + event.decoded("DURATION", timedelta(hours=1))
        )
    except (ValueError, KeyError, StopIteration):
        return None
    if not isinstance(start, datetime):
        return None
    zone = str(getattr(start.tzinfo, "key", "") or start.tzname() or "UTC")
    when = f"{start:%a %-d %b %Y}, {start:%H:%M}–{end:%H:%M} ({zone})"
    rule = event.get("RRULE") or {}
    if rule:
        unit = _FREQ_WORDS.get(str((rule.get("FREQ") or ["WEEKLY"])[0]), "week")
        interval = int((rule.get("INTERVAL") or [1])[0])
        every = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
        until = (rule.get("UNTIL") or [None])[0]
        if isinstance(until, datetime) and until.tzinfo is not None:
            until = until.astimezone(start.tzinfo)  # UNTIL is UTC; the last day is the series' own
        until_text = f" until {until:%a %-d %b %Y}" if until is not None else ""
        when = f"{every}{until_text}, from {when}"
    return str(event.get("SUMMARY", "")), when, int(event.get("SEQUENCE", 0))


def _calendar_card(name: str, content: bytes) -> str | None:
    """An .ics file as a calendar client previews it: the series in words, not VCALENDAR text."""
    series = calendar_series(content)
    if series is None:
        return None
    summary, when, sequence = series
    lines = [
        f'<div class="file-name">📅 {esc(name)}</div>',
        '<div class="file-sub">Calendar file (.ics): one click adds the series to any calendar</div>',
        f"<div><b>{esc(summary)}</b></div>",
        f"<div>{esc(when)}</div>",
    ]
    if sequence:
        lines.append(f'<div class="file-sub">Update {sequence}: replaces the earlier file (same event)</div>')
    return f'<div class="file-card cal">{"".join(lines)}</div>'


def _clock(at: datetime, zone: str) -> str:
    local = at.astimezone(ZoneInfo(zone))
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"


def _colour(key: str) -> str:
    palette = ("#2eb67d", "#e01e5a", "#36c5f0", "#ecb22e", "#4a154b", "#1264a3", "#e8912d", "#7c3085")
    return palette[sum(map(ord, key)) % len(palette)]


def render_page(story: Story) -> str:
    """The whole page as one string."""
    return Page(story).render()


_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title><style>{css}</style></head>
<body>
<aside id="sidebar">
  <div class="ws"><div class="ws-name">{title}</div><div class="ws-sub">Everything the bot showed, step by step</div></div>
  <div class="side-label">People</div>
  <nav id="people"><button class="person on" data-person=""><span class="avatar" style="background:#611f69">★</span><span class="pname">Everyone</span></button>{people}</nav>
  <div class="side-label">Timeline</div>
  <nav id="timeline">{timeline}</nav>
</aside>
<main id="main">
  <div id="views">{views}</div>
  <div id="feed">{feed}</div>
</main>
<script>{script}</script>
</body></html>
"""

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.46668 Lato,"Helvetica Neue",Helvetica,"Segoe UI",Arial,sans-serif;color:#1d1c1d;background:#fff;display:flex;height:100vh;overflow:hidden}
#sidebar{width:300px;flex:none;background:#3f0e40;color:#cfc3cf;overflow-y:auto;padding-bottom:40px}
.ws{padding:14px 16px;border-bottom:1px solid #5d3a5e}
.ws-name{color:#fff;font-weight:900;font-size:17px}
.ws-sub{font-size:12px;color:#bcabbc}
.side-label{padding:14px 16px 4px;font-size:13px;color:#bcabbc;font-weight:700}
#people button{display:flex;align-items:center;gap:8px;width:100%;background:none;border:0;color:#cfc3cf;padding:4px 16px;font:inherit;cursor:pointer;text-align:left}
#people button:hover{background:#350d36}
#people button.on{background:#1164a3;color:#fff}
.avatar{display:inline-flex;align-items:center;justify-content:center;width:20px;height:20px;border-radius:4px;color:#fff;font-weight:900;font-size:12px;flex:none}
.avatar.big{width:48px;height:48px;font-size:24px;border-radius:8px}
.avatar.bot{width:36px;height:36px;border-radius:6px;background:#4a154b;font-size:18px}
#timeline a{display:block;color:#cfc3cf;text-decoration:none;padding:3px 16px 3px 24px;font-size:13px;line-height:1.35}
#timeline a:hover{background:#350d36;color:#fff}
#timeline a.tl-scene{color:#fff;font-weight:700;padding:10px 16px 3px;font-size:13.5px}
#timeline a.current{background:#1164a3;color:#fff}
#timeline a.tl-tick{color:#a78ea8}
.tl-when{color:#a78ea8;font-variant-numeric:tabular-nums;font-size:11.5px;margin-right:4px}
#timeline a.current .tl-when{color:#dbe9f5}
[hidden]{display:none!important}
#main{flex:1;overflow-y:auto;padding:0 0 60vh}
.person-view{position:sticky;top:0;z-index:3;background:#fff;border-bottom:1px solid #ddd;padding:12px 20px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.pv-head{display:flex;gap:12px;align-items:center}
.pv-name{font-weight:900;font-size:18px}
.pv-sub{color:#616061;font-size:13px}
.pv-convs{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px}
.pv-convs button{border:1px solid #ddd;background:#f8f8f8;border-radius:12px;padding:2px 10px;font:inherit;font-size:13px;cursor:pointer}
.pv-convs button.on{background:#1164a3;color:#fff;border-color:#1164a3}
.final-home{margin-top:8px}
.final-home summary{cursor:pointer;color:#1264a3;font-size:13px}
.scene>h2{position:sticky;top:0;z-index:2;margin:0;padding:10px 20px;background:#f8f8f8;border-bottom:1px solid #e2e2e2;font-size:16px;font-weight:900}
body.filtered .scene>h2{position:static}
.step{padding:8px 20px 6px;border-bottom:1px solid #f0f0f0}
.step.current{background:#fffbe6;box-shadow:inset 4px 0 #ecb22e}
article.step,section.scene{scroll-margin-top:44px}
body.filtered article.step{scroll-margin-top:130px}
.step-head{font-size:14px;color:#1d1c1d;margin:2px 0 6px}
.when-link{color:#616061;text-decoration:none;font-size:12px;margin-right:6px;font-variant-numeric:tabular-nums}
.step .note{color:#616061}
.tick-head{color:#616061}
.event{margin:6px 0 10px}
.where{font-size:12px;color:#616061;margin:0 0 2px 46px}
.where.failure{color:#e01e5a}
details.event>summary{cursor:pointer;list-style:none;margin-left:0}
details.event>summary::before{content:"▸ ";color:#616061}
details.event[open]>summary::before{content:"▾ "}
.msg{display:flex;gap:10px;padding:6px 8px;border-radius:6px}
.msg:hover{background:#f8f8f8}
.msg-body{min-width:0;flex:1;max-width:720px}
.msg-meta{font-size:15px}
.msg-meta b{font-weight:900}
.app{font-size:10px;font-weight:700;color:#616061;background:#e8e8e8;border-radius:2px;padding:1px 3px;margin:0 6px;vertical-align:2px}
.msg-time{color:#616061;font-size:12px}
.edited{color:#616061;font-size:12px;margin-left:6px}
.only-you{color:#616061;font-size:12px;margin-left:8px}
.msg-content{word-wrap:break-word}
p.md{margin:0 0 4px}
blockquote{margin:4px 0;padding:0 0 0 12px;border-left:4px solid #ddd}
ul,ol{margin:2px 0 4px;padding-left:24px}
code{font:12px Monaco,Menlo,Consolas,monospace;color:#e01e5a;background:#f6f6f6;border:1px solid #e8e8e8;border-radius:3px;padding:1px 3px}
pre{font:12px/1.5 Monaco,Menlo,Consolas,monospace;background:#f8f8f8;border:1px solid #e2e2e2;border-radius:4px;padding:8px;margin:4px 0;white-space:pre-wrap}
a{color:#1264a3}
.mention{color:#1264a3;background:#e8f5fa;border-radius:3px;padding:0 2px;font-weight:400}
.mention.broadcast{background:#fef3d5;color:#1d1c1d}
.date{border-bottom:1px dotted #999}
.emoji{font-family:"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif}
.bk-header{font-size:18px;font-weight:900;margin:4px 0 6px}
.bk-divider{border:0;border-top:1px solid #e2e2e2;margin:10px 0}
.bk-section{display:flex;gap:12px;margin:4px 0}
.bk-section-body{flex:1;min-width:0}
.bk-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin:6px 0}
.bk-field p.md{margin:0}
.bk-accessory{flex:none}
.bk-context{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;font-size:12px;color:#616061;margin:4px 0}
.bk-context p.md{margin:0}
.bk-actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.btn{display:inline-flex;align-items:center;height:28px;padding:0 12px;border:1px solid rgba(29,28,29,.3);border-radius:4px;font-size:13px;font-weight:700;background:#fff;color:#1d1c1d;white-space:nowrap;cursor:default}
.btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.btn.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
details.overflow{display:inline-block;position:relative}
details.overflow summary{list-style:none;cursor:pointer;padding:0 8px}
details.overflow ul{position:absolute;right:0;z-index:5;list-style:none;margin:4px 0;padding:6px 0;background:#fff;border:1px solid #ddd;border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.12);min-width:180px}
details.overflow li{padding:4px 16px;font-size:14px;white-space:nowrap}
.select{display:inline-flex;align-items:center;gap:6px;min-height:28px;padding:2px 10px;border:1px solid rgba(29,28,29,.3);border-radius:4px;font-size:14px;background:#fff}
.select.multi{flex-wrap:wrap}
.chip{background:#e8f5fa;border-radius:3px;padding:0 6px;font-size:13px}
.caret{color:#616061;font-size:11px;margin-left:auto}
.ph{color:#868686}
.text-input{border:1px solid rgba(29,28,29,.3);border-radius:4px;padding:6px 10px;min-height:36px;font-size:14px;background:#fff}
.text-input.multiline{min-height:64px}
.choices .opt{display:flex;gap:8px;align-items:flex-start;margin:3px 0;font-size:14px}
.choices .mark{color:#1264a3}
.opt-desc{color:#616061;font-size:12px}
.bk-input{margin:10px 0 14px}
.input-label{font-weight:700;margin-bottom:6px;font-size:15px}
.optional{font-weight:400;color:#616061}
.input-hint{color:#616061;font-size:12px;margin-top:4px}
.bk-image img{max-width:520px;border-radius:6px;border:1px solid #eee}
.bk-image figcaption{font-size:12px;color:#616061}
.img-placeholder{display:inline-block;padding:16px;background:#f8f8f8;border:1px dashed #ccc;border-radius:6px;color:#616061;font-size:13px}
.img-placeholder.small,.ctx-img img{max-height:20px;padding:0 4px;font-size:11px}
.modal{width:520px;max-width:100%;border-radius:8px;box-shadow:0 0 0 1px rgba(29,28,29,.13),0 18px 48px rgba(0,0,0,.35);background:#fff;margin:6px 0 6px 46px}
.modal-head{display:flex;align-items:center;gap:10px;padding:16px 20px;border-bottom:1px solid #e2e2e2}
.modal-icon{width:24px;height:24px;border-radius:4px;background:#4a154b;color:#fff;font-weight:900;display:inline-flex;align-items:center;justify-content:center;font-size:13px}
.modal-title{font-weight:900;font-size:20px;flex:1}
.modal-x{color:#616061;font-size:22px}
.modal-body{padding:8px 20px;max-height:none}
.modal-foot{display:flex;justify-content:flex-end;gap:10px;padding:14px 20px;border-top:1px solid #e2e2e2}
.form-errors{margin:0 0 0 46px;padding:8px 12px 8px 28px;background:#fdf0f4;border-left:4px solid #e01e5a;color:#a3123c;font-size:14px}
.home{max-width:760px;margin:4px 0 4px 46px;border:1px solid #e2e2e2;border-radius:8px;padding:0 20px 12px;background:#fff}
.home-tabs{display:flex;gap:22px;border-bottom:1px solid #e2e2e2;margin:0 -20px 10px;padding:10px 20px 0;font-size:14px;color:#616061}
.home-tabs b{color:#1d1c1d;border-bottom:2px solid #1264a3;padding-bottom:8px}
.file-card{border:1px solid #ddd;border-radius:8px;padding:8px 12px;display:inline-block;max-width:560px;background:#fff}
.file-card img{max-width:520px;display:block;margin-top:6px}
.file-name{font-weight:700;font-size:14px}
.file-sub{color:#616061;font-size:12px;margin:2px 0 4px}
.deleted{color:#616061;font-style:italic;margin-left:46px}
.bk-unknown{color:#616061;font-size:12px}
"""

_SCRIPT = """
(function(){
  const zones = __ZONES__;
  const main = document.getElementById('main');
  let person = '', conv = '';
  function visible(el){ const p = (el.dataset.people||'*').split(' '); return !person || p.includes(person) || p.includes('*'); }
  function apply(){
    document.body.classList.toggle('filtered', !!person);
    for (const b of document.querySelectorAll('#people button')) b.classList.toggle('on', b.dataset.person === person);
    for (const v of document.querySelectorAll('.person-view')) v.hidden = v.dataset.person !== person;
    for (const b of document.querySelectorAll('.pv-convs button')) b.classList.toggle('on', b.dataset.conv === conv);
    for (const e of document.querySelectorAll('.event')) e.hidden = !(visible(e) && (!conv || e.dataset.conv === conv));
    for (const s of document.querySelectorAll('article.step')) {
      const shown = s.querySelectorAll('.event:not([hidden])').length;
      s.hidden = conv ? !shown : !(visible(s) || shown);
    }
    for (const s of document.querySelectorAll('section.scene')) s.hidden = !s.querySelector('article.step:not([hidden])');
    for (const a of document.querySelectorAll('#timeline a')) {
      const target = document.getElementById('step-' + a.dataset.step);
      a.hidden = !target || target.hidden;
    }
    const zone = person ? zones[person] : '';
    for (const t of document.querySelectorAll('[data-z]')) {
      const map = JSON.parse(t.dataset.z);
      t.textContent = (zone && map[zone]) || t.dataset.d;
    }
  }
  function jump(id){
    const el = document.getElementById(id);
    if (!el) return;
    if (el.hidden) { person = ''; conv = ''; apply(); }
    for (const c of document.querySelectorAll('.current')) c.classList.remove('current');
    el.classList.add('current');
    const link = document.querySelector('#timeline a[href="#' + id + '"]');
    if (link) { link.classList.add('current'); link.scrollIntoView({block: 'nearest'}); }
    el.scrollIntoView({block: 'start'});
    history.replaceState(null, '', '#' + id);
  }
  document.getElementById('people').addEventListener('click', ev => {
    const b = ev.target.closest('button'); if (!b) return;
    person = b.dataset.person; conv = ''; apply(); main.scrollTop = 0;
  });
  document.getElementById('views').addEventListener('click', ev => {
    const b = ev.target.closest('button.conv'); if (!b) return;
    conv = b.dataset.conv; apply(); main.scrollTop = 0;
  });
  document.addEventListener('click', ev => {
    const a = ev.target.closest('a[href^="#step-"]'); if (!a) return;
    ev.preventDefault(); jump(a.getAttribute('href').slice(1));
  });
  apply();
  if (location.hash.startsWith('#step-')) jump(location.hash.slice(1));
})();
"""
