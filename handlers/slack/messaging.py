"""Sending to people: DMs and ephemeral replies, with a plain-text fallback always set."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.slack.inputs import clean_text

logger = logging.getLogger(__name__)

PERSON_GONE = {"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot", "channel_not_found"}


def send_dm(
    client: WebClient, user_id: str, text: str, blocks: list[dict[str, Any]] | None = None, **kwargs: Any
) -> tuple[str, str] | None:
    """DM a person; return (channel, ts), or None when Slack says the person can't be reached."""
    try:
        response = client.chat_postMessage(channel=user_id, text=text, blocks=blocks, **kwargs)
    except SlackApiError as err:
        code = err.response.get("error") if err.response is not None else None
        if code in PERSON_GONE:
            logger.info("dm not delivered user=%s error=%s", user_id, code)
            return None
        raise
    return str(response["channel"]), str(response["ts"])


def post(
    client: WebClient, channel: str, text: str, blocks: list[dict[str, Any]] | None = None, **kwargs: Any
) -> tuple[str, str]:
    """Post to a channel or conversation; return (channel, ts)."""
    response = client.chat_postMessage(channel=channel, text=text, blocks=blocks, **kwargs)
    return str(response["channel"]), str(response["ts"])


def update(
    client: WebClient, channel: str | None, ts: str | None, text: str, blocks: list[dict[str, Any]]
) -> None:
    """Rewrite a message the bot posted earlier (a prompt, a proposal); a vanished one is fine."""
    if not channel or not ts:
        return
    try:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    except SlackApiError as err:
        logger.info("message not updated channel=%s error=%s", channel, err.response.get("error"))


def confirm_where_typed(client: WebClient, user_id: str, channel: Any, text: str) -> None:
    """Confirm privately in the channel where a command was typed (a signed channel id from the
    form's metadata), else by DM when there is none or Slack can't post there."""
    if isinstance(channel, str) and channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text)
            return
        except SlackApiError as err:
            logger.info("confirmation by DM user=%s error=%s", user_id, err.response.get("error"))
    send_dm(client, user_id, text)


def open_group_dm(client: WebClient, user_ids: list[str]) -> str:
    """Open (or find) the group DM of these people and the bot; return its channel id."""
    response = client.conversations_open(users=",".join(user_ids))
    return str(response["channel"]["id"])


def slack_profile(client: WebClient, user_id: str) -> dict[str, Any] | None:
    """Return users.info's user object, or None if Slack can't find the user."""
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as err:
        logger.info("users.info failed user=%s error=%s", user_id, err.response.get("error"))
        return None
    user = response.get("user")
    return dict(user) if isinstance(user, dict) else None


def display_name(user: dict[str, Any] | None) -> str | None:
    """Return a person's real name (or display name) from a users.info object."""
    if not user:
        return None
    profile = user.get("profile") or {}
    name = (
        profile.get("real_name") or user.get("real_name") or profile.get("display_name") or user.get("name")
    )
    cleaned = clean_text(str(name)) if name else ""
    return cleaned or None
