"""Formatting user text for Slack: escape it so nobody can ping @channel or forge a link."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.dates import days_ago, plain_day

__all__ = [
    "clip",
    "day_token",
    "days_ago",
    "esc",
    "first_name",
    "mention",
    "plain_day",
    "plural",
    "time_token",
]


def esc(text: str | None) -> str:
    """Escape &, < and > as Slack requires for mrkdwn text written by people."""
    if not text:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten text to a Block Kit limit, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def mention(slack_user_id: str) -> str:
    """Return a mention of a user by id (ids come from Slack, never from user text)."""
    return f"<@{slack_user_id}>"


def topics_text(topics: list[str] | tuple[str, ...]) -> str:
    """Return topics as escaped, comma-separated text, or an em dash when there are none."""
    return ", ".join(esc(t) for t in topics) if topics else "—"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 pair", "2 pairs", "0 sessions": the count with the right form of the noun."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def day_token(day: date, style: str = "date_short") -> str:
    """Write a calendar day as a Slack date token, so each reader sees it in their own locale.

    Not the "_pretty" styles: they turn the day into "today" or "yesterday", which reads wrong after
    "on" or "by" ("ended on yesterday"), and sentences put days after prepositions all the time.

    The token points at noon UTC on that day, which falls on the same calendar day in every
    zone from UTC-11 to UTC+11; the fallback (for notifications and old clients) is "Wed 2 Dec 2026".
    """
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return f"<!date^{int(noon.timestamp())}^{{{style}}}|{plain_day(day)}>"


def time_token(at: datetime, style: str = "{date_short} at {time}") -> str:
    """Write an instant as a Slack date token: each reader sees it in their own time zone."""
    instant = at if at.tzinfo else at.replace(tzinfo=UTC)
    fallback = f"{plain_day(instant.astimezone(UTC).date())}, {instant.astimezone(UTC):%H:%M} UTC"
    return f"<!date^{int(instant.timestamp())}^{style}|{fallback}>"


def first_name(name: str | None, display_name: str | None = None) -> str:
    """The name to greet someone by: their Slack display name, else the first word of their name.

    "Ada Lovelace" gives "Ada"; nothing gives "there" ("Hi there!"). The result is escaped.
    """
    if display_name and display_name.strip():
        return esc(display_name.strip())
    words = (name or "").split()
    return esc(words[0]) if words else "there"
