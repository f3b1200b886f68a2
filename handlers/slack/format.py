"""Formatting user text for Slack: escape it so nobody can ping @channel or forge a link."""

from __future__ import annotations


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
