"""Slack's message markup (mrkdwn) rendered the way Slack shows it: as HTML for `demo.html`, or as
plain text for the terminal transcript.

Both renderings resolve the same things: `<@U…>` mentions become names, `<#C…>` channels become
`#name`, `<!date^…^…|fallback>` tokens are written in the reader's time zone, `:shortcodes:` become
emoji characters, and `*bold*`, `_italic_`, `~strike~`, `` `code` ``, quotes and lists are rendered
(HTML) or have their markers removed (text). Everything that is not markup is escaped for HTML, so
text a person typed (`<script>` included) can never become markup in the page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The shortcodes the bot uses (a unit test checks every one in the code is here), and common others.
EMOJI: dict[str, str] = {
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "ballot_box_with_check": "☑️",
    "white_large_square": "⬜",
    "x": "❌",
    "tada": "🎉",
    "confetti_ball": "🎊",
    "trophy": "🏆",
    "medal": "🏅",
    "sports_medal": "🏅",
    "first_place_medal": "🥇",
    "seedling": "🌱",
    "herb": "🌿",
    "lock": "🔒",
    "unlock": "🔓",
    "key": "🔑",
    "dart": "🎯",
    "warning": "⚠️",
    "triangular_flag_on_post": "🚩",
    "star": "⭐",
    "star2": "🌟",
    "sparkles": "✨",
    "red_circle": "🔴",
    "large_yellow_circle": "🟡",
    "large_green_circle": "🟢",
    "large_blue_circle": "🔵",
    "large_orange_circle": "🟠",
    "white_circle": "⚪",
    "black_circle": "⚫",
    "recycle": "♻️",
    "pencil": "📝",
    "pencil2": "✏️",
    "memo": "📝",
    "handshake": "🤝",
    "double_vertical_bar": "⏸️",
    "pause_button": "⏸️",
    "arrow_forward": "▶️",
    "clap": "👏",
    "bulb": "💡",
    "birthday": "🎂",
    "wave": "👋",
    "calendar": "📆",
    "date": "📅",
    "spiral_calendar_pad": "🗓️",
    "alarm_clock": "⏰",
    "hourglass": "⌛",
    "hourglass_flowing_sand": "⏳",
    "bell": "🔔",
    "pushpin": "📌",
    "round_pushpin": "📍",
    "paperclip": "📎",
    "link": "🔗",
    "no_entry": "⛔",
    "no_entry_sign": "🚫",
    "information_source": "ℹ️",
    "question": "❓",
    "grey_question": "❔",
    "exclamation": "❗",
    "heavy_plus_sign": "➕",
    "fire": "🔥",
    "rocket": "🚀",
    "muscle": "💪",
    "raised_hands": "🙌",
    "pray": "🙏",
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "heart": "❤️",
    "blue_heart": "💙",
    "green_heart": "💚",
    "smile": "😄",
    "slightly_smiling_face": "🙂",
    "blush": "😊",
    "eyes": "👀",
    "thinking_face": "🤔",
    "partying_face": "🥳",
    "hugging_face": "🤗",
    "gift": "🎁",
    "balloon": "🎈",
    "books": "📚",
    "book": "📖",
    "mortar_board": "🎓",
    "speech_balloon": "💬",
    "busts_in_silhouette": "👥",
    "bust_in_silhouette": "👤",
    "email": "📧",
    "envelope": "✉️",
    "incoming_envelope": "📨",
    "inbox_tray": "📥",
    "outbox_tray": "📤",
    "mega": "📣",
    "loudspeaker": "📢",
    "bar_chart": "📊",
    "chart_with_upwards_trend": "📈",
    "chart_with_downwards_trend": "📉",
    "clipboard": "📋",
    "page_facing_up": "📄",
    "file_folder": "📁",
    "mag": "🔍",
    "gear": "⚙️",
    "wrench": "🔧",
    "hammer_and_wrench": "🛠️",
    "shield": "🛡️",
    "zzz": "💤",
    "palm_tree": "🌴",
    "sunny": "☀️",
    "coffee": "☕",
    "arrows_counterclockwise": "🔄",
    "repeat": "🔁",
    "checkered_flag": "🏁",
    "compass": "🧭",
    "telescope": "🔭",
    "bookmark": "🔖",
    "label": "🏷️",
    "rotating_light": "🚨",
    "construction": "🚧",
    "100": "💯",
    "ok_hand": "👌",
    "point_right": "👉",
    "point_down": "👇",
    "raising_hand": "🙋",
    "small_blue_diamond": "🔹",
    "small_orange_diamond": "🔸",
    "sunflower": "🌻",
    "bouquet": "💐",
    "crown": "👑",
}

# A shortcode: letters, digits, _ + - between colons, with at least one letter or sign ("10:00:00" is a time).
_EMOJI_RE = re.compile(r":([a-z0-9_+\-]*[a-z+\-][a-z0-9_+\-]*):")
_TOKEN_RE = re.compile(r"<([^<>\n]+)>")
_BOLD_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC_RE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_STRIKE_RE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")
_CODE_RE = re.compile(r"`([^`\n]+)`")
_FENCE_RE = re.compile(r"```(.*?)```", re.DOTALL)
_BULLET_RE = re.compile(r"^\s*(?:[•◦▪‣]|-(?=\s))\s*")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+")
_QUOTE_RE = re.compile(r"^(?:>|&gt;)\s?")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


@dataclass(frozen=True)
class Member:
    """A workspace member as the renderings need them: a name and a time zone."""

    name: str
    tz: str = "UTC"


@dataclass
class Directory:
    """Who and what the markup refers to: members by id, channel names by id."""

    members: dict[str, Member] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    def name(self, user_id: str) -> str:
        """A member's name, or the id itself when unknown."""
        member = self.members.get(user_id)
        return member.name if member else user_id

    def channel(self, channel_id: str) -> str:
        """A channel's name without the #, or the id itself when unknown."""
        return self.channels.get(channel_id, channel_id)


def emoji(name: str) -> str | None:
    """The character for a shortcode (without colons), or None when unknown."""
    return EMOJI.get(name.lower())


def emojize(text: str) -> str:
    """Replace every known `:shortcode:` with its character (unknown ones stay as typed)."""
    return _EMOJI_RE.sub(lambda m: emoji(m.group(1)) or m.group(0), text)


def unescape(text: str) -> str:
    """Undo Slack's escaping of &, < and > (the only three entities Slack uses)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# -- dates ---------------------------------------------------------------------------------------
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _clock(local: datetime, seconds: bool = False) -> str:
    hour = local.hour % 12 or 12
    tail = f":{local.second:02d}" if seconds else ""
    return f"{hour}:{local.minute:02d}{tail} {'AM' if local.hour < 12 else 'PM'}"


def _ago(at: datetime, now: datetime) -> str:
    seconds = int((now - at).total_seconds())
    future, seconds = seconds < 0, abs(seconds)
    for unit, size in (
        ("year", 31536000),
        ("month", 2592000),
        ("day", 86400),
        ("hour", 3600),
        ("minute", 60),
    ):
        if seconds >= size:
            n = seconds // size
            words = f"{n} {unit}{'' if n == 1 else 's'}"
            return f"in {words}" if future else f"{words} ago"
    return "in a moment" if future else "just now"


def format_date(timestamp: int, fmt: str, zone: str, now: datetime) -> str:
    """Write a `<!date>` token as Slack does for a reader in `zone` (en-US), at the instant `now`."""
    tz = ZoneInfo(zone)
    at = datetime.fromtimestamp(timestamp, UTC)
    local = at.astimezone(tz)
    today = now.astimezone(tz).date()

    def day(style: str) -> str:
        d: date = local.date()
        if style == "date_num":
            return d.isoformat()
        if style == "date_short":
            return f"{_MONTHS[d.month - 1][:3]} {d.day}, {d.year}"
        if style == "date_long":
            return f"{_WEEKDAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}"
        return f"{_MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}"

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ("date_num", "date", "date_short", "date_long"):
            return day(name)
        if name in ("date_pretty", "date_short_pretty", "date_long_pretty"):
            offset = (local.date() - today).days
            relative = {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(offset)
            if relative is None:
                return day(name.removesuffix("_pretty"))
            return relative  # Slack writes them in lower case, wherever they stand
        if name == "time":
            return _clock(local)
        if name == "time_secs":
            return _clock(local, seconds=True)
        if name == "ago":
            return _ago(at, now)
        return match.group(0)

    return re.sub(r"\{(\w+)\}", replace, fmt)


@dataclass(frozen=True)
class DateToken:
    """A parsed `<!date^timestamp^format[^link]|fallback>`."""

    timestamp: int
    fmt: str
    link: str | None
    fallback: str


def parse_date_token(body: str) -> DateToken | None:
    """Parse the inside of a `<!date…>` token; None when it is malformed."""
    main, _, fallback = body.partition("|")
    parts = main.split("^")
    if len(parts) < 3 or parts[0] != "!date":
        return None
    try:
        timestamp = int(parts[1])
    except ValueError:
        return None
    link = parts[3] if len(parts) > 3 and _SAFE_URL.match(parts[3]) else None
    return DateToken(timestamp, parts[2], link, unescape(fallback))


# -- the reader ----------------------------------------------------------------------------------
@dataclass
class Reader:
    """Who reads the markup, and when: their zone (and the zones others would see, for HTML)."""

    directory: Directory
    now: datetime
    zone: str = "UTC"
    other_zones: Sequence[str] = ()


# -- tokens ----------------------------------------------------------------------------------------
def _split_tokens(text: str) -> list[tuple[bool, str]]:
    """Split mrkdwn into (is_token, piece): `<…>` control sequences and the text around them."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        if match.start() > last:
            pieces.append((False, text[last : match.start()]))
        pieces.append((True, match.group(1)))
        last = match.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def _token_text(body: str, reader: Reader) -> str | None:
    """What a control sequence reads as, in plain text; None when it is not one Slack knows."""
    head, _, label = body.partition("|")
    if head.startswith("@") and len(head) > 1:
        return "@" + (
            reader.directory.name(head[1:]) if head[1:] in reader.directory.members else label or head[1:]
        )
    if head.startswith("#") and len(head) > 1:
        return "#" + (label or reader.directory.channel(head[1:]))
    if head.startswith("!date^"):
        token = parse_date_token(body)
        if token is None:
            return None
        return format_date(token.timestamp, token.fmt, reader.zone, reader.now)
    if head in ("!here", "!channel", "!everyone"):
        return "@" + head[1:]
    if head.startswith("!subteam^"):
        return unescape(label) or "@team"
    if _SAFE_URL.match(head):
        return unescape(label) if label else unescape(head.removeprefix("mailto:"))
    return None


# -- plain text (the terminal) -------------------------------------------------------------------
def to_text(text: str, reader: Reader) -> str:
    """mrkdwn as plain readable text: names, dates in the reader's zone, emoji, markers removed."""
    out: list[str] = []
    for is_token, piece in _split_tokens(text or ""):
        rendered = _token_text(piece, reader) if is_token else None
        out.append(rendered if rendered is not None else ("<" + piece + ">" if is_token else piece))
    joined = "".join(out).replace("```", "")
    joined = _CODE_RE.sub(r"\1", joined)
    for pattern in (_BOLD_RE, _ITALIC_RE, _STRIKE_RE):
        joined = pattern.sub(r"\1", joined)
    lines = [_QUOTE_RE.sub("│ ", line) for line in joined.split("\n")]
    return unescape(emojize("\n".join(lines)))


def plain_to_text(text: str) -> str:
    """A plain_text object as the terminal shows it (emoji converted)."""
    return unescape(emojize(text or ""))


# -- HTML -------------------------------------------------------------------------------------------
def esc(text: str) -> str:
    """HTML-escape text (quotes too: it may end up in an attribute)."""
    return html.escape(text, quote=True)


def zoned(reader: Reader, render: Callable[[str], str], css: str = "zoned") -> str:
    """A span showing `render(zone)` for the reader, carrying every other reader's version too, so
    the page can switch it to the zone of the person whose view is shown."""
    default = render(reader.zone)
    zones = {z: render(z) for z in {reader.zone, *reader.other_zones}}
    return (
        f'<span class="{css}" data-z="{esc(json.dumps(zones, ensure_ascii=False, sort_keys=True))}"'
        f' data-d="{esc(default)}">{esc(default)}</span>'
    )


def _token_html(body: str, reader: Reader) -> str | None:
    head = body.partition("|")[0]
    if head.startswith("@") and len(head) > 1:
        return f'<span class="mention">{esc(_token_text(body, reader) or "")}</span>'
    if head.startswith("#") and len(head) > 1:
        return f'<span class="mention channel">{esc(_token_text(body, reader) or "")}</span>'
    if head.startswith("!date^"):
        token = parse_date_token(body)
        if token is None:
            return None
        span = zoned(reader, lambda z: format_date(token.timestamp, token.fmt, z, reader.now), "date")
        if token.link:
            return f'<a href="{esc(token.link)}" rel="noopener">{span}</a>'
        return span
    if head in ("!here", "!channel", "!everyone") or head.startswith("!subteam^"):
        return f'<span class="mention broadcast">{esc(_token_text(body, reader) or "")}</span>'
    if _SAFE_URL.match(head):
        shown = _token_text(body, reader) or head
        return f'<a href="{esc(unescape(head))}" rel="noopener">{esc(emojize(shown))}</a>'
    return None


_MARK = "\ue000"  # placeholders for rendered pieces: private-use characters, never \w, never markup
_END = "\ue001"


def _inline(text: str, reader: Reader) -> str:
    """One line (or paragraph) of mrkdwn as inline HTML."""
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"{_MARK}{len(stash) - 1}{_END}"

    work: list[str] = []
    for is_token, piece in _split_tokens(text):
        rendered = _token_html(piece, reader) if is_token else None
        if rendered is not None:
            work.append(keep(rendered))
        else:
            work.append(esc(unescape("<" + piece + ">" if is_token else piece)))
    line = "".join(work)
    line = _CODE_RE.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), line)
    line = _EMOJI_RE.sub(
        lambda m: (
            keep(f'<span class="emoji" title=":{esc(m.group(1))}:">{e}</span>')
            if (e := emoji(m.group(1)))
            else m.group(0)
        ),
        line,
    )
    line = _BOLD_RE.sub(r"<b>\1</b>", line)
    line = _ITALIC_RE.sub(r"<i>\1</i>", line)
    line = _STRIKE_RE.sub(r"<s>\1</s>", line)
    pattern = re.compile(f"{_MARK}(\\d+){_END}")
    while pattern.search(line):
        line = pattern.sub(lambda m: stash[int(m.group(1))], line)
    return line


def to_html(text: str, reader: Reader) -> str:
    """mrkdwn as HTML: paragraphs with line breaks, code blocks, quotes and lists."""
    parts: list[str] = []
    last = 0
    for match in _FENCE_RE.finditer(text or ""):
        parts.append(_blocks_html(text[last : match.start()], reader))
        code = "".join(
            esc(_token_text(p, reader) or "<" + p + ">") if t else esc(unescape(p))
            for t, p in _split_tokens(match.group(1).strip("\n"))
        )
        parts.append(f"<pre>{code}</pre>")
        last = match.end()
    parts.append(_blocks_html((text or "")[last:], reader))
    return "".join(p for p in parts if p)


def _blocks_html(text: str, reader: Reader) -> str:
    if not text:
        return ""
    out: list[str] = []
    group: list[str] = []
    kind = ""

    def close() -> None:
        nonlocal group, kind
        if not group:
            return
        if kind == "quote":
            out.append("<blockquote>" + "<br>".join(group) + "</blockquote>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{item}</li>" for item in group) + f"</{kind}>")
        else:
            out.append('<p class="md">' + "<br>".join(group) + "</p>")
        group, kind = [], ""

    for raw in text.split("\n"):
        if _QUOTE_RE.match(raw):
            line_kind, content = "quote", _QUOTE_RE.sub("", raw, count=1)
        elif _BULLET_RE.match(raw):
            line_kind, content = "ul", _BULLET_RE.sub("", raw, count=1)
        elif _NUMBERED_RE.match(raw):
            line_kind, content = "ol", _NUMBERED_RE.sub("", raw, count=1)
        else:
            line_kind, content = "p", raw
        if line_kind != kind:
            close()
            kind = line_kind
        group.append(_inline(content, reader))
    close()
    return "".join(out)


def plain_to_html(text: str) -> str:
    """A plain_text object as HTML (escaped; emoji converted, as with `emoji: true`)."""
    return esc(emojize(unescape(text or ""))).replace("\n", "<br>")


def text_object_html(obj: Mapping[str, object] | None, reader: Reader) -> str:
    """A Block Kit text object (mrkdwn or plain_text) as HTML."""
    if not obj:
        return ""
    text = str(obj.get("text") or "")
    return to_html(text, reader) if obj.get("type") == "mrkdwn" else plain_to_html(text)


def text_object_text(obj: Mapping[str, object] | None, reader: Reader) -> str:
    """A Block Kit text object as plain text."""
    if not obj:
        return ""
    text = str(obj.get("text") or "")
    return to_text(text, reader) if obj.get("type") == "mrkdwn" else plain_to_text(text)
