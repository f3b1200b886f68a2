"""Buttons and modals on scheduled messages: snooze or skip a check-in, change the rhythm,
reflect at the midpoint, choose how to end, and the closing survey."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.cadence import CADENCE_LABELS
from bot.domain.errors import MentorshipError
from bot.services import scheduling
from handlers.checkins import texts as t
from handlers.checkins.blocks import (
    REFLECTION_FIELD_BLOCKS,
    build_answered,
    build_cadence_modal,
    build_message,
    build_reflection_modal,
    parse_reflection,
    transition_notes,
    transition_stale_note,
)
from handlers.home.tab import Home
from handlers.slack import ids, kit
from handlers.slack.format import mention, time_token
from handlers.slack.interaction import Interaction, click, field_errors
from handlers.slack.messaging import send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners

logger = logging.getLogger(__name__)


def _window(rest: str) -> str | None:
    """The transition window a button was sent for (after the ':' of its value), if it says."""
    # The window is an ISO date the bot wrote; anything else is treated as absent (no hostile keys).
    return rest if len(rest) == 10 and rest.replace("-", "").isdigit() else None


def _label(cadence: str) -> str:
    return CADENCE_LABELS.get(cadence, cadence)  # type: ignore[call-overload, no-any-return]


class Checkins:
    """Listeners for the scheduler's messages."""

    def __init__(self, deps: Deps, home: Home | None = None) -> None:
        self.deps = deps
        self.home = home

    def _refresh_homes(self, i: Interaction, *user_ids: str) -> None:
        """Republish these people's Home tabs, which offer the same choices (one answer for the pair)."""
        if self.home is None:
            return
        for user_id in user_ids:
            try:
                self.home.publish(i.client, i.team_id, user_id)
            except SlackApiError as err:
                logger.info("home not refreshed user=%s error=%s", user_id, err.response.get("error"))

    def _answer(
        self, i: Interaction, note: str, *, row_id: int | None = None, mentorship_id: int | None = None
    ) -> None:
        """Replace the buttons of the clicked message with what was chosen, when it is a message the
        bot recorded sending this person (that row, or for that mentorship); otherwise answer privately."""
        message = i.body.get("message") or {}
        where = (i.channel_id, str(message["ts"])) if i.channel_id and message.get("ts") else None
        sent = (
            scheduling.recorded_message(
                self.deps, i.team_id, i.user_id, where, row_id=row_id, mentorship_id=mentorship_id
            )
            if where is not None
            else None
        )
        if where is not None and sent is not None:
            # Rewritten from what the bot sent (its queue row), never from the blocks the click carries.
            kind, row = sent
            try:
                _text, original = build_message(kind, row.payload, row.row_id)
            except (KeyError, ValueError, TypeError):
                original = []
            i.client.chat_update(
                channel=where[0], ts=where[1], text=note, blocks=build_answered(original, note)
            )
            return
        if where is not None:
            logger.info("clicked message not recorded for user=%s; answered privately", i.user_id)
        i.reply(note)

    def handle_remind_click(self, i: Interaction) -> None:
        """Not yet — remind me in 2 days: a follow-up in two days, in local working hours."""
        row_id = i.clicked_parts()[0]
        due = scheduling.remind_later(self.deps, i.team_id, i.user_id, row_id)
        self._answer(
            i,
            t.REMIND_DONE.format(day=time_token(due)),
            row_id=row_id,
        )

    def handle_skip_click(self, i: Interaction) -> None:
        """Skip this time: no reminder for this period."""
        row_id = i.clicked_parts()[0]
        scheduling.skip_checkin(self.deps, i.team_id, i.user_id, row_id)
        self._answer(i, t.SKIP_DONE, row_id=row_id)

    def handle_cadence_click(self, i: Interaction) -> None:
        """Adjust our cadence": open the rhythm modal."""
        record = scheduling.mentorship_for(self.deps, i.team_id, i.user_id, i.clicked_parts()[0], live=True)
        token = new_token(self.deps, i.team_id, i.user_id, ids.CADENCE_MODAL)
        i.open_modal(self.deps, build_cadence_modal(record.id, record.cadence, token))

    def handle_cadence_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Save the new rhythm and tell both people."""
        choice = kit.state_value(view["state"], ids.CADENCE_CHOICE)
        if not choice:
            ack(response_action="errors", errors={ids.CADENCE_CHOICE: "Pick how often you'd like to meet."})
            return
        i = Interaction.from_bolt(body, context, client)
        user = i.user_id
        mentorship_id = i.view_id("m")
        if mentorship_id is None:
            ack(response_action="errors", errors={ids.CADENCE_CHOICE: t.STALE_FORM})
            return
        try:
            cadence = scheduling.change_cadence(
                self.deps, i.team_id, user, mentorship_id, str(choice), once=i.form_key()
            )
            record = scheduling.mentorship_for(self.deps, i.team_id, user, mentorship_id)
        except MentorshipError as err:
            field_errors(ack, err, {}, ids.CADENCE_CHOICE, keep_unknown=False)
            return
        ack()
        partner = (
            record.mentee.slack_user_id
            if record.mentor.slack_user_id == user
            else record.mentor.slack_user_id
        )
        send_dm(client, user, t.CADENCE_CHANGED.format(cadence=_label(cadence), partner=mention(partner)))
        send_dm(client, partner, t.CADENCE_CHANGED_PARTNER.format(who=mention(user), cadence=_label(cadence)))

    def _open_reflection(self, kind: str, i: Interaction) -> None:
        """Open the midpoint reflection or the closing survey (kind is bound at registration)."""
        record = scheduling.mentorship_for(self.deps, i.team_id, i.user_id, i.clicked_parts()[0])
        i.open_modal(self.deps, build_reflection_modal(record.id, kind))

    def handle_reflection_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Store the reflection; a low score flags the pair to admins (scores only)."""
        i = Interaction.from_bolt(body, context, client)
        progress, relationship, comment = parse_reflection(view["state"])
        mentorship_id, kind = i.view_id("m"), str(i.view_meta().get("kind", "midpoint"))
        if mentorship_id is None:
            ack(
                response_action="errors",
                errors={ids.REFLECTION_PROGRESS: t.STALE_FORM},
            )
            return
        try:
            result = scheduling.save_reflection(
                self.deps, i.team_id, i.user_id, mentorship_id, kind, progress, relationship, comment
            )
        except MentorshipError as err:
            field_errors(ack, err, REFLECTION_FIELD_BLOCKS, ids.REFLECTION_PROGRESS, keep_unknown=False)
            return
        ack()
        if not result.created:
            i.dm(t.REFLECTION_ALREADY)
        else:
            i.dm(t.REFLECTION_THANKS_LOW if result.low else t.REFLECTION_THANKS)
        logger.info(
            "reflection team=%s mentorship=%s kind=%s low=%s",
            context.team_id,
            mentorship_id,
            kind,
            result.low,
        )

    def _transition(self, choice: str, i: Interaction) -> None:
        """Conclude as planned, extend, or continue informally (choice bound at registration): one
        choice for the pair. Both people's prompts are rewritten with it and the partner is told; a
        later press, by either, hears what was chosen and what still works."""
        user = i.user_id
        mentorship_id, rest = i.clicked_parts()
        result = scheduling.transition(self.deps, i.team_id, user, mentorship_id, choice, _window(rest))
        if result.already:
            note = transition_stale_note(result, user, self.deps.clock().date())
            self._rewrite_prompts(i, result, {user: note})
            self._answer(i, note, mentorship_id=mentorship_id)
            return
        mine, theirs, told = transition_notes(result, user)
        rewritten = self._rewrite_prompts(i, result, {user: mine, result.partner: theirs})
        if not rewritten.get(user):
            i.reply(mine)
        send_dm(i.client, result.partner, told)
        self._refresh_homes(i, user, result.partner)

    def _rewrite_prompts(
        self, i: Interaction, result: scheduling.TransitionResult, notes: dict[str, str]
    ) -> dict[str, bool]:
        """Replace the buttons of these people's transition prompts with their note; who was rewritten."""
        done: dict[str, bool] = {}
        for sent in result.messages:
            note = notes.get(sent.recipient)
            if note is None:
                continue
            _text, original = build_message("transition", sent.payload, sent.row_id)
            try:
                i.client.chat_update(
                    channel=sent.channel, ts=sent.ts, text=note, blocks=build_answered(original, note)
                )
            except SlackApiError as err:
                logger.info("transition prompt not updated error=%s", err.response.get("error"))
                continue
            done[sent.recipient] = True
        return done

    def handle_stay_click(self, i: Interaction) -> None:
        """Ping us in 90 days: opt in to a stay-in-touch ping."""
        scheduling.set_stay_in_touch(self.deps, i.team_id, i.user_id, i.clicked_parts()[0])
        i.reply(t.STAY_SET)

    def register(self, app: Listeners) -> None:
        """Attach the listeners."""
        app.action(ids.CHECKIN_REMIND)(click(self.handle_remind_click))
        app.action(ids.CHECKIN_SKIP)(click(self.handle_skip_click))
        app.action(ids.CADENCE_ADJUST)(click(self.handle_cadence_click))
        app.view(ids.CADENCE_MODAL)(self.handle_cadence_submission)
        app.action(ids.REFLECTION_OPEN)(click(partial(self._open_reflection, "midpoint")))
        app.action(ids.CLOSING_SURVEY_OPEN)(click(partial(self._open_reflection, "closing")))
        app.view(ids.REFLECTION_MODAL)(self.handle_reflection_submission)
        for action_id, choice in (
            (ids.TRANSITION_CONCLUDE, "conclude"),
            (ids.TRANSITION_EXTEND, "extend"),
            (ids.TRANSITION_CONTINUE, "continue"),
        ):
            app.action(action_id)(click(partial(self._transition, choice)))
        app.action(ids.CLOSING_STAY_IN_TOUCH)(click(self.handle_stay_click))
