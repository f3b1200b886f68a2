"""Posting a proposed circles round in its program's admin channel (the CLI and `/mentor admin circles`)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import circles, programs
from handlers.circles.round_blocks import build_round, round_fallback
from handlers.slack import kit
from handlers.slack.messaging import post

logger = logging.getLogger(__name__)

CHANNEL_GONE = {"channel_not_found", "not_in_channel", "is_archived"}
SUPERSEDED = "This proposal was replaced by a newer one."


def post_circles_round(
    client: WebClient, deps: Deps, team_id: str, program_name: str, plan: circles.RoundPlan
) -> tuple[str, str] | None:
    """Post a stored round in its program's admin channel and remember where; rewrite the proposals
    it superseded. None when the program has no usable admin channel."""
    for old_id, old_channel, old_ts in plan.superseded:
        if old_channel and old_ts:
            text = f"Round {old_id}: {SUPERSEDED}"
            try:
                client.chat_update(channel=old_channel, ts=old_ts, text=text, blocks=[kit.section(text)])
            except SlackApiError as err:
                logger.info(
                    "superseded round not rewritten round=%s error=%s", old_id, err.response.get("error")
                )
    channel = programs.admin_channel_of(deps, team_id, plan.program_id)
    if not channel or plan.round_id is None:
        return None
    text = round_fallback(program_name, plan.proposal)
    blocks = build_round(plan.round_id, program_name, plan.proposal)
    try:
        where = post(client, channel, text, blocks)
    except SlackApiError as err:
        if err.response.get("error") in CHANNEL_GONE:
            logger.warning("admin channel unusable channel=%s error=%s", channel, err.response.get("error"))
            return None
        raise
    circles.set_round_message(deps, team_id, plan.round_id, where[0], where[1])
    return where
