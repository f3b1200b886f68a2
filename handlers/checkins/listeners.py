"""Buttons and modals on scheduled messages: snooze or skip a check-in, change the rhythm,
reflect at the midpoint, choose how to end, and the closing survey."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.cadence import CADENCE_LABELS
from bot.domain.errors import InvalidInput, MentorshipError
from bot.services import scheduling
from handlers.checkins import texts as t
from handlers.checkins.blocks import (
    REFLECTION_FIELD_BLOCKS,
    build_answered,
    build_cadence_modal,
    build_reflection_modal,
    parse_reflection,
)
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import mention
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.messaging import send_dm
from handlers.slack.once import form_key, new_token
from handlers.slack.registry import Listeners

logger = logging.getLogger(__name__)


def _value(body: dict[str, Any]) -> int:
    """The id before any ':' in the clicked button's value; InvalidInput (out of date) when invalid."""
    value = (body.get("actions") or [{}])[0].get("value")
    found = parse_id(str(value).split(":", 1)[0]) if isinstance(value, str) else None
    if found is None:
        raise InvalidInput(STALE_BUTTON)
    return found


def _window(body: dict[str, Any]) -> str | None:
    """The transition window a button was sent for (after the ':' of its value), if it says."""
    try:
        _, sep, window = str(body["actions"][0]["value"]).partition(":")
    except (KeyError, IndexError, TypeError):
        return None
    # The window is an ISO date the bot wrote; anything else is treated as absent (no hostile keys).
    return window if sep and len(window) == 10 and window.replace("-", "").isdigit() else None


def _label(cadence: str) -> str:
    return CADENCE_LABELS.get(cadence, cadence)  # type: ignore[call-overload, no-any-return]


class Checkins:
    """Listeners for the scheduler's messages."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _answer(
        self,
        client: WebClient,
        body: dict[str, Any],
        respond: Respond,
        note: str,
        *,
        team_id: str,
        row_id: int | None = None,
        mentorship_id: int | None = None,
    ) -> None:
        """Replace the buttons of the clicked message with what was chosen, when it is a message the
        bot recorded sending this person (that row, or for that mentorship); otherwise answer privately."""
        user_id = body["user"]["id"]
        channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
        message = body.get("message") or {}
        where = (str(channel), str(message["ts"])) if channel and message.get("ts") else None
        if where is not None and scheduling.recorded_message(
            self.deps, team_id, user_id, where, row_id=row_id, mentorship_id=mentorship_id
        ):
            client.chat_update(
                channel=where[0],
                ts=where[1],
                text=note,
                blocks=build_answered(message.get("blocks") or [], note),
            )
            return
        if where is not None:
            logger.info("clicked message not recorded for user=%s; answered privately", user_id)
        respond(text=note, response_type="ephemeral", replace_original=False)

    def handle_remind_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Not yet — remind me in 2 days: a follow-up in two days, in local working hours."""
        ack()
        try:
            row_id = _value(body)
            due = scheduling.remind_later(self.deps, str(context.team_id), body["user"]["id"], row_id)
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        self._answer(
            client,
            body,
            respond,
            t.REMIND_DONE.format(
                day=f"<!date^{int(due.timestamp())}^{{date_short_pretty}}|{due.date().isoformat()}>"
            ),
            team_id=str(context.team_id),
            row_id=row_id,
        )

    def handle_skip_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Skip this time: no reminder for this period."""
        ack()
        try:
            row_id = _value(body)
            scheduling.skip_checkin(self.deps, str(context.team_id), body["user"]["id"], row_id)
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        self._answer(client, body, respond, t.SKIP_DONE, team_id=str(context.team_id), row_id=row_id)

    def handle_cadence_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Adjust our cadence": open the rhythm modal."""
        ack()
        try:
            record = scheduling.mentorship_for(
                self.deps, str(context.team_id), body["user"]["id"], _value(body)
            )
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        token = new_token(self.deps, str(context.team_id), body["user"]["id"], ids.CADENCE_MODAL)
        view = seal(self.deps, build_cadence_modal(record.id, record.cadence, token), body["user"]["id"])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def handle_cadence_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Save the new rhythm and tell both people."""
        choice = kit.state_value(view["state"], ids.CADENCE_CHOICE)
        if not choice:
            ack(response_action="errors", errors={ids.CADENCE_CHOICE: "Pick how often you'd like to meet."})
            return
        user = body["user"]["id"]
        mentorship_id = kit.metadata_int(view, "m")
        if mentorship_id is None:
            ack(response_action="errors", errors={ids.CADENCE_CHOICE: t.STALE_FORM})
            return
        try:
            cadence = scheduling.change_cadence(
                self.deps,
                str(context.team_id),
                user,
                mentorship_id,
                str(choice),
                once=form_key(body, view, str(context.team_id)),
            )
            record = scheduling.mentorship_for(self.deps, str(context.team_id), user, mentorship_id)
        except MentorshipError as err:
            ack(response_action="errors", errors={ids.CADENCE_CHOICE: err.user_message})
            return
        ack()
        partner = (
            record.mentee.slack_user_id
            if record.mentor.slack_user_id == user
            else record.mentor.slack_user_id
        )
        send_dm(client, user, t.CADENCE_CHANGED.format(cadence=_label(cadence), partner=mention(partner)))
        send_dm(client, partner, t.CADENCE_CHANGED_PARTNER.format(who=mention(user), cadence=_label(cadence)))

    def _open_reflection(
        self,
        kind: str,
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        """Open the midpoint reflection or the closing survey (kind is bound at registration)."""
        ack()
        try:
            record = scheduling.mentorship_for(
                self.deps, str(context.team_id), body["user"]["id"], _value(body)
            )
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        view = seal(self.deps, build_reflection_modal(record.id, kind), body["user"]["id"])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def handle_reflection_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Store the reflection; a low score flags the pair to admins (scores only)."""
        progress, relationship, comment = parse_reflection(view["state"])
        mentorship_id, kind = kit.metadata_int(view, "m"), str(kit.metadata(view).get("kind", "midpoint"))
        if mentorship_id is None:
            ack(
                response_action="errors",
                errors={ids.REFLECTION_PROGRESS: t.STALE_FORM},
            )
            return
        user = body["user"]["id"]
        try:
            result = scheduling.save_reflection(
                self.deps, str(context.team_id), user, mentorship_id, kind, progress, relationship, comment
            )
        except InvalidInput as err:
            errors = {
                REFLECTION_FIELD_BLOCKS[k]: v for k, v in err.fields.items() if k in REFLECTION_FIELD_BLOCKS
            }
            ack(response_action="errors", errors=errors or {ids.REFLECTION_PROGRESS: err.user_message})
            return
        except MentorshipError as err:
            ack(response_action="errors", errors={ids.REFLECTION_PROGRESS: err.user_message})
            return
        ack()
        if not result.created:
            send_dm(client, user, t.REFLECTION_ALREADY)
        else:
            send_dm(client, user, t.REFLECTION_THANKS_LOW if result.low else t.REFLECTION_THANKS)
        logger.info(
            "reflection team=%s mentorship=%s kind=%s low=%s",
            context.team_id,
            mentorship_id,
            kind,
            result.low,
        )

    def _transition(
        self,
        choice: str,
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        """Conclude, extend, or continue informally (choice bound at registration); tell the partner."""
        ack()
        user = body["user"]["id"]
        try:
            mentorship_id = _value(body)
            result = scheduling.transition(
                self.deps, str(context.team_id), user, mentorship_id, choice, _window(body)
            )
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        partner = mention(result.partner)
        if result.already:
            who = "you" if result.chosen_by == user else mention(str(result.chosen_by))
            note = t.TRANSITION_ALREADY.format(
                who=who, what=t.TRANSITION_WHAT.get(result.choice, result.choice)
            )
            self._answer(
                client, body, respond, note, team_id=str(context.team_id), mentorship_id=mentorship_id
            )
            return
        end = result.end_date.isoformat() if result.end_date else ""
        if choice == "conclude":
            note, what, detail = (
                t.TRANSITION_CONCLUDED.format(partner=partner),
                "conclude",
                "A closing note is on its way.",
            )
        elif choice == "extend":
            note = t.TRANSITION_EXTENDED.format(partner=partner, date=end)
            what, detail = "extend", f"It now runs until {end}."
        else:
            note = t.TRANSITION_CONTINUED.format(partner=partner, cadence=_label(result.cadence), date=end)
            what, detail = "continue informally", f"You'll meet {_label(result.cadence)} until {end}."
        self._answer(client, body, respond, note, team_id=str(context.team_id), mentorship_id=mentorship_id)
        if choice != "conclude":
            send_dm(
                client,
                result.partner,
                t.TRANSITION_PARTNER.format(who=mention(user), what=what, detail=detail),
            )

    def handle_stay_click(
        self, ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext
    ) -> None:
        """Ping us in 90 days: opt in to a stay-in-touch ping."""
        ack()
        try:
            scheduling.set_stay_in_touch(self.deps, str(context.team_id), body["user"]["id"], _value(body))
        except MentorshipError as err:
            respond(text=err.user_message, response_type="ephemeral", replace_original=False)
            return
        respond(text=t.STAY_SET, response_type="ephemeral", replace_original=False)

    def register(self, app: Listeners) -> None:
        """Attach the listeners."""
        app.action(ids.CHECKIN_REMIND)(self.handle_remind_click)
        app.action(ids.CHECKIN_SKIP)(self.handle_skip_click)
        app.action(ids.CADENCE_ADJUST)(self.handle_cadence_click)
        app.view(ids.CADENCE_MODAL)(self.handle_cadence_submission)
        app.action(ids.REFLECTION_OPEN)(partial(self._open_reflection, "midpoint"))
        app.action(ids.CLOSING_SURVEY_OPEN)(partial(self._open_reflection, "closing"))
        app.view(ids.REFLECTION_MODAL)(self.handle_reflection_submission)
        for action_id, choice in (
            (ids.TRANSITION_CONCLUDE, "conclude"),
            (ids.TRANSITION_EXTEND, "extend"),
            (ids.TRANSITION_CONTINUE, "continue"),
        ):
            app.action(action_id)(partial(self._transition, choice))
        app.action(ids.CLOSING_STAY_IN_TOUCH)(self.handle_stay_click)
