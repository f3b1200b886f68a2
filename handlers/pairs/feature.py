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
from bot.domain.errors import InvalidInput
from bot.services import pairs
from bot.services.pairs import Pair
from handlers.home.tab import Home
from handlers.slack import kit
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.interaction import Interaction, click
from handlers.slack.messaging import open_group_dm, post, send_dm

logger = logging.getLogger(__name__)

# Opens a modal: (client, team_id, user_id, trigger_id, chosen mentorship id or None).
ModalOpener = Callable[[WebClient, str, str, str, int | None], None]
ButtonHandler = Callable[[Ack, dict[str, Any], WebClient, Respond, BoltContext], None]


def whole_number(value: Any) -> int | None:
    """A whole number typed in a form (not an id: ids go through parse_id)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def form_token(view: dict[str, Any]) -> str | None:
    """The one-time token of a submitted form, kept when the form is shown again (coaching)."""
    token = kit.metadata(view).get("t")
    return token if isinstance(token, str) and token else None


def answered_blocks(
    blocks: list[dict[str, Any]], action: dict[str, Any], note: str, *, whole: bool
) -> list[dict[str, Any]]:
    """A message's blocks after a click: the row holding the clicked button gives way to `note`
    (`whole`), or loses only that button, with the note above the buttons still live."""

    def clicked(element: dict[str, Any]) -> bool:
        return element.get("action_id") == action.get("action_id") and element.get("value") == action.get(
            "value"
        )

    out: list[dict[str, Any]] = []
    noted = False
    for block in blocks:
        elements = block.get("elements") or []
        if noted or block.get("type") != "actions" or not any(clicked(e) for e in elements):
            out.append(block)
            continue
        noted = True
        out.append(kit.context(note))
        rest = [] if whole else [e for e in elements if not clicked(e)]
        if rest:
            out.append({**block, "elements": rest})
    if not noted:
        out.append(kit.context(note))
    return kit.message_blocks(out)


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

    def after_click(self, i: Interaction, text: str, *, used: str | None = None) -> None:
        """Confirm a button click where it happened (not in a view) and refresh the person's Home tab.

        `used`: "block" when the click settles everything the clicked button's row offered (a goal
        achieved), "button" when only that button is done (a milestone ticked off): in the
        person's own DM the message itself is rewritten, the used buttons giving way to `text`, so
        they don't stay live; elsewhere (a group DM, an ephemeral answer) the answer is private.
        """
        container = i.body.get("container") or {}
        rewritten = used is not None and self._rewrite_clicked(i, text, whole=used == "block")
        if (
            not rewritten
            and container.get("type") != "view"
            and i.respond is not None
            and i.body.get("response_url")
        ):
            i.respond(text=text, response_type="ephemeral", replace_original=False)
        self.refresh_homes(i.client, i.team_id, i.user_id)

    @staticmethod
    def _rewrite_clicked(i: Interaction, note: str, *, whole: bool) -> bool:
        """Rewrite the bot's DM message the click came from (chat.update only changes the bot's own)."""
        container = i.body.get("container") or {}
        message = i.body.get("message") or {}
        channel = str(container.get("channel_id") or i.channel_id or "")
        if (
            container.get("type") != "message"
            or container.get("is_ephemeral")
            or not channel.startswith("D")
            or not message.get("ts")
        ):
            return False
        actions = i.body.get("actions") or [{}]
        blocks = answered_blocks(list(message.get("blocks") or []), dict(actions[0]), note, whole=whole)
        try:
            i.client.chat_update(channel=channel, ts=str(message["ts"]), text=note, blocks=blocks)
        except SlackApiError as err:
            logger.info("clicked message not updated error=%s", err.response.get("error"))
            return False
        return True

    def button_opener(self, open_modal: ModalOpener) -> Callable[..., None]:
        """Make a button listener (value: mentorship id, or none) that opens a modal; refusals answered."""

        def handler(i: Interaction) -> None:
            raw = i.clicked_value()
            value = parse_id(raw)
            if value is None and raw not in (None, ""):
                raise InvalidInput(STALE_BUTTON)
            open_modal(i.client, i.team_id, i.user_id, str(i.trigger_id or ""), value)

        return click(handler)
