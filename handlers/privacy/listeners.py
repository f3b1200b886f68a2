"""Privacy at the Slack edge: a confidential concern to the admins, and a person's own data
(`/mentor my-data`, `/mentor delete-my-data`)."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.errors import MentorshipError
from bot.services import admins, lifecycle, pairs, privacy
from handlers.pairs.feature import (
    PairFeature,
)
from handlers.privacy import blocks as b
from handlers.privacy import texts as t
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import esc
from handlers.slack.interaction import Interaction, click, field_errors
from handlers.slack.messaging import confirm_where_typed, post, send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)

SMALL_EXPORT = 3000


class Privacy(PairFeature):
    """Listeners of concerns and of a person's own data."""

    def handle_concern_command(self, call: CommandCall) -> None:
        """`/mentor concern`: open the confidential note modal."""
        who = None
        try:
            who = pairs.me(self.deps, call.team_id, call.user_id, ("active", "paused", "ended"))
        except MentorshipError:
            who = None
        own = list(who.pairs[-10:]) if who else []
        token = new_token(self.deps, call.team_id, call.user_id, ids.CONCERN_MODAL)
        view = b.build_concern_modal(own, who.person_id if who else None, call.channel_id or None, token)
        call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, view, call.user_id))

    def handle_concern_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Post the concern to the admin channel (escaped), record it without its text, confirm."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        mentorship_id, text = b.parse_concern(view)
        try:
            concern = lifecycle.prepare_concern(
                self.deps, team_id, user_id, mentorship_id, text, once=i.form_key()
            )
        except MentorshipError as err:
            field_errors(ack, err, b.CONCERN_FIELDS, ids.CONCERN_TEXT)
            return
        ack()
        post(client, concern.admin_channel, t.CONCERN_ADMIN_FALLBACK, b.build_concern_for_admins(concern))
        lifecycle.record_concern(self.deps, team_id, concern)
        confirm_where_typed(client, user_id, kit.metadata(view).get("c"), t.CONCERN_SENT)

    def handle_my_data_command(self, call: CommandCall) -> None:
        """`/mentor my-data`: send everything stored about the person (DM, or a file if large)."""
        data = privacy.export(self.deps, call.team_id, call.user_id)
        if data is None:
            call.reply(t.MY_DATA_NONE)
            return
        admins.audit(self.deps, call.team_id, call.user_id, "my-data export")
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if len(text) < SMALL_EXPORT:
            send_dm(call.client, call.user_id, f"{t.MY_DATA_DM}\n```{esc(text)}```")
        else:
            channel = call.client.conversations_open(users=call.user_id)["channel"]["id"]
            call.client.files_upload_v2(
                channel=channel,
                content=text,
                filename="mentorbot-my-data.json",
                title="Your mentorship data",
                initial_comment=t.MY_DATA_FILE,
            )
        call.reply(t.MY_DATA_SENT)

    def handle_delete_command(self, call: CommandCall) -> None:
        """`/mentor delete-my-data`: ask for confirmation first."""
        call.reply(t.DELETE_PROMPT_FALLBACK, b.build_delete_prompt())

    def handle_delete_confirm(self, i: Interaction) -> None:
        """Erase the clicking person's data, end their mentorships and tell partners kindly."""
        erased = privacy.erase(self.deps, i.team_id, i.user_id)
        if erased is None:
            i.reply(t.DELETE_NONE)
            return
        admins.audit(self.deps, i.team_id, i.user_id, "delete-my-data", outcome="erased")
        _delete_posts(i.client, erased.public_posts)
        for partner, role in erased.partners:
            note = t.PARTNER_LEFT + (t.PARTNER_LEFT_MENTEE if role == "mentee" else "")
            send_dm(i.client, partner.slack_id, note)
            self.refresh_homes(i.client, i.team_id, partner.slack_id)
        if i.respond is not None and i.body.get("response_url"):
            i.respond(text=t.DELETE_DONE, response_type="ephemeral", replace_original=True)
        else:
            i.dm(t.DELETE_DONE)
        self.refresh_homes(i.client, i.team_id, i.user_id)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the concern and my-data listeners and subcommands."""
        router.add("concern", self.handle_concern_command)
        router.add("my-data", self.handle_my_data_command, "mydata", "export-my-data")
        router.add("delete-my-data", self.handle_delete_command, "forget-me")
        app.action(ids.DELETE_CONFIRM)(click(self.handle_delete_confirm))
        app.view(ids.CONCERN_MODAL)(self.handle_concern_submission)


def _delete_posts(client: WebClient, posts: tuple[tuple[str, str], ...]) -> None:
    """Delete the bot's own public posts (shout-outs) that named someone who erased their data.

    A post already removed, or a channel the bot has left, leaves nothing to delete; any other
    error is logged and the erasure goes on (the stored copy is gone either way).
    """
    for channel, ts in posts:
        try:
            client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as err:
            code = err.response.get("error")
            if code in ("message_not_found", "channel_not_found", "is_archived", "not_in_channel"):
                continue
            logger.warning("could not delete a public post channel=%s ts=%s error=%s", channel, ts, code)
