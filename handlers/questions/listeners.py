"""`/mentor ask <question>` (or a modal when typed alone): a question to the program team."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.errors import MentorshipError
from bot.services.once import AlreadyDone, FormKey
from bot.services.questions import Question, prepare_question
from handlers.questions import texts as t
from handlers.questions.blocks import ASK_FIELDS, build_ask_modal, build_question_for_admins, parse_ask
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.interaction import Interaction, field_errors
from handlers.slack.messaging import confirm_where_typed, post
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)

COMMAND_KEY = "ask_command"  # the one-time key of a typed question: its command's trigger id


class Questions:
    """Listeners of `/mentor ask`."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def handle_ask_command(self, call: CommandCall) -> None:
        """`/mentor ask <question>` sends it at once; `/mentor ask` alone opens the form."""
        if not call.rest.strip():
            token = new_token(self.deps, call.team_id, call.user_id, ids.ASK_MODAL)
            view = build_ask_modal(call.channel_id or None, token)
            call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, view, call.user_id))
            return
        # Slack gives each command its own trigger id: the same command delivered twice asks once.
        once = FormKey(call.team_id, call.user_id, COMMAND_KEY, None, call.trigger_id or None)
        try:
            question = prepare_question(self.deps, call.team_id, call.user_id, call.rest, once)
        except AlreadyDone:
            call.reply(t.ASK_ALREADY)
            return
        try:
            self._post(call.client, question)
        except SlackApiError as err:
            logger.warning("question not posted team=%s error=%s", call.team_id, err.response.get("error"))
            call.reply(t.ASK_FAILED)
            return
        call.reply(t.ASK_SENT)

    def handle_ask_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Post the question to the admin channel, then confirm privately to the asker."""
        i = Interaction.from_bolt(body, context, client)
        try:
            question = prepare_question(self.deps, i.team_id, i.user_id, parse_ask(view), i.form_key())
        except MentorshipError as err:
            field_errors(ack, err, ASK_FIELDS, ids.ASK_TEXT)
            return
        ack()
        channel = kit.metadata(view).get("c")
        try:
            self._post(client, question)
        except SlackApiError as err:
            # The form has closed: say it did not go through, where it was asked (never silence).
            logger.warning("question not posted team=%s error=%s", i.team_id, err.response.get("error"))
            confirm_where_typed(client, i.user_id, channel, t.ASK_FAILED)
            return
        confirm_where_typed(client, i.user_id, channel, t.ASK_SENT)

    @staticmethod
    def _post(client: WebClient, question: Question) -> None:
        text, blocks = build_question_for_admins(question)
        post(client, question.admin_channel, text, blocks)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach `/mentor ask` and its form."""
        router.add("ask", self.handle_ask_command, "question")
        app.view(ids.ASK_MODAL)(self.handle_ask_submission)
