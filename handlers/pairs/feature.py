"""What every pair feature's listeners share: reading a click or a form, telling the pair,
refreshing Home tabs, and buttons that open a feature's modal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.errors import InvalidInput, MentorshipError
from bot.services import pairs
from bot.services.pairs import Pair
from handlers.home.tab import Home
from handlers.slack import kit
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.messaging import open_group_dm, post, send_dm

logger = logging.getLogger(__name__)

# Opens a modal: (client, team_id, user_id, trigger_id, chosen mentorship id or None).
ModalOpener = Callable[[WebClient, str, str, str, int | None], None]
ButtonHandler = Callable[[Ack, dict[str, Any], WebClient, Respond, BoltContext], None]


def team_of(body: dict[str, Any], context: BoltContext) -> str:
    """The workspace of a click or a form."""
    return str(context.team_id or (body.get("team") or {}).get("id") or body.get("team_id") or "")


def whole_number(value: Any) -> int | None:
    """A whole number typed in a form (not an id: ids go through parse_id)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def clicked_id(body: dict[str, Any]) -> int:
    """The id in the clicked button's value; InvalidInput (out of date) when it is not a valid id."""
    found = parse_id((body.get("actions") or [{}])[0].get("value"))
    if found is None:
        raise InvalidInput(STALE_BUTTON)
    return found


def form_token(view: dict[str, Any]) -> str | None:
    """The one-time token of a submitted form, kept when the form is shown again (coaching)."""
    token = kit.metadata(view).get("t")
    return token if isinstance(token, str) and token else None


def field_errors(err: MentorshipError, fields: dict[str, str], fallback: str) -> dict[str, str]:
    """Map a service error to modal field errors (block ids that exist in the modal)."""
    errors: dict[str, str] = {}
    if isinstance(err, InvalidInput):
        for name, message in err.fields.items():
            block = fields.get(name, fallback)
            errors[block] = f"{errors[block]} {message}" if block in errors else message
    return errors or {fallback: err.user_message}


def error_reply(respond: Respond | None, client: WebClient, user_id: str, message: str) -> None:
    """Answer a click privately: where it happened when Slack allows, else by DM."""
    if respond is not None:
        respond(text=message, response_type="ephemeral", replace_original=False)
    else:
        send_dm(client, user_id, message)


class PairFeature:
    """Base of a pair feature's listeners: the deps, the Home tab and how to reach the pair."""

    def __init__(self, deps: Deps, home: Home) -> None:
        self.deps = deps
        self.home = home

    def pair_channel(self, client: WebClient, pair: Pair) -> str | None:
        """Return the pair's group DM, opening (and remembering) it when needed."""
        if pair.group_channel_id:
            return pair.group_channel_id
        try:
            channel = open_group_dm(client, [pair.mentor.slack_id, pair.mentee.slack_id])
        except SlackApiError as err:
            logger.info("group dm not opened mentorship=%s error=%s", pair.id, err.response.get("error"))
            return None
        pairs.set_group_channel(self.deps, pair.team_id, pair.id, channel)
        return channel

    def tell_pair(self, client: WebClient, pair: Pair, text: str, blocks: list[dict[str, Any]]) -> None:
        """Tell both members: in their group DM when there is one, else a DM each."""
        if pair.group_channel_id:
            post(client, pair.group_channel_id, text, blocks)
            return
        for member in (pair.mentor, pair.mentee):
            send_dm(client, member.slack_id, text, blocks)

    def refresh_homes(self, client: WebClient, team_id: str, *user_ids: str) -> None:
        """Republish the Home tab of each person (their dashboard shows what just changed)."""
        for user_id in user_ids:
            try:
                self.home.publish(client, team_id, user_id)
            except SlackApiError as err:
                logger.info("home not refreshed user=%s error=%s", user_id, err.response.get("error"))

    def after_click(
        self, body: dict[str, Any], client: WebClient, respond: Respond | None, team_id: str, text: str
    ) -> None:
        """Confirm a button click where it happened and refresh the person's Home tab."""
        user_id = body["user"]["id"]
        container = body.get("container") or {}
        if container.get("type") != "view" and respond is not None and body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
        self.refresh_homes(client, team_id, user_id)

    def button_opener(self, open_modal: ModalOpener) -> ButtonHandler:
        """Make a button listener (value: mentorship id) that opens a modal, replying on refusal."""

        def handler(
            ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
        ) -> None:
            ack()
            user_id = body["user"]["id"]
            raw = (body.get("actions") or [{}])[0].get("value")
            value = parse_id(raw)
            if value is None and raw not in (None, ""):
                error_reply(respond, client, user_id, STALE_BUTTON)
                return
            try:
                open_modal(client, team_of(body, context), user_id, body["trigger_id"], value)
            except MentorshipError as err:
                error_reply(respond, client, user_id, err.user_message)

        return handler
